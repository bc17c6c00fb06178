/// An imported ATT&CK release (table `attack_release`).
public struct StoredAttackRelease: Sendable, Hashable, Codable {
    /// The row id.
    public var id: Int64
    /// The `x-mitre-collection` STIX id (one per domain: Enterprise, ICS, Mobile).
    public var collectionID: String
    /// The collection's name.
    public var name: String
    /// `x_mitre_version` of the collection.
    public var version: String
    /// The collection's `modified`.
    public var modified: String
    /// Objects in the bundle.
    public var objectCount: Int
    /// Digest of the release's content (stix id and content hash of every object).
    public var digest: String
    /// SHA-256 of the (uncompressed) bundle text it was last imported from.
    public var fileDigest: String
    /// The file it was last imported from.
    public var source: String
    /// When it was last imported (RFC 3339).
    public var importedAt: String

    /// A release row.
    public init(id: Int64, collectionID: String, name: String, version: String, modified: String, objectCount: Int,
                digest: String, fileDigest: String, source: String, importedAt: String) {
        self.id = id
        self.collectionID = collectionID
        self.name = name
        self.version = version
        self.modified = modified
        self.objectCount = objectCount
        self.digest = digest
        self.fileDigest = fileDigest
        self.source = source
        self.importedAt = importedAt
    }
}

/// One object of one release (table `attack_object`); its raw text is in `attack_raw`.
public struct StoredAttackObject: Sendable, Hashable, Codable {
    /// The release row id.
    public var releaseID: Int64
    /// STIX id.
    public var stixID: String
    /// STIX type.
    public var type: String
    /// ATT&CK id, when it has one.
    public var attackID: String?
    /// Name (relationships: `SOURCE kind TARGET`).
    public var name: String?
    /// `modified`.
    public var modified: String?
    /// `x_mitre_version`.
    public var version: String?
    /// `x_mitre_deprecated`.
    public var deprecated: Bool
    /// `revoked`.
    public var revoked: Bool
    /// Content hash (hex SHA-256 of the canonical JSON).
    public var hash: String
    /// SHA-256 of the raw text, the key of `attack_raw`.
    public var rawDigest: String

    /// An object row.
    public init(releaseID: Int64, stixID: String, type: String, attackID: String?, name: String?, modified: String?,
                version: String?, deprecated: Bool, revoked: Bool, hash: String, rawDigest: String) {
        self.releaseID = releaseID
        self.stixID = stixID
        self.type = type
        self.attackID = attackID
        self.name = name
        self.modified = modified
        self.version = version
        self.deprecated = deprecated
        self.revoked = revoked
        self.hash = hash
        self.rawDigest = rawDigest
    }
}

/// A link between two objects of a release (table `attack_link`).
public struct StoredAttackLink: Sendable, Hashable, Codable {
    /// The referring object (a relationship's source).
    public var source: String
    /// A relationship type or reference property.
    public var kind: String
    /// The referred object.
    public var target: String
    /// The relationship object, for STIX relationships.
    public var via: String?

    /// A link row.
    public init(source: String, kind: String, target: String, via: String?) {
        self.source = source
        self.kind = kind
        self.target = target
        self.via = via
    }
}

/// A release to store: its row (without id), its objects with raw texts, and its links.
public struct AttackReleaseImport: Sendable {
    /// Collection id, name, version, modified, object count, digest, source file.
    public var collectionID: String, name: String, version: String, modified: String
    public var objectCount: Int
    public var digest: String
    /// SHA-256 of the bundle text.
    public var fileDigest: String
    public var source: String
    /// Objects (their `releaseID` is ignored) with their raw texts.
    public var objects: [(object: StoredAttackObject, raw: String)]
    /// Links.
    public var links: [StoredAttackLink]

    /// A release to store.
    public init(collectionID: String, name: String, version: String, modified: String, objectCount: Int, digest: String,
                fileDigest: String, source: String, objects: [(object: StoredAttackObject, raw: String)], links: [StoredAttackLink]) {
        self.collectionID = collectionID
        self.name = name
        self.version = version
        self.modified = modified
        self.objectCount = objectCount
        self.digest = digest
        self.fileDigest = fileDigest
        self.source = source
        self.objects = objects
        self.links = links
    }
}

/// What storing a release did.
public enum AttackImportOutcome: String, Sendable, Codable {
    /// The release was new.
    case added
    /// The same release (collection and version) with the same content was already stored.
    case unchanged
    /// The same release was stored with different content; it was replaced.
    case replaced
}
