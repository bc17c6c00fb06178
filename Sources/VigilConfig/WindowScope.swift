/// What an activity is about, for matching change-window scopes.
public struct WindowSubject: Sendable, Hashable {
    public var principal: String?
    public var account: String?
    public var region: String?
    public var device: String?
    public var tags: [String: String]

    /// Creates a subject.
    public init(principal: String? = nil, account: String? = nil, region: String? = nil, device: String? = nil,
                tags: [String: String] = [:]) {
        self.principal = principal
        self.account = account
        self.region = region
        self.device = device
        self.tags = tags
    }
}

/// Which activity a change window approves. Each dimension is any (omitted or `"*"`) or a list;
/// all given dimensions must match, and every tag must be present with its value.
public struct WindowScope: Sendable, Hashable {
    /// One dimension: any value, or one of a set.
    public enum Match: Sendable, Hashable {
        case any
        case oneOf(Set<String>)

        func matches(_ value: String?) -> Bool {
            switch self {
            case .any: return true
            case .oneOf(let set): return value.map(set.contains) ?? false
            }
        }
    }

    public var principals: Match = .any
    public var accounts: Match = .any
    public var regions: Match = .any
    public var devices: Match = .any
    public var tags: [String: String] = [:]

    /// A scope matching everything.
    public init() {}

    /// Set when the configuration wrote `devices:` (even as `"*"`): such a window approves
    /// changes on network devices only, not cloud activity.
    public var hasDeviceDimension = false

    /// Whether this scope covers `subject`.
    public func applies(to s: WindowSubject) -> Bool {
        if hasDeviceDimension, s.device == nil { return false }
        return principals.matches(s.principal) && accounts.matches(s.account) && regions.matches(s.region)
            && devices.matches(s.device) && tags.allSatisfy { s.tags[$0.key] == $0.value }
    }
}
