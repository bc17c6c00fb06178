public import VigilCore
import Foundation

/// Alerts as JSON lines, in Vigil's own shape (every field of ``Alert``), keys sorted so that
/// output is byte-stable.
public enum JSONLines {
    /// One line (no trailing newline) for an alert.
    public static func line(_ alert: Alert) -> String {
        encode(AlertDocument(alert))
    }

    static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}

/// The JSON shape of an alert: times as RFC 3339 text rather than epoch numbers.
struct AlertDocument: Encodable {
    let alert: Alert
    init(_ alert: Alert) { self.alert = alert }

    enum Keys: String, CodingKey {
        case id, analytic, strategy, technique, technique_name, tactic, detection, title, severity, time, principal
        case resources, target, reasons, evidence
    }

    struct EvidenceDocument: Encodable {
        let e: Evidence
        enum Keys: String, CodingKey { case event_id, time, service, operation, source, user_agent, account, region, error_code, file, offset, line, record }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            try c.encodeIfPresent(e.eventID, forKey: .event_id)
            try c.encode(e.time.iso8601, forKey: .time)
            try c.encode(e.service, forKey: .service)
            try c.encode(e.operation, forKey: .operation)
            try c.encodeIfPresent(e.source, forKey: .source)
            try c.encodeIfPresent(e.userAgent, forKey: .user_agent)
            try c.encodeIfPresent(e.account, forKey: .account)
            try c.encodeIfPresent(e.region, forKey: .region)
            try c.encodeIfPresent(e.errorCode, forKey: .error_code)
            try c.encode(e.raw.file, forKey: .file)
            try c.encode(e.raw.offset, forKey: .offset)
            try c.encodeIfPresent(e.raw.line, forKey: .line)
            try c.encode(e.raw.index, forKey: .record)
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(alert.id, forKey: .id)
        try c.encode(alert.attack.analytic, forKey: .analytic)
        try c.encode(alert.attack.strategy, forKey: .strategy)
        try c.encode(alert.attack.technique, forKey: .technique)
        try c.encode(alert.attack.techniqueName, forKey: .technique_name)
        try c.encode(alert.attack.tactic, forKey: .tactic)
        try c.encode(alert.detection, forKey: .detection)
        try c.encode(alert.title, forKey: .title)
        try c.encode(alert.severity, forKey: .severity)
        try c.encode(alert.time.iso8601, forKey: .time)
        try c.encode(alert.principal, forKey: .principal)
        try c.encode(alert.resources, forKey: .resources)
        try c.encodeIfPresent(alert.target, forKey: .target)
        try c.encode(alert.reasons, forKey: .reasons)
        try c.encode(alert.evidence.map(EvidenceDocument.init), forKey: .evidence)
    }
}
