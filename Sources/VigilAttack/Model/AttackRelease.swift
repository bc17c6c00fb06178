/// An ATT&CK release, as its bundle's `x-mitre-collection` describes it.
public struct AttackRelease: Sendable, Hashable, Codable {
    /// The collection's STIX id: the same for every release of one domain (Enterprise, ICS…).
    public var collectionID: String
    /// `name` (`Enterprise ATT&CK`).
    public var name: String
    /// `x_mitre_version` (`18.1`).
    public var version: String
    /// `modified` as written.
    public var modified: String
    /// How many objects the bundle holds (the collection included).
    public var objectCount: Int
    /// SHA-256 over the sorted `stix id, content hash` pairs of every object: equal digests mean
    /// the same release content, however the bundle file is laid out.
    public var digest: String

    /// A release.
    public init(collectionID: String, name: String, version: String, modified: String, objectCount: Int, digest: String) {
        self.collectionID = collectionID
        self.name = name
        self.version = version
        self.modified = modified
        self.objectCount = objectCount
        self.digest = digest
    }

    /// `Enterprise ATT&CK 18.1`.
    public var title: String { "\(name) \(version)" }
}
