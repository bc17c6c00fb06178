public import VigilAnalytics
import VigilAttack
public import VigilConfig
public import VigilCore
import VigilNetwork

/// Each network device's local accounts as seen in its telemetry, against the authorised roster:
/// accounts nobody authorised, authorised accounts never seen, deletions, privilege changes, and
/// devices on the roster that sent nothing at all.
public struct AccountReconciliation: Sendable, Codable, Equatable {
    /// One account on one device.
    public struct Row: Sendable, Codable, Equatable {
        /// `unexpected` (changed, not on the roster), `authorised` (changed, on the roster),
        /// `active` (on the roster, seen logging in or running commands, not changed),
        /// `never-seen` (on the roster, not seen at all), `deleted` (deleted since).
        public var status: String
        public var device: String
        public var account: String
        /// Whether the roster lists it (nil: the roster does not list the device).
        public var onRoster: Bool?
        /// The last change seen (`created`, `modified`, `deleted`), when, by whom.
        public var lastChange: String?
        public var firstSeen: String?
        public var lastSeen: String?
        public var lastBy: String?
        public var privilege: String?
        /// The privilege the account was first seen with, when it has changed since (drift).
        public var privilegeDrift: String?
        public var changes: Int
    }

    public var rows: [Row]
    /// Devices on the roster that sent no record at all (blind spots), and devices that sent
    /// records but are not on the roster.
    public var silentDevices: [String]
    public var unlistedDevices: [String]

    /// Reconciles `inventory` (and which devices sent anything) with the context's roster.
    public init(inventory: DeviceInventory, devicesSeen: Set<String>, operators: [String: [String: Timestamp]] = [:], context: OrgContext) {
        var rows: [Row] = []
        let roster = context.deviceAccountRoster
        for device in Set(roster.keys).union(inventory.devices.keys).sorted() {
            let authorised = roster[device].map(Set.init)
            let seen = inventory.devices[device] ?? [:]
            for account in Set(seen.keys).union(authorised ?? []).sorted() {
                let onRoster = authorised.map { $0.contains(account) }
                guard let a = seen[account] else {
                    let last = operators[device]?[account]
                    rows.append(Row(status: last == nil ? "never-seen" : "active", device: device, account: account, onRoster: true,
                                    lastSeen: last?.iso8601, changes: 0))
                    continue
                }
                let status = a.lastChange == .deleted ? "deleted" : onRoster == false ? "unexpected" : "authorised"
                rows.append(Row(status: status, device: device, account: account, onRoster: onRoster, lastChange: a.lastChange.rawValue,
                                firstSeen: a.firstSeen.iso8601, lastSeen: a.lastSeen.iso8601, lastBy: a.lastBy,
                                privilege: a.privilege?.text, privilegeDrift: a.firstPrivilege?.text, changes: a.changes))
            }
        }
        let order = ["unexpected": 0, "deleted": 1, "authorised": 2, "active": 3, "never-seen": 4]
        self.rows = rows.sorted { (order[$0.status] ?? 9, $0.device, $0.account) < (order[$1.status] ?? 9, $1.device, $1.account) }
        self.silentDevices = roster.keys.filter { !devicesSeen.contains($0) }.sorted()
        self.unlistedDevices = devicesSeen.subtracting(roster.keys).sorted()
    }

    /// A table for people.
    public func table() -> String {
        var t = TextTable(["STATUS", "DEVICE", "ACCOUNT", "LAST CHANGE", "WHEN", "BY", "PRIVILEGE"])
        for r in rows {
            t.add([r.status, r.device, r.account, r.lastChange ?? "-", r.lastSeen ?? "-", r.lastBy ?? "-",
                   r.privilegeDrift.map { "\($0) → \(r.privilege ?? "?")" } ?? r.privilege ?? "-"])
        }
        var out = t.text
        let counts = Dictionary(grouping: rows, by: \.status).mapValues(\.count)
        out += "\n" + ["unexpected", "deleted", "authorised", "active", "never-seen"].map { "\(counts[$0] ?? 0) \($0)" }.joined(separator: ", ") + "\n"
        if !silentDevices.isEmpty { out += "Devices on the roster that sent nothing: \(silentDevices.joined(separator: ", "))\n" }
        if !unlistedDevices.isEmpty { out += "Devices not on the roster: \(unlistedDevices.joined(separator: ", "))\n" }
        return out
    }
}
