/// One imported bundle file: its release, every object with its hash, and the links between them.
public struct AttackBundle: Sendable {
    /// The file it was read from.
    public var file: String
    /// SHA-256 of the bundle's (uncompressed) text.
    public var fileDigest: String
    /// The release, from the bundle's `x-mitre-collection`.
    public var release: AttackRelease
    /// Every object with an `id` and a `type`, in bundle order.
    public var objects: [AttackObject]
    /// Relationships and references between objects.
    public var links: [ObjectLink]
    /// Objects that were skipped, located.
    public var problems: [BundleProblem]

    /// How many objects of each type the bundle holds.
    public var countsByType: [ObjectType: Int] {
        objects.reduce(into: [:]) { $0[$1.type, default: 0] += 1 }
    }
}
