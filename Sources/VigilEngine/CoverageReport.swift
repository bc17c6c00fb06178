public import VigilConfig
import VigilCore
import VigilAttack

/// What Vigil can and cannot see: per analytic (runnable, partial, blind), per network device
/// (which telemetry kinds it sends, when it last did), per cloud account and region (control-plane
/// volume, compute events, when last seen), with blind (never sent anything) and silent (stopped)
/// sources named.
public struct CoverageReport: Sendable, Codable, Equatable {
    /// One analytic's coverage.
    public struct Analytic: Sendable, Codable, Equatable {
        public var id: String
        public var name: String
        /// `runnable`, `partial` or `blind`.
        public var status: String
        /// What it needs, and where it is missing.
        public var needs: String
        public var missing: [String]
    }

    /// One network device.
    public struct Device: Sendable, Codable, Equatable {
        public var device: String
        /// `ok`, `blind` (on the roster, sent nothing), `no-account-telemetry` (sends, but nothing
        /// that shows account changes), `silent` (stopped sending), `unlisted` (not on the roster).
        public var status: String
        public var platform: String?
        public var records: Int
        public var lastSeen: String?
        public var accounting: Bool
        public var cliCommands: Bool
        public var configChanges: Bool
        public var apiAudit: Bool
        public var logins: Bool
    }

    /// One cloud account in one region.
    public struct Cloud: Sendable, Codable, Equatable {
        public var provider: String
        public var account: String
        public var region: String
        /// `ok` or `silent`.
        public var status: String
        public var records: Int
        public var lastSeen: String
        public var computeEvents: [String: Int]
    }

    public var analytics: [Analytic]
    public var devices: [Device]
    public var cloud: [Cloud]
    /// The newest record seen anywhere: silence is measured back from it.
    public var newest: String?
    /// ATT&CK-wide: Network Devices and IaaS analytics of the newest imported release whose log
    /// sources Vigil parses (with `--db` and an imported release).
    public var attack: AttackCoverage?
    public var silentAfterHours: Int
    public var gapFactor: Int

    /// The report for what `coverage` holds, against the roster in `context`. A source is silent
    /// when the time from its last record to the newest record seen anywhere is longer than
    /// `gapFactor` times its usual gap between records (its span over its records), and at least
    /// `silentAfterHours`; a source with one record is silent after `silentAfterHours`.
    public init(_ coverage: TelemetryCoverage, context: OrgContext, silentAfterHours: Int = 24, gapFactor: Int = 10) {
        self.silentAfterHours = silentAfterHours
        self.gapFactor = gapFactor
        let newest = (coverage.devices.values.map(\.lastSeen) + coverage.cloud.values.map(\.lastSeen)).max()
        self.newest = newest?.iso8601
        func silent(first: Timestamp, last: Timestamp, records: Int) -> Bool {
            guard let newest else { return false }
            let silence = newest.milliseconds - last.milliseconds
            let usualGap = records > 1 ? (last.milliseconds - first.milliseconds) / Int64(records - 1) : 0
            return silence > max(Int64(silentAfterHours) * 3_600_000, Int64(gapFactor) * usualGap)
        }

        let roster = Set(context.deviceAccountRoster.keys)
        var devices: [Device] = []
        for name in roster.union(coverage.devices.keys).sorted() {
            guard let d = coverage.devices[name] else {
                devices.append(Device(device: name, status: "blind", platform: nil, records: 0, lastSeen: nil, accounting: false,
                                      cliCommands: false, configChanges: false, apiAudit: false, logins: false))
                continue
            }
            func has(_ k: TelemetryCoverage.DeviceKind) -> Bool { (d.kinds[k.rawValue] ?? 0) > 0 }
            let accountTelemetry = has(.accounting) || has(.cliCommand) || has(.configChange) || has(.apiAudit)
            let status = silent(first: d.firstSeen, last: d.lastSeen, records: d.records) ? "silent" : !accountTelemetry ? "no-account-telemetry"
                : !roster.isEmpty && !roster.contains(name) ? "unlisted" : "ok"
            devices.append(Device(device: name, status: status, platform: d.platform, records: d.records, lastSeen: d.lastSeen.iso8601,
                                  accounting: has(.accounting), cliCommands: has(.cliCommand), configChanges: has(.configChange),
                                  apiAudit: has(.apiAudit), logins: has(.login)))
        }
        self.devices = devices

        self.cloud = coverage.cloud.values.sorted { ($0.provider, $0.account, $0.region) < ($1.provider, $1.account, $1.region) }.map {
            Cloud(provider: $0.provider, account: $0.account, region: $0.region,
                  status: silent(first: $0.firstSeen, last: $0.lastSeen, records: $0.records) ? "silent" : "ok",
                  records: $0.records, lastSeen: $0.lastSeen.iso8601, computeEvents: $0.computeEvents)
        }

        var analytics: [Analytic] = []
        // AN0861 needs cloud control-plane logs (management events); compute events show it is
        // the right trail (one with management events of the compute services).
        let cloudMissing = cloud.filter { $0.status != "ok" }.map { "\($0.provider)/\($0.account)/\($0.region) (silent)" }
        analytics.append(Analytic(
            id: "AN0861", name: "Unauthorised or anomalous changes to cloud compute",
            status: cloud.isEmpty ? "blind" : cloudMissing.isEmpty ? "runnable" : "partial",
            needs: "cloud control-plane management events (CloudTrail, Azure Activity Log, GCP Admin Activity audit logs)",
            missing: cloud.isEmpty ? ["no cloud control-plane logs read"] : cloudMissing))
        // AN1240 needs, from every device, telemetry that shows account changes: AAA accounting,
        // CLI history, configuration audit or API audit.
        let deviceMissing = devices.filter { $0.status == "blind" || $0.status == "no-account-telemetry" || $0.status == "silent" }
            .map { "\($0.device) (\($0.status))" }
        let anySeeing = devices.contains { $0.status == "ok" || $0.status == "unlisted" }
        analytics.append(Analytic(
            id: "AN1240", name: "Local accounts created on network devices",
            status: !anySeeing ? "blind" : deviceMissing.isEmpty ? "runnable" : "partial",
            needs: "per device: AAA (TACACS+) command accounting, CLI history, configuration audit or REST/NETCONF/GUI audit",
            missing: devices.isEmpty ? ["no network device logs read and no roster"] : deviceMissing))
        self.analytics = analytics
    }

