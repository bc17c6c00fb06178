import HTTPTypes
public import Foundation
public import VigilStore

/// Tokens, local users and sessions over the store. Secrets are hashed before they reach it:
/// tokens and session cookies with SHA-256 (they are 256-bit random), passwords with
/// PBKDF2-HMAC-SHA256.
public struct Authenticator: Sendable {
    public let store: VigilStore
    /// How long a console session lasts.
    public var sessionSeconds: Int

    /// An authenticator over `store`.
    public init(store: VigilStore, sessionSeconds: Int = 8 * 3600) {
        self.store = store
        self.sessionSeconds = sessionSeconds
    }

    /// A new token (shown once; only its hash is kept) and its id.
    public func createToken(name: String, role: ConsoleRole, by actor: String, at: Date = Date()) throws -> (id: Int64, token: String) {
        let token = "vgl_" + ConsoleCrypto.newSecret()
        let id = try store.insertToken(name: name, role: role.rawValue, hash: ConsoleCrypto.sha256Hex(token),
                                       prefix: String(token.prefix(12)), createdBy: actor, at: at)
        return (id, token)
    }

    /// On first start (no token at all in the store), an admin token, to be printed once.
    public func bootstrapAdminToken(at: Date = Date()) throws -> String? {
        let token = "vgl_" + ConsoleCrypto.newSecret()
        let id = try store.insertFirstToken(name: "initial admin", role: ConsoleRole.admin.rawValue, hash: ConsoleCrypto.sha256Hex(token),
                                            prefix: String(token.prefix(12)), at: at)
        return id == nil ? nil : token
    }

    /// The identity a bearer token stands for (nil: unknown or revoked).
    public func identify(token: String, at: Date = Date()) throws -> ConsoleIdentity? {
        guard token.count <= 200, let t = try store.activeToken(hash: ConsoleCrypto.sha256Hex(token), at: at),
              let role = ConsoleRole(rawValue: t.role) else { return nil }
        return ConsoleIdentity(principal: "token:\(t.id)", displayName: t.name, role: role)
    }

    /// Creates or replaces a local user with a salted PBKDF2 hash of the password.
    public func saveUser(name: String, password: String, role: ConsoleRole, by actor: String,
                         iterations: Int = ConsoleCrypto.passwordIterations, at: Date = Date()) throws {
        let salt = ConsoleCrypto.randomBytes(16)
        let hash = ConsoleCrypto.pbkdf2(password: Array(password.utf8), salt: salt, iterations: iterations)
        try store.saveUser(StoredUser(name: name, role: role.rawValue, kdf: "pbkdf2-sha256", iterations: iterations,
                                      salt: ConsoleCrypto.hex(salt), hash: ConsoleCrypto.hex(hash)), by: actor, at: at)
    }

    /// The user's identity when the password is theirs. An unknown name costs the same KDF work
    /// as a wrong password, so timing does not tell which names exist.
    public func identify(user name: String, password: String) throws -> ConsoleIdentity? {
        let u = try store.user(named: name)
        let salt = u.flatMap { ConsoleCrypto.unhex($0.salt) } ?? [UInt8](repeating: 0, count: 16)
        let iterations = u?.iterations ?? ConsoleCrypto.passwordIterations
        let derived = ConsoleCrypto.pbkdf2(password: Array(password.utf8), salt: salt, iterations: iterations)
        guard let u, !u.disabled, u.kdf == "pbkdf2-sha256", let expected = ConsoleCrypto.unhex(u.hash),
              ConsoleCrypto.constantTimeEquals(derived, expected), let role = ConsoleRole(rawValue: u.role) else { return nil }
        return ConsoleIdentity(principal: "user:\(u.name)", displayName: u.name, role: role)
    }

    /// Starts a session for `identity`: the cookie value (kept only as a hash) and its CSRF token.
    public func startSession(_ identity: ConsoleIdentity, at: Date = Date()) throws -> (cookie: String, csrf: String) {
        let cookie = ConsoleCrypto.newSecret(), csrf = ConsoleCrypto.newSecret()
        let now = Int64(at.timeIntervalSince1970 * 1000)
        try store.insertSession(hash: ConsoleCrypto.sha256Hex(cookie), principal: identity.principal + "\u{1F}" + identity.displayName,
                                role: identity.role.rawValue, csrf: csrf, nowMs: now, expiresMs: now + Int64(sessionSeconds) * 1000)
        return (cookie, csrf)
    }

    /// The identity of an unexpired session cookie.
    public func identify(session cookie: String, at: Date = Date()) throws -> ConsoleIdentity? {
        guard cookie.count <= 200,
              let s = try store.session(hash: ConsoleCrypto.sha256Hex(cookie), nowMs: Int64(at.timeIntervalSince1970 * 1000)),
              let role = ConsoleRole(rawValue: s.role) else { return nil }
        let parts = s.principal.split(separator: "\u{1F}", maxSplits: 1).map(String.init)
        return ConsoleIdentity(principal: parts[0], displayName: parts.count > 1 ? parts[1] : parts[0], role: role, sessionCSRF: s.csrf)
    }

    /// Ends a session.
    public func endSession(_ cookie: String) throws { try store.deleteSession(hash: ConsoleCrypto.sha256Hex(cookie)) }
}
