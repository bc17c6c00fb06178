import Foundation
import Testing
import VigilCore
import VigilEngine
import VigilTestSupport

/// `vigil accounts` and AN1240 through the built binary, on device log lines from the corpus
/// generator (fixture), with the shipped example configuration.
@Suite struct AccountsCommandTests {
    static let config = Golden.packageRoot() + "/examples/vigil.yaml"
    static let log = Fixtures.path("network/corpus-syslog-sample.log")

    func rows(_ json: String) throws -> [[String: Any]] {
        let o = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        return o["rows"] as? [[String: Any]] ?? []
    }

    @Test func reconcilesAgainstTheRoster() throws {
        let run = try VigilBinary.run(["accounts", "--config", Self.config, "--format", "json", Self.log])
        #expect(run.status == 0, "\(run.stderr)")
        let r = try rows(run.stdout)
        let unexpected = Set(r.filter { $0["status"] as? String == "unexpected" }.map { "\($0["device"]!)/\($0["account"]!)" })
        #expect(unexpected == ["core-rtr-01/backup-adm", "wan-mx-03/ops2", "branch-fgt-05/fgt-api-adm", "dc-sw-07/maint"])
        // The automation's rotation of a roster account is an authorised change.
        let rotated = r.first { $0["device"] as? String == "leaf-12" && $0["account"] as? String == "netops-jsmith" }
        #expect(rotated?["status"] as? String == "authorised")
        #expect(rotated?["lastBy"] as? String == "svc-ansible")
        let o = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect((o["silentDevices"] as? [String])?.contains("dmz-pa-01") == true)
        #expect(!run.stdout.contains("Winter2026!"))
    }

    @Test func failOnUnexpectedAndUsage() throws {
        let failing = try VigilBinary.run(["accounts", "--config", Self.config, "--fail-on-unexpected", Self.log])
        #expect(failing.status == 1)
        #expect(failing.stdout.contains("4 unexpected"))
        let usage = try VigilBinary.run(["accounts"])
        #expect(usage.status == 64)
        let missing = try VigilBinary.run(["accounts", "/nonexistent/device.log"])
        #expect(missing.status == 66)
    }

    /// The stored inventory carries what earlier scans saw.
    @Test func fromTheStore() throws {
        let dir = TemporaryDirectory()
        let db = dir.path + "/vigil.db"
        let scan = try VigilBinary.run(["scan", "--config", Self.config, "--db", db, "--summary", "none", Self.log])
        #expect(scan.status == 0, "\(scan.stderr)")
        #expect(scan.stdout.contains("backup-adm"))
        let run = try VigilBinary.run(["accounts", "--config", Self.config, "--db", db, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try rows(run.stdout).contains { $0["account"] as? String == "backup-adm" && $0["status"] as? String == "unexpected" })
    }

    /// In a device log, a bad line is reported with its line and a syslog code, counted, and the
    /// lines after it are still read.
    @Test func badLinesInADeviceLog() throws {
        let dir = TemporaryDirectory()
        let lines = try Fixtures.lines("network/corpus-syslog-sample.log")
        let body = lines.prefix(3) + ["<999>Mar 16 01:00:00 core-rtr-01: broken priority", "\u{1}\u{2}binary"] + lines.dropFirst(3)
        let path = try dir.write("devices.log", body.joined(separator: "\n") + "\n")
        let r = scan([path], context: try exampleContext())
        #expect(r.summary.malformed == ["syslog-invalid-priority": 1, "syslog-binary-content": 1], "\(r.summary.problems)")
        #expect(r.summary.problems.first?.line == 4)
        #expect(r.summary.records == lines.count)
        #expect(Set(r.alerts.compactMap(\.target)) == ["backup-adm", "ops2", "fgt-api-adm", "maint"])
    }
}
