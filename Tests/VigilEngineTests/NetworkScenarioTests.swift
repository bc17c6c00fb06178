import Foundation
import Testing
import VigilConfig
import VigilCore
import VigilEngine
import VigilTestSupport

/// The reason codes (or evidence) that say what an AN1240 truth entry's `why` says.
let an1240ReasonsForWhy: [String: String] = [
    "privilege 15": "administrative-privilege",
    "super-user class": "administrative-privilege",
    "super_admin profile": "administrative-privilege",
    "outside change window": "outside-change-window",
    "created through REST API": "api-session",
    "clear-text password must be redacted": "cleartext-secret",
]

/// AN1240 on the corpus generator's network device log (syslog from seven vendors' formats and
/// TACACS+ accounting), with the shipped example configuration.
@Suite struct NetworkScenarioTests {
    /// The secrets the corpus types into its commands; none may leave the parser.
    static let secrets = ["$1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "$6$abc$SECRETHASH", "SECRETHASH", "Winter2026!", "rotated-value"]

    func corpus(_ dir: TemporaryDirectory) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", ScenarioTests.generator, dir.path + "/corpus", "--events", "20000"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return dir.path + "/corpus"
    }

    /// Every AN1240 `expect: alert` scenario alerts once, on its device, for the account it
    /// created, with a reason for each of its `why`; the automation look-alike and the routine
    /// background stay silent.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: ScenarioTests.generator)))
    func scenarios() throws {
        let dir = TemporaryDirectory()
        let root = try corpus(dir)
        let entries = try truth(root + "/truth.jsonl").filter { $0.analytic == "AN1240" }
        let r = scan([root + "/network"], context: try exampleContext())
        #expect(r.summary.malformedTotal == 0, "\(r.summary.problems)")
        #expect(r.summary.records > 1000)
        #expect(r.summary.sources["tacacs"] == 1)
        let expected = entries.filter { $0.expect == "alert" }
        #expect(expected.count == 4)
        for s in expected {
            let hits = r.alerts.filter { $0.target == s.created }
            #expect(hits.count == 1, "\(s.scenario): \(r.alerts.map(\.title))")
            guard let hit = hits.first else { continue }
            #expect(hit.attack.analytic == "AN1240")
            #expect(hit.resources.first == Resource(type: .device, id: s.device ?? ""), "\(s.scenario): \(hit.resources)")
            let codes = Set(hit.reasons.map(\.code))
            #expect(codes.contains("account-created"), "\(s.scenario)")
            for why in s.why ?? [] {
                if why == "TACACS+ accounting record" {
                    #expect(hit.evidence.first?.service == "tacacs", "\(s.scenario): \(hit.evidence)")
                } else if let code = an1240ReasonsForWhy[why] {
                    #expect(codes.contains(code), "\(s.scenario): '\(why)' needs \(code); alert has \(codes.sorted())")
                }
            }
        }
        #expect(r.alerts.count == expected.count, "nothing else alerts: \(r.alerts.map(\.title))")
        let benign = entries.filter { $0.expect == "none" }
        #expect(benign.count == 1)
        #expect(!r.alerts.contains { $0.resources.contains(Resource(type: .device, id: benign[0].device ?? "")) })
    }

    /// No secret from the corpus appears in any output format, the summary or the database.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: ScenarioTests.generator)))
    func secretsNeverLeave() throws {
        let dir = TemporaryDirectory()
        let root = try corpus(dir)
        let log = try String(contentsOfFile: root + "/network/syslog.log", encoding: .utf8)
        for secret in Self.secrets { #expect(log.contains(secret), "the corpus types \(secret)") }
        let config = Golden.packageRoot() + "/examples/vigil.yaml"
        var outputs: [String] = []
        var databases: [String] = []
        for format in ["table", "json", "ocsf"] {
            let db = dir.path + "/vigil-\(format).db"  // one each: a store skips files it has read
            databases.append(db)
            let run = try VigilBinary.run(["scan", "--config", config, "--db", db, "--format", format, "--summary", "json", root + "/network"])
            #expect(run.status == 1 || run.status == 0, "\(run.stderr)")
            #expect(run.stdout.contains("backup-adm"), "the alerts are there (\(format))")
            outputs += [run.stdout, run.stderr]
        }
        var stored: [Data] = []
        for db in databases {
            stored.append(try Data(contentsOf: URL(fileURLWithPath: db)))
            if let wal = try? Data(contentsOf: URL(fileURLWithPath: db + "-wal")) { stored.append(wal) }
        }
        #expect(stored.contains { $0.range(of: Data("backup-adm".utf8)) != nil }, "the alerts are stored")
        for secret in Self.secrets {
            for out in outputs { #expect(!out.contains(secret), "\(secret) printed") }
            let bytes = Data(secret.utf8)
            #expect(stored.allSatisfy { $0.range(of: bytes) == nil }, "\(secret) stored")
        }
        #expect(outputs.contains { $0.contains("<redacted>") }, "commands are kept, redacted")
    }
}
