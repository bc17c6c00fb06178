import HTTPTypes
import Foundation
import VigilAnalytics
import VigilAttack
import VigilConfig
import VigilCore
import VigilEngine
import VigilStore
import Synchronization

/// What the overview shows.
struct Overview: Codable, Sendable {
    struct Day: Codable, Sendable { var day: String; var count: Int }
    struct Cell: Codable, Sendable { var analytic: String; var severity: String; var count: Int }
    var total: Int
    /// Alerts per day over the 30 days up to the newest alert.
    var perDay: [Day]
    var byAnalyticAndSeverity: [Cell]
    var topPrincipals: [NamedCount]
    /// Targets: devices, accounts, sharing targets.
    var topTargets: [NamedCount]
    var ingest: IngestHealth
}

/// Ingest health: the live inputs, spool and sinks when the console runs inside `vigil serve`,
/// and the scans recorded in the store (batch runs, and the service's batches' scan records).
struct IngestHealth: Codable, Sendable {
    /// `serve`: live figures from the service this console runs in; `scans`: recorded scans only.
    var source: String
    var live: LiveIngest?
    var scans: [ScanRecord]
}

/// An alert with everything the detail page shows.
struct AlertDetail: Codable, Sendable {
    var alert: AlertItem
    var document: AlertDocument
    var triage: AlertTriage?
    var audit: [AuditEntry]
}

/// A triage action.
enum TriageAction: String, CaseIterable, Sendable {
    case acknowledge, close, reopen, suppress
}

/// What a triage action did.
struct TriageOutcome: Codable, Sendable {
    var alert: AlertItem
    var suppression: Suppression?
}

/// An analytic's page: its catalogue entry, coverage, alert counts, configured values and the
/// ATT&CK object with its history.
struct AnalyticPage: Codable, Sendable {
    struct Setting: Codable, Sendable { var field: String; var configKey: String; var value: String }
    var entry: AnalyticsCatalogueReport.Entry
    var coverage: CoverageReport.Analytic?
    var alertsLast7Days: Int
    var alertsLast30Days: Int
    var configured: [Setting]
    var configPath: String?
    var object: ObjectView?
}

/// An ATT&CK object found by a search.
struct AttackHit: Codable, Sendable {
    var stixID: String
    var attackID: String?
    var type: String
    var name: String?
    var deprecated: Bool
    var revoked: Bool
}

extension Console {
    static let dayMs: Int64 = 86_400_000

    /// The overview, recomputed only when alerts or scans were added since the last one (its
    /// aggregates read every alert of the last 30 days).
    func overview() throws -> Overview {
        try computeOverview()
    }

    /// Computes the overview now (at start-up), so that the first visitor does not wait for it.
    public func warmCaches() throws { _ = try computeOverview() }

    /// Start-up, for any server that mounts the console: the first admin token when the store
    /// holds no token at all, and the overview's aggregates. Returns the text to print once on
    /// standard output (nil when there is no new token).
    public func start() throws -> String? {
        let token = try auth.bootstrapAdminToken()
        try warmCaches()
        return token.map { "Initial admin token (shown once; store it now, only its hash is kept):\n\($0)\n" }
    }

    private func computeOverview() throws -> Overview {
        let version = try store.alertsVersion()
        if let cached = overviewCache.withLock({ $0?.version == version ? $0?.overview : nil }) {
            var o = cached
            o.ingest = try ingestHealth()
            return o
        }
        let newest = try store.newestAlertMs() ?? Self.nowMs()
        let from = (newest / Self.dayMs - 29) * Self.dayMs
        let days = try store.alertsPerDay(fromMs: from, days: 30)
        let o = Overview(
            total: try store.alertCount(),
            perDay: days.map { .init(day: String(HTML.time($0.dayMs).prefix(10)), count: $0.count) },
            byAnalyticAndSeverity: try store.alertCountsByAnalyticAndSeverity(fromMs: from).map {
                .init(analytic: $0.analytic, severity: AlertItem.severityNames[$0.severity] ?? "unknown", count: $0.count)
            },
            topPrincipals: try store.topEntities(targets: false, fromMs: from),
            topTargets: try store.topEntities(targets: true, fromMs: from),
            ingest: try ingestHealth())
        overviewCache.withLock { $0 = (version, o) }
        return o
    }

    func ingestHealth() throws -> IngestHealth {
        let live = liveIngest?()
        return IngestHealth(source: live == nil ? "scans" : "serve", live: live, scans: try store.scans(limit: 20))
    }

