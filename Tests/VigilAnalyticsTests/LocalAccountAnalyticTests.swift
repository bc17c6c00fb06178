import Foundation
import Testing
import VigilAnalytics
import VigilConfig
import VigilCore
import VigilNetwork

// AN1240 on its own state machine: device events built by hand, time passed in, the inventory
// carried between calls. No files, no clock.

/// An account action on a device.
func deviceChange(
    _ action: DeviceAction, _ time: String, account: String, device: String = "core-rtr-01", by op: String = "netops-jsmith",
    from source: String? = "10.10.1.10", session: SessionType = .ssh, privilege: AccountPrivilege? = nil,
    isNew: Bool? = nil, command: String? = nil, offset: Int64 = 0
) -> DeviceEvent {
    DeviceEvent(
        timestamp: SyslogTimestamp(instant: at(time)), deviceName: device, os: .ciscoIOS, operatorName: op,
        sourceIP: source.flatMap(IPAddress.init), session: session, line: "vty0", action: action, account: account,
        privilege: privilege, accountIsNew: isNew, command: command, messageID: "%PARSER-5-CFGLOG_LOGGEDCMD",
        raw: RawRef(file: "syslog.log", offset: offset, index: Int(offset), eventID: nil))
}

/// The corpus's context: admins, a management network, a roster, Wednesday 10:00–12:00 windows
/// for every device, automation.
func networkContext() -> OrgContext {
    var c = OrgContext(
        changeWindows: [ChangeWindow(name: "network-maintenance", scope: WindowScope(devices: .anyValue), timeZone: TimeZone(identifier: "UTC")!,
                                     weekly: [WeeklySlot(days: [.wednesday], start: 600, end: 720)])],
        automationPrincipals: ["svc-ansible"], administrators: ["netops-jsmith", "netops-akumar", "svc-ansible"],
        managementNetworks: [IPNetwork("10.10.1.0/24")!],
        deviceAccountRoster: ["core-rtr-01": ["admin", "netops-jsmith", "svc-ansible"]])
    c.an1240 = AN1240Settings()
    return c
}

func codes(_ a: Alert?) -> Set<String> { Set(a?.reasons.map(\.code) ?? []) }

@Suite struct LocalAccountAnalyticTests {
    let analytic = LocalAccountAnalytic()
    // 2026-03-18 is a Wednesday.
    let inWindow = "2026-03-18T10:30:00Z"
    let night = "2026-03-18T01:30:00Z"

