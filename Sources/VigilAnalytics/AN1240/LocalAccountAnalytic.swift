public import VigilConfig
public import VigilCore
public import VigilNetwork

/// ATT&CK analytic AN1240: local accounts created on network devices
/// (detection strategy DET0447, technique T1136.001 Create Account: Local Account).
public enum AN1240 {
    /// The ATT&CK context of every AN1240 alert.
    public static let attack = AttackReference(
        analytic: "AN1240", strategy: "DET0447", technique: "T1136.001",
        techniqueName: "Create Account: Local Account", tactic: "TA0003", tacticName: "Persistence")
}

/// AN1240 in full: every local-account action a device or its AAA server logged (CLI history,
/// configuration audit, REST/GUI audit, TACACS+ accounting), judged in event-time order against
/// each device's account inventory (the roster plus what was seen) and the organisation's context.
///
/// A new account always alerts (unless it is unprivileged and `PrivilegeLevel` says such accounts
/// are allowed); a change to an existing account, or a deletion, alerts only when something about
/// it is wrong (outside its window, an operator who is not an administrator, a source outside the
/// management networks, an account not on the roster, privilege raised to administrative). So
/// automation rotating a known account's secret inside its window stays silent.
public struct LocalAccountAnalytic: Sendable {
    public let attack = AN1240.attack
    public let detection = "local-account"

    /// The actions AN1240 judges.
    public static let actions: Set<DeviceAction> = [.accountCreateOrModify, .accountDelete, .privilegeChange, .passwordChange]

    /// The analytic.
    public init() {}

    /// Alerts for `events` (account actions; any order), updating `inventory`.
    public func evaluate(_ events: [DeviceEvent], context: OrgContext, inventory: inout DeviceInventory) -> [Alert] {
        let settings = context.an1240
        var windowContext = context
        if let names = settings.windows { windowContext.changeWindows = context.changeWindows.filter { names.contains($0.name) } }
        let ordered = events.compactMap { e in e.timestamp.map { (e, $0.instant) } }.sorted { a, b in
            if a.1 != b.1 { return a.1 < b.1 }
            return (a.0.raw.file, a.0.raw.offset, a.0.raw.index) < (b.0.raw.file, b.0.raw.offset, b.0.raw.index)
        }
        var judged: [Judged] = []
        for (event, time) in ordered {
            guard let device = event.deviceKey, let account = event.account, event.succeeded != false else { continue }
            let j = judge(event, time: time, device: device, account: account, context: windowContext, settings: settings,
                          inventory: inventory)
            inventory.record(j.change, account: account, device: device, privilege: event.privilege, by: event.operatorName, at: time)
            if j.alerts { judged.append(j) }
        }
        // One incident: one operator's account changes on one device, each within the gap of the last.
        let gap = Int64(settings.incidentGapMinutes) * 60_000
        var alerts: [Alert] = []
        var open: [String: (last: Timestamp, members: [Judged])] = [:]
        func close(_ key: String) {
            if let members = open.removeValue(forKey: key)?.members { alerts.append(alert(members)) }
        }
        for j in judged {
            let key = "\(j.device)\u{1F}\(j.event.operatorName ?? "")"
            if let o = open[key], j.time.milliseconds - o.last.milliseconds > gap { close(key) }
            open[key, default: (j.time, [])].members.append(j)
            open[key]?.last = j.time
        }
        for key in open.keys.sorted() { close(key) }
        return alerts.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }

    /// What happened to an account.
    public enum Change: String, Sendable, Codable {
        case created, modified, deleted
    }

    struct Judged {
        var event: DeviceEvent
        var time: Timestamp
        var device: String
        var account: String
        var change: Change
        var findings: [Reason]
        var score: Int
        var alerts: Bool
    }

