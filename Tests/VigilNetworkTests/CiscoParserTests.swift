import Testing
import VigilCore
import VigilNetwork

@Suite struct CiscoParserTests {
    @Test func iosConfigLoggerAccountCreation() throws {
        let e = try event("<189>97663: core-rtr-01: Mar 16 01:37:00.039 UTC: %PARSER-5-CFGLOG_LOGGEDCMD: User:netops-akumar  logged command:username backup-adm privilege 15 secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0")
        #expect(e.os == .ciscoIOS && e.deviceName == "core-rtr-01")
        #expect(e.messageID == "%PARSER-5-CFGLOG_LOGGEDCMD")
        #expect(e.operatorName == "netops-akumar")
        #expect(e.action == .accountCreateOrModify && e.account == "backup-adm")
        #expect(e.privilege == AccountPrivilege(level: 15) && e.privilege?.isAdministrative == true)
        #expect(e.command == "username backup-adm privilege 15 secret 5 <redacted>")
        #expect(e.secretsRedacted == 1)
        #expect(e.timestamp?.instant == Timestamp(iso8601: "2026-03-16T01:37:00.039Z"))
    }

    @Test func iosType9SecretAndExecCommand() throws {
        let e = try event("<189>1: r1: Nov 23 10:01:02 UTC: %PARSER-5-CFGLOG_LOGGEDCMD: User:admin  logged command:username bob privilege 15 secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM")
        #expect(e.account == "bob" && e.command == "username bob privilege 15 secret 9 <redacted>" && !(e.command ?? "").contains("$9$"))
        let exec = try event("<189>22191: r1: 022546: .Nov 23 10:01:02.123 CET: %PARSER-5-CFGLOG_LOGGEDCMD: User:dfa_service_admin  logged command:!exec: enable")
        #expect(exec.action == .commandExecuted && exec.command == "!exec: enable" && exec.account == nil)
        #expect(exec.timestamp?.clockState == .synchronisationLost)
    }

    @Test func iosNoUsernameIsADeletion() throws {
        let e = try event("<189>5: r1: Nov 23 10:01:02 UTC: %PARSER-5-CFGLOG_LOGGEDCMD: User:admin  logged command:no username bob")
        #expect(e.action == .accountDelete && e.account == "bob" && e.accountIsNew == false)
    }

    @Test func iosConfiguredFrom() throws {
        let e = try event("<189>123: core-rtr-01: *Nov 23 10:01:02.123 UTC: %SYS-5-CONFIG_I: Configured from console by admin on vty0 (10.1.1.5)")
        #expect(e.action == .configChange && e.operatorName == "admin" && e.line == "vty0")
        #expect(e.sourceIP == IPAddress("10.1.1.5") && e.session == .ssh && e.isRemoteCLI)
        let console = try event("<189>1: Nov 23 10:01:02 UTC: %SYS-5-CONFIG_I: Configured from console by console")
        #expect(console.operatorName == nil && console.session == .console)
        let noUser = try event("<189>84027: Nov 23 10:01:02.123 DST: %SYS-5-CONFIG_I: Configured from console by vty2 (10.34.195.36)")
        #expect(noUser.operatorName == nil && noUser.line == "vty2" && noUser.sourceIP == IPAddress("10.34.195.36"))
    }

    @Test func iosLoginSuccessAndFailure() throws {
        let ok = try event("<189>77: r1: Nov 23 10:01:02 UTC: %SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: admin] [Source: 10.1.1.5] [localport: 22] at 10:01:02 UTC Mon Nov 23 2026")
        #expect(ok.action == .login && ok.succeeded == true && ok.session == .ssh && ok.sourceIP == IPAddress("10.1.1.5"))
        let bad = try event("<188>78: r1: Nov 23 10:01:09 UTC: %SEC_LOGIN-4-LOGIN_FAILED: Login failed [user: root] [Source: 198.51.100.7] [localport: 23] [Reason: Login Authentication Failed] at 10:01:09 UTC Mon Nov 23 2026")
        #expect(bad.action == .login && bad.succeeded == false && bad.session == .telnet && bad.operatorName == "root")
    }

    @Test func iosXRConfigAndSSH() throws {
        let e = try event("<189>RP/0/RSP0/CPU0:Nov 23 10:01:02: config[67105]: %MGBL-SYS-5-CONFIG_I : Configured from console by core on vty0 (10.0.1.100)")
        #expect(e.os == .ciscoIOSXR && e.operatorName == "core" && e.sourceIP == IPAddress("10.0.1.100") && e.action == .configChange)
        let out = try event("<189>290692: xr1 RP/0/RSP0/CPU0:Nov 23 10:01:02 : SSHD_[65935]: %SECURITY-SSHD-6-INFO_USER_LOGOUT : User 'HELLO' from '8.8.8.8' logged out on 'vty0'")
        #expect(out.action == .logout && out.operatorName == "HELLO" && out.line == "vty0")
    }

