public import VigilCore
public import Foundation
import GRDB

/// Vigil's SQLite store: alerts with their evidence, a record of every scan, analytic state and
/// imported ATT&CK releases (`VigilStore+Attack.swift`). WAL mode;
/// schema changes only through migrations, which are never edited once shipped.
public final class VigilStore: Sendable {
    let db: DatabaseQueue

    /// Opens (creating if needed) the store at `path` and brings its schema up to date.
    public init(path: String) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        db = try DatabaseQueue(path: path, configuration: config)
        try Self.migrator.migrate(db)
    }

    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1-alerts-and-scans") { db in
            try db.execute(sql: """
                CREATE TABLE scan (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  started_at TEXT NOT NULL,
                  paths TEXT NOT NULL,
                  files INTEGER NOT NULL,
                  records INTEGER NOT NULL,
                  bytes INTEGER NOT NULL,
                  malformed INTEGER NOT NULL,
                  skipped INTEGER NOT NULL,
                  alerts INTEGER NOT NULL,
                  elapsed_seconds REAL NOT NULL
                );
                CREATE TABLE alert (
                  id TEXT PRIMARY KEY,
                  analytic TEXT NOT NULL,
                  detection TEXT NOT NULL,
                  severity INTEGER NOT NULL,
                  time_ms INTEGER NOT NULL,
                  principal TEXT NOT NULL,
                  target TEXT,
                  title TEXT NOT NULL,
                  document TEXT NOT NULL,
                  first_scan_id INTEGER REFERENCES scan(id),
                  last_scan_id INTEGER REFERENCES scan(id)
                );
                CREATE INDEX alert_by_time ON alert(time_ms);
                CREATE INDEX alert_by_analytic ON alert(analytic, time_ms);
                CREATE TABLE alert_evidence (
                  alert_id TEXT NOT NULL REFERENCES alert(id) ON DELETE CASCADE,
                  position INTEGER NOT NULL,
                  event_id TEXT,
                  time_ms INTEGER NOT NULL,
                  file TEXT NOT NULL,
                  byte_offset INTEGER NOT NULL,
                  PRIMARY KEY (alert_id, position)
                );
                CREATE INDEX evidence_by_event ON alert_evidence(event_id);
                """)
        }
        m.registerMigration("v2-analytic-state") { db in
            try db.execute(sql: """
                CREATE TABLE state (
                  kind TEXT NOT NULL,
                  key TEXT NOT NULL,
                  document BLOB NOT NULL,
                  PRIMARY KEY (kind, key)
                );
                CREATE TABLE ingested_file (
                  path TEXT PRIMARY KEY,
                  size INTEGER NOT NULL,
                  mtime_ns INTEGER NOT NULL,
                  scan_id INTEGER REFERENCES scan(id)
                );
                """)
        }
        m.registerMigration("v3-attack-knowledge") { db in
            // ATT&CK releases and their objects. Raw object texts are shared between releases
            // (keyed by the SHA-256 of the text), since most objects do not change between them.
            try db.execute(sql: """
                CREATE TABLE attack_release (
                  id INTEGER PRIMARY KEY AUTOINCREMENT,
                  collection_id TEXT NOT NULL,
                  name TEXT NOT NULL,
                  version TEXT NOT NULL,
                  modified TEXT NOT NULL,
                  object_count INTEGER NOT NULL,
                  digest TEXT NOT NULL,
                  file_digest TEXT NOT NULL,
                  source TEXT NOT NULL,
                  imported_at TEXT NOT NULL,
                  UNIQUE (collection_id, version)
                );
                CREATE TABLE attack_raw (
                  digest TEXT PRIMARY KEY,
                  json TEXT NOT NULL
                );
                CREATE TABLE attack_object (
                  release_id INTEGER NOT NULL REFERENCES attack_release(id) ON DELETE CASCADE,
                  stix_id TEXT NOT NULL,
                  type TEXT NOT NULL,
                  attack_id TEXT,
                  name TEXT,
                  modified TEXT,
                  version TEXT,
                  deprecated INTEGER NOT NULL,
                  revoked INTEGER NOT NULL,
                  hash TEXT NOT NULL,
                  raw_digest TEXT NOT NULL REFERENCES attack_raw(digest),
                  PRIMARY KEY (release_id, stix_id)
                ) WITHOUT ROWID;
                CREATE INDEX attack_object_by_attack_id ON attack_object(attack_id);
                CREATE INDEX attack_object_by_stix_id ON attack_object(stix_id);
                CREATE TABLE attack_link (
                  release_id INTEGER NOT NULL REFERENCES attack_release(id) ON DELETE CASCADE,
                  source TEXT NOT NULL,
                  kind TEXT NOT NULL,
                  target TEXT NOT NULL,
                  via TEXT
                );
                CREATE INDEX attack_link_by_source ON attack_link(release_id, source);
                CREATE INDEX attack_link_by_target ON attack_link(release_id, target);
                """)
        }
        // The console: tokens, users, sessions, triage, suppressions, audit (ConsoleSchema.swift).
        m.registerMigration("v4-console", migrate: ConsoleSchema.v4)
        return m
    }

    /// A file whose records are already part of the stored baselines.
    public struct IngestedFile: Sendable, Hashable {
        public var path: String
        public var size: Int64
        public var mtimeNanoseconds: Int64
        public init(path: String, size: Int64, mtimeNanoseconds: Int64) {
            self.path = path
            self.size = size
            self.mtimeNanoseconds = mtimeNanoseconds
        }
    }

    /// Analytic state of one kind (baselines, pending changes…), as stored documents by key.
    public func state(kind: String) throws -> [String: Data] {
        try db.read { db in
            var out: [String: Data] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT key, document FROM state WHERE kind = ?", arguments: [kind]) {
                out[row["key"]] = row["document"]
            }
            return out
        }
    }

    /// Replaces the state of each kind given with these documents, and records the files whose
    /// records the state now holds, in one transaction: a failed run leaves the old state whole.
    public func replaceState(_ documents: [String: [String: Data]], ingested: [IngestedFile], scanID: Int64?) throws {
        try db.write { db in
            for (kind, rows) in documents {
                try db.execute(sql: "DELETE FROM state WHERE kind = ?", arguments: [kind])
                for (key, document) in rows {
                    try db.execute(sql: "INSERT INTO state (kind, key, document) VALUES (?, ?, ?)", arguments: [kind, key, document])
                }
            }
            for f in ingested {
                try db.execute(sql: """
                    INSERT INTO ingested_file (path, size, mtime_ns, scan_id) VALUES (?, ?, ?, ?)
                    ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns, scan_id = excluded.scan_id
                    """, arguments: [f.path, f.size, f.mtimeNanoseconds, scanID])
            }
        }
    }

    /// Files already folded into the stored state.
    public func ingestedFiles() throws -> Set<IngestedFile> {
        try db.read { db in
            Set(try Row.fetchAll(db, sql: "SELECT path, size, mtime_ns FROM ingested_file").map {
                IngestedFile(path: $0["path"], size: $0["size"], mtimeNanoseconds: $0["mtime_ns"])
            })
        }
    }

    /// What `record(scan:alerts:)` changed.
    public struct Recorded: Sendable, Equatable {
        /// The scan's row id.
        public var scanID: Int64
        /// Alerts not in the store before.
        public var newAlerts: Int
        /// Alerts already stored from an earlier scan (same id: same evidence).
        public var knownAlerts: Int
    }

    /// Records a scan and its alerts in one transaction. Alerts are keyed by their stable id, so
    /// scanning the same logs again adds none.
    public func record(paths: [String], startedAt: Date, files: Int, records: Int, bytes: Int64, malformed: Int,
                       skipped: Int, elapsedSeconds: Double, alerts: [Alert], document: (Alert) -> String) throws -> Recorded {
        try db.write { db in
            try db.execute(sql: """
                INSERT INTO scan (started_at, paths, files, records, bytes, malformed, skipped, alerts, elapsed_seconds)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [ISO8601DateFormatter().string(from: startedAt), paths.joined(separator: "\n"), files, records,
                                 bytes, malformed, skipped, alerts.count, elapsedSeconds])
            let scanID = db.lastInsertedRowID
            var fresh = 0
            for a in alerts {
                let known = try Bool.fetchOne(db, sql: "SELECT 1 FROM alert WHERE id = ?", arguments: [a.id]) ?? false
                if known {
                    // The same incident; later runs may have added evidence and reasons to it.
                    try db.execute(sql: """
                        UPDATE alert SET last_scan_id = ?, severity = ?, title = ?, target = ?, document = ? WHERE id = ?
                        """, arguments: [scanID, a.severity.rawValue, a.title, a.target, document(a), a.id])
                    try db.execute(sql: "DELETE FROM alert_evidence WHERE alert_id = ?", arguments: [a.id])
                    try insertEvidence(db, a)
                    continue
                }
                fresh += 1
                try db.execute(sql: """
                    INSERT INTO alert (id, analytic, detection, severity, time_ms, principal, target, title, document, first_scan_id, last_scan_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [a.id, a.attack.analytic.rawValue, a.detection, a.severity.rawValue, a.time.milliseconds,
                                     a.principal.name, a.target, a.title, document(a), scanID, scanID])
                try insertEvidence(db, a)
            }
            return Recorded(scanID: scanID, newAlerts: fresh, knownAlerts: alerts.count - fresh)
        }
    }

    private func insertEvidence(_ db: Database, _ a: Alert) throws {
        for (i, e) in a.evidence.enumerated() {
            try db.execute(sql: """
                INSERT INTO alert_evidence (alert_id, position, event_id, time_ms, file, byte_offset) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [a.id, i, e.eventID, e.time.milliseconds, e.raw.file, e.raw.offset])
        }
    }

    /// Closes the connection now rather than when the store is released (a long-running service
    /// that stops, so that another can open the file at once). Any later use fails.
    public func close() throws {
        try db.close()
    }

    /// Stored alert count.
    public func alertCount() throws -> Int {
        try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM alert") ?? 0 }
    }

    /// Stored scan count.
    public func scanCount() throws -> Int {
        try db.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM scan") ?? 0 }
    }
}
