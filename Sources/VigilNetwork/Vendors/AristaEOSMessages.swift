import VigilCore

/// Arista EOS management messages, as its agents log them:
///
/// - `Aaa: %ACCOUNTING-6-CMD: admin vty6 192.168.2.1 stop task_id=17 start_time=1521923632.5 timezone=UTC service=shell priv-lvl=15 cmd=show interfaces status`
///   (command accounting to syslog; gNMI requests appear with `unknown unknown` and
///   `cmd=OpenConfig.Set …`), and `%ACCOUNTING-5-EXEC: … start|stop …`;
/// - `ConfigAgent: %SYS-5-CONFIG_E: Enter configuration mode from console by admin on vty3 (10.1.1.5)`,
///   `%SYS-5-CONFIG_I: Configured from console by admin on vty3 (10.1.1.5)`, and for eAPI
///   `FastCapi: 1038: %SYS-5-CONFIG_I: Configured from console by local_command_api on command-api (unix:)`;
/// - `Aaa: %AAA-5-LOGIN: user admin logged in [from: 10.1.1.5] [service: sshd]`.
enum AristaEOSMessages {
    static func parse(_ m: SyslogMessage, _ mn: CiscoMnemonic, raw: RawRef) -> VendorOutcome {
        var e = DeviceEvent.base(m, os: .aristaEOS, action: .other, messageID: mn.id, raw: raw)
        switch (mn.facility, mn.mnemonic) {
        case ("ACCOUNTING", "CMD"), ("ACCOUNTING", "EXEC"), ("AAA", "ACCOUNTING"):
            guard accounting(mn.body, to: &e, isCommand: mn.mnemonic != "EXEC") else { return LineKind.malformed(m, mn.id) }
            return .event(e)
        case ("SYS", "CONFIG_I"), ("SYS", "CONFIG_E"):
            guard ConfiguredFrom.apply(mn.body, to: &e) else { return LineKind.malformed(m, mn.id) }
            e.action = mn.mnemonic == "CONFIG_I" ? .configChange : .other
            return .event(e)
        case ("AAA", let mnem) where mnem.hasPrefix("LOGIN") || mnem.hasPrefix("LOGOUT"):
            guard let user = Scan.between("user ", " ", in: mn.body) else { return LineKind.malformed(m, mn.id) }
            e.operatorName = String(user)
            e.sourceIP = Scan.between("[from: ", "]", in: mn.body).flatMap(LineKind.source)
            let service = Scan.between("[service: ", "]", in: mn.body).map { $0.lowercased() } ?? ""
            e.session = service.includes("ssh") ? .ssh : service.includes("telnet") ? .telnet
                : service.includes("http") || service.includes("capi") ? .restAPI : service.includes("console") ? .console : .unknown
            e.action = mnem.hasPrefix("LOGOUT") ? .logout : .login
            if e.action == .login { e.succeeded = !mnem.includes("FAIL") }
            return .event(e)
        default:
            return .notManagement(messageID: mn.id)
        }
    }

    /// `USER TTY ADDR start|stop|update AV-PAIRS… cmd=COMMAND [<cr>]`.
    static func accounting(_ body: Substring, to e: inout DeviceEvent, isCommand: Bool) -> Bool {
        let head = body.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: true)
        guard head.count >= 4 else { return false }
        e.operatorName = String(head[0])
        let tty = String(head[1])
        e.line = tty == "unknown" ? nil : tty
        e.sourceIP = LineKind.source(head[2])
        let kind = head[3]
        guard ["start", "stop", "update"].contains(kind) else { return false }
        var pairs = head.count > 4 ? head[4] : ""
        var command: Substring?
        if let c = pairs.byteRange(of: "cmd=") {
            command = pairs[c.upperBound...]
            pairs = pairs[..<c.lowerBound]
        }
        let av = KeyValueReader.dictionary(pairs)
        if let level = av["priv-lvl"].flatMap({ Int($0) }) { e.operatorPrivilege = AccountPrivilege(level: level) }
        e.session = LineKind.session(line: e.line, source: e.sourceIP)
        if var cmd = command?.trimmingSpaces() {
            if cmd.hasSuffix("<cr>") { cmd = cmd.dropLast(4).trimmingSpaces() }
            if cmd.hasPrefix("OpenConfig.") || cmd.includes("rpc=/gnmi.") { e.session = .restAPI }
            e.action = .commandExecuted
            e.applyCommand(String(cmd))
        } else {
            e.action = isCommand ? .commandExecuted : (kind == "stop" ? .logout : .login)
        }
        return true
    }
}
