public import Foundation
import GRDB

/// An API token as stored: its hash and the first characters shown to tell tokens apart, never
/// the token itself.
public struct StoredToken: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    /// `viewer`, `analyst` or `admin`.
    public var role: String
    /// The token's first 8 characters (of 43), to recognise it in a list.
    public var prefix: String
    public var createdAt: String
    public var createdBy: String
    public var lastUsedAt: String?
    public var revokedAt: String?
}

/// A local console user: the password only as a salted slow hash.
public struct StoredUser: Sendable, Hashable {
    public var name: String
    public var role: String
    /// `pbkdf2-sha256`.
    public var kdf: String
    public var iterations: Int
    /// Hex.
    public var salt: String
    /// Hex.
    public var hash: String
    public var disabled: Bool

    /// Creates a user record.
    public init(name: String, role: String, kdf: String, iterations: Int, salt: String, hash: String, disabled: Bool = false) {
        self.name = name
        self.role = role
        self.kdf = kdf
        self.iterations = iterations
        self.salt = salt
        self.hash = hash
        self.disabled = disabled
    }
}

/// A console session: the cookie's hash, who it is, and the CSRF token of its forms.
public struct StoredSession: Sendable, Hashable {
    public var principal: String
    public var role: String
    public var csrf: String
    public var expiresMs: Int64
}

extension VigilStore {
    static func iso(_ d: Date) -> String { ISO8601DateFormatter().string(from: d) }

    private static func token(_ r: Row) -> StoredToken {
        StoredToken(id: r["id"], name: r["name"], role: r["role"], prefix: r["prefix"], createdAt: r["created_at"],
                    createdBy: r["created_by"], lastUsedAt: r["last_used_at"], revokedAt: r["revoked_at"])
    }

    /// Stores a new token's hash; its id.
    public func insertToken(name: String, role: String, hash: String, prefix: String, createdBy: String, at: Date) throws -> Int64 {
        try db.write { db in
            try Self.insertToken(db, name: name, role: role, hash: hash, prefix: prefix, createdBy: createdBy, at: at)
        }
    }

    private static func insertToken(_ db: Database, name: String, role: String, hash: String, prefix: String, createdBy: String, at: Date) throws -> Int64 {
        try db.execute(sql: "INSERT INTO api_token (name, role, hash, prefix, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?)",
                       arguments: [name, role, hash, prefix, iso(at), createdBy])
        let id = db.lastInsertedRowID
        try db.execute(sql: "INSERT INTO audit_log (at_ms, actor, action, target, reason, detail) VALUES (?, ?, 'token.create', ?, NULL, ?)",
                       arguments: [Int64(at.timeIntervalSince1970 * 1000), createdBy, "token:\(id)", "\(name) (\(role))"])
        return id
    }

    /// Stores the token only when the table holds none at all (first start), in one transaction;
    /// its id, or nil when tokens exist.
    public func insertFirstToken(name: String, role: String, hash: String, prefix: String, at: Date) throws -> Int64? {
        try db.write { db in
            guard (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_token") ?? 0) == 0 else { return nil }
            return try Self.insertToken(db, name: name, role: role, hash: hash, prefix: prefix, createdBy: "bootstrap", at: at)
        }
    }

    /// Every token, newest first.
    public func tokens() throws -> [StoredToken] {
        try db.read { db in try Row.fetchAll(db, sql: "SELECT * FROM api_token ORDER BY id DESC").map(Self.token) }
    }

    /// The unrevoked token with this hash; records its use (at most once a minute).
    public func activeToken(hash: String, at: Date) throws -> StoredToken? {
        let found = try db.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM api_token WHERE hash = ? AND revoked_at IS NULL", arguments: [hash]).map(Self.token)
        }
        guard let found else { return nil }
        let now = Self.iso(at)
        if found.lastUsedAt.map({ ($0 < Self.iso(at.addingTimeInterval(-60))) }) ?? true {
            try db.write { db in try db.execute(sql: "UPDATE api_token SET last_used_at = ? WHERE id = ?", arguments: [now, found.id]) }
        }
        return found
    }

    /// Revokes a token (audited); false when there is no such unrevoked token.
    public func revokeToken(id: Int64, by actor: String, at: Date) throws -> Bool {
        try db.write { db in
            try db.execute(sql: "UPDATE api_token SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [Self.iso(at), id])
            guard db.changesCount > 0 else { return false }
            // Sessions started with the token end with it (principal, unit separator, display name).
            try db.execute(sql: "DELETE FROM console_session WHERE principal = ?1 OR principal LIKE ?1 || char(31) || '%'",
                           arguments: ["token:\(id)"])
            try db.execute(sql: "INSERT INTO audit_log (at_ms, actor, action, target) VALUES (?, ?, 'token.revoke', ?)",
                           arguments: [Int64(at.timeIntervalSince1970 * 1000), actor, "token:\(id)"])
            return true
        }
    }

    /// Creates or replaces a local user (audited).
    public func saveUser(_ u: StoredUser, by actor: String, at: Date) throws {
        try db.write { db in
            try db.execute(sql: """
                INSERT INTO console_user (name, role, kdf, iterations, salt, hash, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET role = excluded.role, kdf = excluded.kdf, iterations = excluded.iterations,
                  salt = excluded.salt, hash = excluded.hash, disabled_at = NULL
                """, arguments: [u.name, u.role, u.kdf, u.iterations, u.salt, u.hash, Self.iso(at)])
            try db.execute(sql: "INSERT INTO audit_log (at_ms, actor, action, target, detail) VALUES (?, ?, 'user.save', ?, ?)",
                           arguments: [Int64(at.timeIntervalSince1970 * 1000), actor, "user:\(u.name)", u.role])
        }
    }

    /// The local user of this name.
    public func user(named name: String) throws -> StoredUser? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM console_user WHERE name = ?", arguments: [name]).map {
                StoredUser(name: $0["name"], role: $0["role"], kdf: $0["kdf"], iterations: $0["iterations"], salt: $0["salt"],
                           hash: $0["hash"], disabled: ($0["disabled_at"] as String?) != nil)
            }
        }
    }

    /// Starts a session (keyed by the hash of its cookie value); expired sessions are dropped.
    public func insertSession(hash: String, principal: String, role: String, csrf: String, nowMs: Int64, expiresMs: Int64) throws {
        try db.write { db in
            try db.execute(sql: "DELETE FROM console_session WHERE expires_ms <= ?", arguments: [nowMs])
            try db.execute(sql: "INSERT INTO console_session (hash, principal, role, csrf, created_ms, expires_ms) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [hash, principal, role, csrf, nowMs, expiresMs])
        }
    }

    /// The unexpired session with this hash.
    public func session(hash: String, nowMs: Int64) throws -> StoredSession? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM console_session WHERE hash = ? AND expires_ms > ?", arguments: [hash, nowMs]).map {
                StoredSession(principal: $0["principal"], role: $0["role"], csrf: $0["csrf"], expiresMs: $0["expires_ms"])
            }
        }
    }

    /// Ends a session.
    public func deleteSession(hash: String) throws {
        try db.write { db in try db.execute(sql: "DELETE FROM console_session WHERE hash = ?", arguments: [hash]) }
    }
}
