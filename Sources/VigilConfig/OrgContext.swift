public import VigilCore

/// What the organisation knows that turns activity into (or out of) an alert: approved change
/// windows, automation, administrators, management networks, and each device's authorised
/// accounts. Loaded from YAML by ``ConfigLoader``.
public struct OrgContext: Sendable {
    /// Default IANA time zone for windows that name none.
    public var timeZone: String = "UTC"
    /// Approved change windows.
    public var changeWindows: [ChangeWindow] = []
    /// Cloud principals and device accounts that are automation (Terraform, backup jobs, Ansible).
    public var automationPrincipals: Set<String> = []
    /// Authorised administrators.
    public var administrators: Set<String> = []
    /// Networks management traffic is expected from.
    public var managementNetworks: [IPNetwork] = []
    /// Device hostname → its authorised local accounts.
    public var deviceAccountRoster: [String: [String]] = [:]
    /// Days of history a baseline learns before first-seen judgements count.
    public var baselineLearningDays: Int = 14

    /// No context: nothing approved, nobody known.
    public static let empty = OrgContext()

    /// Creates a context.
    public init() {}

    /// The windows whose scope covers `subject`.
    public func changeWindows(for subject: WindowSubject) -> [ChangeWindow] {
        changeWindows.filter { $0.scope.applies(to: subject) }
    }

    /// True when some window scoped to `subject` contains `time`; false when windows are scoped
    /// to it but none is open; nil when no window is scoped to it (nothing approved is known —
    /// callers treat that as outside any approved window).
    public func isInsideChangeWindow(_ subject: WindowSubject, at time: Timestamp) -> Bool? {
        let windows = changeWindows(for: subject)
        if windows.isEmpty { return nil }
        return windows.contains { $0.contains(time) }
    }
}
