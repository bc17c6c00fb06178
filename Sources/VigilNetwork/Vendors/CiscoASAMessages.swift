import VigilCore

/// Cisco ASA / FTD (and PIX) management messages, per the ASA syslog message guide:
///
/// - `%ASA-5-502101: New user added to local dbase: Uname: bob Priv: 15 Encpass: ***** [Executing Uname: admin]`
/// - `%ASA-5-502102: User deleted from local dbase: Uname: bob Priv: 15 Encpass: *****`
/// - `%ASA-5-502103: User priv level changed: Uname: bob From: 1 To: 15`
/// - `%ASA-5-111008: User 'admin' executed the 'username bob password ***** privilege 15' command.`
/// - `%ASA-7-111009: User 'admin' executed cmd: show running-config`
/// - `%ASA-5-111010: User 'admin', running 'CLI' from IP 10.1.1.5, executed 'username bob …'`
/// - `%ASA-6-605005: Login permitted from 10.1.1.5/52100 to inside:10.0.0.1/ssh for user "admin"`,
///   `%ASA-6-605004: Login denied from 10.1.1.5/52100 to outside:10.0.0.1/ssh for user "admin"`
/// - `%ASA-5-111005: 10.1.1.5 end configuration: OK`
enum CiscoASAMessages {
    static func parse(_ m: SyslogMessage, _ mn: CiscoMnemonic, raw: RawRef) -> VendorOutcome {
        let id = String(mn.mnemonic)
        var e = DeviceEvent.base(m, os: .ciscoASA, action: .other, messageID: id, raw: raw)
        let body = mn.body
        switch id {
        case "502101", "502102":
            guard let name = Scan.after("Uname: ", in: body).map(Scan.word), !name.isEmpty else { return LineKind.malformed(m, id) }
            e.account = String(name)
            if let p = Scan.after("Priv: ", in: body).flatMap({ Int(Scan.word($0)) }) { e.privilege = AccountPrivilege(level: p) }
            if let by = Scan.after("Executing Uname: ", in: body) { e.operatorName = String(Scan.word(by)) }
            e.action = id == "502101" ? .accountCreateOrModify : .accountDelete
            e.accountIsNew = id == "502101"
            return .event(e)
        case "502103":
            guard let name = Scan.after("Uname: ", in: body).map(Scan.word), !name.isEmpty,
                  let from = Scan.after("From: ", in: body).flatMap({ Int(Scan.word($0)) }),
                  let to = Scan.after("To: ", in: body).flatMap({ Int(Scan.word($0)) })
            else { return LineKind.malformed(m, id) }
            e.account = String(name)
            e.previousPrivilege = AccountPrivilege(level: from)
            e.privilege = AccountPrivilege(level: to)
            e.accountIsNew = false
            if let by = Scan.after("Executing Uname: ", in: body) { e.operatorName = String(Scan.word(by)) }
            e.action = .privilegeChange
            return .event(e)
        case "111008":
            guard let user = Scan.between("User '", "'", in: body), let cmdStart = Scan.after("executed the '", in: body) else {
                return LineKind.malformed(m, id)
            }
            let cmd = cmdStart.hasSuffix("' command.") ? cmdStart.dropLast(10) : cmdStart
            e.operatorName = String(user)
            e.action = .commandExecuted
            e.applyCommand(String(cmd))
            return .event(e)
        case "111009":
            guard let user = Scan.between("User '", "'", in: body), let cmd = Scan.after("executed cmd:", in: body) else {
                return LineKind.malformed(m, id)
            }
            e.operatorName = String(user)
            e.action = .commandExecuted
            e.applyCommand(String(cmd.trimmingSpaces()))
            return .event(e)
        case "111010":
            guard let user = Scan.between("User '", "'", in: body), let app = Scan.between("running '", "'", in: body),
                  let cmdStart = Scan.after("executed '", in: body) else { return LineKind.malformed(m, id) }
            e.operatorName = String(user)
            e.sourceIP = Scan.between("from IP ", ",", in: body).flatMap { LineKind.source($0.trimmingSpaces()) }
            e.session = session(application: app, source: e.sourceIP)
            e.action = .commandExecuted
            e.applyCommand(String(cmdStart.hasSuffix("'") ? cmdStart.dropLast() : cmdStart))
            return .event(e)
        case "605005", "605004":
            guard let user = Scan.between("for user \"", "\"", in: body) ?? Scan.between("for user '", "'", in: body) else {
                return LineKind.malformed(m, id)
            }
            e.operatorName = String(user)
            if let from = Scan.after("from ", in: body) {
                e.sourceIP = LineKind.source(Scan.word(from).prefix(while: { $0 != "/" }))
            }
            let service = Scan.between(" to ", " for user", in: body).flatMap { $0.split(separator: "/").last }.map { $0.lowercased() } ?? ""
            e.session = service == "ssh" ? .ssh : service == "telnet" ? .telnet : service == "https" || service == "http" ? .gui
                : service == "serial" || service.includes("console") ? .console : .unknown
            e.action = .login
            e.succeeded = id == "605005"
            return .event(e)
        case "111005":
            e.sourceIP = LineKind.source(Scan.word(body))
            e.action = .configChange
            return .event(e)
        default:
            return .notManagement(messageID: id)
        }
    }

    /// 111010's application: `CLI` (console when the address is `0.0.0.0`), `ASDM`, REST.
    static func session(application: Substring, source: IPAddress?) -> SessionType {
        switch application.lowercased() {
        case "cli": source == nil ? .console : .ssh
        case "asdm", "cscm": .gui
        case let a where a.includes("rest"): .restAPI
        default: .unknown
        }
    }
}
