import Foundation
import Testing
import VigilConfig
import VigilCore

func fixture(_ name: String) -> String {
    Bundle.module.resourceURL!.appendingPathComponent("Fixtures/\(name)").path
}

func at(_ text: String) -> Timestamp { Timestamp(iso8601: text)! }

@Suite struct ConfigLoaderTests {
    /// The shipped example matches the corpus generator's context.json.
    @Test func exampleMatchesTheCorpusContext() throws {
        let ctx = try ConfigLoader.load(path: fixture("vigil.yaml"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: fixture("context.json")))) as? [String: Any])
        #expect(ctx.timeZone == json["timezone"] as? String)
        let windows = try #require(json["change_windows"] as? [[String: Any]])
        #expect(ctx.changeWindows.map(\.name) == windows.map { $0["name"] as? String ?? "" })
        #expect(ctx.automationPrincipals == Set(json["automation_principals"] as? [String] ?? []))
        #expect(ctx.administrators == Set(json["network_admins"] as? [String] ?? []))
        #expect(ctx.managementNetworks.map(\.description) == json["management_networks"] as? [String])
        let roster = try #require(json["device_account_roster"] as? [String: [String]])
        #expect(ctx.deviceAccountRoster == roster)
        #expect(ctx.baselineLearningDays == json["baseline_learning_days"] as? Int)
    }

    @Test func corpusWindows() throws {
        let ctx = try ConfigLoader.load(path: fixture("vigil.yaml"))
        let terraform = WindowSubject(principal: "terraform-deployer", account: "111122223333", region: "eu-west-1")
        #expect(ctx.isInsideChangeWindow(terraform, at: at("2026-03-17T14:02:00Z")) == true)   // Tuesday
        #expect(ctx.isInsideChangeWindow(terraform, at: at("2026-03-18T14:02:00Z")) == false)  // Wednesday
        #expect(ctx.isInsideChangeWindow(WindowSubject(principal: "bob"), at: at("2026-03-21T03:12:00Z")) == nil)
        #expect(ctx.isInsideChangeWindow(WindowSubject(principal: "AWSBackupDefaultServiceRole"), at: at("2026-03-15T02:05:00Z")) == true)
        // Device windows approve device changes only.
        #expect(ctx.isInsideChangeWindow(WindowSubject(principal: "svc-ansible", device: "leaf-12"), at: at("2026-03-18T10:15:00Z")) == true)
        #expect(ctx.changeWindows(for: WindowSubject(principal: "alice")).isEmpty)
    }

    /// Five distinct mistakes, five errors, each on its own line with its key.
    @Test func reportsEveryErrorWithItsLocation() throws {
        do {
            _ = try ConfigLoader.load(path: fixture("five-mistakes.yaml"))
            Issue.record("expected errors")
        } catch {
            let found = error.errors.map { "\($0.line):\($0.key)" }
            #expect(found.sorted() == [
                "1:timezone", "6:change_windows[0].weekly[0].days[1]", "7:change_windows[0].weekly[1].start",
                "8:management_networks[1]", "9:baseline_learnig_days",
            ].sorted(), "\(error)")
            #expect(error.errors.first { $0.key == "baseline_learnig_days" }?.message.contains("did you mean 'baseline_learning_days'") == true)
            #expect(error.description.contains("five-mistakes.yaml:6:"))
        }
    }

    @Test(arguments: [
        ("change_windows: 3", "change_windows", "expected a list"),
        ("change_windows:\n  - name: a\n", "change_windows[0]", "needs 'weekly' slots or 'once' windows"),
        ("change_windows:\n  - name: a\n    weekly: [{ days: [Mon], start: \"10:00\", end: \"10:00\" }]\n", "change_windows[0].weekly[0]", "same time"),
        ("change_windows:\n  - name: a\n    once: [{ start: \"2026-03-10T22:00:00Z\", end: \"2026-03-10T21:00:00Z\" }]\n", "change_windows[0].once[0]", "not after start"),
        ("change_windows:\n  - name: a\n    once: [{ start: \"soon\", end: \"2026-03-10T21:00:00Z\" }]\n", "change_windows[0].once[0].start", "not a time"),
        ("change_windows:\n  - { name: a, weekly: [{days: [Mon], start: \"01:00\", end: \"02:00\"}] }\n  - { name: a, weekly: [{days: [Mon], start: \"01:00\", end: \"02:00\"}] }\n", "change_windows[1].name", "duplicate"),
        ("baseline_learning_days: -3", "baseline_learning_days", "whole number"),
        ("administrators: [a, [b]]", "administrators[1]", "single value"),
        ("change_windows: [\n", "", "YAML syntax"),
    ])
    func rejects(yaml: String, key: String, message: String) {
        do {
            _ = try ConfigLoader.parse(yaml: yaml, file: "t.yaml")
            Issue.record("accepted: \(yaml)")
        } catch {
            #expect(error.errors.contains { $0.key == key && $0.message.contains(message) && $0.line > 0 }, "\(error)")
        }
    }

    @Test func acceptsAliasesAndFullDayNames() throws {
        let ctx = try ConfigLoader.parse(yaml: "network_admins: [a]\nadministrators: [b]\nchange_windows:\n  - { name: w, weekly: [{ days: [monday, SUNDAY], start: \"00:00\", end: \"24:00\" }] }\n", file: "t.yaml")
        #expect(ctx.administrators == ["a", "b"])
        #expect(ctx.changeWindows.first?.contains(at("2026-03-22T23:59:00Z")) == true)  // Sunday
        #expect(ctx.changeWindows.first?.contains(at("2026-03-17T12:00:00Z")) == false)  // Tuesday
    }
}

