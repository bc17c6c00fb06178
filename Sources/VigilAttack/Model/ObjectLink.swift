/// A directed link between two objects of a release: a STIX relationship object, or a reference
/// one object holds to another (a strategy's analytics, an analytic's data components).
public struct ObjectLink: Sendable, Hashable, Codable {
    /// The object the link starts from (a relationship's `source_ref`; the referring object).
    public var source: String
    /// What the link means.
    public var kind: LinkKind
    /// The object it points to.
    public var target: String
    /// The relationship object carrying the link, for STIX relationships.
    public var via: String?

    /// A link.
    public init(source: String, kind: LinkKind, target: String, via: String? = nil) {
        self.source = source
        self.kind = kind
        self.target = target
        self.via = via
    }
}

/// The meaning of a link: a STIX `relationship_type`, or the property a reference was read from.
public struct LinkKind: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// A detection strategy's `x_mitre_analytic_refs`: strategy → analytic.
    public static let analyticRef = LinkKind("x_mitre_analytic_refs")
    /// An analytic's `x_mitre_log_source_references[].x_mitre_data_component_ref`: analytic → data component.
    public static let logSourceRef = LinkKind("x_mitre_log_source_references")
    /// A data component's `x_mitre_data_source_ref`: data component → data source.
    public static let dataSourceRef = LinkKind("x_mitre_data_source_ref")
    /// The `detects` relationship: strategy → technique.
    public static let detects = LinkKind("detects")
    /// The `subtechnique-of` relationship: sub-technique → technique.
    public static let subtechniqueOf = LinkKind("subtechnique-of")
    /// The `revoked-by` relationship: revoked object → its replacement.
    public static let revokedBy = LinkKind("revoked-by")
}
