import VigilCore

/// FortiOS event logs (key=value, per the FortiOS Log Message Reference):
///
/// - 0100044545 `LOGID_EVENT_CONFIG_OBJ` (object configured), 0100044546
///   `LOGID_EVENT_CONFIG_ATTR` (attribute configured), 0100044547 `LOGID_EVENT_CONFIG_OBJATTR`
///   (object attribute configured): `user="admin" ui="GUI(10.1.1.5)" action="Add" cfgpath="system.admin"
///   cfgobj="bob" cfgattr="accprofile[super_admin]vdom[root]"`; edits write `accprofile[prof_admin->super_admin]`;
/// - 0100032001 admin login, 0100032002 login failed, 0100032003 logout (`user`, `srcip`, `ui`, `status`).
///
/// Accounts live under `cfgpath` `system.admin` (administrators) and `user.local` (local users).
enum FortiOSEventLog {
    static let accountPaths: Set<String> = ["system.admin", "user.local", "system.api-user"]

    static func parse(_ m: SyslogMessage, raw: RawRef) -> VendorOutcome {
        let kv = KeyValueReader.dictionary(Substring(m.message))
        guard let logid = kv["logid"] else { return LineKind.malformed(m, "FortiOS") }
        var e = DeviceEvent.base(m, os: .fortiOS, action: .other, messageID: logid, raw: raw)
        if let dev = kv["devname"] { e.deviceName = dev }
        e.timestamp = time(kv) ?? m.timestamp
        e.operatorName = kv["user"].flatMap { $0.isEmpty ? nil : $0 }
        if let ui = kv["ui"] { applyUI(ui, to: &e) }
        if e.sourceIP == nil, let src = kv["srcip"] { e.sourceIP = LineKind.source(src) }
        switch logid {
        case "0100044545", "0100044546", "0100044547":
            guard let path = kv["cfgpath"] else { return LineKind.malformed(m, logid) }
            let action = kv["action"]?.lowercased() ?? ""
            var shown = "\(kv["action"] ?? "?") \(path)"
            if let obj = kv["cfgobj"] { shown += " \(obj)" }
            if let attr = kv["cfgattr"] { shown += " \(attr)" }
            let r = SecretRedactor.redact(shown)
            e.command = r.text
            e.secretsRedacted = r.count
            e.action = .configChange
            if accountPaths.contains(path), let obj = kv["cfgobj"], !obj.isEmpty {
                e.account = obj
                let attrs = attributes(kv["cfgattr"] ?? "")
                if let profile = attrs["accprofile"] {
                    e.privilege = AccountPrivilege(role: profile.new)
                    if let old = profile.old { e.previousPrivilege = AccountPrivilege(role: old) }
                }
                switch action {
                case "add":
                    e.action = .accountCreateOrModify
                    e.accountIsNew = true
                case "delete":
                    e.action = .accountDelete
                    e.accountIsNew = false
                default:
                    e.accountIsNew = false
                    if let profile = attrs["accprofile"], profile.old != nil {
                        e.action = .privilegeChange
                    } else if attrs.keys.contains(where: { $0 == "password" || $0 == "passwd" }), attrs.count == 1 {
                        e.action = .passwordChange
                    } else {
                        e.action = .accountCreateOrModify
                    }
                }
            }
        case "0100032001", "0100032002":
            e.action = .login
            e.succeeded = logid == "0100032001" && kv["status"] != "failed"
        case "0100032003":
            e.action = .logout
        default:
            return .notManagement(messageID: logid)
        }
        return .event(e)
    }

    /// `ui`: `GUI(10.1.1.5)`, `ssh(10.1.1.5)`, `telnet(…)`, `console`, `jsconsole(…)`, `REST API(…)`,
    /// `FortiManager`.
    static func applyUI(_ ui: String, to e: inout DeviceEvent) {
        var name = Substring(ui)
        if let open = ui.firstIndex(of: "("), let close = ui.lastIndex(of: ")"), open < close {
            e.sourceIP = LineKind.source(ui[ui.index(after: open)..<close])
            name = ui[..<open]
        }
        e.line = ui
        switch name.lowercased().trimmingSpaces() {
        case "gui", "http", "https", "jsconsole", "web": e.session = .gui
        case "ssh": e.session = .ssh
        case "telnet": e.session = .telnet
        case "console", "cli": e.session = e.sourceIP == nil ? .console : .ssh
        case let n where n.includes("rest") || n == "api": e.session = .restAPI
        case let n where n.includes("fortimanager") || n == "fgfmd": e.session = .automation
        default: e.session = .unknown
        }
    }

    /// `eventtime` (s, µs or ns since the epoch), else `date` + `time` (+ `tz`).
    static func time(_ kv: [Substring: String]) -> SyslogTimestamp? {
        if let et = kv["eventtime"], let v = Int64(et) {
            let ms: Int64 = v > 100_000_000_000_000_000 ? v / 1_000_000 : v > 100_000_000_000_000 ? v / 1000 : v > 100_000_000_000 ? v : v * 1000
            return SyslogTimestamp(instant: Timestamp(milliseconds: ms), zone: .utc)
        }
        guard let date = kv["date"], let time = kv["time"] else { return nil }
        var text = "\(date)T\(time)"
        let tz = kv["tz"].map { $0.replacingQuotes() }
        if let tz, tz.count == 5, tz.first == "+" || tz.first == "-" { text += String(tz.prefix(3)) + ":" + String(tz.suffix(2)) }
        guard let reading = ClockScanner.scanISO(Array(text.utf8), at: 0) else { return nil }
        var t = reading
        if tz == nil { t.zoneText = nil }
        return t.resolve(reference: Timestamp(milliseconds: 0), futureTolerance: 0, zones: [:])
    }

    /// `accprofile[super_admin]vdom[root]password[*]` → name → (old, new).
    static func attributes(_ text: String) -> [String: (old: String?, new: String)] {
        var out: [String: (String?, String)] = [:]
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "["), let close = rest[open...].firstIndex(of: "]") {
            let name = String(rest[..<open].trimmingSpaces()).lowercased()
            let value = rest[rest.index(after: open)..<close]
            if let arrow = value.byteRange(of: "->") {
                out[name] = (String(value[..<arrow.lowerBound]), String(value[arrow.upperBound...]))
            } else {
                out[name] = (nil, String(value))
            }
            rest = rest[rest.index(after: close)...]
        }
        return out
    }
}

extension String {
    func replacingQuotes() -> String { filter { $0 != "\"" } }
}
