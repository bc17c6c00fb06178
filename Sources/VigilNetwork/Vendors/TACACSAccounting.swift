import VigilCore

/// TACACS+ accounting from the server side.
///
/// tac_plus accounting file records, tab-separated: date, NAS address, user, NAS port, remote
/// address, record type (`start`, `stop`, `update`), then AV pairs
/// (`task_id=5	service=shell	priv-lvl=15	cmd=username bob privilege 15 password 0 Secret1 <cr>`).
/// The date is the syslog form (`Nov 23 10:01:02`) or ctime (`Sun Nov 23 10:01:02 2026`).
/// The same record may arrive through syslog behind a `tac_plus[pid]:` tag, without its date.
enum TACACSAccounting {
    /// A tac_plus file record, or `nil` when `line` is not one.
    static func parseFileLine(_ line: Substring, options: SyslogParser.Options, raw: RawRef) -> DeviceEvent? {
        let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
        guard fields.count >= 6 else { return nil }
        let dateBytes = Array(fields[0].trimmingSpaces().utf8)
        guard let reading = ClockScanner.scan(dateBytes, at: 0), reading.end == dateBytes.count,
              let ts = reading.resolve(reference: options.reference, futureTolerance: options.futureTolerance, zones: options.zoneAbbreviations)
        else { return nil }
        return record(fields.dropFirst(), timestamp: ts, raw: raw)
    }

    /// A record forwarded by syslog (`tac_plus[123]: 10.0.0.1<TAB>admin<TAB>…`).
    static func parse(_ m: SyslogMessage, raw: RawRef) -> VendorOutcome {
        var fields = Substring(m.message).split(separator: "\t", omittingEmptySubsequences: false)
        // Some relays keep the record's own date as the first field.
        if let first = fields.first, IPAddress(first.trimmingSpaces()) == nil, fields.count >= 6 { fields.removeFirst() }
        guard fields.count >= 5, var e = record(fields[...], timestamp: m.timestamp, raw: raw) else {
            return .notManagement(messageID: m.appName)
        }
        if e.deviceIP == nil, let host = m.hostname { e.deviceName = host }
        return .event(e)
    }

    /// NAS, user, port, remote address, type, AV pairs…
    static func record(_ f: ArraySlice<Substring>, timestamp: SyslogTimestamp?, raw: RawRef) -> DeviceEvent? {
        let f = Array(f)
        guard f.count >= 5, let nas = IPAddress(f[0].trimmingSpaces()) else { return nil }
        let type = f[4].trimmingSpaces().lowercased()
        guard ["start", "stop", "update"].contains(type) else { return nil }
        var e = DeviceEvent(timestamp: timestamp, deviceIP: nas, os: .tacacs, action: .other, messageID: "tac_plus accounting", raw: raw)
        e.operatorName = f[1].isEmpty ? nil : String(f[1])
        e.line = f[2].isEmpty ? nil : String(f[2])
        e.sourceIP = LineKind.source(f[3].trimmingSpaces())
        e.session = session(port: e.line, remote: f[3], source: e.sourceIP)
        var command: Substring?
        var service: String?
        for av in f.dropFirst(5) {
            guard let eq = av.firstIndex(of: "=") else { continue }
            let key = av[..<eq], value = av[av.index(after: eq)...]
            switch key {
            case "cmd": command = value
            case "priv-lvl": e.operatorPrivilege = Int(value).map { AccountPrivilege(level: $0) }
            case "service": service = String(value)
            default: break
            }
        }
        if var cmd = command?.trimmingSpaces(), !cmd.isEmpty {
            if cmd.hasSuffix("<cr>") { cmd = cmd.dropLast(4).trimmingSpaces() }
            e.action = .commandExecuted
            e.applyCommand(String(cmd))
        } else if service == "shell" || service == "exec" || service == nil {
            e.action = type == "start" ? .login : type == "stop" ? .logout : .other
        }
        return e
    }

    /// The NAS port and remote address: an address means a remote session, `async`/`console`
    /// or a `con`/`tty0` port without one means the console.
    static func session(port: String?, remote: Substring, source: IPAddress?) -> SessionType {
        let p = port?.lowercased() ?? ""
        if p.hasPrefix("http") { return .gui }
        if source != nil { return p.hasPrefix("telnet") ? .telnet : .ssh }
        let r = remote.lowercased()
        if r == "async" || r == "console" || p.hasPrefix("con") || p == "tty0" { return .console }
        return .unknown
    }
}
