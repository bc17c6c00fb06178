import VigilCore

/// AN1240's tunables. The analytic's mutable elements in ATT&CK — `PrivilegeLevel` and
/// `RemoteSessionFlag` — are the configuration keys of the same names (see
/// docs/configuration.md).
public struct AN1240Settings: Sendable, Hashable {
    /// `PrivilegeLevel`: a numeric level at or above this is administrative (IOS, ASA, EOS 15).
    public var adminLevel = 15
    /// `PrivilegeLevel`: roles, classes and profiles that are administrative besides those the
    /// platforms name so (`network-admin`, `super-user`, `super_admin`, `superuser`, …).
    public var adminRoles: Set<String> = []
    /// `PrivilegeLevel`: whether creating an account without administrative privilege alerts
    /// (some devices allow unprivileged accounts; false keeps them silent unless something else
    /// about the change is wrong).
    public var alertUnprivileged = true

    /// `RemoteSessionFlag`: the management paths whose account changes get a reason of their
    /// own (and a higher priority): by default every path but an unknown one.
    public var flaggedSessions: Set<String> = Set(sessionNames).subtracting(["automation"])
    /// The management paths, as `RemoteSessionFlag.sessions` names them.
    public static let sessionNames = ["telnet", "ssh", "console", "rest-api", "netconf", "xml-api", "gui", "automation"]

    /// The change windows (by name) that approve device account changes; nil means every window
    /// of ``OrgContext/changeWindows`` scoped to the device.
    public var windows: Set<String>? = nil

    /// Account changes by one operator on one device closer than this form one incident.
    public var incidentGapMinutes = 30

    /// Defaults.
    public init() {}
}
