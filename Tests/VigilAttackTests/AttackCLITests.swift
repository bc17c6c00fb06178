import Foundation
import Testing
import VigilTestSupport

/// `vigil attack …` and `vigil analytics` through the built binary, on the bundled fixtures.
@Suite struct AttackCLITests {
    let dir = TemporaryDirectory("vigil-attack-cli")
    var db: String { dir.path + "/kb.db" }

    init() throws {
        let run = try VigilBinary.run(["attack", "import", "--db", dir.path + "/kb.db", AttackFixtures.v180, AttackFixtures.v181])
        #expect(run.status == 0, "\(run.stderr)")
    }

    private func json(_ args: [String]) throws -> Any {
        let run = try VigilBinary.run(args + ["--db", db, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        return try JSONSerialization.jsonObject(with: Data(run.stdout.utf8))
    }

    @Test func importTwiceChangesNothing() throws {
        let reports = try #require(try json(["attack", "import", AttackFixtures.v180, AttackFixtures.v181]) as? [[String: Any]])
        #expect(reports.map { $0["outcome"] as? String } == ["unchanged", "unchanged"])
        let independent = try IndependentBundle(path: AttackFixtures.v181)
        let counts = try #require(reports[1]["counts"] as? [[String: Any]])
        #expect(Dictionary(uniqueKeysWithValues: counts.map { ($0["type"] as! String, $0["count"] as! Int) }) == independent.countsByType)
        let table = try VigilBinary.run(["attack", "import", "--db", db, AttackFixtures.v180])
        #expect(table.stdout.contains("Enterprise ATT&CK 18.0"))
        #expect(table.stdout.contains("already imported, unchanged"))
        #expect(table.stdout.contains("x-mitre-analytic            7"))
    }

    @Test func releases() throws {
        let releases = try #require(try json(["attack", "releases"]) as? [[String: Any]])
        #expect(releases.map { $0["version"] as? String } == ["18.0", "18.1"])
        #expect(releases.allSatisfy { $0["name"] as? String == "Enterprise ATT&CK" })
        let table = try VigilBinary.run(["attack", "releases", "--db", db])
        #expect(table.stdout.contains("Enterprise ATT&CK  18.1"))
    }

    @Test func diff() throws {
        let diff = try #require(try json(["attack", "diff", "18.0", "18.1"]) as? [String: Any])
        let entries = try #require(diff["entries"] as? [[String: Any]])
        let an0861 = try #require(entries.first { $0["attackID"] as? String == "AN0861" })
        #expect(an0861["status"] as? String == "changed")
        #expect(an0861["oldHash"] as? String != an0861["newHash"] as? String)
        #expect(!entries.contains { $0["attackID"] as? String == "AN1240" })
        let table = try VigilBinary.run(["attack", "diff", "--db", db, "18.0", "18.1", "--type", "x-mitre-analytic"])
        #expect(table.status == 0)
        #expect(table.stdout.contains("Enterprise ATT&CK 18.0 → Enterprise ATT&CK 18.1"))
        let line = try #require(table.stdout.split(separator: "\n").first { $0.hasPrefix("changed") && $0.contains("AN0861") })
        let old = String((an0861["oldHash"] as! String).prefix(12)), new = String((an0861["newHash"] as! String).prefix(12))
        #expect(line.contains(old) && line.contains(new) && line.contains("Analytic 0861"))
        #expect(!table.stdout.contains("x-mitre-collection  changed"))
    }

    @Test func showAN1240() throws {
        let run = try VigilBinary.run(["attack", "show", "--db", db, "AN1240"])
        #expect(run.status == 0, "\(run.stderr)")
        for expected in ["AN1240  Analytic 1240  (x-mitre-analytic, Enterprise ATT&CK 18.1)",
                         "DET0447 T1136.001 Detection Strategy - Local Account Creation Across Platforms",
                         "T1136.001 Create Account: Local Account — tactics: TA0003 Persistence (via DET0447)",
                         "networkdevice:syslog  username <user> privilege <level>  DC0014 User Account Creation",
                         "PrivilegeLevel: Some devices allow unprivileged user creation",
                         "RemoteSessionFlag: Creation via Telnet, SSH, or serial console affects detection priority",
                         "platforms        Network Devices"] {
            #expect(run.stdout.contains(expected), "\(expected)\n\(run.stdout)")
        }
        let view = try #require(try json(["attack", "show", "AN1240"]) as? [String: Any])
        #expect((view["mutableElements"] as? [[String: String]])?.map { $0["field"]! } == ["PrivilegeLevel", "RemoteSessionFlag"])
    }

    @Test func showAN0861() throws {
        let run = try VigilBinary.run(["attack", "show", "--db", db, "AN0861"])
        #expect(run.status == 0, "\(run.stderr)")
        for expected in ["DET0308 Detection Strategy for Modify Cloud Compute Infrastructure",
                         "T1578 Modify Cloud Compute Infrastructure — tactics: TA0005 Defense Evasion",
                         "AWS:CloudTrail  RunInstances", "DC0080 Instance Start",
                         "AWS:CloudWatch  unexpected IAM user or role assuming privileges for instance/snapshot operations  DC0070 Cloud Service Metadata",
                         "ChangeWindow:", "UserContext:", "RateThreshold:", "GeoLocation:", "platforms        IaaS"] {
            #expect(run.stdout.contains(expected), "\(expected)")
        }
        let history = try #require(run.stdout.components(separatedBy: "History:\n").last)
        #expect(history.contains("Enterprise ATT&CK 18.0  added"))
        #expect(history.contains("Enterprise ATT&CK 18.1  changed"))
    }

    @Test func rawRoundTrips() throws {
        for (release, path) in [("18.0", AttackFixtures.v180), ("18.1", AttackFixtures.v181)] {
            let run = try VigilBinary.run(["attack", "show", "--db", db, "--raw", "--release", release, "AN0861"])
            #expect(run.status == 0)
            let raw = String(run.stdout.dropLast())  // print's newline
            let bundle = try IndependentBundle(path: path)
            #expect(String(decoding: bundle.text, as: UTF8.self).contains(raw))
            let parsed = try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any])
            #expect(parsed.jsonEquals(bundle.object(stixID: AttackFixtures.an0861)!))
        }
    }

    @Test func exitCodes() throws {
        #expect(try VigilBinary.run(["attack", "show", "--db", db, "AN9999"]).status == 66)
        #expect(try VigilBinary.run(["attack", "diff", "--db", db, "18.0", "17.0"]).status == 66)
        #expect(try VigilBinary.run(["attack", "releases", "--db", dir.path + "/missing.db"]).status == 66)
        #expect(try VigilBinary.run(["attack", "releases"]).status == 64)
        #expect(try VigilBinary.run(["attack", "import", "--db", db, dir.path + "/none.json"]).status == 66)
        let bad = try dir.write("bad.json", #"{"type":"bundle","objects":[{"a"}]}"#)
        let run = try VigilBinary.run(["attack", "import", "--db", db, bad])
        #expect(run.status == 65)
        #expect(run.stderr.contains("bad.json: invalid JSON: expected ':' at byte 32"))
    }
}