    /// A page of alerts from query parameters; the next page's cursor.
    func alertPage(_ q: [String: String]) throws -> ([AlertRow], String?) {
        var f = AlertFilter(nowMs: Self.nowMs())
        f.limit = try Self.limit(q, 50)
        func nonEmpty(_ k: String) -> String? { q[k].flatMap { $0.isEmpty ? nil : $0 } }
        f.analytic = nonEmpty("analytic")
        if let s = nonEmpty("severity") {
            guard let id = Int(s).flatMap({ (1...5).contains($0) ? $0 : nil }) ?? AlertItem.severityNames.first(where: { $0.value == s.lowercased() })?.key
            else { throw ConsoleError(.badRequest, "severity: expected informational, low, medium, high, critical or 1-5, got \(s)") }
            f.severity = id
        }
        if let s = nonEmpty("status") {
            guard ["open", "acknowledged", "closed", "suppressed"].contains(s) else {
                throw ConsoleError(.badRequest, "status: expected open, acknowledged, closed or suppressed, got \(s)")
            }
            f.status = s
        }
        for (key, assign) in [("from", { (v: Int64) in f.fromMs = v }), ("to", { (v: Int64) in f.toMs = v })] as [(String, (Int64) -> Void)] {
            guard let s = nonEmpty(key) else { continue }
            guard let t = Timestamp(iso8601: s) else { throw ConsoleError(.badRequest, "\(key): expected RFC 3339 or YYYY-MM-DD, got \(s)") }
            assign(t.milliseconds)
        }
        f.entity = nonEmpty("entity")
        if let c = nonEmpty("cursor") {
            let parts = c.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let t = Int64(parts[0]) else { throw ConsoleError(.badRequest, "cursor: not one this API gave") }
            f.after = (t, String(parts[1]))
        }
        let (rows, more) = try store.alerts(f)
        return (rows, more ? rows.last.map { "\($0.timeMs)_\($0.id)" } : nil)
    }

    func alertDetail(_ id: String) throws -> AlertDetail {
        guard let (row, document) = try store.alert(id: id, nowMs: Self.nowMs()) else { throw ConsoleError(.notFound, "no alert \(id)") }
        return AlertDetail(alert: AlertItem(row), document: try AlertDocument.decode(document), triage: try store.triage(alertID: id),
                           audit: try store.auditLog(target: "alert:\(id)"))
    }

    /// Evidence `n` (0-based) of an alert: its raw record read again and redacted.
    func rawRecord(_ id: String, _ n: String) throws -> RawRecord {
        guard let (_, stored) = try store.alert(id: id, nowMs: Self.nowMs()) else { throw ConsoleError(.notFound, "no alert \(id)") }
        let evidence = try AlertDocument.decode(stored).evidence
        guard let i = Int(n), evidence.indices.contains(i) else {
            throw ConsoleError(.notFound, "alert \(id) has no evidence \(n) (it has \(evidence.count), numbered from 0)")
        }
        let e = evidence[i]
        return RawRecordReader.read(file: e.file, offset: e.offset, line: e.line)
    }

