/// An imported release, as listings and reports name it.
public struct ReleaseSummary: Sendable, Hashable, Codable {
    /// The store's row id.
    public var id: Int64
    /// The collection's STIX id (one per domain).
    public var collectionID: String
    /// `Enterprise ATT&CK`.
    public var name: String
    /// `18.1`.
    public var version: String
    /// The collection's `modified`.
    public var modified: String
    /// Objects in the release.
    public var objects: Int
    /// Digest of the release's content.
    public var digest: String
    /// The bundle file it was imported from.
    public var source: String
    /// When it was imported.
    public var importedAt: String

    /// A summary.
    public init(id: Int64, collectionID: String, name: String, version: String, modified: String, objects: Int, digest: String,
                source: String, importedAt: String) {
        self.id = id
        self.collectionID = collectionID
        self.name = name
        self.version = version
        self.modified = modified
        self.objects = objects
        self.digest = digest
        self.source = source
        self.importedAt = importedAt
    }

    /// `Enterprise ATT&CK 18.1`.
    public var title: String { "\(name) \(version)" }
}
