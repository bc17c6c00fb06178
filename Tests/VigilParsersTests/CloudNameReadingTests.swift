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

// Azure resource ids, read the same way: ASCII ids byte by byte (letter case ignored as ARM
// ignores it), others by characters; both agree on every id.
@Suite struct AzureIDReadingTests {
    static let edges = [
        "", "/", "/subscriptions", "/subscriptions/", "/subscriptions/s", "subscriptions/s/x", "//SUBSCRIPTIONS//s",
        "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/disks/d",
        "/SUBSCRIPTIONS/0000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM",
        "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/extensions/e",
        "/subscriptions/s/providers/Microsoft.Compute/snapshots/x/providers/Microsoft.Compute/images/i",
        "/subscriptions/s/providers/Microsoft.Storage/storageAccounts/a", "/providers", "/providers/Microsoft.Compute/disks",
        "/subscriptions/s/providers/Microsoft.Compute//disks//d/", "/subscriptions/s/providers/Microsoft.Compute/DISKS/d",
        "/subscriptions/é/providers/Microsoft.Compute/disks/d", "/subscriptions/s/providers/Microsoft.Compute/disks/d\u{301}",
        "/subscriptions/s/providers/Microsoft.Compute/\u{301}disks/d", "/Subscriptions/s/Providers/Microsoft.compute/Images/i",
        "/subscriptions/s/providers/Microsoft.Computer/disks/d", "/subscriptions/s/providers/Microsoft.Comput/disks/d",
    ]

    static func randomID(_ rng: inout SplitMix64) -> String {
        let pieces = ["subscriptions", "SUBSCRIPTIONS", "providers", "Providers", "Microsoft.Compute", "microsoft.compute",
                      "virtualMachines", "disks", "Snapshots", "images", "extensions", "s", "rg", "/", "/", "//", "é", "\u{301}", "@", "["]
        return (0..<Int.random(in: 0...9, using: &rng)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &rng)] }.joined()
    }

    func agree(_ id: String) {
        #expect(AzureResourceID.subscription(id) == AzureResourceID.subscriptionCharacters(id), "subscription \(id.debugDescription)")
        #expect(AzureResourceID.namespace(id) == AzureResourceID.namespaceCharacters(id), "namespace \(id.debugDescription)")
        #expect(AzureResourceID.type(of: id) == AzureResourceID.typeCharacters(of: id), "type \(id.debugDescription)")
    }

    @Test func edgeCases() {
        for id in Self.edges { agree(id) }
        #expect(AzureResourceID.type(of: "/SUBSCRIPTIONS/0000/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.COMPUTE/VIRTUALMACHINES/VM") == .instance)
        #expect(AzureResourceID.subscription("//SUBSCRIPTIONS//s") == "s")
        #expect(AzureResourceID.namespace("/subscriptions/s/providers/Microsoft.Storage/storageAccounts/a") == "Microsoft.Storage")
    }

    @Test func randomIDs() {
        var rng = SplitMix64(seed: 0xA2)
        for _ in 0..<20_000 { agree(Self.randomID(&rng)) }
    }
}

/// Whether an Azure operation only reads, from its last part (`…/read`, `…/write`, `…/delete`),
/// read byte by byte: it must answer as the character reading (split on `/`, last part
/// lower-cased) on edge cases and on seeded random operations.
@Suite struct AzureOperationVerbTests {
    static let edges = [
        "", "/", "//", "read", "READ", "Microsoft.Compute/disks/read", "Microsoft.Compute/disks/write", "MICROSOFT.COMPUTE/DISKS/DELETE",
        "Microsoft.Compute/snapshots/beginGetAccess/action", "Microsoft.Compute/disks/write/", "Microsoft.Compute/disks/delete//",
        "Microsoft.Compute/disks/Rea", "Microsoft.Compute/disks/reads", "Microsoft.Compute/disks/wRiTe", "a/\u{301}read", "x/\u{301}/read",
        "read/\u{301}", "a/read\u{301}", "a/réad", "a/ReAd", "/read", "delete/", "a/K", "a/\u{212A}", "a/DELETE ", " a/write",
    ]

    static func randomOperation(_ rng: inout SplitMix64) -> String {
        let pieces = ["Microsoft.Compute", "disks", "read", "READ", "Write", "delete", "DeLeTe", "action", "/", "/", "//", "\u{301}", "é",
                      "rea", "d", "w", "rite", "x", " "]
        return (0..<Int.random(in: 0...7, using: &rng)).map { _ in pieces[Int.random(in: 0..<pieces.count, using: &rng)] }.joined()
    }

    @Test func edgeCases() {
        for op in Self.edges {
            #expect(AzureActivityDecoder.readOnly(op) == AzureActivityDecoder.readOnlyCharacters(op), "\(op.debugDescription)")
        }
        #expect(AzureActivityDecoder.readOnly("Microsoft.Compute/disks/READ") == true)
        #expect(AzureActivityDecoder.readOnly("Microsoft.Compute/disks/write/") == false)
        #expect(AzureActivityDecoder.readOnly("Microsoft.Compute/disks/beginGetAccess/action") == nil)
    }

    @Test func randomOperations() {
        var rng = SplitMix64(seed: 0xA2_5EAD)
        for _ in 0..<20_000 {
            let op = Self.randomOperation(&rng)
            #expect(AzureActivityDecoder.readOnly(op) == AzureActivityDecoder.readOnlyCharacters(op), "\(op.debugDescription)")
        }
    }
}
