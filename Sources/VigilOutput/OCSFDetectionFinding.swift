public import VigilCore
import Foundation

/// Alerts as OCSF Detection Finding events (class_uid 2004, category Findings, activity Create),
/// one per line, for SIEMs and data lakes that speak OCSF. The evidence events' own ids are in
/// `finding_info.related_events[].uid` and `evidences[].data.event_id`.
public enum OCSFDetectionFinding {
    /// The OCSF schema version the documents follow.
    public static let schemaVersion = "1.3.0"

    /// One OCSF document (one line, no trailing newline) for an alert.
    public static func line(_ alert: Alert, productVersion: String) -> String {
        JSONLines.encode(document(alert, productVersion: productVersion))
    }

    static func document(_ a: Alert, productVersion: String) -> OCSFValue {
        let related: [OCSFValue] = a.evidence.map { e in
            .object([
                "uid": .string(e.eventID ?? "\(e.raw.file)#\(e.raw.index)"),
                "type": .string("\(e.service):\(e.operation)"),
                "time": .int(e.time.milliseconds),
            ])
        }
        let evidences: [OCSFValue] = a.evidence.map { e in
            var ev: [String: OCSFValue] = [
                "api": .object(["operation": .string(e.operation), "service": .object(["name": .string(e.service)])]),
                "actor": .object(["user": userObject(a.principal)]),
                "data": .object(["event_id": e.eventID.map(OCSFValue.string) ?? .null, "file": .string(e.raw.file),
                                 "offset": .int(e.raw.offset), "record": .int(Int64(e.raw.index))]),
            ]
            if let src = e.source { ev["src_endpoint"] = .object(IPAddress(src) != nil ? ["ip": .string(src)] : ["name": .string(src)]) }
            if let ua = e.userAgent { ev["http_request"] = .object(["user_agent": .string(ua)]) }
            return .object(ev)
        }
        var doc: [String: OCSFValue] = [
            "class_uid": .int(2004), "class_name": .string("Detection Finding"),
            "category_uid": .int(2), "category_name": .string("Findings"),
            "activity_id": .int(1), "activity_name": .string("Create"), "type_uid": .int(200_401),
            "type_name": .string("Detection Finding: Create"),
            "time": .int(a.time.milliseconds), "severity_id": .int(Int64(a.severity.rawValue)),
            "severity": .string(a.severity.description), "status_id": .int(1), "status": .string("New"),
            "message": .string(a.title),
            "metadata": .object([
                "version": .string(schemaVersion),
                "product": .object(["name": .string("Vigil"), "vendor_name": .string("Vigil"), "version": .string(productVersion)]),
                "uid": .string(a.id),
            ]),
            "finding_info": .object([
                "uid": .string(a.id), "title": .string(a.title),
                "desc": .string(a.reasons.map(\.summary).joined(separator: "; ")),
                "types": .array([.string(a.detection)]),
                "analytic": .object(["uid": .string(a.attack.analytic.rawValue), "name": .string(a.detection),
                                     "type_id": .int(1), "type": .string("Rule")]),
                "attacks": .array([.object([
                    "technique": .object(["uid": .string(a.attack.technique), "name": .string(a.attack.techniqueName)]),
                    "tactic": .object(["uid": .string(a.attack.tactic), "name": .string(a.attack.tacticName)]),
                    "version": .string("18.1"),
                ])]),
                "related_events": .array(related),
                "first_seen_time": .int(a.evidence.map(\.time.milliseconds).min() ?? a.time.milliseconds),
                "last_seen_time": .int(a.evidence.map(\.time.milliseconds).max() ?? a.time.milliseconds),
            ]),
            "evidences": .array(evidences),
            "resources": .array(a.resources.map { .object(["uid": .string($0.id), "type": .string($0.type.rawValue)]) }),
            "unmapped": .object([
                "reasons": .array(a.reasons.map { r in
                    .object(["code": .string(r.code), "summary": .string(r.summary),
                             "facts": .object(Dictionary(r.facts.map { ($0.name, OCSFValue.string($0.value)) }, uniquingKeysWith: { a, _ in a }))])
                }),
                "target": a.target.map(OCSFValue.string) ?? .null,
                "detection_strategy": .string(a.attack.strategy),
            ]),
        ]
        if let ev = a.evidence.first, let account = ev.account {
            var cloud: [String: OCSFValue] = ["provider": .string("AWS"), "account": .object(["uid": .string(account)])]
            if let region = ev.region { cloud["region"] = .string(region) }
            doc["cloud"] = .object(cloud)
        }
        return .object(doc)
    }

    private static func userObject(_ p: PrincipalSummary) -> OCSFValue {
        var user: [String: OCSFValue] = ["name": .string(p.name), "type": .string(p.type.rawValue)]
        if let arn = p.arn { user["uid"] = .string(arn) }
        if let account = p.account { user["account"] = .object(["uid": .string(account)]) }
        return .object(user)
    }
}

/// A JSON value for OCSF documents, whose shape is fixed by the schema rather than by Swift types.
enum OCSFValue: Encodable {
    case null
    case string(String)
    case int(Int64)
    case array([OCSFValue])
    case object([String: OCSFValue])

    func encode(to encoder: any Encoder) throws {
        switch self {
        case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
        case .string(let s): var c = encoder.singleValueContainer(); try c.encode(s)
        case .int(let i): var c = encoder.singleValueContainer(); try c.encode(i)
        case .array(let a): var c = encoder.singleValueContainer(); try c.encode(a)
        case .object(let o): var c = encoder.singleValueContainer(); try c.encode(o)
        }
    }
}
