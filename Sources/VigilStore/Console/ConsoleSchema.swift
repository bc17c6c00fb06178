import GRDB

/// The console's tables (migration `v4-console`): API tokens and local users (hashes only),
/// sessions, alert triage, suppressions and the audit log, and the indexes the alert list pages
/// are served from.
enum ConsoleSchema {
    static func v4(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE api_token (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              name TEXT NOT NULL,
              role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
              hash TEXT NOT NULL UNIQUE,
              prefix TEXT NOT NULL,
              created_at TEXT NOT NULL,
              created_by TEXT NOT NULL,
              last_used_at TEXT,
              revoked_at TEXT
            );
            CREATE TABLE console_user (
              name TEXT PRIMARY KEY,
              role TEXT NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
              kdf TEXT NOT NULL,
              iterations INTEGER NOT NULL,
              salt TEXT NOT NULL,
              hash TEXT NOT NULL,
              created_at TEXT NOT NULL,
              disabled_at TEXT
            );
            CREATE TABLE console_session (
              hash TEXT PRIMARY KEY,
              principal TEXT NOT NULL,
              role TEXT NOT NULL,
              csrf TEXT NOT NULL,
              created_ms INTEGER NOT NULL,
              expires_ms INTEGER NOT NULL
            );
            CREATE INDEX console_session_by_expiry ON console_session(expires_ms);
            CREATE TABLE alert_triage (
              alert_id TEXT PRIMARY KEY REFERENCES alert(id) ON DELETE CASCADE,
              status TEXT NOT NULL CHECK (status IN ('open', 'acknowledged', 'closed')),
              assignee TEXT,
              close_reason TEXT,
              updated_ms INTEGER NOT NULL,
              updated_by TEXT NOT NULL
            );
            CREATE INDEX alert_triage_by_status ON alert_triage(status);
            CREATE TABLE suppression (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              analytic TEXT NOT NULL,
              detection TEXT NOT NULL,
              principal TEXT NOT NULL,
              reason TEXT NOT NULL,
              created_ms INTEGER NOT NULL,
              created_by TEXT NOT NULL,
              expires_ms INTEGER NOT NULL,
              lifted_ms INTEGER,
              lifted_by TEXT
            );
            CREATE INDEX suppression_by_match ON suppression(analytic, detection, principal);
            CREATE TABLE audit_log (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              at_ms INTEGER NOT NULL,
              actor TEXT NOT NULL,
              action TEXT NOT NULL,
              target TEXT NOT NULL,
              reason TEXT,
              detail TEXT
            );
            CREATE INDEX audit_log_by_target ON audit_log(target, at_ms);
            CREATE INDEX alert_by_time_id ON alert(time_ms, id);
            CREATE INDEX alert_by_severity ON alert(severity, time_ms);
            CREATE INDEX alert_by_principal ON alert(principal, time_ms);
            CREATE INDEX alert_by_target ON alert(target, time_ms);
            CREATE INDEX alert_by_analytic_severity ON alert(analytic, severity, time_ms);
            """)
    }
}