    @Test func nxosAccountingSyslogAndLogLine() throws {
        let s = try event("<189>Nov 23 10:01:02 dc-sw-07 : 2026 Nov 23 10:01:02 UTC: %ACCOUNTING-6-MESSAGE: update:10.1.1.5@pts/1:admin:configure terminal ; username bob password 5 $5$Zq0Jp$xYz role network-admin (SUCCESS)")
        #expect(s.os == .ciscoNXOS && s.deviceName == "dc-sw-07")
        #expect(s.operatorName == "admin" && s.sourceIP == IPAddress("10.1.1.5") && s.line == "pts/1" && s.session == .ssh)
        #expect(s.action == .accountCreateOrModify && s.account == "bob" && s.privilege?.role == "network-admin")
        #expect(s.command == "configure terminal ; username bob password 5 <redacted> role network-admin" && s.succeeded == true)
        let log = try event("Sun Nov 23 10:01:02 2026:type=update:id=10.1.1.5@pts/0:user=admin:cmd=configure terminal ; username bob password ******** role network-admin (SUCCESS)")
        #expect(log.os == .ciscoNXOS && log.messageID == "accounting log")
        #expect(log.account == "bob" && log.privilege?.role == "network-admin" && log.secretsRedacted == 0)
        #expect(log.timestamp?.yearInferred == false && iso(log.timestamp) == "2026-11-23T10:01:02Z")
        let failed = try event("Mon Feb 10 09:30:45 2026:type=update:id=192.168.12.138@pts/3:user=ethan:cmd=configure terminal ; feature scp-server (FAILURE)")
        #expect(failed.action == .commandExecuted && failed.succeeded == false)
    }

    @Test func asaLocalDatabaseMessages() throws {
        let add = try event("<166>Nov 23 2026 10:01:02 edge-fw-02 : %ASA-5-502101: New user added to local dbase: Uname: bob Priv: 15 Encpass: ***** Executing Uname: admin")
        #expect(add.os == .ciscoASA && add.messageID == "502101" && add.deviceName == "edge-fw-02")
        #expect(add.action == .accountCreateOrModify && add.account == "bob" && add.privilege?.level == 15 && add.accountIsNew == true)
        #expect(add.operatorName == "admin")
        let documented = try event("<166>Nov 23 10:01:02 fw : %ASA-5-502101: New user added to local dbase: Uname: ops Priv: 3 Encpass: *****")
        #expect(documented.account == "ops" && documented.privilege?.level == 3 && documented.operatorName == nil)
        let del = try event("<166>Nov 23 10:01:02 fw : %ASA-5-502102: User deleted from local dbase: Uname: bob Priv: 15 Encpass: *****")
        #expect(del.action == .accountDelete && del.account == "bob")
        let priv = try event("<166>Nov 23 10:01:02 fw : %ASA-5-502103: User priv level changed: Uname: bob From: 1 To: 15")
        #expect(priv.action == .privilegeChange && priv.previousPrivilege?.level == 1 && priv.privilege?.level == 15)
    }

    @Test func asaCommandMessages() throws {
        let e = try event("<166>Nov 23 10:01:02 edge-fw-02 : %ASA-5-111008: User 'admin' executed the 'username bob password ***** privilege 15' command.")
        #expect(e.action == .accountCreateOrModify && e.account == "bob" && e.privilege?.level == 15)
        #expect(e.command == "username bob password ***** privilege 15" && e.secretsRedacted == 0)
        let cli = try event("<166>Nov 23 10:01:02 fw : %ASA-5-111010: User 'admin', running 'CLI' from IP 10.1.1.5, executed 'username bob password Cl34rT3xt encrypted privilege 15'")
        #expect(cli.session == .ssh && cli.sourceIP == IPAddress("10.1.1.5") && cli.account == "bob")
        #expect(cli.command == "username bob password <redacted> encrypted privilege 15" && cli.secretsRedacted == 1)
        let console = try event("<166>Nov 23 10:01:02 fw : %ASA-5-111010: User 'enable_15', running 'CLI' from IP 0.0.0.0, executed 'write memory'")
        #expect(console.session == .console && console.action == .commandExecuted)
        let asdm = try event("<166>Nov 23 10:01:02 fw : %ASA-5-111010: User 'ncm', running 'ASDM' from IP 192.168.19.58, executed 'more system:running-config'")
        #expect(asdm.session == .gui)
        let login = try event("<166>Nov 23 10:01:02 fw : %ASA-6-605005: Login permitted from 10.1.1.5/52100 to inside:10.0.0.1/ssh for user \"admin\"")
        #expect(login.action == .login && login.session == .ssh && login.sourceIP == IPAddress("10.1.1.5") && login.succeeded == true)
    }

    @Test func ftdAndNonManagementASAMessages() {
        guard case .otherMessage(let s) = network.parse("<166>Nov 23 10:01:02 fw : %ASA-3-003164: TCP access denied by ACL from 1.2.3.4/3624 to outside:5.6.7.8/23", raw: raw()) else {
            Issue.record("expected otherMessage"); return
        }
        #expect(s.os == .ciscoASA && s.messageID == "003164" && s.hostname == "fw")
    }

    @Test func recognisedMessagesWithBrokenFieldsAreMalformed() {
        guard case .malformed(let e) = network.parse("<166>Nov 23 10:01:02 fw : %ASA-5-502103: User priv level changed: nothing here", raw: raw()) else {
            Issue.record("expected malformed"); return
        }
        #expect(e.reason == .unexpectedVendorFields(messageID: "502103"))
        #expect(e.column == 27)
    }
}
