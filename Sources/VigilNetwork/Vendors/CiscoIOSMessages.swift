import VigilCore

/// Cisco IOS / IOS-XE and IOS-XR management messages:
///
/// - `%PARSER-5-CFGLOG_LOGGEDCMD: User:admin  logged command:username bob privilege 15 secret 9 …`
///   (configuration change logger, `archive log config` + `notify syslog`);
/// - `%SYS-5-CONFIG_I: Configured from console by admin on vty0 (10.1.1.5)` (also `… by vty2
///   (10.1.1.5)` without a user, `… by console`), IOS-XR `%MGBL-SYS-5-CONFIG_I : …`;
/// - `%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: admin] [Source: 10.1.1.5] [localport: 22] at …`,
///   `%SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: …] [Source: …] [localport: …] [Reason: …] at …`;
/// - `%SYS-6-LOGOUT: User admin has exited tty session 2(10.1.1.5)`;
/// - IOS-XR `%MGBL-CONFIG-6-DB_COMMIT : Configuration committed by user 'admin'. …`,
///   `%SECURITY-SSHD-6-INFO_SUCCESS : Successfully authenticated user 'admin' from '10.1.1.5' on 'vty0' …`,
///   `%SECURITY-SSHD-6-INFO_USER_LOGOUT : User 'admin' from '10.1.1.5' logged out on 'vty0'`.
enum CiscoIOSMessages {
    static func parse(_ m: SyslogMessage, _ mn: CiscoMnemonic, os: DeviceOS, raw: RawRef) -> VendorOutcome {
        let body = mn.body
        var e = DeviceEvent.base(m, os: os, action: .other, messageID: mn.id, raw: raw)
        switch (mn.facility, mn.mnemonic) {
        case ("PARSER", "CFGLOG_LOGGEDCMD"):
            guard let user = Scan.after("User:", in: body), let cmd = Scan.after("logged command:", in: body) else {
                return LineKind.malformed(m, mn.id)
            }
            var name = String(Scan.word(user))
            // Some releases write `User:admin@10.1.1.5`.
            if let at = name.lastIndex(of: "@"), let ip = LineKind.source(String(name[name.index(after: at)...])) {
                e.sourceIP = ip
                name = String(name[..<at])
            }
            e.operatorName = name
            e.session = e.sourceIP == nil ? .unknown : .ssh
            e.action = .commandExecuted
            e.applyCommand(String(cmd.trimmingSpaces()))
            return .event(e)
        case ("SYS", "CONFIG_I"), ("MGBL-SYS", "CONFIG_I"):
            guard ConfiguredFrom.apply(body, to: &e) else { return LineKind.malformed(m, mn.id) }
            e.action = .configChange
            return .event(e)
        case ("SEC_LOGIN", let mnem) where mnem.hasPrefix("LOGIN_"):
            guard let user = Scan.between("[user: ", "]", in: body) else { return LineKind.malformed(m, mn.id) }
            e.operatorName = String(user)
            e.sourceIP = Scan.between("[Source: ", "]", in: body).flatMap(LineKind.source)
            e.session = port(Scan.between("[localport: ", "]", in: body).flatMap { Int($0) })
            e.action = .login
            e.succeeded = mnem == "LOGIN_SUCCESS"
            return .event(e)
        case ("SYS", "LOGOUT"):
            guard let user = Scan.between("User ", " has exited", in: body) else { return LineKind.malformed(m, mn.id) }
            e.operatorName = String(user)
            if let paren = Scan.between("(", ")", in: body) { e.sourceIP = LineKind.source(paren) }
            e.session = e.sourceIP == nil ? .unknown : .ssh
            e.action = .logout
            return .event(e)
        case ("MGBL-CONFIG", "DB_COMMIT"):
            e.operatorName = Scan.between("by user '", "'", in: body).map(String.init)
            e.action = .configChange
            return .event(e)
        case ("SECURITY-SSHD", let mnem) where mnem == "INFO_SUCCESS" || mnem == "INFO_USER_LOGOUT":
            guard let user = Scan.between("user '", "'", in: body) ?? Scan.between("User '", "'", in: body) else {
                return LineKind.malformed(m, mn.id)
            }
            e.operatorName = String(user)
            e.sourceIP = Scan.between("from '", "'", in: body).flatMap(LineKind.source)
            e.line = Scan.between("on '", "'", in: body).map(String.init)
            e.session = .ssh
            e.action = mnem == "INFO_SUCCESS" ? .login : .logout
            if e.action == .login { e.succeeded = true }
            return .event(e)
        default:
            return .notManagement(messageID: mn.id)
        }
    }

    /// The session a management port implies.
    static func port(_ p: Int?) -> SessionType {
        switch p {
        case 22: .ssh
        case 23: .telnet
        case 80, 443: .gui
        case 830: .netconf
        default: .unknown
        }
    }
}

/// `Configured from console by admin on vty0 (10.1.1.5)`, as IOS, IOS-XR and EOS write it
/// (`%SYS-5-CONFIG_I`; EOS also `%SYS-5-CONFIG_E: Enter configuration mode from …`).
enum ConfiguredFrom {
    static func apply(_ body: Substring, to e: inout DeviceEvent) -> Bool {
        guard let by = Scan.after(" by ", in: body) else { return false }
        let first = String(Scan.word(by))
        guard !first.isEmpty else { return false }
        if let on = Scan.after(" on ", in: by) {
            e.operatorName = first
            e.line = String(Scan.word(on))
        } else if looksLikeLine(first) {
            e.line = first
        } else {
            e.operatorName = first
        }
        if let paren = Scan.between("(", ")", in: by) { e.sourceIP = LineKind.source(paren) }
        e.session = LineKind.session(line: e.line, source: e.sourceIP)
        if let line = e.line, line.lowercased() == "unknowntty" { e.line = nil; e.session = .unknown }
        return true
    }

    static func looksLikeLine(_ w: String) -> Bool {
        let l = w.lowercased()
        return l == "console" || ["vty", "con", "tty", "aux"].contains { l.hasPrefix($0) && l.dropFirst($0.count).allSatisfy(\.isASCIIDigit) && l.count > $0.count }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        let s = self[...]
        let start = s.firstIndex(where: { $0 != " " && $0 != "\t" }) ?? s.endIndex
        let end = s.lastIndex(where: { $0 != " " && $0 != "\t" }).map { s.index(after: $0) } ?? start
        return Substring(s[start..<Swift.max(start, end)])
    }
}
