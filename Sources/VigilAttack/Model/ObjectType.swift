/// A STIX object type (`attack-pattern`, `x-mitre-analytic`…). A struct rather than an enum:
/// bundles may hold types this version of Vigil does not know, and they are stored all the same.
public struct ObjectType: RawRepresentable, Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: ObjectType, b: ObjectType) -> Bool { a.rawValue < b.rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// An ATT&CK analytic (`AN…`), new in ATT&CK v18.
    public static let analytic = ObjectType("x-mitre-analytic")
    /// A detection strategy (`DET…`): analytics that together detect techniques.
    public static let detectionStrategy = ObjectType("x-mitre-detection-strategy")
    /// A technique or sub-technique (`T…`, `T….…`).
    public static let technique = ObjectType("attack-pattern")
    /// A tactic (`TA…`).
    public static let tactic = ObjectType("x-mitre-tactic")
    /// A data component (`DC…`).
    public static let dataComponent = ObjectType("x-mitre-data-component")
    /// A data source (`DS…`).
    public static let dataSource = ObjectType("x-mitre-data-source")
    /// A release's table of contents.
    public static let collection = ObjectType("x-mitre-collection")
    /// A STIX relationship (`uses`, `detects`, `subtechnique-of`, `revoked-by`…).
    public static let relationship = ObjectType("relationship")
}