@Suite struct ChangeWindowTests {
    func window(_ yaml: String) throws -> ChangeWindow {
        try #require(try ConfigLoader.parse(yaml: "change_windows:\n  - " + yaml, file: "t.yaml").changeWindows.first)
    }

    @Test func newYorkSlotFollowsDaylightSaving() throws {
        let w = try window("{ name: ny, timezone: America/New_York, weekly: [{ days: [Mon], start: \"09:00\", end: \"17:00\" }] }")
        // 2026-03-08: US clocks go forward. Monday 2 March is EST (UTC-5), Monday 9 March EDT (UTC-4).
        #expect(w.contains(at("2026-03-02T14:00:00Z")))   // 09:00 EST
        #expect(!w.contains(at("2026-03-02T13:59:00Z")))
        #expect(w.contains(at("2026-03-09T13:00:00Z")))   // 09:00 EDT
        #expect(!w.contains(at("2026-03-09T12:59:00Z")))
        #expect(!w.contains(at("2026-03-09T21:00:00Z")))  // 17:00 EDT: closed
    }

    @Test func londonSpringForward() throws {
        // 2026-03-29 01:00 UTC: London jumps from 01:00 GMT to 02:00 BST; 01:30 local never happens.
        let w = try window("{ name: l, timezone: Europe/London, weekly: [{ days: [Sun], start: \"01:30\", end: \"02:30\" }] }")
        #expect(w.contains(at("2026-03-29T01:15:00Z")))   // 02:15 BST
        #expect(!w.contains(at("2026-03-29T01:31:00Z")))  // 02:31 BST
        #expect(w.contains(at("2026-03-22T01:45:00Z")))   // 01:45 GMT the week before
    }

    @Test func slotCrossingMidnight() throws {
        let w = try window("{ name: n, weekly: [{ days: [Fri], start: \"22:00\", end: \"02:00\" }] }")
        #expect(w.contains(at("2026-03-21T01:00:00Z")))   // Saturday 01:00
        #expect(w.contains(at("2026-03-20T23:00:00Z")))   // Friday 23:00
        #expect(!w.contains(at("2026-03-21T02:00:00Z")))
        #expect(!w.contains(at("2026-03-20T21:59:00Z")))
        let sunday = try window("{ name: s, weekly: [{ days: [Sun], start: \"23:00\", end: \"01:00\" }] }")
        #expect(sunday.contains(at("2026-03-23T00:30:00Z")))  // Monday 00:30 (wraps the week)
    }

    @Test func oneOffWindowsInUTCAndLocalTime() throws {
        let w = try window("{ name: t, timezone: Europe/Berlin, once: [{ start: \"2026-03-10T22:00:00Z\", end: \"2026-03-11T02:00:00Z\", ticket: CHG-1 }, { start: \"2026-07-01 09:00\", end: \"2026-07-01 10:00\" }] }")
        #expect(w.once.first?.ticket == "CHG-1")
        #expect(w.contains(at("2026-03-11T01:59:00Z")))
        #expect(!w.contains(at("2026-03-11T02:00:00Z")))
        #expect(w.contains(at("2026-07-01T07:30:00Z")))   // 09:30 CEST
        #expect(!w.contains(at("2026-07-01T08:30:00Z")))  // 10:30 CEST
    }

    @Test func scopes() throws {
        let ctx = try ConfigLoader.parse(yaml: """
            change_windows:
              - name: prod
                scope: { accounts: ["111122223333"], regions: [eu-west-1], tags: { env: prod } }
                weekly: [{ days: [Mon], start: "00:00", end: "24:00" }]
            """, file: "t.yaml")
        let w = try #require(ctx.changeWindows.first)
        #expect(w.scope.applies(to: WindowSubject(account: "111122223333", region: "eu-west-1", tags: ["env": "prod", "x": "y"])))
        #expect(!w.scope.applies(to: WindowSubject(account: "111122223333", region: "eu-west-1", tags: ["env": "dev"])))
        #expect(!w.scope.applies(to: WindowSubject(account: "444455556666", region: "eu-west-1", tags: ["env": "prod"])))
        #expect(!w.scope.applies(to: WindowSubject(account: "111122223333", region: "us-east-1", tags: ["env": "prod"])))
    }
}
