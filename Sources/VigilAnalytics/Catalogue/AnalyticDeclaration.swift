public import VigilCore

/// What Vigil declares about an ATT&CK analytic it implements: where it sits in ATT&CK, the
/// ATT&CK release and object content it was written against, how each log source ATT&CK names
/// maps to what Vigil reads, and which configuration key tunes each mutable element.
///
/// The declaration is the catalogue's fallback when no ATT&CK release has been imported, and the
/// baseline `vigil analytics` compares imported releases with: a newer release whose object has a
/// different content hash means ATT&CK changed the analytic after Vigil's implementation was written.
public struct AnalyticDeclaration: Sendable, Hashable, Codable {
    /// Analytic, strategy, technique and tactic.
    public var attack: AttackReference
    /// The analytic's name in ATT&CK (`Analytic 0861`).
    public var name: String
    /// What Vigil's implementation detects, in a line.
    public var summary: String
    /// `x_mitre_platforms`.
    public var platforms: [String]
    /// The ATT&CK object this implementation was written against.
    public var writtenAgainst: AttackBaseline
    /// Each of the analytic's `x_mitre_log_source_references`, and how Vigil covers it.
    public var logSources: [LogSourceMapping]
    /// Sources Vigil reads for this analytic beyond those ATT&CK names.
    public var additionalSources: [VigilSource]
    /// Each of the analytic's `x_mitre_mutable_elements`, and the configuration key that tunes it.
    public var mutableElements: [MutableElementMapping]

    /// A declaration.
    public init(attack: AttackReference, name: String, summary: String, platforms: [String], writtenAgainst: AttackBaseline,
                logSources: [LogSourceMapping], additionalSources: [VigilSource], mutableElements: [MutableElementMapping]) {
        self.attack = attack
        self.name = name
        self.summary = summary
        self.platforms = platforms
        self.writtenAgainst = writtenAgainst
        self.logSources = logSources
        self.additionalSources = additionalSources
        self.mutableElements = mutableElements
    }
}

/// An ATT&CK object as one release holds it.
public struct AttackBaseline: Sendable, Hashable, Codable {
    /// The release's collection name (`Enterprise ATT&CK`).
    public var collection: String
    /// The release (`18.1`).
    public var release: String
    /// The object's STIX id.
    public var stixID: String
    /// The object's content hash in that release (SHA-256 of its canonical JSON).
    public var contentHash: String
    /// The object's `x_mitre_version` in that release.
    public var objectVersion: String

    /// A baseline.
    public init(collection: String, release: String, stixID: String, contentHash: String, objectVersion: String) {
        self.collection = collection
        self.release = release
        self.stixID = stixID
        self.contentHash = contentHash
        self.objectVersion = objectVersion
    }
}

/// One log source reference of an analytic (as ATT&CK writes it) and Vigil's coverage of it.
public struct LogSourceMapping: Sendable, Hashable, Codable {
    /// The log source name (`AWS:CloudTrail`).
    public var name: String
    /// The channel (`RunInstances`).
    public var channel: String
    /// The data component (`DC0080`) and its name.
    public var dataComponent: String
    public var dataComponentName: String
    /// How Vigil covers it.
    public var coverage: Coverage

    /// A mapping.
    public init(name: String, channel: String, dataComponent: String, dataComponentName: String, coverage: Coverage) {
        self.name = name
        self.channel = channel
        self.dataComponent = dataComponent
        self.dataComponentName = dataComponentName
        self.coverage = coverage
    }
}

/// Whether, and through what, Vigil reads a log source.
public enum Coverage: Sendable, Hashable, Codable {
    /// Read: by this source (``VigilSource``) as these event kinds or messages.
    case read(VigilSource, as: String)
    /// Not read; why, and what stands in for it.
    case notRead(reason: String)

    /// Whether Vigil reads it.
    public var isRead: Bool { if case .read = self { true } else { false } }
}

/// A telemetry source Vigil parses.
public struct VigilSource: Sendable, Hashable, Codable {
    /// Short name (`cloudtrail`, `network-syslog`).
    public var id: String
    /// What it is and where it comes from.
    public var description: String

    /// A source.
    public init(id: String, description: String) {
        self.id = id
        self.description = description
    }
}

/// One mutable element of an analytic and the configuration that tunes it.
public struct MutableElementMapping: Sendable, Hashable, Codable {
    /// `field` in ATT&CK (`ChangeWindow`).
    public var field: String
    /// The configuration key (`analytics.AN0861.ChangeWindow`).
    public var configKey: String
    /// What the key sets in Vigil.
    public var setting: String

    /// A mapping.
    public init(field: String, configKey: String, setting: String) {
        self.field = field
        self.configKey = configKey
        self.setting = setting
    }
}
