import Testing
import VigilNetwork

@Suite struct RedactionTests {
    @Test(arguments: [
        ("username bob privilege 15 secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0", "username bob privilege 15 secret 5 <redacted>", 1),
        ("username bob privilege 15 secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvy", "username bob privilege 15 secret 9 <redacted>", 1),
        ("username bob password 0 cleartext", "username bob password 0 <redacted>", 1),
        ("username bob password 7 0822455D0A16", "username bob password 7 <redacted>", 1),
        ("username bob algorithm-type scrypt secret Hunter2", "username bob algorithm-type scrypt secret <redacted>", 1),
        ("enable secret 5 $1$abcd$efghijklmnop", "enable secret 5 <redacted>", 1),
        ("enable secret level 15 0 Sup3r", "enable secret level 15 0 <redacted>", 1),
        ("enable password Cisco123", "enable password <redacted>", 1),
        ("key 7 0822455D0A16", "key 7 <redacted>", 1),
        ("snmp-server community publ1c RO", "snmp-server community <redacted> RO", 1),
        ("snmp-server user u1 g1 v3 auth sha AuthPass1 priv aes 128 PrivPass1", "snmp-server user u1 g1 v3 auth sha <redacted> priv aes 128 <redacted>", 2),
        ("tacacs-server key 7 045802150C2E", "tacacs-server key 7 <redacted>", 1),
        ("tacacs-server host 10.0.0.5 key TacKey1", "tacacs-server host 10.0.0.5 key <redacted>", 1),
        ("radius-server key RadKey1", "radius-server key <redacted>", 1),
        ("crypto isakmp key S3cretPSK address 203.0.113.1", "crypto isakmp key <redacted> address 203.0.113.1", 1),
        ("ip ospf message-digest-key 1 md5 OspfKey", "ip ospf message-digest-key 1 md5 <redacted>", 1),
        ("username bob password Cl34r encrypted privilege 15", "username bob password <redacted> encrypted privilege 15", 1),
        ("username bob password Cl34r role network-admin", "username bob password <redacted> role network-admin", 1),
        ("username bob secret sha512 $6$salt$hashhashhash", "username bob secret sha512 <redacted>", 1),
        ("set system login user bob authentication encrypted-password \"$6$abc$SECRETHASH\"", "set system login user bob authentication encrypted-password \"<redacted>\"", 1),
        ("set system login user bob authentication plain-text-password-value \"two words\"", "set system login user bob authentication plain-text-password-value \"<redacted>\"", 1),
        ("set protocols ospf area 0 interface ge-0/0/0 authentication-key \"$9$xyz\"", "set protocols ospf area 0 interface ge-0/0/0 authentication-key \"<redacted>\"", 1),
        ("set security ike policy p pre-shared-key ascii-text \"$9$abc\"", "set security ike policy p pre-shared-key ascii-text \"<redacted>\"", 1),
        ("set snmp community s3cr3t authorization read-only", "set snmp community <redacted> authorization read-only", 1),
        ("set password ENC SH2abcdefgh", "set password ENC <redacted>", 1),
        ("set passwd Hunter2", "set passwd <redacted>", 1),
        ("set mgt-config users bob phash $1$abcdefgh$ijklmnop", "set mgt-config users bob phash <redacted>", 1),
        ("user=admin password=hunter2 ui=GUI", "user=admin password=<redacted> ui=GUI", 1),
        ("cfgattr=\"password[Hunter2]accprofile[super_admin]\"", "cfgattr=\"password[<redacted>]accprofile[super_admin]\"", 1),
        ("username bob password ***** privilege 15", "username bob password ***** privilege 15", 0),
        ("username bob nopassword privilege 1", "username bob nopassword privilege 1", 0),
        ("show running-config | include password", "show running-config | include password", 0),
        ("key chain OSPF-KEYS", "key chain OSPF-KEYS", 0),
        ("crypto key generate rsa modulus 2048", "crypto key generate rsa modulus 2048", 0),
        ("route-map RM permit 10 ; set community 65000:100", "route-map RM permit 10 ; set community 65000:100", 0),
        ("service password-encryption", "service password-encryption", 0),
        ("stray hash $6$rounds$abcdefghijkl here", "stray hash <redacted> here", 1),
    ])
    func redacts(input: String, expected: String, count: Int) {
        let r = SecretRedactor.redact(input)
        #expect(r.text == expected)
        #expect(r.count == count)
    }