    /// Applies a triage action. `close` needs a reason; `suppress` a reason and a period in hours.
    func triage(_ action: TriageAction, alertID: String, fields: [String: String], actor: String) throws -> TriageOutcome {
        let reason = fields["reason"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        if let r = reason, r.count > 2000 { throw ConsoleError(.badRequest, "reason: at most 2000 characters") }
        let assignee = fields["assignee"].flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        let now = Self.nowMs()
        var suppression: Suppression?
        switch action {
        case .acknowledge, .reopen:
            guard try store.setTriage(alertID: alertID, status: action == .reopen ? "open" : "acknowledged", assignee: assignee,
                                      closeReason: nil, actor: actor, reason: reason, nowMs: now)
            else { throw ConsoleError(.notFound, "no alert \(alertID)") }
        case .close:
            guard let reason else { throw ConsoleError(.badRequest, "reason: closing an alert needs a reason") }
            guard try store.setTriage(alertID: alertID, status: "closed", assignee: assignee, closeReason: reason, actor: actor,
                                      reason: reason, nowMs: now)
            else { throw ConsoleError(.notFound, "no alert \(alertID)") }
        case .suppress:
            guard let reason else { throw ConsoleError(.badRequest, "reason: a suppression needs a reason") }
            guard let h = fields["hours"].flatMap({ Int($0) }), (1...8760).contains(h) else {
                throw ConsoleError(.badRequest, "hours: expected a number of hours from 1 to 8760")
            }
            guard let s = try store.suppressSimilar(alertID: alertID, untilMs: now + Int64(h) * 3_600_000, actor: actor, reason: reason, nowMs: now)
            else { throw ConsoleError(.notFound, "no alert \(alertID)") }
            suppression = s
        }
        guard let (row, _) = try store.alert(id: alertID, nowMs: now) else { throw ConsoleError(.notFound, "no alert \(alertID)") }
        return TriageOutcome(alert: AlertItem(row), suppression: suppression)
    }

    func lift(_ idText: String, reason: String?, actor: String) throws {
        guard let id = Int64(idText) else { throw ConsoleError(.badRequest, "suppression id: expected a number, got \(idText)") }
        guard try store.liftSuppression(id: id, actor: actor, reason: reason, nowMs: Self.nowMs()) else {
            throw ConsoleError(.notFound, "no suppression \(id) in force")
        }
    }

    func coverageReport() throws -> CoverageReport { try StoredReports.coverage(store, context: context) }

    func analyticPage(_ id: String) throws -> AnalyticPage {
        let kb = AttackKnowledgeBase(store: store)
        let catalogue = try AnalyticsCatalogueReport.build(kb)
        guard let entry = catalogue.analytics.first(where: { $0.id.lowercased() == id.lowercased() }) else {
            throw ConsoleError(.notFound, "Vigil implements no analytic \(id) (implemented: \(catalogue.analytics.map(\.id).joined(separator: ", ")))")
        }
        let newest = try store.newestAlertMs() ?? Self.nowMs()
        let object = try? kb.show(entry.writtenAgainst.stixID)
        return AnalyticPage(
            entry: entry, coverage: try coverageReport().analytics.first { $0.id == entry.id },
            alertsLast7Days: try store.alertCount(analytic: entry.id, fromMs: newest - 7 * Self.dayMs),
            alertsLast30Days: try store.alertCount(analytic: entry.id, fromMs: newest - 30 * Self.dayMs),
            configured: entry.mutableElements.map { .init(field: $0.field, configKey: $0.configKey, value: configuredValue($0.field)) },
            configPath: configPath, object: object)
    }

    /// The value each mutable element has in the loaded configuration.
    func configuredValue(_ field: String) -> String {
        let a = context.an0861, b = context.an1240
        func list(_ s: some Sequence<String>) -> String { let v = s.sorted(); return v.isEmpty ? "(none)" : v.joined(separator: ", ") }
        switch field {
        case "ChangeWindow":
            return "windows: " + (a.windows.map(list) ?? "every configured window (\(list(context.changeWindows.map(\.name))))")
        case "UserContext":
            return "automation principals: \(list(context.automationPrincipals.union(a.automationPrincipals))); automation clients: "
                + "\(list(a.automationClients)); learn automation: \(a.learnAutomation); rarely used: at most \(a.rareMaxActiveDays) active days "
                + "and \(a.rareMaxDailyEvents) changes a day over \(a.lookbackDays) days; dormant after \(a.dormantDays) days"
        case "RateThreshold": return "\(a.rateChanges) changes within \(a.rateMinutes) minutes"
        case "GeoLocation": return a.geoDatabases.isEmpty ? "no MaxMind database (new source networks /24, /48 only)" : list(a.geoDatabases)
        case "PrivilegeLevel":
            return "administrative level \(b.adminLevel); admin roles: \(list(b.adminRoles)); unprivileged accounts alert: \(b.alertUnprivileged)"
        case "RemoteSessionFlag": return "flagged sessions: \(list(b.flaggedSessions))"
        default: return "(not configurable)"
        }
    }

    func searchAttack(_ q: String, release: String?, limit: Int) throws -> [AttackHit] {
        let kb = AttackKnowledgeBase(store: store)
        let text = q.trimmingCharacters(in: .whitespaces).lowercased()
        let r: ReleaseSummary? = try knowledge {
            if let release { return try kb.release(named: release) }
            let all = try kb.releases()
            return all.filter { $0.name.lowercased().contains("enterprise") }.last ?? all.last
        }
        guard let r else { return [] }
        var hits: [AttackHit] = []
        for o in try store.attackObjects(release: r.id) where o.type != "relationship" {
            if text.isEmpty ? (o.attackID != nil) : ((o.attackID?.lowercased().hasPrefix(text) ?? false) || (o.name?.lowercased().contains(text) ?? false)
                || o.stixID == text) {
                hits.append(AttackHit(stixID: o.stixID, attackID: o.attackID, type: o.type, name: o.name, deprecated: o.deprecated, revoked: o.revoked))
            }
        }
        hits.sort { ($0.attackID ?? $0.stixID) < ($1.attackID ?? $1.stixID) }
        return Array(hits.prefix(limit))
    }

    func attackObject(_ id: String, release: String?) throws -> ObjectView {
        try knowledge { try AttackKnowledgeBase(store: store).show(id, release: release) }
    }

    func attackRaw(_ id: String, release: String?) throws -> String {
        try knowledge { try AttackKnowledgeBase(store: store).raw(id, release: release) }
    }

    func attackDiff(_ from: String, _ to: String) throws -> ReleaseDiff {
        try knowledge { try AttackKnowledgeBase(store: store).diff(from, to) }
    }
}