    /// Tables for people.
    public func table() -> String {
        var out = "ANALYTICS\n"
        out += Self.columns(["ANALYTIC", "STATUS", "MISSING"],
                            analytics.map { [$0.id, $0.status, $0.missing.isEmpty ? "-" : $0.missing.joined(separator: ", ")] })
        out += "\nNETWORK DEVICES\n"
        func mark(_ b: Bool) -> String { b ? "yes" : "-" }
        out += Self.columns(["DEVICE", "STATUS", "PLATFORM", "RECORDS", "LAST SEEN", "ACCOUNTING", "CLI", "CONFIG", "API", "LOGIN"],
                            devices.map { [$0.device, $0.status, $0.platform ?? "-", String($0.records), $0.lastSeen ?? "never",
                                           mark($0.accounting), mark($0.cliCommands), mark($0.configChanges), mark($0.apiAudit), mark($0.logins)] })
        out += "\nCLOUD ACCOUNTS AND REGIONS\n"
        out += Self.columns(["PROVIDER", "ACCOUNT", "REGION", "STATUS", "RECORDS", "LAST SEEN", "COMPUTE EVENTS"],
                            cloud.map { [$0.provider, $0.account, $0.region, $0.status, String($0.records), $0.lastSeen,
                                         String($0.computeEvents.values.reduce(0, +))] })
        if let attack {
            out += "\nATT&CK \(attack.release): analytics whose log sources Vigil parses\n"
            out += Self.columns(["PLATFORM", "ANALYTICS", "ALL PARSED", "SOME", "NONE", "MOST OFTEN MISSING"], attack.platforms.map { p in
                [p.platform, String(p.analytics), String(p.fullyParsed), String(p.partlyParsed), String(p.notParsed),
                 p.missingSources.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(4).map { "\($0.key) (\($0.value))" }
                     .joined(separator: ", ")]
            })
        }
        if let newest {
            out += "\nSilent: no record for more than \(gapFactor)× the source's usual gap, and at least \(silentAfterHours) h, "
                + "before the newest record (\(newest)).\n"
        }
        return out
    }
}

extension CoverageReport {
    static func columns(_ header: [String], _ rows: [[String]]) -> String {
        var t = TextTable(header)
        for r in rows { t.add(r) }
        return t.text
    }
}
