/// An object's indexed fields in one release, without its raw text: what lists, diffs and
/// histories need.
public struct AttackObjectSummary: Sendable, Hashable, Codable {
    public var stixID: String
    public var attackID: String?
    public var type: ObjectType
    public var name: String?
    public var modified: String?
    /// `x_mitre_version`.
    public var version: String?
    public var deprecated: Bool
    public var revoked: Bool
    public var hash: ContentHash

    /// A summary.
    public init(stixID: String, attackID: String?, type: ObjectType, name: String?, modified: String?, version: String?,
                deprecated: Bool, revoked: Bool, hash: ContentHash) {
        self.stixID = stixID
        self.attackID = attackID
        self.type = type
        self.name = name
        self.modified = modified
        self.version = version
        self.deprecated = deprecated
        self.revoked = revoked
        self.hash = hash
    }

    /// What decides its status between releases.
    public var state: ObjectState { ObjectState(hash: hash, deprecated: deprecated, revoked: revoked) }

    /// `AN0861`, else the STIX id.
    public var label: String { attackID ?? stixID }
}
