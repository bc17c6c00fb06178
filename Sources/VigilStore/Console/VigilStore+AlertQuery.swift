import GRDB

/// What an alert list asks for: filters, a page size and where the previous page ended.
public struct AlertFilter: Sendable, Hashable {
    public var analytic: String?
    /// Exact severity id (1 informational … 5 critical).
    public var severity: Int?
    /// `open`, `acknowledged`, `closed` or `suppressed`.
    public var status: String?
    /// Alert time at or after / before (epoch milliseconds).
    public var fromMs: Int64?
    public var toMs: Int64?
    /// A principal or a target (account, device) the alert is about.
    public var entity: String?
    public var limit: Int = 50
    /// The last alert of the previous page (keyset paging: newest first).
    public var after: (timeMs: Int64, id: String)?
    /// Suppressions in force at this time count.
    public var nowMs: Int64

    /// A filter with nothing set.
    public init(nowMs: Int64) { self.nowMs = nowMs }

    public static func == (a: AlertFilter, b: AlertFilter) -> Bool {
        a.analytic == b.analytic && a.severity == b.severity && a.status == b.status && a.fromMs == b.fromMs && a.toMs == b.toMs
            && a.entity == b.entity && a.limit == b.limit && a.after?.timeMs == b.after?.timeMs && a.after?.id == b.after?.id && a.nowMs == b.nowMs
    }
    public func hash(into h: inout Hasher) { h.combine(analytic); h.combine(after?.id) }
}

/// One alert in a list, with its triage status.
public struct AlertRow: Sendable, Hashable, Codable {
    public var id: String
    public var analytic: String
    public var detection: String
    public var severity: Int
    public var timeMs: Int64
    public var principal: String
    public var target: String?
    public var title: String
    /// `open`, `acknowledged`, `closed`, or `suppressed` (open, and matched by a suppression in force).
    public var status: String
    public var assignee: String?
}

/// One scan as recorded.
public struct ScanRecord: Sendable, Hashable, Codable {
    public var id: Int64
    public var startedAt: String
    public var paths: [String]
    public var files: Int
    public var records: Int
    public var bytes: Int64
    public var malformed: Int
    public var skipped: Int
    public var alerts: Int
    public var elapsedSeconds: Double
}

/// A count under a name.
public struct NamedCount: Sendable, Hashable, Codable {
    public var name: String
    public var count: Int
}

extension VigilStore {
    /// An alert's effective status: its triage status, or `suppressed` while a suppression in
    /// force matches it, or `open`.
    static let statusSQL = """
        CASE WHEN t.status IS NOT NULL AND t.status != 'open' THEN t.status
             WHEN EXISTS (SELECT 1 FROM suppression s WHERE s.analytic = a.analytic AND s.detection = a.detection
                          AND s.principal = a.principal AND s.lifted_ms IS NULL AND s.expires_ms > :now) THEN 'suppressed'
             ELSE 'open' END
        """

    private static func alertRow(_ r: Row) -> AlertRow {
        AlertRow(id: r["id"], analytic: r["analytic"], detection: r["detection"], severity: r["severity"], timeMs: r["time_ms"],
                 principal: r["principal"], target: r["target"], title: r["title"], status: r["status"], assignee: r["assignee"])
    }

