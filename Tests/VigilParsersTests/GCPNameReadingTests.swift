import Testing
import VigilCore
@testable import VigilParsers
import VigilTestSupport

// GCP resource and method names are read byte by byte when they are ASCII; other names keep the
// character reading. Both must give the same answer on every text: edge cases and seeded random
// texts made of the names' own pieces, slashes, dots, empty parts and non-ASCII characters.

@Suite struct GCPNameReadingTests {
    static let edges = [
        "", "/", "//", "a", "/a", "a/", "a/b", "/a/b/", "projects/p/zones/us-central1-a/disks/d",
        "projects/p/global/snapshots/s", "//compute.googleapis.com/projects/p/zones/z/instances/i",
        "projects//p", "projects/", "zones/z", "regions/r/x", "projects/p/regions/r/zones/z/disks/d",
        "projects/prójects/zones/z", "projects/p/zones/é/disks/d", "a/\u{301}b/c", "/\u{301}/zones/z",
        "compute.instances.insert", "v1.compute.instances.insert", "beta.compute.disks.createSnapshot",
        "compute.x", "v1.compute.x", "v1.compute..", "compute..", ".compute.a.b", "v1..compute.a", "v2beta1.compute.a.b",
        "vX.compute.a.b", "v.compute.a.b", "v1.computer.a.b", "compute", "v1.compute", "v1.compute.a", "alpha.compute.images.setIamPolicy",
        "v1.compute.instances.insert\u{301}", "v1\u{301}.compute.a.b", "compute.\u{301}a.b",
    ]

    static func randomText(_ rng: inout SplitMix64) -> String {
        let pieces = ["projects", "zones", "regions", "global", "disks", "snapshots", "images", "instances", "compute",
                      "v1", "beta", "p", "z", "/", "/", "//", ".", ".", "é", "\u{301}", "K", "x", "v2beta1"]
        return (0..<Int.random(in: 0...9, using: &rng)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &rng)] }.joined()
    }

    func agree(_ text: String) {
        #expect(GCPResourceName.resource(text) == GCPResourceName.resourceCharacters(text), "resource \(text.debugDescription)")
        for key in ["projects", "zones", "regions", "global"] {
            #expect(GCPResourceName.segment(after: key, in: text) == GCPResourceName.segmentCharacters(after: key, in: text),
                    "segment after \(key) in \(text.debugDescription)")
        }
        #expect(GCPOperations.method(text) == GCPOperations.methodCharacters(text), "method \(text.debugDescription)")
    }

    @Test func edgeCases() {
        for t in Self.edges { agree(t) }
        #expect(GCPResourceName.resource("projects/p/zones/z/disks/d").type == .volume)
        #expect(GCPResourceName.segment(after: "zones", in: "projects/p/zones/us-central1-a/disks/d") == "us-central1-a")
        #expect(GCPOperations.method("v1.compute.disks.createSnapshot") == "disks.createSnapshot")
        #expect(GCPOperations.method("compute.instances.insert") == "instances.insert")
        #expect(GCPOperations.method("v1.storage.buckets.create") == nil)
    }

    @Test func randomTexts() {
        var rng = SplitMix64(seed: 0x6C9)
        for _ in 0..<20_000 { agree(Self.randomText(&rng)) }
    }
}
