import HTTPTypes
import Foundation
import VigilStore

/// An alert as stored (the JSON Lines document `vigil scan --format json` prints), read back for
/// the API and the pages.
struct AlertDocument: Codable, Sendable {
    struct Principal: Codable, Sendable { var name: String; var type: String?; var arn: String?; var account: String? }
    struct Resource: Codable, Sendable { var type: String; var id: String }
    struct Fact: Codable, Sendable { var name: String; var value: String }
    struct Reason: Codable, Sendable { var code: String; var summary: String; var facts: [Fact] }
    struct Evidence: Codable, Sendable {
        var event_id: String?
        var time: String
        var service: String
        var operation: String
        var source: String?
        var user_agent: String?
        var account: String?
        var region: String?
        var error_code: String?
        var file: String
        var offset: Int64
        var line: Int?
        var record: Int?
    }
    var id: String
    var analytic: String
    var strategy: String
    var technique: String
    var technique_name: String
    var tactic: String
    var detection: String
    var title: String
    var severity: String
    var time: String
    var principal: Principal
    var resources: [Resource]
    var target: String?
    var reasons: [Reason]
    var evidence: [Evidence]

    static func decode(_ text: String) throws -> AlertDocument {
        try JSONDecoder().decode(AlertDocument.self, from: Data(text.utf8))
    }
}

/// An alert in a list, as the API gives it.
struct AlertItem: Codable, Sendable {
    var id: String
    var analytic: String
    var detection: String
    var severity: String
    var severityId: Int
    var time: String
    var principal: String
    var target: String?
    var title: String
    var status: String
    var assignee: String?

    init(_ r: AlertRow) {
        id = r.id
        analytic = r.analytic
        detection = r.detection
        severity = AlertItem.severityNames[r.severity] ?? "unknown"
        severityId = r.severity
        time = HTML.time(r.timeMs)
        principal = r.principal
        target = r.target
        title = r.title
        status = r.status
        assignee = r.assignee
    }

    static let severityNames = [1: "informational", 2: "low", 3: "medium", 4: "high", 5: "critical"]
}
