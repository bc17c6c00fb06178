public import VigilCore
import VigilNetwork

/// What Vigil has seen from each source, for coverage and blind spots: per network device, the
/// kinds of management telemetry it sent; per cloud account and region, its control-plane volume
/// and the compute events among it. First and last seen, counts. Kept in the store across scans.
public struct TelemetryCoverage: Sendable, Codable, Equatable {
    /// Telemetry kinds of network devices.
    public enum DeviceKind: String, Sendable, Codable, CaseIterable {
        /// AAA accounting: TACACS+ records, NX-OS / EOS accounting lines.
        case accounting = "aaa-accounting"
        /// CLI history: the commands operators typed (IOS archive log, Junos command lines, ASA 111008).
        case cliCommand = "cli-command"
        /// Configuration-change messages (`Configured from …`, commits, audit of changed paths).
        case configChange = "config-change"
        /// REST, NETCONF, XML API or GUI audit.
        case apiAudit = "api-audit"
        /// Logins and logouts.
        case login
        /// Anything else the device logged.
        case other
    }

    /// One network device.
    public struct Device: Sendable, Codable, Equatable {
        public var platform: String?
        public var firstSeen: Timestamp
        public var lastSeen: Timestamp
        public var records: Int
        /// Records by ``DeviceKind`` raw value.
        public var kinds: [String: Int]
    }

    /// One cloud account in one region.
    public struct CloudSource: Sendable, Codable, Equatable {
        public var provider: String
        public var account: String
        public var region: String
        public var firstSeen: Timestamp
        public var lastSeen: Timestamp
        public var records: Int
        /// Compute changes (AN0861's event kinds) by kind.
        public var computeEvents: [String: Int]
    }

    /// Device name → telemetry.
    public var devices: [String: Device] = [:]
    /// `provider/account/region` → telemetry.
    public var cloud: [String: CloudSource] = [:]

    /// Nothing seen.
    public init() {}

    /// The kind of a device event.
    static func kind(of e: DeviceEvent) -> DeviceKind {
        if e.os == .tacacs || e.messageID.includes("ACCOUNTING") || e.messageID.hasPrefix("tac_plus") { return .accounting }
        switch e.action {
        case .login, .logout: return .login
        default: break
        }
        switch e.session {
        case .restAPI, .netconf, .xmlAPI, .gui: return .apiAudit
        default: break
        }
        if e.os == .fortiOS || e.os == .panOS { return .apiAudit }  // configuration audit logs, whatever the client
        switch e.action {
        case .configChange: return .configChange
        case .commandExecuted, .accountCreateOrModify, .accountDelete, .privilegeChange, .passwordChange: return .cliCommand
        default: return .other
        }
    }

    /// Notes one device record.
    mutating func note(device: String, platform: String?, kind: DeviceKind, at time: Timestamp?) {
        let t = time ?? Timestamp(milliseconds: 0)
        if var d = devices[device] {
            d.records += 1
            d.kinds[kind.rawValue, default: 0] += 1
            if time != nil {
                if t < d.firstSeen || d.firstSeen.milliseconds == 0 { d.firstSeen = t }
                if t > d.lastSeen { d.lastSeen = t }
            }
            if d.platform == nil || d.platform == "unknown" { d.platform = platform }
            devices[device] = d
        } else {
            devices[device] = Device(platform: platform, firstSeen: t, lastSeen: t, records: 1, kinds: [kind.rawValue: 1])
        }
    }

    /// Notes `count` records of a cloud account and region seen between `first` and `last`.
    mutating func note(provider: String, account: String, region: String, first: Timestamp, last: Timestamp, count: Int) {
        let key = "\(provider)/\(account)/\(region)"
        if var c = cloud[key] {
            c.records += count
            c.firstSeen = min(c.firstSeen, first)
            c.lastSeen = max(c.lastSeen, last)
            cloud[key] = c
        } else {
            cloud[key] = CloudSource(provider: provider, account: account, region: region, firstSeen: first, lastSeen: last, records: count,
                                     computeEvents: [:])
        }
    }

    /// Notes a compute change of a cloud account and region (already counted as a record).
    mutating func noteCompute(provider: String, account: String, region: String, kind: String, at time: Timestamp, count: Int = 1) {
        let key = "\(provider)/\(account)/\(region)"
        if cloud[key] == nil {
            cloud[key] = CloudSource(provider: provider, account: account, region: region, firstSeen: time, lastSeen: time, records: 0,
                                     computeEvents: [:])
        }
        cloud[key]?.computeEvents[kind, default: 0] += count
    }

    /// Folds another coverage in.
    public mutating func merge(_ other: TelemetryCoverage) {
        for (name, d) in other.devices {
            if var mine = devices[name] {
                mine.records += d.records
                mine.kinds.merge(d.kinds, uniquingKeysWith: +)
                mine.firstSeen = min(mine.firstSeen, d.firstSeen)
                mine.lastSeen = max(mine.lastSeen, d.lastSeen)
                if mine.platform == nil || mine.platform == "unknown" { mine.platform = d.platform }
                devices[name] = mine
            } else {
                devices[name] = d
            }
        }
        for (key, c) in other.cloud {
            if var mine = cloud[key] {
                mine.records += c.records
                mine.computeEvents.merge(c.computeEvents, uniquingKeysWith: +)
                mine.firstSeen = min(mine.firstSeen, c.firstSeen)
                mine.lastSeen = max(mine.lastSeen, c.lastSeen)
                cloud[key] = mine
            } else {
                cloud[key] = c
            }
        }
    }
}
