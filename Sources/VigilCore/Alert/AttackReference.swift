/// An ATT&CK analytic id (`AN0861`).
public struct AnalyticID: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The id as ATT&CK writes it.
    public let rawValue: String
    /// Creates an id.
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }
}

/// Where an alert sits in ATT&CK: analytic → detection strategy → technique → tactic.
public struct AttackReference: Hashable, Sendable, Codable {
    /// The analytic (`AN0861`).
    public var analytic: AnalyticID
    /// The detection strategy (`DET0308`).
    public var strategy: String
    /// The technique (`T1578`).
    public var technique: String
    /// The technique's name.
    public var techniqueName: String
    /// The tactic (`TA0005`).
    public var tactic: String
    /// The tactic's name.
    public var tacticName: String

    /// Creates a reference.
    public init(analytic: AnalyticID, strategy: String, technique: String, techniqueName: String, tactic: String, tacticName: String) {
        self.analytic = analytic
        self.strategy = strategy
        self.technique = technique
        self.techniqueName = techniqueName
        self.tactic = tactic
        self.tacticName = tacticName
    }
}
