import Foundation
import Testing
import VigilAttack
import VigilStore
import VigilTestSupport

/// Import, idempotence, diff, history and show over the bundled fixtures, checked against the
/// bundles' own objects.
@Suite struct KnowledgeBaseTests {
    let dir = TemporaryDirectory("vigil-attack")
    let kb: AttackKnowledgeBase

    init() throws {
        kb = AttackKnowledgeBase(store: try VigilStore(path: dir.path + "/kb.db"))
        _ = try kb.importBundle(path: AttackFixtures.v180)
        _ = try kb.importBundle(path: AttackFixtures.v181)
    }

    @Test func reimportIsIdempotent() throws {
        let before = try kb.releases()
        let objects = try kb.objects(in: before[1])
        let again = try kb.importBundle(path: AttackFixtures.v181)
        #expect(again.outcome == .unchanged)
        #expect(again.release == before[1])
        #expect(try kb.releases() == before)
        #expect(Set(try kb.objects(in: before[1])) == Set(objects))
        // The same release with other content is replaced, not duplicated.
        var independent = try IndependentBundle(path: AttackFixtures.v181).objects
        independent.removeLast()
        let path = try dir.write("smaller.json", try JSONSerialization.data(withJSONObject: ["type": "bundle", "id": "bundle--s", "objects": independent]))
        let replaced = try kb.importBundle(path: path)
        #expect(replaced.outcome == .replaced)
        #expect(try kb.releases().count == 2)
        #expect(try kb.objects(in: replaced.release).count == objects.count - 1)
    }

    @Test func importReportCounts() throws {
        let report = try kb.importBundle(path: AttackFixtures.v180)
        let independent = try IndependentBundle(path: AttackFixtures.v180)
        #expect(Dictionary(uniqueKeysWithValues: report.counts.map { ($0.type.rawValue, $0.count) }) == independent.countsByType)
        #expect(report.release.objects == independent.objects.count)
    }

    /// The diff's changed set is exactly the objects that differ as parsed JSON between the two
    /// bundles; AN0861 changed (without a new x_mitre_version) and AN1240 did not.
    @Test func diffByHash() throws {
        let diff = try kb.diff("18.0", "18.1")
        #expect(diff.from.version == "18.0" && diff.to.version == "18.1")
        let old = try IndependentBundle(path: AttackFixtures.v180), new = try IndependentBundle(path: AttackFixtures.v181)
        let differing = Set(new.objects.compactMap { o -> String? in
            let id = o["id"] as! String
            return old.object(stixID: id).map { o.jsonEquals($0) } == false ? id : nil
        })
        #expect(Set(diff.entries.filter { $0.status == .changed }.map(\.stixID)) == differing)
        #expect(diff.count(.unchanged) == new.objects.count - differing.count)
        let an0861 = try #require(diff.entry("AN0861"))
        #expect(an0861.status == .changed)
        #expect(an0861.oldVersion == "1.0" && an0861.newVersion == "1.0")
        #expect(an0861.oldHash?.hex == (try IndependentBundle.canonicalHash(old.object(stixID: AttackFixtures.an0861)!)))
        #expect(an0861.newHash?.hex == (try IndependentBundle.canonicalHash(new.object(stixID: AttackFixtures.an0861)!)))
        #expect(diff.entry("AN1240") == nil)
        #expect(diff.counts.contains { $0.type == .analytic && $0.status == .unchanged && $0.count >= 1 })
    }

    @Test func releaseNames() throws {
        #expect(try kb.release(named: "18.0").version == "18.0")
        #expect(try kb.release(named: "Enterprise ATT&CK 18.1").version == "18.1")
        #expect(try kb.release(named: "enterprise 18.1").version == "18.1")
        #expect(throws: KnowledgeError.self) { try kb.release(named: "17.1") }
        #expect(throws: KnowledgeError.self) { try kb.release(named: "ics 18.1") }
    }

    @Test func history() throws {
        let h = try kb.history(stixID: AttackFixtures.an0861)
        #expect(h.map(\.status) == [.added, .changed])
        #expect(h[0].hash != h[1].hash)
        #expect(try kb.history(stixID: AttackFixtures.an1240).map(\.status) == [.added, .unchanged])
    }

