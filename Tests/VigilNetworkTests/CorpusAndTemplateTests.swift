import Foundation
import Testing
import VigilCore
import VigilNetwork
import VigilTestSupport

/// The benchmark corpus's network lines and the sc4s vendor templates (real device lines).
@Suite struct CorpusAndTemplateTests {
    static let generator = "/work/shared/bench/gen_corpus.py"
    static let corpusReference = Timestamp(iso8601: "2026-04-15T00:00:00Z")!

    /// Every line the corpus generator writes to `network/syslog.log` is an event; secrets never
    /// survive into commands; the injected AN1240 scenarios carry their account and privilege.
    /// Skipped when the shared folder is absent. `VIGIL_NET_CORPUS` may name an existing
    /// `syslog.log` (for the full `--events 20000` corpus).
    @Test(.enabled(if: FileManager.default.fileExists(atPath: generator) || ProcessInfo.processInfo.environment["VIGIL_NET_CORPUS"] != nil))
    func everyCorpusLineParses() throws {
        let dir = TemporaryDirectory("vigil-net-corpus")
        let path: String
        if let given = ProcessInfo.processInfo.environment["VIGIL_NET_CORPUS"] {
            path = given
        } else {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["python3", Self.generator, dir.path, "--events", "500"]
            p.standardOutput = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            try #require(p.terminationStatus == 0)
            path = dir.path + "/network/syslog.log"
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count > 10_000)
        let parser = NetworkLogParser(options: .init(reference: Self.corpusReference))
        var counts: [DeviceOS: Int] = [:]
        var accounts: [String: DeviceEvent] = [:]
        for (n, line) in lines.enumerated() {
            guard case .event(let e) = parser.parse(String(line), raw: RawRef(file: path, offset: 0, line: n + 1, index: n, eventID: nil)) else {
                Issue.record("line \(n + 1) is not an event: \(line)")
                continue
            }
            counts[e.os, default: 0] += 1
            #expect(e.operatorName != nil, "line \(n + 1)")
            #expect(e.timestamp != nil, "line \(n + 1)")
            for secret in ["$1$mERr", "SECRETHASH", "Winter2026!", "rotated-value"] {
                #expect(!(e.command ?? "").contains(secret), "line \(n + 1) keeps a secret")
            }
            if let a = e.account { accounts[a] = e }
        }
        for os in [DeviceOS.ciscoIOS, .ciscoNXOS, .ciscoASA, .juniperJunos, .aristaEOS] { #expect(counts[os, default: 0] > 1000) }
        #expect(counts[.fortiOS] == 1 && counts[.tacacs] == 1)
        let ios = try #require(accounts["backup-adm"])
        #expect(ios.os == .ciscoIOS && ios.deviceName == "core-rtr-01" && ios.privilege?.level == 15 && ios.action == .accountCreateOrModify)
        #expect(ios.sourceIP == nil)  // the IOS config logger does not say where the operator came from
        let junos = try #require(accounts["ops2"])
        #expect(junos.privilege?.role == "super-user" && junos.deviceName == "wan-mx-03")
        let forti = try #require(accounts["fgt-api-adm"])
        #expect(forti.session == .restAPI && forti.privilege?.role == "super_admin" && forti.accountIsNew == true)
        let tacacs = try #require(accounts["maint"])
        #expect(tacacs.deviceIP == IPAddress("10.0.1.7") && tacacs.secretsRedacted == 1)
        let rotation = try #require(accounts["netops-jsmith"])
        #expect(rotation.os == .aristaEOS && rotation.operatorName == "svc-ansible" && rotation.privilege == nil)
    }

    /// The 30-line sample kept in the fixtures (see SOURCE.md) reads the same way without the
    /// shared folder.
    @Test func corpusSampleFixture() throws {
        let lines = try Fixtures.lines("network/corpus-syslog-sample.log")
        #expect(lines.count == 30)
        let parser = NetworkLogParser(options: .init(reference: Self.corpusReference))
        var accountEvents = 0
        for (n, line) in lines.enumerated() {
            guard case .event(let e) = parser.parse(line, raw: raw(n + 1)) else {
                Issue.record("not an event: \(line)")
                continue
            }
            if e.account != nil { accountEvents += 1 }
            #expect(!(e.command ?? "").contains("Winter2026!") && !(e.command ?? "").contains("$1$mERr"))
        }
        #expect(accountEvents == 5)
    }

    static let expectedVendor: [String: Set<DeviceOS>] = [
        "test_arista.py": [.aristaEOS],
        "test_cisco_acs.py": [.tacacs],
        "test_cisco_ise.py": [.tacacs],
        "test_cisco_asa.py": [.ciscoASA],
        "test_cisco_pix.py": [.ciscoASA],
        "test_cisco_ios.py": [.ciscoIOS, .ciscoNXOS, .ciscoIOSXR],
        "test_fortinet_ngfw.py": [.fortiOS],
        "test_juniper_junos_rfc3164.py": [.juniperJunos],
        "test_juniper_junos_rfc5424.py": [.juniperJunos],
        "test_palo_alto.py": [.panOS],
    ]

    /// Every rendered sc4s template line frames, and the vendor lines are attributed to their
    /// vendor. Exceptions, each for a stated reason, are listed.
    @Test func sc4sTemplatesFrameAndClassify() throws {
        let rows = try Fixtures.lines("network/sc4s-rendered.tsv").map { $0.split(separator: "\t", maxSplits: 1).map(String.init) }
        #expect(rows.count == 130)
        var misclassified: [String] = []
        for row in rows {
            let (file, line) = (row[0], row[1])
            guard case .success(let m) = framer.parse(line) else {
                Issue.record("did not frame: \(line)")
                continue
            }
            guard let expected = Self.expectedVendor[file] else { continue }
            let os = NetworkLogParser.classify(m)
            if !expected.contains(os), !Self.knownExceptions.contains(where: { line.contains($0) }) {
                misclassified.append("\(file): \(os) — \(line)")
            }
            // The whole pipeline reads them without a malformed record.
            if case .malformed(let e) = network.parse(line, raw: raw()) { Issue.record("malformed \(e): \(line)") }
        }
        #expect(misclassified.isEmpty, "\(misclassified.joined(separator: "\n"))")
    }

    /// Lines in vendor test files that are not that vendor's own format.
    static let knownExceptions = [
        "program[-]: VERSION:v1",  // a FortiWeb-style line in the Fortinet tests, not FortiOS key=value
        "CISE_Alarm WARN",  // ISE alarm text, no TACACS+ content; attributed all the same below
    ]
}
