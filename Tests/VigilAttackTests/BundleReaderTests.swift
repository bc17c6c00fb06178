import Foundation
import Testing
import VigilAttack

/// Reading the bundled 18.0 / 18.1 fixtures, checked against an independent reader.
@Suite struct BundleReaderTests {
    @Test(arguments: [AttackFixtures.v180, AttackFixtures.v181])
    func countsMatchTheBundle(path: String) throws {
        let bundle = try BundleReader.read(path: path)
        let independent = try IndependentBundle(path: path)
        #expect(bundle.objects.count == independent.objects.count)
        #expect(Dictionary(uniqueKeysWithValues: bundle.countsByType.map { ($0.key.rawValue, $0.value) }) == independent.countsByType)
        #expect(bundle.problems.isEmpty)
        #expect(bundle.release.name == "Enterprise ATT&CK")
        #expect(bundle.release.version == (path.contains("18.0") ? "18.0" : "18.1"))
    }

    /// Every object's content hash equals SHA-256 of JSONSerialization's sorted, compact form, and
    /// its raw text is the exact bytes of the file (which parse to the same object).
    @Test(arguments: [AttackFixtures.v180, AttackFixtures.v181])
    func hashesAndRawTexts(path: String) throws {
        let bundle = try BundleReader.read(path: path)
        let independent = try IndependentBundle(path: path)
        let fileText = String(decoding: independent.text, as: UTF8.self)
        for o in bundle.objects {
            let theirs = try #require(independent.object(stixID: o.stixID))
            #expect(o.hash.hex == (try IndependentBundle.canonicalHash(theirs)), "\(o.stixID)")
            #expect(fileText.contains(o.raw))
            let reparsed = try #require(try JSONSerialization.jsonObject(with: Data(o.raw.utf8)) as? [String: Any])
            #expect(reparsed.jsonEquals(theirs))
            #expect(o.attackID == independent.attackID(theirs) || theirs["type"] as? String == "relationship")
        }
    }

    @Test func fieldsAndLinks() throws {
        let bundle = try BundleReader.read(path: AttackFixtures.v181)
        let an = try #require(bundle.objects.first { $0.attackID == "AN0861" })
        #expect(an.type == .analytic)
        #expect(an.name == "Analytic 0861")
        #expect(an.version == "1.0")
        #expect(an.modified == "2025-11-12T18:16:01.708Z")
        #expect(!an.deprecated && !an.revoked)
        let strategy = try #require(bundle.objects.first { $0.attackID == "DET0308" })
        #expect(bundle.links.contains(ObjectLink(source: strategy.stixID, kind: .analyticRef, target: an.stixID)))
        let detects = try #require(bundle.objects.first { $0.type == .relationship && $0.name == "DET0308 detects T1578" })
        #expect(bundle.links.contains { $0.via == detects.stixID && $0.kind == .detects })
        #expect(bundle.links.filter { $0.source == an.stixID && $0.kind == .logSourceRef }.count == 9)
    }

    @Test func sameContentSameDigestWhateverTheLayout() throws {
        let bundle = try BundleReader.read(path: AttackFixtures.v180)
        // The same objects, compact and in reverse order: same hashes and release digest.
        let independent = try IndependentBundle(path: AttackFixtures.v180)
        let reordered: [String: Any] = ["type": "bundle", "id": "bundle--x", "objects": Array(independent.objects.reversed())]
        let text = try JSONSerialization.data(withJSONObject: reordered)
        let again = try BundleReader.read(bytes: [UInt8](text), file: "reordered")
        #expect(again.release.digest == bundle.release.digest)
        #expect(Set(again.objects.map(\.hash)) == Set(bundle.objects.map(\.hash)))
    }

    @Test func badBundlesAreLocated() throws {
        #expect(throws: BundleError.syntax(file: "t", JSONSyntaxError(message: "expected a member name", offset: 29))) {
            try BundleReader.read(bytes: Array(#"{"type":"bundle","objects":[{,}]}"#.utf8), file: "t")
        }
        #expect(throws: BundleError.notABundle(file: "t", reason: "it holds no x-mitre-collection object")) {
            try BundleReader.read(bytes: Array(#"{"type":"bundle","objects":[{"type":"identity","id":"identity--1"}]}"#.utf8), file: "t")
        }
        #expect(throws: BundleError.notABundle(file: "t", reason: "its type is not \"bundle\"")) {
            try BundleReader.read(bytes: Array(#"{"objects":[]}"#.utf8), file: "t")
        }
        let skipped = try BundleReader.read(bytes: Array("""
            {"type":"bundle","objects":[{"type":"x-mitre-collection","id":"x-mitre-collection--1","name":"T","x_mitre_version":"1.0","modified":"m"},
            {"name":"no id"}]}
            """.utf8), file: "t")
        #expect(skipped.problems == [BundleProblem(file: "t", index: 1, offset: 138, reason: "no string id and type")])
        #expect(skipped.objects.count == 1)
    }
}