    @Test func redactionKeepsAccountAndPrivilegeReadable() throws {
        let r = SecretRedactor.redact("username backup-adm privilege 15 secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0")
        let c = try #require(AccountCommandParser.parse(r.text))
        #expect(c.account == "backup-adm" && c.privilege?.level == 15 && c.setsPassword)
    }
}

@Suite struct AccountCommandTests {
    @Test(arguments: [
        ("username bob privilege 15 secret 9 <redacted>", "bob", DeviceAction.accountCreateOrModify, 15 as Int?, nil as String?, true),
        ("username bob role network-admin password <redacted>", "bob", .accountCreateOrModify, nil, "network-admin", true),
        ("username bob privilege 15 role network-admin secret sha512 <redacted>", "bob", .accountCreateOrModify, 15, "network-admin", true),
        ("username netops-jsmith secret 0 <redacted>", "netops-jsmith", .accountCreateOrModify, nil, nil, true),
        ("username bob nopassword", "bob", .accountCreateOrModify, nil, nil, false),
        ("no username bob", "bob", .accountDelete, nil, nil, false),
        ("clear configure username bob", "bob", .accountDelete, nil, nil, false),
        ("no username bob role priv-1", "bob", .privilegeChange, nil, "priv-1", false),
        ("configure terminal ; username bob password <redacted> role network-admin", "bob", .accountCreateOrModify, nil, "network-admin", true),
        ("set system login user ops2 class super-user authentication encrypted-password \"<redacted>\"", "ops2", .accountCreateOrModify, nil, "super-user", true),
        ("set system login user ops2 uid 2001 class operator", "ops2", .accountCreateOrModify, nil, "operator", false),
        ("set system login user ops2 authentication encrypted-password \"<redacted>\"", "ops2", .passwordChange, nil, nil, true),
        ("delete system login user ops2", "ops2", .accountDelete, nil, nil, false),
        ("set groups G system login user ops3 class read-only", "ops3", .accountCreateOrModify, nil, "read-only", false),
        ("load-configuration rpc rpc load-configuration set system login user api1 class super-user", "api1", .accountCreateOrModify, nil, "super-user", false),
        ("set system root-authentication encrypted-password \"<redacted>\"", "root", .passwordChange, nil, nil, true),
        ("config system admin\nedit bob\nset accprofile super_admin\nset password <redacted>\nnext\nend", "bob", .accountCreateOrModify, nil, "super_admin", true),
        ("config system admin ; edit bob ; set password ENC <redacted> ; next ; end", "bob", .passwordChange, nil, nil, true),
        ("config user local ; delete bob ; end", "bob", .accountDelete, nil, nil, false),
        ("set mgt-config users bob permissions role-based superuser yes", "bob", .accountCreateOrModify, nil, "superuser", false),
        ("set mgt-config users bob permissions role-based custom profile NetOps", "bob", .accountCreateOrModify, nil, "NetOps", false),
        ("set mgt-config users bob phash <redacted>", "bob", .passwordChange, nil, nil, true),
        ("delete mgt-config users bob", "bob", .accountDelete, nil, nil, false),
    ])
    func extracts(command: String, account: String, action: DeviceAction, level: Int?, role: String?, setsPassword: Bool) throws {
        let c = try #require(AccountCommandParser.parse(command))
        #expect(c.account == account)
        #expect(c.action == action)
        #expect(c.privilege?.level == level)
        #expect(c.privilege?.role == role)
        #expect(c.setsPassword == setsPassword)
    }

    @Test(arguments: [
        "show running-config", "interface GigabitEthernet0/1", "set interfaces ge-0/0/0 description x", "username",
        "config system interface ; edit port1 ; set allowaccess ping ; end", "show configuration system login user bob",
    ])
    func nonAccountCommands(command: String) {
        #expect(AccountCommandParser.parse(command) == nil)
    }
}
