import VigilCore

/// Juniper Junos management messages (`mgd`, `jsd`, `sshd`), as RFC 3164 text
/// (`mgd[1234]: UI_CMDLINE_READ_LINE: User 'admin', command '…'`) or RFC 5424 with structured
/// data (`mgd 1234 UI_CMDLINE_READ_LINE [junos@2636.1.1.1.2.18 username="admin" command="…"] User 'admin', command '…'`):
///
/// - `UI_CMDLINE_READ_LINE`: `User 'admin', command 'set system login user bob class super-user …'`
/// - `UI_CFG_AUDIT_SET`: `User 'admin' set: [system login user bob class] <unconfigured> -> "super-user"`
///   (`UI_CFG_AUDIT_SET_SECRET` for secrets)
/// - `UI_CFG_AUDIT_OTHER`: `User 'admin' delete: [system login user bob]`
/// - `UI_COMMIT`: `User 'admin' requested 'commit' operation (comment: none)`; `UI_COMMIT_COMPLETED`
/// - `UI_LOGIN_EVENT`: `User 'admin' login, class 'j-super-user' [4321], ssh-connection '10.1.1.5 53111 10.0.0.1 22', client-mode 'cli'`
///   (`client-mode` `junoscript`/`netconf`/`xnm-ssl` for NETCONF and XML sessions); `UI_LOGOUT_EVENT`
/// - `UI_NETCONF_CMD`, `UI_JUNOSCRIPT_CMD`: `User 'admin' used NETCONF client to run command '…'`
/// - `UI_DBASE_LOGIN_EVENT` / `UI_DBASE_LOGOUT_EVENT`: entering / leaving configuration mode.
enum JunosMessages {
    static func parse(_ m: SyslogMessage, raw: RawRef) -> VendorOutcome {
        var text = Substring(m.message)
        var id = m.msgID
        if id == nil || id == "-" {
            let head = text.prefix(while: { $0.isUppercase || $0.isNumber || $0 == "_" })
            guard head.count >= 4, text.dropFirst(head.count).first == ":" else { return .notManagement(messageID: nil) }
            id = String(head)
            text = text.dropFirst(head.count + 1).trimmingSpaces()
        }
        guard let id, id.hasPrefix("UI_") else { return .notManagement(messageID: id) }
        var e = DeviceEvent.base(m, os: .juniperJunos, action: .other, messageID: id, raw: raw)
        let sdUser = m.structuredValue("username", inElementWithPrefix: "junos@")
        e.operatorName = sdUser ?? Scan.between("User '", "'", in: text).map(String.init)
        if m.appName == "jsd" { e.session = .restAPI }
        switch id {
        case "UI_CMDLINE_READ_LINE":
            let cmd = m.structuredValue("command", inElementWithPrefix: "junos@").map { Substring($0) }
                ?? Scan.after("command '", in: text).map { $0.hasSuffix("'") ? $0.dropLast() : $0 }
            guard let cmd, e.operatorName != nil else { return LineKind.malformed(m, id) }
            e.action = .commandExecuted
            e.applyCommand(String(cmd.trimmingSpaces()))
        case "UI_NETCONF_CMD", "UI_JUNOSCRIPT_CMD":
            if e.session == .unknown { e.session = .netconf }
            e.action = .commandExecuted
            if let cmd = Scan.after("command '", in: text) { e.applyCommand(String((cmd.hasSuffix("'") ? cmd.dropLast() : cmd).trimmingSpaces())) }
        case "UI_CFG_AUDIT_SET", "UI_CFG_AUDIT_SET_SECRET", "UI_CFG_AUDIT_OTHER":
            guard audit(text, secret: id == "UI_CFG_AUDIT_SET_SECRET", to: &e) else { return LineKind.malformed(m, id) }
        case "UI_COMMIT", "UI_COMMIT_COMPLETED", "UI_COMMIT_CONFIRMED", "UI_ROLLBACK_EVENT", "UI_LOAD_EVENT":
            e.action = .configChange
        case "UI_LOGIN_EVENT":
            guard e.operatorName != nil else { return LineKind.malformed(m, id) }
            login(text, m, to: &e)
        case "UI_LOGOUT_EVENT":
            e.action = .logout
        case "UI_DBASE_LOGIN_EVENT", "UI_DBASE_LOGOUT_EVENT", "UI_AUTH_EVENT":
            e.action = .other
        default:
            return .notManagement(messageID: id)
        }
        return .event(e)
    }

