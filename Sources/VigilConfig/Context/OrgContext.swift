public import VigilCore

/// What the organisation knows that turns activity into (or out of) an alert: approved change
/// windows, automation, administrators, management networks, and each network device's
/// authorised local accounts. Loaded from YAML by ``ConfigLoader``; ``empty`` when there is none.
public struct OrgContext: Sendable {
    /// Default IANA time zone of windows that name none, as written (`UTC` by default); windows
    /// take it when they are loaded, so changing it later does not move them.
    public var timeZone: String
    /// Approved change windows, in the configuration's order.
    public var changeWindows: [ChangeWindow] { didSet { compiledWindows = changeWindows.map(\.compiled) } }
    /// Cloud roles and users and device accounts that are automation (Terraform, backup jobs,
    /// Ansible): expected to make changes, inside their windows.
    public var automationPrincipals: Set<String>
    /// Authorised (network and cloud) administrators.
    public var administrators: Set<String>
    /// Networks management sessions are expected to come from.
    public var managementNetworks: [IPNetwork]
    /// Device hostname → its authorised local accounts.
    public var deviceAccountRoster: [String: [String]]
    /// Days of history a baseline learns before "first seen" judgements count.
    public var baselineLearningDays: Int
    /// AN0861's settings (`analytics.AN0861`).
    public var an0861 = AN0861Settings()
    /// AN1240's settings (`analytics.AN1240`).
    public var an1240 = AN1240Settings()
    /// Network devices' management addresses (hostname → address), so that records naming a device
    /// only by address (TACACS+ accounting's NAS) are attributed to its hostname.
    public var deviceAddresses: [String: IPAddress] = [:]
    /// Network devices' sites (hostname → site), for change windows scoped by `sites`.
    public var deviceSites: [String: String] = [:]
    /// `vigil serve`'s settings, when the configuration has a `serve:` section.
    public var serve: ServeSettings?

    /// The hostname configured for a device address.
    public func deviceName(at address: IPAddress) -> String? {
        deviceAddresses.first { $0.value == address }?.key
    }

    /// The windows' per-event form, which ``isInsideChangeWindow(_:at:)`` reads in place.
    private var compiledWindows: [CompiledWindow]

    /// No context: nothing approved, nobody known, windows in UTC, 14 learning days.
    public static let empty = OrgContext()

    /// Creates a context; every part defaults to what ``empty`` has.
    public init(timeZone: String = "UTC", changeWindows: [ChangeWindow] = [], automationPrincipals: Set<String> = [],
                administrators: Set<String> = [], managementNetworks: [IPNetwork] = [],
                deviceAccountRoster: [String: [String]] = [:], baselineLearningDays: Int = 14) {
        self.timeZone = timeZone
        self.changeWindows = changeWindows
        self.compiledWindows = changeWindows.map(\.compiled)
        self.automationPrincipals = automationPrincipals
        self.administrators = administrators
        self.managementNetworks = managementNetworks
        self.deviceAccountRoster = deviceAccountRoster
        self.baselineLearningDays = baselineLearningDays
    }

    /// Windows whose scope covers this subject.
    public func changeWindows(for subject: WindowSubject) -> [ChangeWindow] {
        changeWindows.filter { $0.scope.applies(to: subject) }
    }

    /// Whether `subject` acts inside an approved change window at `time`: true when some window
    /// scoped to it is open; false when windows are scoped to it but none is open; nil when no
    /// window is scoped to it at all (nothing approved is known). Callers treat nil as outside
    /// any approved window, and may say so differently ("no change window covers this").
    public func isInsideChangeWindow(_ subject: WindowSubject, at time: Timestamp) -> Bool? {
        var scoped = false
        for window in compiledWindows where window.scope.applies(to: subject) {
            if window.contains(time) { return true }
            scoped = true
        }
        return scoped ? false : nil
    }

    /// The windows scoped to `subject`, to ask about many instants (``ScopedWindows/isInside(at:)``
    /// answers as ``isInsideChangeWindow(_:at:)`` does, without matching the scope again).
    public func windows(scopedTo subject: WindowSubject) -> ScopedWindows {
        let scoped = changeWindows.indices.filter { compiledWindows[$0].scope.applies(to: subject) }
        return ScopedWindows(windows: scoped.map { compiledWindows[$0] }, names: scoped.map { changeWindows[$0].name })
    }

    /// Whether `address` lies in one of the management networks.
    public func isManagementAddress(_ address: IPAddress) -> Bool {
        managementNetworks.contains { $0.contains(address) }
    }

    /// Whether `account` is authorised on `device`; nil when the roster does not list the device
    /// (nothing is known about it).
    public func isAuthorised(account: String, on device: String) -> Bool? {
        deviceAccountRoster[device].map { $0.contains(account) }
    }
}

/// The change windows scoped to one subject.
public struct ScopedWindows: Sendable {
    fileprivate let windows: [CompiledWindow]
    /// The windows' names, in configuration order (as ``OrgContext/changeWindows(for:)`` lists them).
    public let names: [String]

    /// True when one of the windows is open at `time`; false when none is; nil when no window is
    /// scoped to the subject at all.
    public func isInside(at time: Timestamp) -> Bool? {
        if windows.isEmpty { return nil }
        for window in windows where window.contains(time) { return true }
        return false
    }
}
