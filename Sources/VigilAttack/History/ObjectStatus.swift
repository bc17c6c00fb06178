/// What happened to an object from one release to the next, judged by content hash (MITRE often
/// changes an object without raising its `x_mitre_version`).
public enum ObjectStatus: String, Sendable, Codable, CaseIterable, Comparable {
    /// Not in the earlier release (or the first release imported).
    case added
    /// Content hash differs.
    case changed
    /// Same content hash.
    case unchanged
    /// Newly marked `x_mitre_deprecated`.
    case deprecated
    /// Newly marked `revoked`.
    case revoked
    /// In the earlier release, not in the later one.
    case removed

    /// The status of an object from `old` to `new` (either may be absent, not both).
    public static func of(old: ObjectState?, new: ObjectState?) -> ObjectStatus {
        guard let old else { return .added }
        guard let new else { return .removed }
        if new.revoked && !old.revoked { return .revoked }
        if new.deprecated && !old.deprecated { return .deprecated }
        return new.hash == old.hash ? .unchanged : .changed
    }

    public static func < (a: ObjectStatus, b: ObjectStatus) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The parts of an object that decide its status.
public struct ObjectState: Sendable, Hashable {
    /// Content hash.
    public var hash: ContentHash
    /// `x_mitre_deprecated`.
    public var deprecated: Bool
    /// `revoked`.
    public var revoked: Bool

    /// A state.
    public init(hash: ContentHash, deprecated: Bool, revoked: Bool) {
        self.hash = hash
        self.deprecated = deprecated
        self.revoked = revoked
    }
}
