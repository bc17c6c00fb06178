import Foundation
import Testing
import VigilAnalytics
import VigilAttack
import VigilCore
import VigilTestSupport

/// `vigil analytics`: the declared catalogue, the knowledge base's names, and warnings when
/// ATT&CK changed an analytic after the release it was written against.
@Suite struct AnalyticsCLITests {
    let dir = TemporaryDirectory("vigil-analytics-cli")

    /// The declarations agree with the 18.1 objects they were written against: STIX id, content
    /// hash, version, platforms, log sources (in order, with data components) and mutable elements.
    @Test(arguments: ["AN0861", "AN1240"])
    func declarationMatchesRelease(id: String) throws {
        let d = try #require(Catalogue.declaration(id))
        let bundle = try IndependentBundle(path: AttackFixtures.v181)
        let analytic = try #require(bundle.object(attackID: id))
        #expect(d.writtenAgainst.release == "18.1")
        #expect(d.writtenAgainst.stixID == analytic["id"] as? String)
        #expect(d.writtenAgainst.contentHash == (try IndependentBundle.canonicalHash(analytic)))
        #expect(d.writtenAgainst.objectVersion == analytic["x_mitre_version"] as? String)
        #expect(d.platforms == analytic["x_mitre_platforms"] as? [String])
        #expect(d.name == analytic["name"] as? String)
        let refs = try #require(analytic["x_mitre_log_source_references"] as? [[String: String]])
        #expect(d.logSources.map(\.name) == refs.map { $0["name"]! })
        #expect(d.logSources.map(\.channel) == refs.map { $0["channel"]! })
        for (mine, theirs) in zip(d.logSources, refs) {
            let dc = try #require(bundle.object(stixID: theirs["x_mitre_data_component_ref"]!))
            #expect(mine.dataComponent == bundle.attackID(dc))
            #expect(mine.dataComponentName == dc["name"] as? String)
        }
        let elements = try #require(analytic["x_mitre_mutable_elements"] as? [[String: String]])
        #expect(d.mutableElements.map(\.field) == elements.map { $0["field"]! })
        #expect(d.mutableElements.allSatisfy { $0.configKey == "analytics.\(id).\($0.field)" })
        #expect(d.attack.strategy == (id == "AN0861" ? "DET0308" : "DET0447"))
    }

    @Test func withoutAStoreListsTheDeclarations() throws {
        let run = try VigilBinary.run(["analytics"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("ATT&CK context from: declaration"))
        #expect(run.stdout.contains("AN0861  Analytic 0861  [IaaS]"))
        #expect(run.stdout.contains("ChangeWindow → analytics.AN0861.ChangeWindow"))
        #expect(run.stdout.contains("RemoteSessionFlag → analytics.AN1240.RemoteSessionFlag"))
        #expect(!run.stdout.contains("WARNING"))
    }

    @Test func withTheWrittenAgainstReleaseNoWarning() throws {
        let db = dir.path + "/kb.db"
        #expect(try VigilBinary.run(["attack", "import", "--db", db, AttackFixtures.v180, AttackFixtures.v181]).status == 0)
        let run = try VigilBinary.run(["analytics", "--db", db, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(report["source"] as? String == "Enterprise ATT&CK 18.1")
        let entries = try #require(report["analytics"] as? [[String: Any]])
        let an1240 = try #require(entries.first { $0["id"] as? String == "AN1240" })
        #expect((an1240["strategies"] as? [[String: String]])?.first?["name"] == "T1136.001 Detection Strategy - Local Account Creation Across Platforms")
        #expect((an1240["techniques"] as? [[String: Any]])?.first?["name"] as? String == "Create Account: Local Account")
        // 18.0 held an older AN0861: older releases are expected to differ and do not warn.
        let an0861 = try #require(entries.first { $0["id"] as? String == "AN0861" })
        #expect((an0861["releases"] as? [[String: Any]])?.map { $0["comparedWithBaseline"] as? String } == ["changed", "same"])
        #expect(entries.allSatisfy { ($0["warnings"] as? [String])?.isEmpty == true })
        #expect(!run.stderr.contains("warning"))
    }

    /// A later release (here 18.2, made from the 18.1 fixture with AN0861's description and
    /// mutable elements edited) warns that AN0861 changed and that a mutable element is unmapped.
    @Test func newerReleaseThatChangedTheAnalyticWarns() throws {
        let db = dir.path + "/kb.db"
        var objects = try IndependentBundle(path: AttackFixtures.v181).objects
        for i in objects.indices {
            if objects[i]["type"] as? String == "x-mitre-collection" { objects[i]["x_mitre_version"] = "18.2" }
            if objects[i]["id"] as? String == AttackFixtures.an0861 {
                objects[i]["description"] = "Changed for the test."
                var elements = objects[i]["x_mitre_mutable_elements"] as! [[String: String]]
                elements.append(["field": "TimeWindow", "description": "Added for the test."])
                objects[i]["x_mitre_mutable_elements"] = elements
            }
        }
        let path = try dir.write("enterprise-attack-18.2.json",
                                 try JSONSerialization.data(withJSONObject: ["type": "bundle", "id": "bundle--t", "objects": objects]))
        #expect(try VigilBinary.run(["attack", "import", "--db", db, AttackFixtures.v181, path]).status == 0)
        let run = try VigilBinary.run(["analytics", "--db", db])
        #expect(run.status == 0)
        #expect(run.stdout.contains("ATT&CK context from: Enterprise ATT&CK 18.2"))
        #expect(run.stdout.contains("WARNING: Enterprise ATT&CK 18.2 changed AN0861"))
        #expect(run.stdout.contains("WARNING: Enterprise ATT&CK 18.2 lists mutable element TimeWindow for AN0861"))
        #expect(!run.stdout.contains("WARNING: Enterprise ATT&CK 18.2 changed AN1240"))
        #expect(run.stderr.contains("2 warnings"))
    }
}
