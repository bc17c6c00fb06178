/// One STIX object of a release, with the fields Vigil indexes and its content hash.
public struct AttackObject: Sendable, Hashable {
    /// The STIX id (`x-mitre-analytic--c9be9fb3-…`), stable across releases.
    public var stixID: String
    /// The STIX type.
    public var type: ObjectType
    /// The ATT&CK id (`AN0861`, `T1136.001`), when the object has one.
    public var attackID: String?
    /// The name; for relationships, `SOURCE relationship-type TARGET` by ATT&CK ids.
    public var name: String?
    /// `modified` as written.
    public var modified: String?
    /// `x_mitre_version`.
    public var version: String?
    /// `x_mitre_deprecated`.
    public var deprecated: Bool
    /// `revoked`.
    public var revoked: Bool
    /// SHA-256 of the object's canonical JSON.
    public var hash: ContentHash
    /// The object's text exactly as the bundle holds it (indentation included).
    public var raw: String
    /// SHA-256 of `raw`: raw texts are stored once however many releases share them.
    public var rawDigest: String

    /// An object.
    public init(stixID: String, type: ObjectType, attackID: String?, name: String?, modified: String?, version: String?,
                deprecated: Bool, revoked: Bool, hash: ContentHash, raw: String, rawDigest: String) {
        self.stixID = stixID
        self.type = type
        self.attackID = attackID
        self.name = name
        self.modified = modified
        self.version = version
        self.deprecated = deprecated
        self.revoked = revoked
        self.hash = hash
        self.raw = raw
        self.rawDigest = rawDigest
    }
}
