import Testing
import VigilConfig
import VigilCore

/// Which subjects a window's scope covers, and what `isInsideChangeWindow` says about them.
@Suite struct WindowScopeTests {
    @Test func principalList() throws {
        let w = try window("{ name: p, scope: { principals: [terraform-deployer, svc-ansible] }, weekly: [{ days: [Mon], start: \"00:00\", end: \"24:00\" }] }")
        #expect(w.scope.applies(to: WindowSubject(principal: "terraform-deployer")))
        #expect(w.scope.applies(to: WindowSubject(principal: "svc-ansible", account: "1", region: "us-east-1")))
        #expect(!w.scope.applies(to: WindowSubject(principal: "Terraform-Deployer")))  // exact match
        #expect(!w.scope.applies(to: WindowSubject(principal: "bob")))
        #expect(!w.scope.applies(to: WindowSubject()))
    }

    @Test func starNeedsAValueOmittedDoesNot() throws {
        let devices = try window("{ name: d, scope: { devices: \"*\" }, weekly: [{ days: [Wed], start: \"10:00\", end: \"12:00\" }] }")
        #expect(devices.scope.devices == .anyValue && devices.scope.principals == .unconstrained)
        #expect(devices.scope.applies(to: WindowSubject(device: "core-rtr-01")))
        #expect(devices.scope.applies(to: WindowSubject(principal: "anyone", device: "leaf-12")))
        #expect(!devices.scope.applies(to: WindowSubject(principal: "bob")))  // cloud activity: no device
        let everything = try window("{ name: e, weekly: [{ days: [Wed], start: \"10:00\", end: \"12:00\" }] }")
        #expect(everything.scope == WindowScope())
        #expect(everything.scope.applies(to: WindowSubject()))
        #expect(everything.scope.applies(to: WindowSubject(principal: "bob", device: "r1")))
    }

    @Test func accountsRegionsAndTags() throws {
        let w = try window("""
            { name: prod, scope: { accounts: ["111122223333"], regions: [eu-west-1, us-east-1], tags: { env: prod, team: data } },
              weekly: [{ days: [Mon], start: "00:00", end: "24:00" }] }
            """)
        let tags = ["env": "prod", "team": "data", "owner": "x"]
        #expect(w.scope.applies(to: WindowSubject(principal: "a", account: "111122223333", region: "eu-west-1", tags: tags)))
        #expect(w.scope.applies(to: WindowSubject(account: "111122223333", region: "us-east-1", tags: tags)))
        #expect(!w.scope.applies(to: WindowSubject(account: "111122223333", region: "eu-west-1", tags: ["env": "prod"])))  // all tags
        #expect(!w.scope.applies(to: WindowSubject(account: "111122223333", region: "eu-west-1", tags: ["env": "dev", "team": "data"])))
        #expect(!w.scope.applies(to: WindowSubject(account: "444455556666", region: "eu-west-1", tags: tags)))
        #expect(!w.scope.applies(to: WindowSubject(account: "111122223333", region: "ap-southeast-2", tags: tags)))
        #expect(!w.scope.applies(to: WindowSubject(region: "eu-west-1", tags: tags)))  // no account
    }

    @Test func insideOutsideOrUnknown() throws {
        let context = try ConfigLoader.parse(yaml: """
            change_windows:
              - { name: deploys, scope: { principals: [terraform] }, weekly: [{ days: [Tue], start: "13:00", end: "16:00" }] }
              - { name: hotfix, scope: { principals: [terraform] },
                  once: [{ start: "2026-03-21T03:00:00Z", end: "2026-03-21T04:00:00Z", ticket: CHG-7 }] }
            """, file: "t.yaml")
        let terraform = WindowSubject(principal: "terraform")
        #expect(context.changeWindows(for: terraform).map(\.name) == ["deploys", "hotfix"])
        #expect(context.isInsideChangeWindow(terraform, at: at("2026-03-17T14:02:00Z")) == true)
        #expect(context.isInsideChangeWindow(terraform, at: at("2026-03-21T03:12:00Z")) == true)
        #expect(context.isInsideChangeWindow(terraform, at: at("2026-03-21T05:12:00Z")) == false)
        #expect(context.isInsideChangeWindow(WindowSubject(principal: "bob"), at: at("2026-03-21T03:12:00Z")) == nil)
        #expect(context.changeWindows(for: WindowSubject(principal: "bob")).isEmpty)
        #expect(OrgContext.empty.isInsideChangeWindow(terraform, at: at("2026-03-17T14:02:00Z")) == nil)
    }

    @Test func rosterAndManagementNetworks() throws {
        let context = try ConfigLoader.parse(yaml: """
            management_networks: [10.10.1.0/24, "2001:db8::/48"]
            device_account_roster: { core-rtr-01: [admin, netops-jsmith] }
            """, file: "t.yaml")
        #expect(context.isManagementAddress(IPAddress("10.10.1.77")!))
        #expect(!context.isManagementAddress(IPAddress("10.10.2.1")!))
        #expect(context.isManagementAddress(IPAddress("2001:db8:0:1::5")!))
        #expect(context.isAuthorised(account: "netops-jsmith", on: "core-rtr-01") == true)
        #expect(context.isAuthorised(account: "eve", on: "core-rtr-01") == false)
        #expect(context.isAuthorised(account: "admin", on: "unknown-sw") == nil)
    }
}