    /// A page of alerts, newest first, and whether more follow. Served from the time, analytic,
    /// severity and principal indexes; the cursor is the last row's (time, id).
    public func alerts(_ f: AlertFilter) throws -> (rows: [AlertRow], more: Bool) {
        var conditions: [String] = []
        var args: [String: (any DatabaseValueConvertible)?] = ["now": f.nowMs, "limit": f.limit + 1]
        if let v = f.analytic { conditions.append("a.analytic = :analytic"); args["analytic"] = v }
        if let v = f.severity { conditions.append("a.severity = :severity"); args["severity"] = v }
        if let v = f.fromMs { conditions.append("a.time_ms >= :from"); args["from"] = v }
        if let v = f.toMs { conditions.append("a.time_ms < :to"); args["to"] = v }
        if let v = f.entity { conditions.append("(a.principal = :entity OR a.target = :entity)"); args["entity"] = v }
        if let c = f.after { conditions.append("(a.time_ms, a.id) < (:afterTime, :afterID)"); args["afterTime"] = c.timeMs; args["afterID"] = c.id }
        if let v = f.status {
            conditions.append("(\(Self.statusSQL)) = :status")
            args["status"] = v
            // Index-backed candidates for the rarer statuses: triaged alerts from the triage
            // status index, suppressed ones through the principals of suppressions in force.
            if v == "acknowledged" || v == "closed" {
                conditions.append("a.id IN (SELECT alert_id FROM alert_triage WHERE status = :status)")
            } else if v == "suppressed" {
                conditions.append("a.principal IN (SELECT principal FROM suppression WHERE lifted_ms IS NULL AND expires_ms > :now)")
            }
        }
        let sql = """
            SELECT a.id, a.analytic, a.detection, a.severity, a.time_ms, a.principal, a.target, a.title, t.assignee,
                   \(Self.statusSQL) AS status
            FROM alert a LEFT JOIN alert_triage t ON t.alert_id = a.id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY a.time_ms DESC, a.id DESC LIMIT :limit
            """
        return try db.read { db in
            let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(args)).map(Self.alertRow)
            return (Array(rows.prefix(f.limit)), rows.count > f.limit)
        }
    }

    /// One alert: its list row and its stored JSON document.
    public func alert(id: String, nowMs: Int64) throws -> (row: AlertRow, document: String)? {
        try db.read { db in
            let sql = """
                SELECT a.*, t.assignee, \(Self.statusSQL) AS status FROM alert a LEFT JOIN alert_triage t ON t.alert_id = a.id
                WHERE a.id = :id
                """
            return try Row.fetchOne(db, sql: sql, arguments: ["id": id, "now": nowMs]).map { (Self.alertRow($0), $0["document"]) }
        }
    }

    /// Alerts in each of `days` UTC days from `fromMs` (a day start) on: one range count each on
    /// the time index.
    public func alertsPerDay(fromMs: Int64, days: Int) throws -> [(dayMs: Int64, count: Int)] {
        try db.read { db in
            let statement = try db.makeStatement(sql: "SELECT COUNT(*) FROM alert WHERE time_ms >= ? AND time_ms < ?")
            return try (0..<Int64(days)).map { d in
                let start = fromMs + d * 86_400_000
                return (start, try Int.fetchOne(statement, arguments: [start, start + 86_400_000]) ?? 0)
            }
        }
    }

    /// Alert counts by analytic and severity from `fromMs` on, in the order of the
    /// (analytic, severity, time) index (no sort).
    public func alertCountsByAnalyticAndSeverity(fromMs: Int64) throws -> [(analytic: String, severity: Int, count: Int)] {
        try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT analytic, severity, COUNT(*) AS n FROM alert INDEXED BY alert_by_analytic_severity
                WHERE time_ms >= ? GROUP BY analytic, severity
                """, arguments: [fromMs]).map { ($0["analytic"], $0["severity"], $0["n"]) }
        }
    }

    /// Changes whenever alerts are added or a scan is recorded (for caches of aggregates).
    public func alertsVersion() throws -> String {
        try db.read { db in
            "\(try Int64.fetchOne(db, sql: "SELECT MAX(rowid) FROM alert") ?? 0):\(try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM scan") ?? 0)"
        }
    }

    /// The principals (or, with `targets`, the targets: accounts, devices) with the most alerts
    /// from `fromMs` on.
    public func topEntities(targets: Bool, fromMs: Int64, limit: Int = 10) throws -> [NamedCount] {
        let column = targets ? "target" : "principal"
        return try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(column) AS name, COUNT(*) AS n FROM alert WHERE time_ms >= ? AND \(column) IS NOT NULL
                GROUP BY \(column) ORDER BY n DESC, name LIMIT ?
                """, arguments: [fromMs, limit]).map { NamedCount(name: $0["name"], count: $0["n"]) }
        }
    }

    /// Alerts of one analytic at or after `fromMs`.
    public func alertCount(analytic: String, fromMs: Int64) throws -> Int {
        try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM alert WHERE analytic = ? AND time_ms >= ?", arguments: [analytic, fromMs]) ?? 0 }
    }

    /// The newest alert's time.
    public func newestAlertMs() throws -> Int64? {
        try db.read { try Int64.fetchOne($0, sql: "SELECT MAX(time_ms) FROM alert") }
    }

    /// The most recent scans, newest first.
    public func scans(limit: Int = 20) throws -> [ScanRecord] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM scan ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                ScanRecord(id: $0["id"], startedAt: $0["started_at"], paths: ($0["paths"] as String).split(separator: "\n").map(String.init),
                           files: $0["files"], records: $0["records"], bytes: $0["bytes"], malformed: $0["malformed"], skipped: $0["skipped"],
                           alerts: $0["alerts"], elapsedSeconds: $0["elapsed_seconds"])
            }
        }
    }
}