    func judge(_ e: DeviceEvent, time: Timestamp, device: String, account: String, context: OrgContext, settings: AN1240Settings,
               inventory: DeviceInventory) -> Judged {
        let roster = context.deviceAccountRoster[device]
        let known = roster?.contains(account) == true || inventory.exists(account, on: device)
        let change: Change
        switch e.action {
        case .accountDelete: change = .deleted
        default: change = (e.accountIsNew ?? !known) ? .created : .modified
        }
        let op = e.operatorName ?? "an unknown operator"
        var findings: [Reason] = []
        var suspicious = 0
        var score = change == .created ? 2 : 0
        let privilegeText = e.privilege?.text
        let admin = isAdministrative(e.privilege, settings)
        let facts = [Fact("device", device), Fact("account", account), Fact("operator", op)]

        switch change {
        case .created:
            findings.append(Reason(code: "account-created", summary: "local account \(account) created on \(device) by \(op)"
                                   + (privilegeText.map { " with \($0)" } ?? ""),
                                   facts: facts + [Fact("message", e.messageID)] + (e.command.map { [Fact("command", $0)] } ?? [])))
        case .deleted:
            findings.append(Reason(code: "account-deleted", summary: "local account \(account) deleted on \(device) by \(op)", facts: facts))
        case .modified:
            findings.append(Reason(code: "account-modified", summary: "local account \(account) on \(device) changed by \(op)"
                                   + (e.action == .passwordChange ? " (password)" : privilegeText.map { " (now \($0))" } ?? ""), facts: facts))
        }
        if admin, change != .deleted {
            let raised = change == .modified && !isAdministrative(e.previousPrivilege ?? inventory.privilege(of: account, on: device), settings)
            findings.append(Reason(code: "administrative-privilege",
                                   summary: "\(account) has administrative privilege (\(privilegeText ?? "administrative"))"
                                       + (raised ? ", raised from \((e.previousPrivilege ?? inventory.privilege(of: account, on: device))?.text ?? "less")" : ""),
                                   facts: [Fact("privilege", privilegeText ?? "")]))
            score += 2
            if raised { suspicious += 1 }
        }
        if change != .deleted, let roster, !roster.contains(account) {
            findings.append(Reason(code: "not-in-roster", summary: "\(account) is not an authorised account of \(device)",
                                   facts: [Fact("roster", roster.joined(separator: ", "))]))
            suspicious += 1
        }
        if !context.changeWindows.isEmpty {
            let subject = WindowSubject(principal: e.operatorName, device: device, site: context.deviceSites[device])
            let inside = context.isInsideChangeWindow(subject, at: time)
            if inside != true {
                let windows = context.changeWindows(for: subject).map(\.name)
                findings.append(Reason(code: "outside-change-window",
                                       summary: windows.isEmpty ? "no approved change window covers \(device)"
                                           : "changed at \(ComputeChangeAnalytic.weekdayClock(time)) UTC, outside \(device)'s change window\(windows.count > 1 ? "s" : "") \(windows.joined(separator: ", "))",
                                       facts: [Fact("time", time.iso8601), Fact("windows", windows.joined(separator: ","))]))
                suspicious += 1
            }
        }
        if !context.administrators.isEmpty, let name = e.operatorName, !context.administrators.contains(name) {
            findings.append(Reason(code: "operator-not-administrator", summary: "\(name) is not an authorised network administrator",
                                   facts: [Fact("operator", name)]))
            suspicious += 1
        }
        if !context.managementNetworks.isEmpty, let ip = e.sourceIP, !context.isManagementAddress(ip) {
            findings.append(Reason(code: "source-outside-management-networks",
                                   summary: "the session came from \(ip), outside the management networks",
                                   facts: [Fact("source", ip.description),
                                           Fact("management_networks", context.managementNetworks.map(\.description).joined(separator: ", "))]))
            suspicious += 1
        }
        if let session = Self.sessionName(e.session), settings.flaggedSessions.contains(session), change != .deleted {
            let (code, summary): (String, String) = switch e.session {
            case .console: ("console-session", "made on the serial console (physical access)")
            case .telnet: ("remote-session", "made over Telnet (unencrypted)")
            case .ssh: ("remote-session", "made over a remote CLI session (SSH/vty)")
            default: ("api-session", "made through the \(Self.pathName(e.session))")
            }
            findings.append(Reason(code: code, summary: "the change was " + summary + (e.line.map { " (\($0))" } ?? ""),
                                   facts: [Fact("session", session)]))
            score += e.session == .telnet ? 2 : 1
        }
        if let command = e.command, Self.typedInClear(command) {
            findings.append(Reason(code: "cleartext-secret", summary: "the password was typed in clear text (redacted here)",
                                   facts: [Fact("command", command)]))
            score += 1
        }
        score += 2 * suspicious
        let alerts: Bool = switch change {
        case .created: admin || settings.alertUnprivileged || suspicious > 0
        case .modified, .deleted: suspicious > 0
        }
        return Judged(event: e, time: time, device: device, account: account, change: change, findings: findings, score: score, alerts: alerts)
    }

    func isAdministrative(_ p: AccountPrivilege?, _ settings: AN1240Settings) -> Bool {
        guard let p else { return false }
        if let level = p.level, level >= settings.adminLevel { return true }
        if let role = p.role, settings.adminRoles.contains(role) { return true }
        return p.isAdministrative && (p.level == nil || p.level! >= settings.adminLevel)
    }

