/// How urgently an alert wants attention; ids follow OCSF `severity_id`.
public enum Severity: Int, Sendable, Hashable, Comparable, Codable, CaseIterable, CustomStringConvertible {
    case informational = 1, low = 2, medium = 3, high = 4, critical = 5

    public static func < (a: Severity, b: Severity) -> Bool { a.rawValue < b.rawValue }

    /// The OCSF caption.
    public var description: String {
        switch self {
        case .informational: "Informational"
        case .low: "Low"
        case .medium: "Medium"
        case .high: "High"
        case .critical: "Critical"
        }
    }

    /// One step more severe, capped at critical.
    public var raised: Severity { Severity(rawValue: min(rawValue + 1, Severity.critical.rawValue))! }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description.lowercased())
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let s = Severity.allCases.first(where: { $0.description.lowercased() == text.lowercased() }) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown severity \(text)"))
        }
        self = s
    }
}
