/// What a caller may do. Each role can do everything the ones before it can.
public enum ConsoleRole: String, Sendable, Codable, CaseIterable, Comparable {
    /// Reads alerts, reports, analytics and ATT&CK.
    case viewer
    /// Also triages: acknowledges, closes, suppresses and lifts suppressions.
    case analyst
    /// Also manages API tokens and reads the audit log.
    case admin

    var rank: Int { ConsoleRole.allCases.firstIndex(of: self)! }
    public static func < (a: ConsoleRole, b: ConsoleRole) -> Bool { a.rank < b.rank }
}

/// Who a request is from, once authenticated.
public struct ConsoleIdentity: Sendable, Hashable {
    /// `token:3` (API token id) or `user:alice` (local user): what the audit log records.
    public var principal: String
    /// A name to show (the token's or the user's).
    public var displayName: String
    public var role: ConsoleRole
    /// The CSRF token of the session, for requests authenticated by the session cookie; nil for
    /// bearer tokens, which a browser never sends on its own.
    public var sessionCSRF: String?

    /// Creates an identity.
    public init(principal: String, displayName: String, role: ConsoleRole, sessionCSRF: String? = nil) {
        self.principal = principal
        self.displayName = displayName
        self.role = role
        self.sessionCSRF = sessionCSRF
    }
}
