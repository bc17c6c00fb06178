/// An object with its ATT&CK context, as `vigil attack show` presents it.
public struct ObjectView: Sendable, Codable {
    /// The release the object was read from.
    public var release: String
    /// The object.
    public var object: Facts
    /// Detection strategies: those listing the analytic, or detecting the technique.
    public var strategies: [Reference] = []
    /// Analytics: of the strategy, of the technique's strategies, or reading the data component.
    public var analytics: [AnalyticReference] = []
    /// Techniques the strategy (or the analytic's strategies) detect, with their tactics.
    public var techniques: [TechniqueReference] = []
    /// A technique's tactics.
    public var tactics: [Reference] = []
    /// A sub-technique's parent technique.
    public var parent: Reference?
    /// An analytic's log source references (or a data component's log sources).
    public var logSources: [LogSource] = []
    /// The data components an analytic's log sources name.
    public var dataComponents: [Reference] = []
    /// An analytic's mutable elements.
    public var mutableElements: [STIXFields.MutableElement] = []
    /// Other objects with the same ATT&CK id in the release (revoked or deprecated ones).
    public var sameID: [Reference] = []
    /// The object in every imported release of its collection.
    public var history: [AttackKnowledgeBase.HistoryEntry] = []

    /// The object's own properties.
    public struct Facts: Sendable, Codable {
        public var stixID: String
        public var attackID: String?
        public var type: ObjectType
        public var name: String?
        public var description: String?
        public var url: String?
        public var platforms: [String]
        public var modified: String?
        /// `x_mitre_version`.
        public var version: String?
        public var deprecated: Bool
        public var revoked: Bool
        public var hash: ContentHash
    }

    /// Another object, by id and name.
    public struct Reference: Sendable, Codable, Hashable {
        public var stixID: String
        public var attackID: String?
        public var type: ObjectType
        public var name: String?
        public var deprecated: Bool
        public var revoked: Bool
        /// `AN0861 Analytic 0861`, or the STIX id when it is not in the release.
        public var label: String { [attackID ?? stixID, name].compactMap { $0 }.joined(separator: " ") }
    }

    /// An analytic and its platforms.
    public struct AnalyticReference: Sendable, Codable, Hashable {
        public var analytic: Reference
        public var platforms: [String]
    }

    /// A technique with its full name and tactics.
    public struct TechniqueReference: Sendable, Codable, Hashable {
        public var technique: Reference
        /// `Create Account: Local Account` for a sub-technique; the name otherwise.
        public var fullName: String
        public var tactics: [Reference]
        /// The strategy that detects it.
        public var via: String?
    }

    /// A log source reference, with the data component it names resolved.
    public struct LogSource: Sendable, Codable, Hashable {
        public var name: String
        public var channel: String?
        public var dataComponent: Reference?
    }
}
