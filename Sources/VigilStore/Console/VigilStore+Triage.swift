import GRDB

/// An alert's triage state.
public struct AlertTriage: Sendable, Hashable, Codable {
    /// `open`, `acknowledged` or `closed`.
    public var status: String
    public var assignee: String?
    public var closeReason: String?
    public var updatedMs: Int64
    public var updatedBy: String
}

/// A suppression of alerts similar to one (same analytic, detection and principal) until it
/// expires or is lifted.
public struct Suppression: Sendable, Hashable, Codable {
    public var id: Int64
    public var analytic: String
    public var detection: String
    public var principal: String
    public var reason: String
    public var createdMs: Int64
    public var createdBy: String
    public var expiresMs: Int64
    public var liftedMs: Int64?
    public var liftedBy: String?
}

/// One audited action: who, when, what, on what, why.
public struct AuditEntry: Sendable, Hashable, Codable {
    public var id: Int64
    public var atMs: Int64
    public var actor: String
    public var action: String
    public var target: String
    public var reason: String?
    public var detail: String?
}

extension VigilStore {
    private static func audit(_ db: Database, atMs: Int64, actor: String, action: String, target: String, reason: String?, detail: String?) throws {
        try db.execute(sql: "INSERT INTO audit_log (at_ms, actor, action, target, reason, detail) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [atMs, actor, action, target, reason, detail])
    }

    /// Sets an alert's triage status (and assignee, close reason), audited in the same
    /// transaction; false when there is no such alert.
    public func setTriage(alertID: String, status: String, assignee: String?, closeReason: String?, actor: String, reason: String?,
                          nowMs: Int64) throws -> Bool {
        try db.write { db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM alert WHERE id = ?", arguments: [alertID]) ?? false else { return false }
            try db.execute(sql: """
                INSERT INTO alert_triage (alert_id, status, assignee, close_reason, updated_ms, updated_by) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(alert_id) DO UPDATE SET status = excluded.status, assignee = COALESCE(excluded.assignee, alert_triage.assignee),
                  close_reason = excluded.close_reason, updated_ms = excluded.updated_ms, updated_by = excluded.updated_by
                """, arguments: [alertID, status, assignee, closeReason, nowMs, actor])
            try Self.audit(db, atMs: nowMs, actor: actor, action: "alert.\(status)", target: "alert:\(alertID)", reason: reason ?? closeReason,
                           detail: assignee.map { "assignee \($0)" })
            return true
        }
    }

    /// The alert's triage state, when it has been triaged.
    public func triage(alertID: String) throws -> AlertTriage? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM alert_triage WHERE alert_id = ?", arguments: [alertID]).map {
                AlertTriage(status: $0["status"], assignee: $0["assignee"], closeReason: $0["close_reason"], updatedMs: $0["updated_ms"],
                            updatedBy: $0["updated_by"])
            }
        }
    }

    private static func suppression(_ r: Row) -> Suppression {
        Suppression(id: r["id"], analytic: r["analytic"], detection: r["detection"], principal: r["principal"], reason: r["reason"],
                    createdMs: r["created_ms"], createdBy: r["created_by"], expiresMs: r["expires_ms"], liftedMs: r["lifted_ms"],
                    liftedBy: r["lifted_by"])
    }

    /// Suppresses alerts similar to this one (same analytic, detection and principal) until
    /// `untilMs`, audited; nil when there is no such alert.
    public func suppressSimilar(alertID: String, untilMs: Int64, actor: String, reason: String, nowMs: Int64) throws -> Suppression? {
        try db.write { db in
            guard let a = try Row.fetchOne(db, sql: "SELECT analytic, detection, principal FROM alert WHERE id = ?", arguments: [alertID])
            else { return nil }
            try db.execute(sql: """
                INSERT INTO suppression (analytic, detection, principal, reason, created_ms, created_by, expires_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [a["analytic"], a["detection"], a["principal"], reason, nowMs, actor, untilMs])
            let id = db.lastInsertedRowID
            let analytic: String = a["analytic"], detection: String = a["detection"], principal: String = a["principal"]
            try Self.audit(db, atMs: nowMs, actor: actor, action: "suppression.create", target: "suppression:\(id)", reason: reason,
                           detail: "\(analytic)/\(detection) by \(principal) until \(untilMs), from alert:\(alertID)")
            return try Row.fetchOne(db, sql: "SELECT * FROM suppression WHERE id = ?", arguments: [id]).map(Self.suppression)
        }
    }

    /// Lifts a suppression (audited); false when there is none in force with this id.
    public func liftSuppression(id: Int64, actor: String, reason: String?, nowMs: Int64) throws -> Bool {
        try db.write { db in
            try db.execute(sql: "UPDATE suppression SET lifted_ms = ?, lifted_by = ? WHERE id = ? AND lifted_ms IS NULL",
                           arguments: [nowMs, actor, id])
            guard db.changesCount > 0 else { return false }
            try Self.audit(db, atMs: nowMs, actor: actor, action: "suppression.lift", target: "suppression:\(id)", reason: reason, detail: nil)
            return true
        }
    }

    /// Suppressions, newest first: all, or only those in force at `activeAtMs`.
    public func suppressions(activeAtMs: Int64? = nil, limit: Int = 500) throws -> [Suppression] {
        try db.read { db in
            if let t = activeAtMs {
                return try Row.fetchAll(db, sql: "SELECT * FROM suppression WHERE lifted_ms IS NULL AND expires_ms > ? ORDER BY id DESC LIMIT ?",
                                        arguments: [t, limit]).map(Self.suppression)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM suppression ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.suppression)
        }
    }

    /// Records an action in the audit log.
    public func audit(actor: String, action: String, target: String, reason: String? = nil, detail: String? = nil, nowMs: Int64) throws {
        try db.write { db in try Self.audit(db, atMs: nowMs, actor: actor, action: action, target: target, reason: reason, detail: detail) }
    }

    /// The audit log, newest first, of one target (`alert:ID`) or all.
    public func auditLog(target: String? = nil, limit: Int = 200) throws -> [AuditEntry] {
        try db.read { db in
            let rows = try target.map {
                try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE target = ? ORDER BY at_ms DESC, id DESC LIMIT ?", arguments: [$0, limit])
            } ?? Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", arguments: [limit])
            return rows.map {
                AuditEntry(id: $0["id"], atMs: $0["at_ms"], actor: $0["actor"], action: $0["action"], target: $0["target"],
                           reason: $0["reason"], detail: $0["detail"])
            }
        }
    }
}