    /// `User 'u' set: [path] OLD -> "NEW"`, `User 'u' delete: [path]`.
    static func audit(_ text: Substring, secret: Bool, to e: inout DeviceEvent) -> Bool {
        guard let verbStart = Scan.after("' ", in: text), let colon = verbStart.firstIndex(of: ":"),
              let path = Scan.between("[", "]", in: verbStart) else { return false }
        let verb = verbStart[..<colon]
        let words = path.split(separator: " ").map(String.init)
        let change = Scan.after("]", in: verbStart)?.trimmingSpaces() ?? ""
        var old: Substring?, new: Substring?
        if let arrow = change.byteRange(of: "->") ?? change.byteRange(of: "--") {
            old = change[..<arrow.lowerBound].trimmingSpaces()
            new = change[arrow.upperBound...].trimmingSpaces()
        } else if !change.isEmpty {
            new = change
        }
        func unquote(_ s: Substring?) -> String? {
            guard var s else { return nil }
            if s.hasPrefix("\"") { s = s.dropFirst() }
            if s.hasSuffix("\"") { s = s.dropLast() }
            return s.isEmpty ? nil : String(s)
        }
        let oldValue = unquote(old), unconfigured = oldValue == nil || oldValue == "<unconfigured>" || oldValue == "unconfigured"
        var shown = "\(verb): [\(path)]"
        if let new { shown += " " + (old.map { "\($0) -> " } ?? "") + String(new) }
        e.command = shown
        let isSecretPath = secret || words.contains { $0.includes("password") || $0 == "authentication-key" || $0 == "secret" }
        if isSecretPath, new != nil {
            // The value is a hash or a secret whatever its form; keep the path only.
            e.command = "\(verb): [\(path)] \(SecretRedactor.placeholder)"
            if let v = unquote(new), v != "<hidden>", !v.allSatisfy({ $0 == "*" }) { e.secretsRedacted += 1 }
        } else {
            let r = SecretRedactor.redact(shown)
            e.command = r.text
            e.secretsRedacted += r.count
        }
        // [system login user NAME …]
        if words.count >= 4, words[0] == "system", words[1] == "login", words[2] == "user" {
            e.account = words[3]
            let attribute = words.count > 4 ? words[4] : nil
            if verb == "delete", attribute == nil {
                e.action = .accountDelete
                e.accountIsNew = false
            } else if attribute == "class" {
                e.privilege = unquote(new).map { AccountPrivilege(role: $0) }
                if unconfigured {
                    e.action = .accountCreateOrModify
                    // A committed account always has a class, so a class set from nothing is a new account.
                    e.accountIsNew = verb == "set"
                } else {
                    e.action = .privilegeChange
                    e.previousPrivilege = oldValue.map { AccountPrivilege(role: $0) }
                    e.accountIsNew = false
                }
            } else if isSecretPath {
                e.action = .passwordChange
            } else {
                e.action = .accountCreateOrModify
            }
        } else if words.count >= 2, words[0] == "system", words[1] == "root-authentication" {
            e.account = "root"
            e.action = .passwordChange
        } else {
            e.action = .configChange
        }
        return true
    }

    /// `class 'C' [pid], ssh-connection 'SRC SPORT DST DPORT', client-mode 'cli'`.
    static func login(_ text: Substring, _ m: SyslogMessage, to e: inout DeviceEvent) {
        e.action = .login
        e.succeeded = true
        if let cls = m.structuredValue("class-name", inElementWithPrefix: "junos@") ?? Scan.between("class '", "'", in: text).map(String.init) {
            e.operatorPrivilege = AccountPrivilege(role: cls)
        }
        let ssh = m.structuredValue("ssh-connection", inElementWithPrefix: "junos@").map { Substring($0) }
            ?? Scan.between("ssh-connection '", "'", in: text)
        if let ssh, let first = ssh.split(separator: " ").first { e.sourceIP = LineKind.source(first) }
        let mode = (m.structuredValue("client-mode", inElementWithPrefix: "junos@").map { Substring($0) }
            ?? Scan.between("client-mode '", "'", in: text))?.lowercased() ?? ""
        switch mode {
        case "cli": e.session = e.sourceIP == nil ? .console : .ssh
        case "junoscript", "netconf", "xnm-ssl", "xnm-clear-text": e.session = e.session == .restAPI ? .restAPI : .netconf
        case "j-web", "jweb", "http", "https": e.session = .gui
        default: if e.session == .unknown, e.sourceIP != nil { e.session = .ssh }
        }
    }
}
