import Foundation
import Testing
import VigilConfig
import VigilCore
import VigilEngine
import VigilTestSupport

/// `vigil coverage`: what each device, cloud account and analytic can be seen through.
@Suite struct CoverageTests {
    /// The telemetry kind each corpus platform sends (from the generator's formats).
    nonisolated(unsafe) static let expectedKinds: [String: (platform: String, kind: KeyPath<CoverageReport.Device, Bool>)] = [
        "core-rtr-01": ("cisco-ios", \.cliCommands),        // %PARSER-5-CFGLOG_LOGGEDCMD
        "dc-sw-07": ("cisco-nxos", \.accounting),           // %ACCOUNTING-6-MESSAGE
        "edge-fw-02": ("cisco-asa", \.cliCommands),         // %ASA-5-111008
        "wan-mx-03": ("juniper-junos", \.cliCommands),      // UI_CMDLINE_READ_LINE
        "leaf-12": ("arista-eos", \.accounting),            // Aaa: %ACCOUNTING-6-CMD
        "branch-fgt-05": ("fortios", \.apiAudit),           // 0100044547 configuration audit
    ]

    func report(_ paths: [String]) throws -> CoverageReport {
        let r = scan(paths, context: try exampleContext())
        return CoverageReport(r.coverage, context: try exampleContext(), silentAfterHours: 24 * 30)
    }

    @Test func everyDeviceWithItsTelemetry() throws {
        let report = try report([Fixtures.path("network/corpus-syslog-sample.log"), Fixtures.path("s3tree")])
        for (device, want) in Self.expectedKinds {
            let d = try #require(report.devices.first { $0.device == device }, "\(device)")
            #expect(d.status == "ok", "\(device): \(d)")
            #expect(d.platform == want.platform, "\(device)")
            #expect(d[keyPath: want.kind], "\(device): \(d)")
        }
        // On the roster, never heard from.
        #expect(report.devices.first { $0.device == "dmz-pa-01" }?.status == "blind")
        #expect(report.analytics.first { $0.id == "AN1240" }?.status == "partial")
        #expect(report.analytics.first { $0.id == "AN1240" }?.missing == ["dmz-pa-01 (blind)"])
        // The CloudTrail files: accounts and regions with their compute events.
        #expect(!report.cloud.isEmpty)
        #expect(report.cloud.allSatisfy { $0.provider == "AWS" && $0.records > 0 })
        #expect(report.analytics.first { $0.id == "AN0861" }?.status == "runnable")
    }

    @Test func removingADevicesLinesMakesItBlind() throws {
        let dir = TemporaryDirectory()
        let lines = try Fixtures.lines("network/corpus-syslog-sample.log").filter { !$0.contains("wan-mx-03") }
        let path = try dir.write("devices.log", lines.joined(separator: "\n") + "\n")
        let report = try report([path])
        #expect(report.devices.first { $0.device == "wan-mx-03" }?.status == "blind")
        #expect(report.devices.first { $0.device == "core-rtr-01" }?.status == "ok")
        #expect(report.analytics.first { $0.id == "AN1240" }?.missing.contains("wan-mx-03 (blind)") == true)
        // No cloud logs at all: AN0861 is blind.
        #expect(report.analytics.first { $0.id == "AN0861" }?.status == "blind")
    }

    @Test func silentSources() throws {
        let coverage = scan([Fixtures.path("network/corpus-syslog-sample.log")], context: try exampleContext()).coverage
        let lenient = CoverageReport(coverage, context: try exampleContext(), silentAfterHours: 24 * 30)
        let strict = CoverageReport(coverage, context: try exampleContext(), silentAfterHours: 1)
        // The FortiGate sent one record on the 18th; the others sent on later days.
        #expect(lenient.devices.first { $0.device == "branch-fgt-05" }?.status == "ok")
        #expect(strict.devices.first { $0.device == "branch-fgt-05" }?.status == "silent")
        // A source that stops for longer than its usual gap: hand-made telemetry.
        var t = TelemetryCoverage()
        t.merge(coverage)
        t.devices["core-rtr-01"]?.firstSeen = Timestamp(iso8601: "2026-03-01T00:00:00Z")!
        t.devices["core-rtr-01"]?.lastSeen = Timestamp(iso8601: "2026-03-10T00:00:00Z")!
        t.devices["core-rtr-01"]?.records = 9 * 24 + 1  // hourly for nine days, then nothing for ten
        let gaps = CoverageReport(t, context: try exampleContext(), silentAfterHours: 1, gapFactor: 10)
        #expect(gaps.devices.first { $0.device == "core-rtr-01" }?.status == "silent")
        let patient = CoverageReport(t, context: try exampleContext(), silentAfterHours: 24 * 30, gapFactor: 10)
        #expect(patient.devices.first { $0.device == "core-rtr-01" }?.status == "ok")
    }

    /// On the generated corpus (when the generator is beside the project): every corpus device and
    /// every account/region of the CloudTrail tree, with the right kinds.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: ScenarioTests.generator)))
    func generatedCorpus() throws {
        let dir = TemporaryDirectory()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", ScenarioTests.generator, dir.path + "/corpus", "--events", "20000"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        let report = try report([dir.path + "/corpus/network", dir.path + "/corpus/cloudtrail"])
        for (device, want) in Self.expectedKinds {
            let d = try #require(report.devices.first { $0.device == device }, "\(device)")
            #expect(d[keyPath: want.kind], "\(device): \(d)")
        }
        #expect(report.devices.first { $0.device == "dmz-pa-01" }?.status == "blind")
        let accounts = Set(report.cloud.map(\.account))
        #expect(accounts.isSuperset(of: ["111122223333", "444455556666"]), "\(accounts)")
        #expect(report.cloud.reduce(0) { $0 + $1.computeEvents.values.reduce(0, +) } > 100)
    }
}
