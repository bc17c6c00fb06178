/// Which activity a change window approves.
///
/// Each dimension (principals, accounts, regions, devices, sites) is left out, `"*"`, or a list; every
/// dimension must match, and every tag must be on the subject with the same value:
/// - left out: not constrained: matches whether or not the subject has that dimension;
/// - `"*"`: any value, but the subject must have one, so `devices: "*"` approves changes on
///   network devices and not cloud activity;
/// - a list: the subject's value must be one of these (exact, case-sensitive).
public struct WindowScope: Sendable, Hashable {
    /// How one dimension is constrained.
    public enum Match: Sendable, Hashable {
        /// Not written: anything, including a subject without this dimension.
        case unconstrained
        /// `"*"`: any value the subject has.
        case anyValue
        /// A list: one of these values.
        case oneOf(Set<String>)

        /// Whether a subject's value for this dimension matches.
        public func matches(_ value: String?) -> Bool { Dimension(self).matches(value) }
    }

    /// Acting principals.
    public var principals: Match {
        get { principalDimension.match }
        set { principalDimension = Dimension(newValue) }
    }
    /// Cloud accounts.
    public var accounts: Match {
        get { accountDimension.match }
        set { accountDimension = Dimension(newValue) }
    }
    /// Cloud regions.
    public var regions: Match {
        get { regionDimension.match }
        set { regionDimension = Dimension(newValue) }
    }
    /// Network devices.
    public var devices: Match {
        get { deviceDimension.match }
        set { deviceDimension = Dimension(newValue) }
    }
    /// Network device sites (`device_sites` in the configuration names each device's site).
    public var sites: Match {
        get { siteDimension.match }
        set { siteDimension = Dimension(newValue) }
    }
    /// Resource tags that must all be present with these values.
    public var tags: [String: String]

    // Stored flat rather than as `Match`, so matching reads the sets in place: binding an enum's
    // payload copies (retains) it, once per dimension per event.
    private var principalDimension: Dimension
    private var accountDimension: Dimension
    private var regionDimension: Dimension
    private var deviceDimension: Dimension
    private var siteDimension = Dimension(.unconstrained)

    /// Creates a scope; the default matches everything.
    public init(principals: Match = .unconstrained, accounts: Match = .unconstrained, regions: Match = .unconstrained,
                devices: Match = .unconstrained, tags: [String: String] = [:]) {
        principalDimension = Dimension(principals)
        accountDimension = Dimension(accounts)
        regionDimension = Dimension(regions)
        deviceDimension = Dimension(devices)
        self.tags = tags
    }

    /// Whether this scope covers `subject`.
    public func applies(to subject: WindowSubject) -> Bool {
        principalDimension.matches(subject.principal) && accountDimension.matches(subject.account)
            && regionDimension.matches(subject.region) && deviceDimension.matches(subject.device)
            && siteDimension.matches(subject.site)
            && (tags.isEmpty || tags.allSatisfy { subject.tags[$0.key] == $0.value })
    }
}

/// One scope dimension, flattened: whether a value is needed, and the allowed values (when listed).
private struct Dimension: Sendable, Hashable {
    var needsValue: Bool
    var listed: Bool
    var values: Set<String>

    init(_ match: WindowScope.Match) {
        switch match {
        case .unconstrained: (needsValue, listed, values) = (false, false, [])
        case .anyValue: (needsValue, listed, values) = (true, false, [])
        case .oneOf(let set): (needsValue, listed, values) = (true, true, set)
        }
    }

    var match: WindowScope.Match { listed ? .oneOf(values) : needsValue ? .anyValue : .unconstrained }

    func matches(_ value: String?) -> Bool {
        guard needsValue else { return true }
        guard let value else { return false }
        return !listed || values.contains(value)
    }
}