    @Test(arguments: ["AN0861", "AN1240"])
    func showAnalytic(id: String) throws {
        let view = try kb.show(id)
        let bundle = try IndependentBundle(path: AttackFixtures.v181)
        let analytic = try #require(bundle.object(attackID: id))
        #expect(view.release == "Enterprise ATT&CK 18.1")
        #expect(view.object.stixID == analytic["id"] as? String)
        #expect(view.object.name == analytic["name"] as? String)
        #expect(view.object.platforms == analytic["x_mitre_platforms"] as? [String])
        #expect(view.object.hash.hex == (try IndependentBundle.canonicalHash(analytic)))

        // Strategy: the strategies whose x_mitre_analytic_refs list it.
        let strategies = bundle.objects.filter { ($0["x_mitre_analytic_refs"] as? [String] ?? []).contains(view.object.stixID) }
        #expect(view.strategies.map(\.stixID) == strategies.map { $0["id"] as! String })
        #expect(view.strategies.map(\.attackID) == [id == "AN0861" ? "DET0308" : "DET0447"])

        // Techniques: targets of the strategies' detects relationships, with their tactics.
        let detected = bundle.objects.filter { r in
            r["relationship_type"] as? String == "detects" && strategies.contains { $0["id"] as? String == r["source_ref"] as? String }
        }.map { $0["target_ref"] as! String }
        #expect(view.techniques.map(\.technique.stixID) == detected)
        let technique = try #require(view.techniques.first)
        let theirs = try #require(bundle.object(stixID: technique.technique.stixID))
        let phases = (theirs["kill_chain_phases"] as? [[String: String]] ?? []).map { $0["phase_name"]! }
        let tactics = bundle.objects.filter { $0["type"] as? String == "x-mitre-tactic" && phases.contains($0["x_mitre_shortname"] as! String) }
        #expect(technique.tactics.map(\.stixID) == tactics.map { $0["id"] as! String })
        if id == "AN0861" {
            #expect(technique.technique.attackID == "T1578")
            #expect(technique.fullName == "Modify Cloud Compute Infrastructure")
            #expect(technique.tactics.map(\.label) == ["TA0005 Defense Evasion"])
        } else {
            #expect(technique.technique.attackID == "T1136.001")
            #expect(technique.fullName == "Create Account: Local Account")
            #expect(technique.tactics.map(\.label) == ["TA0003 Persistence"])
        }

        // Log sources, in order, with their data components' names.
        let refs = try #require(analytic["x_mitre_log_source_references"] as? [[String: String]])
        #expect(view.logSources.map(\.name) == refs.map { $0["name"]! })
        #expect(view.logSources.map(\.channel) == refs.map { $0["channel"] })
        for (mine, theirs) in zip(view.logSources, refs) {
            let dc = try #require(bundle.object(stixID: theirs["x_mitre_data_component_ref"]!))
            #expect(mine.dataComponent?.name == dc["name"] as? String)
            #expect(mine.dataComponent?.attackID == bundle.attackID(dc))
        }
        #expect(Set(view.dataComponents.map(\.stixID)) == Set(refs.map { $0["x_mitre_data_component_ref"]! }))

        // Mutable elements, in order.
        let elements = try #require(analytic["x_mitre_mutable_elements"] as? [[String: String]])
        #expect(view.mutableElements.map(\.field) == elements.map { $0["field"]! })
        #expect(view.mutableElements.map(\.description) == elements.map { $0["description"]! })
        #expect(view.history.count == 2)
    }

    @Test func showOtherKinds() throws {
        let strategy = try kb.show("DET0447")
        #expect(strategy.analytics.count == 6)
        #expect(strategy.analytics.contains { $0.analytic.attackID == "AN1240" && $0.platforms == ["Network Devices"] })
        #expect(strategy.techniques.map(\.technique.attackID) == ["T1136.001"])

        let technique = try kb.show("t1136.001")
        #expect(technique.parent?.attackID == "T1136")
        #expect(technique.strategies.map(\.attackID) == ["DET0447"])
        #expect(technique.analytics.count == 6)

        let component = try kb.show("DC0014")
        #expect(component.object.name == "User Account Creation")
        #expect(component.analytics.contains { $0.analytic.attackID == "AN1240" })
        #expect(component.logSources.contains { $0.name == "networkdevice:syslog" })

        let byStix = try kb.show(AttackFixtures.an1240, release: "18.0")
        #expect(byStix.object.attackID == "AN1240" && byStix.release == "Enterprise ATT&CK 18.0")
        #expect(throws: KnowledgeError.unknownObject("AN9999", release: nil)) { try kb.show("AN9999") }
    }

    @Test func rawIsTheBundleText() throws {
        let raw = try kb.raw("AN0861", release: "18.0")
        let file = try IndependentBundle(path: AttackFixtures.v180)
        #expect(String(decoding: file.text, as: UTF8.self).contains(raw))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any])
        #expect(parsed.jsonEquals(file.object(stixID: AttackFixtures.an0861)!))
    }
}