    func alert(_ members: [Judged]) -> Alert {
        let lead = members.first { $0.change == .created } ?? members[0]
        var reasons: [Reason] = []
        for m in members {
            for f in m.findings where !reasons.contains(where: { $0.code == f.code && $0.summary == f.summary }) { reasons.append(f) }
        }
        let score = members.map(\.score).max() ?? 0
        let severity: Severity = score >= 8 ? .critical : score >= 5 ? .high : score >= 3 ? .medium : .low
        let created = members.filter { $0.change == .created }.map(\.account)
        let title = created.isEmpty
            ? "Local account \(lead.account) \(lead.change.rawValue) on \(lead.device)"
            : "Local account\(created.count > 1 ? "s" : "") \(created.joined(separator: ", ")) created on \(lead.device)"
        let e = lead.event
        var resources = [Resource(type: .device, id: lead.device)]
        for m in members where !resources.contains(Resource(type: .account, id: m.account)) { resources.append(Resource(type: .account, id: m.account)) }
        return Alert(attack: attack, detection: detection, title: title, severity: severity,
                     principal: PrincipalSummary(Actor(type: .deviceOperator, name: e.operatorName ?? "unknown")),
                     resources: resources, target: lead.account, reasons: reasons, evidence: members.map { Self.evidence($0.event, time: $0.time) })
    }

    /// A device event as evidence: the vendor's message id as the operation, the platform as the
    /// service, the session's source address, the (redacted) command nowhere but in the reasons.
    public static func evidence(_ e: DeviceEvent, time: Timestamp) -> Evidence {
        Evidence(eventID: nil, time: time, service: e.os.rawValue, operation: e.messageID, source: e.sourceIP?.description,
                 userAgent: sessionName(e.session), account: e.deviceKey, region: nil, errorCode: e.succeeded == false ? "failed" : nil,
                 raw: e.raw)
    }

    static func sessionName(_ s: SessionType) -> String? {
        switch s {
        case .console: "console"
        case .ssh: "ssh"
        case .telnet: "telnet"
        case .restAPI: "rest-api"
        case .netconf: "netconf"
        case .gui: "gui"
        case .xmlAPI: "xml-api"
        case .automation: "automation"
        case .unknown: nil
        }
    }

    static func pathName(_ s: SessionType) -> String {
        switch s {
        case .restAPI: "REST API"
        case .netconf: "NETCONF"
        case .gui: "web GUI"
        case .xmlAPI: "XML API"
        case .automation: "central manager"
        default: s.rawValue
        }
    }

    /// Whether a (redacted) command shows the secret was typed in clear: IOS-style type 0 or no
    /// type, TACACS+/NX-OS `password X`, Junos `plain-text-password`.
    static func typedInClear(_ command: String) -> Bool {
        let words = command.split(separator: " ").map(String.init)
        for (i, w) in words.enumerated() where w.hasPrefix(SecretRedactor.placeholder) && i > 0 {
            let before = words[i - 1].lowercased()
            if before == "0" || before == "password" || before == "secret" || before == "plain-text-password" { return true }
        }
        return command.contains("plain-text-password")
    }
}

/// Each device's local accounts as seen: when each was first and last changed, by whom, with what
/// privilege, and whether it was deleted. With the roster, what "new" means; kept across scans.
public struct DeviceInventory: Sendable, Codable, Equatable {
    /// One account on one device.
    public struct Account: Sendable, Codable, Equatable {
        public var firstSeen: Timestamp
        public var lastSeen: Timestamp
        public var lastChange: LocalAccountAnalytic.Change
        public var lastBy: String?
        public var privilege: AccountPrivilege?
        /// The privilege the account was first seen with, when a later change set another one.
        public var firstPrivilege: AccountPrivilege?
        public var changes: Int
    }

    /// Device → account → what was seen.
    public private(set) var devices: [String: [String: Account]] = [:]

    /// An empty inventory.
    public init() {}

    /// Whether the account was seen on the device and not deleted since.
    public func exists(_ account: String, on device: String) -> Bool {
        guard let a = devices[device]?[account] else { return false }
        return a.lastChange != .deleted
    }

    /// The account's privilege as last seen.
    public func privilege(of account: String, on device: String) -> AccountPrivilege? { devices[device]?[account]?.privilege }

    mutating func record(_ change: LocalAccountAnalytic.Change, account: String, device: String, privilege: AccountPrivilege?, by: String?,
                         at time: Timestamp) {
        var a = devices[device]?[account]
            ?? Account(firstSeen: time, lastSeen: time, lastChange: change, lastBy: by, privilege: nil, firstPrivilege: nil, changes: 0)
        a.lastSeen = max(a.lastSeen, time)
        a.lastChange = change
        a.lastBy = by
        if let privilege {
            if let before = a.privilege, before != privilege, a.firstPrivilege == nil { a.firstPrivilege = before }
            a.privilege = privilege
        }
        a.changes += 1
        devices[device, default: [:]][account] = a
    }
}
