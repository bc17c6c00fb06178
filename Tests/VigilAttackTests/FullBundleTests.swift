import Foundation
import Testing
import VigilAttack
import VigilStore
import VigilTestSupport

/// The full Enterprise 18.0 and 18.1 bundles from ../shared/data/attack, when this machine has
/// them: each imported once into one store (shared by the tests below), and every figure checked
/// against the bundles as JSONSerialization reads them.
@Suite(.enabled(if: AttackFixtures.haveFullBundles), .serialized)
struct FullBundleTests {
    /// The imported store and reports, built on first use.
    // Immutable once built; the tests only read it.
    final class Imported: @unchecked Sendable {
        let dir = TemporaryDirectory("vigil-attack-full")
        let kb: AttackKnowledgeBase
        let reports: [AttackKnowledgeBase.ImportReport]
        let old: IndependentBundle
        let new: IndependentBundle

        init() throws {
            let kb = AttackKnowledgeBase(store: try VigilStore(path: dir.path + "/kb.db"))
            reports = try ["18.0", "18.1"].map { try kb.importBundle(path: "\(AttackFixtures.dataDirectory)/enterprise-attack-\($0).json.gz") }
            self.kb = kb
            old = try IndependentBundle(path: "\(AttackFixtures.dataDirectory)/enterprise-attack-18.0.json.gz")
            new = try IndependentBundle(path: "\(AttackFixtures.dataDirectory)/enterprise-attack-18.1.json.gz")
        }
    }

    nonisolated(unsafe) static var cached: Imported?
    static let lock = NSLock()
    static func imported() throws -> Imported {
        lock.lock()
        defer { lock.unlock() }
        if let cached { return cached }
        let made = try Imported()
        cached = made
        return made
    }

    @Test func importReportsTheBundlesCounts() throws {
        let s = try Self.imported()
        for (report, bundle) in zip(s.reports, [s.old, s.new]) {
            let counts = Dictionary(uniqueKeysWithValues: report.counts.map { ($0.type.rawValue, $0.count) })
            #expect(counts == bundle.countsByType)
            #expect(report.release.objects == bundle.objects.count)
            #expect(report.problems.isEmpty)
        }
        // The figures SOURCE.md gives for these releases.
        #expect(s.reports.map(\.release.objects) == [24_774, 24_772])
        #expect(s.reports.map { r in r.counts.first { $0.type == .analytic }?.count } == [1_739, 1_739])
        #expect(s.reports.map { r in r.counts.first { $0.type == .detectionStrategy }?.count } == [691, 691])
        #expect(s.reports.map(\.outcome) == [.added, .added])
    }

    /// Changed, added and removed objects are exactly those the bundles differ in as parsed JSON.
    @Test func diffMatchesTheBundles() throws {
        let s = try Self.imported()
        let diff = try s.kb.diff("18.0", "18.1")
        var oldByID: [String: [String: Any]] = [:]
        for o in s.old.objects { oldByID[o["id"] as! String] = o }
        var changed: Set<String> = [], added: Set<String> = []
        var newIDs: Set<String> = []
        for o in s.new.objects {
            let id = o["id"] as! String
            newIDs.insert(id)
            if let before = oldByID[id] { if !o.jsonEquals(before) { changed.insert(id) } } else { added.insert(id) }
        }
        let removed = Set(oldByID.keys).subtracting(newIDs)
        #expect(Set(diff.entries.filter { [.changed, .deprecated, .revoked].contains($0.status) }.map(\.stixID)) == changed)
        #expect(Set(diff.entries.filter { $0.status == .added }.map(\.stixID)) == added)
        #expect(Set(diff.entries.filter { $0.status == .removed }.map(\.stixID)) == removed)
        #expect(diff.entry("AN0861")?.status == .changed)
        #expect(diff.entry("AN1240") == nil)
        #expect(diff.count(.unchanged) == s.new.objects.count - changed.count - added.count)
    }

    @Test(arguments: ["AN0861", "AN1240"])
    func showAgainstTheBundle(id: String) throws {
        let s = try Self.imported()
        let view = try s.kb.show(id)
        let analytic = try #require(s.new.object(attackID: id))
        #expect(view.object.hash.hex == (try IndependentBundle.canonicalHash(analytic)))
        let strategies = s.new.objects.filter { ($0["x_mitre_analytic_refs"] as? [String] ?? []).contains(analytic["id"] as! String) }
        #expect(view.strategies.map(\.stixID) == strategies.map { $0["id"] as! String })
        let refs = analytic["x_mitre_log_source_references"] as! [[String: String]]
        #expect(view.logSources.map(\.dataComponent?.name) == refs.map { s.new.object(stixID: $0["x_mitre_data_component_ref"]!)?["name"] as? String })
        #expect(view.mutableElements.map(\.field) == (analytic["x_mitre_mutable_elements"] as! [[String: String]]).map { $0["field"]! })
        #expect(view.techniques.map(\.technique.attackID) == [id == "AN0861" ? "T1578" : "T1136.001"])
        #expect(view.history.map(\.status) == (id == "AN0861" ? [.added, .changed] : [.added, .unchanged]))
    }

    @Test func reimportIsUnchanged() throws {
        let s = try Self.imported()
        let again = try s.kb.importBundle(path: "\(AttackFixtures.dataDirectory)/enterprise-attack-18.1.json.gz")
        #expect(again.outcome == .unchanged)
        #expect(try s.kb.releases().count == 2)
    }
}