    @Test func newPrivilegedAccountAtNightFromOutside() {
        var inventory = DeviceInventory()
        let alerts = analytic.evaluate(
            [deviceChange(.accountCreateOrModify, night, account: "backup-adm", by: "mallory", from: "185.220.101.4",
                          privilege: AccountPrivilege(level: 15), command: "username backup-adm privilege 15 secret 5 <redacted>")],
            context: networkContext(), inventory: &inventory)
        #expect(alerts.count == 1)
        #expect(codes(alerts.first) == ["account-created", "administrative-privilege", "not-in-roster", "outside-change-window",
                                        "operator-not-administrator", "source-outside-management-networks", "remote-session"])
        #expect(alerts.first?.severity == .critical)
        #expect(alerts.first?.target == "backup-adm")
        #expect(alerts.first?.resources.first == Resource(type: .device, id: "core-rtr-01"))
        #expect(alerts.first?.principal.name == "mallory")
        #expect(inventory.exists("backup-adm", on: "core-rtr-01"))
    }

    @Test func automationRotatingAKnownAccountInsideItsWindowIsSilent() {
        var inventory = DeviceInventory()
        let rotation = deviceChange(.accountCreateOrModify, inWindow, account: "netops-jsmith", by: "svc-ansible", from: "10.10.1.12",
                                    command: "username netops-jsmith secret 0 <redacted>")
        #expect(analytic.evaluate([rotation], context: networkContext(), inventory: &inventory).isEmpty)
        // The same rotation at night is a change outside the window: it alerts, as a modification.
        let late = deviceChange(.accountCreateOrModify, night, account: "netops-jsmith", by: "svc-ansible", from: "10.10.1.12")
        let alerts = analytic.evaluate([late], context: networkContext(), inventory: &inventory)
        #expect(codes(alerts.first).isSuperset(of: ["account-modified", "outside-change-window"]))
        #expect(!codes(alerts.first).contains("account-created"))
    }

    /// New means not on the roster and not seen: the second definition of an account is a change.
    @Test func inventoryDecidesCreateOrModify() {
        var inventory = DeviceInventory()
        let first = deviceChange(.accountCreateOrModify, inWindow, account: "ops2", privilege: AccountPrivilege(level: 1), offset: 1)
        let again = deviceChange(.accountCreateOrModify, "2026-03-18T11:00:00Z", account: "ops2", privilege: AccountPrivilege(level: 1), offset: 2)
        let alerts = analytic.evaluate([again, first], context: networkContext(), inventory: &inventory)  // any order in
        // The creation alerts (not on the roster); the redefinition inside the window by an admin
        // is part of the same incident, and adds no new kind of reason.
        #expect(alerts.count == 1)
        #expect(codes(alerts.first).contains("account-created"))
        #expect(alerts.first?.evidence.count == 2)
        // A later scan: the account is known now.
        let later = deviceChange(.accountCreateOrModify, "2026-03-25T10:15:00Z", account: "ops2", privilege: AccountPrivilege(level: 1))
        let next = analytic.evaluate([later], context: networkContext(), inventory: &inventory)
        #expect(next.count == 1)  // still not on the roster
        #expect(codes(next.first) == ["account-modified", "not-in-roster", "remote-session"])
    }

    @Test func recordsThatSayNewOrExistingAreBelieved() {
        var inventory = DeviceInventory()
        // An ASA 502101 says "new user added" even for a roster name.
        let added = deviceChange(.accountCreateOrModify, inWindow, account: "admin", isNew: true)
        #expect(codes(analytic.evaluate([added], context: networkContext(), inventory: &inventory).first).contains("account-created"))
    }

    @Test func privilegeLevelSetting() {
        var context = networkContext()
        context.an1240.alertUnprivileged = false
        var inventory = DeviceInventory()
        // An unprivileged account made by an admin, from the management network, in the window,
        // on a device without a roster: allowed.
        let unprivileged = deviceChange(.accountCreateOrModify, inWindow, account: "viewer", device: "leaf-12",
                                        privilege: AccountPrivilege(level: 1))
        #expect(analytic.evaluate([unprivileged], context: context, inventory: &inventory).isEmpty)
        // With the admin level lowered to 1, the same account is administrative and alerts.
        context.an1240.adminLevel = 1
        var fresh = DeviceInventory()
        #expect(codes(analytic.evaluate([unprivileged], context: context, inventory: &fresh).first)
            .isSuperset(of: ["account-created", "administrative-privilege"]))
        // A site-specific role counts as administrative when configured.
        context.an1240.adminRoles = ["ops-root"]
        var third = DeviceInventory()
        let role = deviceChange(.accountCreateOrModify, inWindow, account: "r", device: "leaf-12", privilege: AccountPrivilege(role: "ops-root"))
        #expect(codes(analytic.evaluate([role], context: context, inventory: &third).first).contains("administrative-privilege"))
    }

    @Test func remoteSessionFlagSetting() {
        var context = networkContext()
        var inventory = DeviceInventory()
        let telnet = deviceChange(.accountCreateOrModify, inWindow, account: "t1", session: .telnet)
        let viaTelnet = analytic.evaluate([telnet], context: context, inventory: &inventory).first
        #expect(viaTelnet?.reasons.first { $0.code == "remote-session" }?.summary.contains("Telnet") == true)
        let api = deviceChange(.accountCreateOrModify, inWindow, account: "a1", session: .restAPI)
        #expect(codes(analytic.evaluate([api], context: context, inventory: &inventory).first).contains("api-session"))
        let console = deviceChange(.accountCreateOrModify, inWindow, account: "c1", session: .console)
        #expect(codes(analytic.evaluate([console], context: context, inventory: &inventory).first).contains("console-session"))
        context.an1240.flaggedSessions = ["telnet"]
        let ssh = deviceChange(.accountCreateOrModify, inWindow, account: "s1", session: .ssh)
        #expect(!codes(analytic.evaluate([ssh], context: context, inventory: &inventory).first).contains("remote-session"))
    }

    @Test func deletionsAlertOnlyWhenSomethingIsWrong() {
        var inventory = DeviceInventory()
        let routine = deviceChange(.accountDelete, inWindow, account: "netops-jsmith")
        #expect(analytic.evaluate([routine], context: networkContext(), inventory: &inventory).isEmpty)
        #expect(!inventory.exists("netops-jsmith", on: "core-rtr-01"))
        let odd = deviceChange(.accountDelete, night, account: "admin", by: "mallory", from: "203.0.113.9")
        #expect(codes(analytic.evaluate([odd], context: networkContext(), inventory: &inventory).first)
            == ["account-deleted", "outside-change-window", "operator-not-administrator", "source-outside-management-networks"])
    }

    @Test func clearTextSecretsAreAReasonNotAnOutput() {
        var inventory = DeviceInventory()
        let e = deviceChange(.accountCreateOrModify, inWindow, account: "maint", command: "username maint password 0 <redacted>")
        let a = analytic.evaluate([e], context: networkContext(), inventory: &inventory).first
        #expect(codes(a).contains("cleartext-secret"))
        let hashed = deviceChange(.accountCreateOrModify, inWindow, account: "m2", command: "username m2 secret 9 <redacted>")
        #expect(!codes(analytic.evaluate([hashed], context: networkContext(), inventory: &inventory).first).contains("cleartext-secret"))
    }

    /// One operator's changes on one device within the gap form one alert; another device, another alert.
    @Test func incidents() {
        var inventory = DeviceInventory()
        let events = [
            deviceChange(.accountCreateOrModify, "2026-03-18T01:00:00Z", account: "a", offset: 1),
            deviceChange(.accountCreateOrModify, "2026-03-18T01:20:00Z", account: "b", offset: 2),
            deviceChange(.accountCreateOrModify, "2026-03-18T03:00:00Z", account: "c", offset: 3),
            deviceChange(.accountCreateOrModify, "2026-03-18T01:10:00Z", account: "d", device: "leaf-12", offset: 4),
        ]
        let alerts = analytic.evaluate(events, context: networkContext(), inventory: &inventory)
        #expect(alerts.map { $0.resources.filter { $0.type == .account }.map(\.id) } == [["a", "b"], ["d"], ["c"]])
        #expect(alerts.first?.title == "Local accounts a, b created on core-rtr-01")
    }

    @Test func failedAttemptsChangeNothing() {
        var inventory = DeviceInventory()
        var e = deviceChange(.accountCreateOrModify, night, account: "x")
        e.succeeded = false
        #expect(analytic.evaluate([e], context: networkContext(), inventory: &inventory).isEmpty)
        #expect(!inventory.exists("x", on: "core-rtr-01"))
    }

    /// Raising an existing account to administrative privilege is suspicious on its own, and the
    /// inventory remembers the privilege it started with (drift).
    @Test func privilegeRaised() {
        var inventory = DeviceInventory()
        let start = deviceChange(.accountCreateOrModify, inWindow, account: "netops-jsmith", privilege: AccountPrivilege(level: 1))
        #expect(analytic.evaluate([start], context: networkContext(), inventory: &inventory).isEmpty)
        let raise = deviceChange(.privilegeChange, "2026-03-18T11:00:00Z", account: "netops-jsmith", privilege: AccountPrivilege(level: 15))
        let alert = analytic.evaluate([raise], context: networkContext(), inventory: &inventory).first
        #expect(codes(alert) == ["account-modified", "administrative-privilege", "remote-session"])
        #expect(alert?.reasons.first { $0.code == "administrative-privilege" }?.summary.contains("raised from privilege 1") == true)
        let account = inventory.devices["core-rtr-01"]?["netops-jsmith"]
        #expect(account?.firstPrivilege == AccountPrivilege(level: 1))
        #expect(account?.privilege == AccountPrivilege(level: 15))
        #expect(account?.changes == 2)
    }
}
