import Testing
import VigilCore
import VigilNetwork

@Suite struct JunosParserTests {
    @Test func cmdlineReadLineStructuredData() throws {
        let e = try event(#"<190>1 2026-03-17T23:05:00.828Z wan-mx-03 mgd 21774 UI_CMDLINE_READ_LINE [junos@2636.1.1.1.2.9 username="netops-jsmith" command="set system login user ops2 class super-user authentication encrypted-password "$6$abc$SECRETHASH""] User 'netops-jsmith', command 'set system login user ops2 class super-user authentication encrypted-password "$6$abc$SECRETHASH"'"#)
        #expect(e.os == .juniperJunos && e.deviceName == "wan-mx-03" && e.messageID == "UI_CMDLINE_READ_LINE")
        #expect(e.operatorName == "netops-jsmith")
        #expect(e.action == .accountCreateOrModify && e.account == "ops2" && e.privilege?.role == "super-user")
        #expect(e.command == #"set system login user ops2 class super-user authentication encrypted-password "<redacted>""#)
        #expect(e.secretsRedacted == 1)
    }

    @Test func cmdlineReadLine3164() throws {
        let e = try event("<189>Nov 23 10:01:02 mx1 mgd[1234]: UI_CMDLINE_READ_LINE: User 'admin', command 'delete system login user bob '")
        #expect(e.action == .accountDelete && e.account == "bob" && e.command == "delete system login user bob")
        let pw = try event("<189>Nov 23 10:01:02 mx1 mgd[1234]: UI_CMDLINE_READ_LINE: User 'admin', command 'set system login user bob authentication plain-text-password-value \"S3cr3t pass\"'")
        #expect(pw.action == .passwordChange && pw.command == "set system login user bob authentication plain-text-password-value \"<redacted>\"")
    }

    @Test func configAudit() throws {
        let set = try event(#"<189>Nov 23 10:01:02 mx1 mgd[1234]: UI_CFG_AUDIT_SET: User 'admin' set: [system login user bob class] <unconfigured> -> "super-user""#)
        #expect(set.action == .accountCreateOrModify && set.account == "bob" && set.privilege?.role == "super-user" && set.accountIsNew == true)
        let change = try event(#"<189>Nov 23 10:01:02 mx1 mgd[1234]: UI_CFG_AUDIT_SET: User 'admin' set: [system login user bob class] "operator" -> "super-user""#)
        #expect(change.action == .privilegeChange && change.previousPrivilege?.role == "operator" && change.privilege?.role == "super-user")
        let secret = try event(#"<189>Nov 23 10:01:02 mx1 mgd[1234]: UI_CFG_AUDIT_SET_SECRET: User 'admin' set: [system login user bob authentication encrypted-password] <unconfigured> -> "$6$abc$HASH""#)
        #expect(secret.action == .passwordChange && !(secret.command ?? "").contains("HASH") && secret.secretsRedacted == 1)
        let del = try event("<189>Nov 23 10:01:02 mx1 mgd[1234]: UI_CFG_AUDIT_OTHER: User 'admin' delete: [system login user bob]")
        #expect(del.action == .accountDelete && del.account == "bob")
        let other = try event(#"<189>Apr 29 16:21:04 mx1 mgd[67468]: UI_CFG_AUDIT_SET: User 'ops' set: [groups g interfaces ge-3/1/6 speed] unconfigured -- "100m""#)
        #expect(other.action == .configChange && other.account == nil)
    }

    @Test func loginEventsAndSessions() throws {
        let cli = try event("<189>Nov 23 10:01:02 mx1 mgd[4321]: UI_LOGIN_EVENT: User 'admin' login, class 'j-super-user' [4321], ssh-connection '10.1.1.5 53111 10.0.0.1 22', client-mode 'cli'")
        #expect(cli.action == .login && cli.sourceIP == IPAddress("10.1.1.5") && cli.session == .ssh && cli.operatorPrivilege?.role == "j-super-user")
        let netconf = try event("<189>Nov 23 10:01:02 mx1 mgd[4321]: UI_LOGIN_EVENT: User 'auto' login, class 'j-super-user' [4322], ssh-connection '10.9.9.9 40000 10.0.0.1 830', client-mode 'junoscript'")
        #expect(netconf.session == .netconf)
        let commit = try event("<189>Nov 23 10:01:02 mx1 mgd[67468]: UI_COMMIT: User 'ops' requested 'commit synchronize' operation (comment: none)")
        #expect(commit.action == .configChange && commit.operatorName == "ops")
    }

    @Test func nonManagementJunosIsOtherMessage() {
        guard case .otherMessage(let s) = network.parse("<165>Nov 23 10:01:02 srx1 RT_FLOW: RT_FLOW_SESSION_CREATE: session created 192.168.1.102/58662->8.8.8.8/53", raw: raw()) else {
            Issue.record("expected otherMessage"); return
        }
        #expect(s.os == .juniperJunos)
    }
}

@Suite struct AristaParserTests {
    @Test func accountingCommand() throws {
        let e = try event("<190>Mar 18 10:15:00 leaf-12 Aaa: %ACCOUNTING-6-CMD: svc-ansible vty3 10.10.1.12 stop task_id=898 start_time=1773828900.000000 timezone=UTC service=shell priv-lvl=15 cmd=username netops-jsmith secret 0 rotated-value")
        #expect(e.os == .aristaEOS && e.operatorName == "svc-ansible" && e.line == "vty3" && e.session == .ssh)
        #expect(e.operatorPrivilege?.level == 15)
        #expect(e.action == .accountCreateOrModify && e.account == "netops-jsmith" && e.privilege == nil)
        #expect(e.command == "username netops-jsmith secret 0 <redacted>" && e.secretsRedacted == 1)
        let gnmi = try event(#"<190>Sep 19 19:20:13 spine1 Aaa: %ACCOUNTING-6-CMD: arista unknown unknown stop task_id=34 start_time=1663615213.48 timezone=UTC service=shell priv-lvl=15 cmd=OpenConfig.Set addr=192.168.0.1:57388 rpc=/gnmi.gNMI/Set request={"update":[]} <cr>"#)
        #expect(gnmi.session == .restAPI && gnmi.action == .commandExecuted && gnmi.line == nil)
    }

    @Test func configModeAndEAPI() throws {
        let enter = try event("<189>Nov 23 10:01:02 leaf-12 ConfigAgent: %SYS-5-CONFIG_E: Enter configuration mode from console by admin on vty3 (10.1.1.5)")
        #expect(enter.os == .aristaEOS && enter.action == .other && enter.sourceIP == IPAddress("10.1.1.5"))
        let eapi = try event("<189>Jun 29 13:47:35 wa488 FastCapi: 1039: %SYS-5-CONFIG_I: Configured from console by local_command_api on command-api (unix:)")
        #expect(eapi.action == .configChange && eapi.session == .restAPI && eapi.operatorName == "local_command_api" && eapi.sourceIP == nil)
        let unknown = try event("<189>May 30 16:49:57 DC1-SPINE-1 ConfigAgent: %SYS-5-CONFIG_I: Configured from console by root on UnknownTty (UnknownIpAddr)")
        #expect(unknown.session == .unknown && unknown.line == nil)
        let login = try event("<189>Nov 23 10:01:02 leaf-12 Aaa: %AAA-5-LOGIN: user admin logged in [from: 10.1.1.5] [service: sshd]")
        #expect(login.action == .login && login.session == .ssh && login.operatorName == "admin")
    }
}

@Suite struct FortiOSAndPANOSParserTests {
    @Test func fortiOSAdminAddedThroughRESTAPI() throws {
        let e = try event(#"<189>date=2026-03-18 time=15:00:00 devname="branch-fgt-05" devid="FGT60F0000000005" logid="0100044547" type="event" subtype="system" level="information" vd="root" logdesc="Object attribute configured" user="admin" ui="REST API(198.18.0.50)" action="Add" cfgtid=98162014 cfgpath="system.admin" cfgobj="fgt-api-adm" cfgattr="accprofile[super_admin]" msg="Add system.admin fgt-api-adm""#)
        #expect(e.os == .fortiOS && e.deviceName == "branch-fgt-05" && e.messageID == "0100044547")
        #expect(e.action == .accountCreateOrModify && e.accountIsNew == true && e.account == "fgt-api-adm")
        #expect(e.privilege?.role == "super_admin" && e.session == .restAPI && e.sourceIP == IPAddress("198.18.0.50"))
        #expect(e.operatorName == "admin" && iso(e.timestamp) == "2026-03-18T15:00:00Z" && e.timestamp?.zoneMissing == true)
    }

    @Test func fortiOSEditDeleteAndPassword() throws {
        let edit = try event(#"<189>Nov 23 10:01:02 fgt date=2026-11-23 time=10:01:02 devname=fgt1 logid=0100044547 type=event subtype=system user="admin" ui="GUI(10.1.1.5)" action="Edit" cfgpath="system.admin" cfgobj="bob" cfgattr="accprofile[prof_admin->super_admin]""#)
        #expect(edit.action == .privilegeChange && edit.previousPrivilege?.role == "prof_admin" && edit.privilege?.role == "super_admin" && edit.session == .gui)
        let del = try event(#"<189>date=2026-11-23 time=10:01:02 tz="+0100" devname=fgt1 logid="0100044546" type=event user="admin" ui="ssh(10.1.1.5)" action="Delete" cfgpath="system.admin" cfgobj="bob""#)
        #expect(del.action == .accountDelete && del.session == .ssh && iso(del.timestamp) == "2026-11-23T09:01:02Z")
        let pw = try event(#"<189>date=2026-11-23 time=10:01:02 devname=fgt1 logid=0100044547 user="admin" ui="jsconsole" action="Edit" cfgpath="system.admin" cfgobj="bob" cfgattr="password[Hunter2]""#)
        #expect(pw.action == .passwordChange && !(pw.command ?? "").contains("Hunter2") && pw.secretsRedacted == 1)
    }

    @Test func panOSConfigLogWithoutDetails() throws {
        let e = try event("<14>Nov 23 10:01:02 dmz-pa-01 1,2026/11/23 10:01:02,013201000001,CONFIG,0,0,2026/11/23 10:01:02,10.1.1.5,,set,admin,Web,Succeeded, mgt-config users bob,7012,0x0,0,0,0,0,,dmz-pa-01,0,")
        #expect(e.os == .panOS && e.messageID == "CONFIG" && e.deviceName == "dmz-pa-01")
        #expect(e.operatorName == "admin" && e.session == .gui && e.sourceIP == IPAddress("10.1.1.5") && e.succeeded == true)
        #expect(e.action == .accountCreateOrModify && e.account == "bob")
    }

    @Test func panOSConfigLogWithDetails() throws {
        let e = try event(#"<14>Nov 23 10:01:02 pa1 1,2026/11/23 10:01:02,0123456789,CONFIG,0,0,2026/11/23 10:01:02,10.1.1.5,vsys1,add,admin,XML API,Succeeded, mgt-config users bob,,"bob { phash $5$abcdefgh$xyz; permissions { role-based { superuser yes; } } }",1234,0x8000000000000000,0,0,0,0,,pa1,,,"#)
        #expect(e.session == .xmlAPI && e.action == .accountCreateOrModify && e.accountIsNew == true && e.privilege?.role == "superuser")
        #expect(!(e.command ?? "").contains("$5$") && e.secretsRedacted == 1)
        let del = try event("<14>Nov 23 10:01:02 pa1 1,2026/11/23 10:01:02,0123456789,CONFIG,0,0,2026/11/23 10:01:02,10.1.1.5,,delete,admin,CLI,Succeeded, mgt-config users bob,7013,0x0,0,0,0,0,,pa1,0,")
        #expect(del.action == .accountDelete && del.session == .ssh)
    }

    @Test func panOSTrafficIsOtherMessage() {
        guard case .otherMessage(let s) = network.parse("<14>Nov 23 10:01:02 pa1 1,2026/11/23 10:01:02,007200001056,TRAFFIC,end,1210,2026/11/23 10:01:02,192.168.41.30,192.168.41.255,10.193.16.193,192.168.41.255,allow-all,,,ssl,vsys1", raw: raw()) else {
            Issue.record("expected otherMessage"); return
        }
        #expect(s.os == .panOS && s.messageID == "TRAFFIC")
    }
}

@Suite struct TACACSParserTests {
    @Test func tacPlusFileRecordCtimeDate() throws {
        let e = try event("Thu Mar 19 02:44:00 2026\t10.0.1.7\tnetops-akumar\ttty2\t10.10.1.11\tstop\ttask_id=4711\tservice=shell\tpriv-lvl=15\tcmd=username maint password 0 Winter2026! <cr>")
        #expect(e.os == .tacacs && e.deviceIP == IPAddress("10.0.1.7") && e.operatorName == "netops-akumar")
        #expect(e.sourceIP == IPAddress("10.10.1.11") && e.session == .ssh && e.line == "tty2" && e.operatorPrivilege?.level == 15)
        #expect(e.action == .accountCreateOrModify && e.account == "maint")
        #expect(e.command == "username maint password 0 <redacted>" && e.secretsRedacted == 1)
        #expect(iso(e.timestamp) == "2026-03-19T02:44:00Z" && e.timestamp?.yearInferred == false)
    }

    @Test func tacPlusFileRecordSyslogDateAndStartStop() throws {
        let e = try event("Nov 23 10:01:02\t10.0.0.1\tadmin\ttty2\t10.1.1.5\tstop\ttask_id=5\tservice=shell\tpriv-lvl=15\tcmd=username bob privilege 15 password 0 Secret1 <cr>")
        #expect(e.account == "bob" && e.privilege?.level == 15 && !(e.command ?? "").contains("Secret1"))
        #expect(e.timestamp?.yearInferred == true)
        let start = try event("Nov 23 10:00:00\t10.0.0.1\tadmin\ttty0\tasync\tstart\ttask_id=4\tservice=shell")
        #expect(start.action == .login && start.session == .console)
    }

    @Test func tacPlusThroughSyslog() throws {
        let e = try event("<86>Nov 23 10:01:02 aaa1 tac_plus[812]: 10.0.0.1\tadmin\ttty2\t10.1.1.5\tstop\ttask_id=5\tservice=shell\tcmd=no username bob <cr>")
        #expect(e.os == .tacacs && e.action == .accountDelete && e.account == "bob" && e.deviceIP == IPAddress("10.0.0.1"))
    }

    @Test func ciseTACACSAccounting() throws {
        let line = "<182>Nov 23 10:01:03 ise-psn01 CISE_TACACS_Accounting 0018415781 1 0 2026-11-23 10:01:02.328 +00:00 0018415781 3300 NOTICE Tacacs-Accounting: TACACS+ Accounting with Command, ConfigVersionId=1829, Device IP Address=10.0.0.1, CmdSet=[ CmdAV=username bob privilege 15 secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0 <cr> ], RequestLatency=1, NetworkDeviceName=core-rtr-01, Type=Accounting, Privilege-Level=15, Service=Login, User=admin, Port=tty10, Remote-Address=10.1.1.5, Authen-Method=TacacsPlus, AVPair.task_id=2962, AVPair.timezone=GMT, AVPair.priv-lvl=15, AcctRequest-Flags=Stop, Service-Argument=shell, AcsSessionID=ise/359344348/952729"
        let e = try event(line)
        #expect(e.os == .tacacs && e.messageID == "CISE_TACACS_Accounting")
        #expect(e.deviceIP == IPAddress("10.0.0.1") && e.deviceName == "core-rtr-01" && e.operatorName == "admin")
        #expect(e.sourceIP == IPAddress("10.1.1.5") && e.session == .ssh && e.operatorPrivilege?.level == 15)
        #expect(e.action == .accountCreateOrModify && e.account == "bob" && e.privilege?.level == 15)
        #expect(e.command == "username bob privilege 15 secret 5 <redacted>")
        #expect(iso(e.timestamp) == "2026-11-23T10:01:02.328Z")
    }

    @Test func acsAuthorisationWithArgumentAVs() throws {
        let e = try event("<181>May 18 23:12:07 acs01 CSCOacs_Passed_Authentications 0093197809 2 0 2026-05-18 23:12:07.001 -04:00 1214019921 5202 NOTICE Device-Administration: Command Authorization succeeded, ConfigVersionId=2097, Device IP Address=10.0.0.9, DestinationPort=49, UserName=hpna, CmdSet=[ CmdAV=username CmdArgAV=svc CmdArgAV=privilege CmdArgAV=15 CmdArgAV=<cr> ], Protocol=Tacacs, Privilege-Level=15, User=hpna, Port=tty2, Remote-Address=10.0.0.77")
        #expect(e.account == "svc" && e.privilege?.level == 15 && e.operatorName == "hpna")
        #expect(iso(e.timestamp) == "2026-05-19T03:12:07.001Z")
        // A continuation segment cannot be read alone.
        guard case .otherMessage = network.parse("<181>May 18 23:12:07 acs01 CSCOacs_Passed_Authentications 0093197809 2 1  Step=13006, Step=15049", raw: raw()) else {
            Issue.record("expected otherMessage"); return
        }
    }
}
