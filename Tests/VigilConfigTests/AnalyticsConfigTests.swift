import Foundation
import Testing
import VigilConfig
import VigilCore

@Suite struct AnalyticsConfigTests {
    @Test func an0861MutableElementsAreConfigurationKeys() throws {
        let yaml = """
            change_windows:
              - { name: deploys, scope: { principals: [terraform] }, weekly: [{ days: [Tue], start: "13:00", end: "16:00" }] }
              - { name: other, weekly: [{ days: [Sun], start: "00:00", end: "01:00" }] }
            analytics:
              AN0861:
                ChangeWindow: { windows: [deploys] }
                UserContext:
                  automation_principals: [ci-role]
                  automation_clients: [terraform]
                  learn_automation: false
                  learned_automation_share: 0.8
                  off_schedule_share: 0.05
                  learning_days: 7
                  rarely_used: { max_active_days: 2, max_daily_events: 3.5, lookback_days: 20, dormant_days: 10 }
                RateThreshold: { changes: 8, minutes: 5 }
                baselines: false
                chain_minutes: 15
                incident_gap_minutes: 30
                max_evidence: 20
            """
        let s = try ConfigLoader.parse(yaml: yaml, file: "t.yaml").an0861
        #expect(s.windows == ["deploys"])
        #expect(s.automationPrincipals == ["ci-role"])
        #expect(s.automationClients == ["terraform"])
        #expect(s.learnAutomation == false)
        #expect(s.learnedAutomationShare == 0.8)
        #expect(s.offScheduleShare == 0.05)
        #expect(s.learningDays == 7)
        #expect(s.rareMaxActiveDays == 2 && s.rareMaxDailyEvents == 3.5 && s.lookbackDays == 20 && s.dormantDays == 10)
        #expect(s.rateChanges == 8 && s.rateMinutes == 5)
        #expect(s.baselines == false)
        #expect(s.chainMinutes == 15 && s.incidentGapMinutes == 30 && s.maxEvidence == 20)
    }

    @Test func defaultsWhenAbsent() throws {
        let s = try ConfigLoader.parse(yaml: "timezone: UTC", file: "t.yaml").an0861
        #expect(s == AN0861Settings())
        #expect(s.rateChanges == 5 && s.rateMinutes == 10)
    }

    @Test func badValuesAreAllReportedWithTheirKeys() {
        let yaml = """
            analytics:
              AN0861:
                RateThreshold: { changes: 0, minutes: soon }
                UserContext: { learned_automation_share: 1.5, learn_automation: maybe, rarely_usd: {} }
                GeoLocation: { databases: [/no/such.mmdb] }
              AN9999: {}
            """
        let e = errors(of: yaml)
        #expect(e.map(\.key) == ["analytics.AN0861.RateThreshold.changes", "analytics.AN0861.RateThreshold.minutes",
                                 "analytics.AN0861.UserContext.learned_automation_share", "analytics.AN0861.UserContext.learn_automation",
                                 "analytics.AN0861.UserContext.rarely_usd", "analytics.AN0861.GeoLocation.databases[0]",
                                 "analytics.AN9999"])
        #expect(e.allSatisfy { $0.line > 0 })
        #expect(e.contains { $0.message.contains("did you mean 'rarely_used'") })
    }

    @Test func changeTicketsFromCSVAndYAML() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-tickets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
            ticket,start,end,owner
            CHG-1,2026-03-10T22:00:00Z,2026-03-11T02:00:00Z,ops
            "CHG-2, emergency",2026-04-02 20:00,2026-04-02 23:30,ops
            """.write(to: dir.appendingPathComponent("changes.csv"), atomically: true, encoding: .utf8)
        try """
            - { ticket: CHG-3, start: "2026-05-01T08:00:00Z", end: "2026-05-01T09:00:00Z" }
            """.write(to: dir.appendingPathComponent("more.yaml"), atomically: true, encoding: .utf8)
        let yaml = """
            change_windows:
              - { name: tickets, timezone: Europe/London, scope: { accounts: ["111122223333"] }, tickets: changes.csv }
              - { name: more, tickets: more.yaml }
            """
        let context = try ConfigLoader.parse(yaml: yaml, file: dir.appendingPathComponent("vigil.yaml").path)
        let w = context.changeWindows
        #expect(w[0].once.map(\.ticket) == ["CHG-1", "CHG-2, emergency"])
        #expect(w[0].once[1].start == at("2026-04-02T19:00:00Z"))  // London time, British Summer Time
        #expect(w[1].once.map(\.ticket) == ["CHG-3"])
        #expect(context.isInsideChangeWindow(WindowSubject(account: "111122223333"), at: at("2026-03-11T01:00:00Z")) == true)
        #expect(context.isInsideChangeWindow(WindowSubject(account: "111122223333"), at: at("2026-03-11T03:00:00Z")) == false)
    }

    @Test func badTicketsAreLocatedInTheTicketFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-tickets-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("changes.csv").path
        try "ticket,start,end\nCHG-1,yesterday,2026-03-11T02:00:00Z\nCHG-2,2026-03-11T02:00:00Z,2026-03-10T02:00:00Z\n"
            .write(toFile: csv, atomically: true, encoding: .utf8)
        let e = errors(of: "change_windows:\n  - { name: t, tickets: changes.csv }\n  - { name: u, tickets: none.csv }\n",
                       file: dir.appendingPathComponent("vigil.yaml").path)
        #expect(e.map { "\(URL(fileURLWithPath: $0.file).lastPathComponent):\($0.line)" } == ["changes.csv:2", "changes.csv:3", "vigil.yaml:3"])
        #expect(e[0].message.contains("'yesterday' is not a time"))
        #expect(e[1].message.contains("is not after start"))
        #expect(e[2].message.contains("cannot read change tickets"))
    }

    @Test func an1240MutableElementsAreConfigurationKeys() throws {
        let yaml = """
            change_windows:
              - { name: dc1-maint, scope: { sites: [dc1] }, weekly: [{ days: [Thu], start: "01:00", end: "02:00" }] }
            device_addresses: { core-rtr-01: 10.0.0.1 }
            device_sites: { core-rtr-01: dc1 }
            analytics:
              AN1240:
                PrivilegeLevel: { admin_level: 10, admin_roles: [ops-root], alert_unprivileged: false }
                RemoteSessionFlag: { sessions: [telnet, console] }
                ChangeWindow: { windows: [dc1-maint] }
                incident_gap_minutes: 5
            """
        let c = try ConfigLoader.parse(yaml: yaml, file: "t.yaml")
        #expect(c.an1240.adminLevel == 10)
        #expect(c.an1240.adminRoles == ["ops-root"])
        #expect(c.an1240.alertUnprivileged == false)
        #expect(c.an1240.flaggedSessions == ["telnet", "console"])
        #expect(c.an1240.windows == ["dc1-maint"])
        #expect(c.an1240.incidentGapMinutes == 5)
        #expect(c.deviceName(at: IPAddress("10.0.0.1")!) == "core-rtr-01")
        // 2026-03-19 is a Thursday: the site's window is open for the device at the site only.
        let t = Timestamp(iso8601: "2026-03-19T01:30:00Z")!
        #expect(c.isInsideChangeWindow(WindowSubject(device: "core-rtr-01", site: c.deviceSites["core-rtr-01"]), at: t) == true)
        #expect(c.isInsideChangeWindow(WindowSubject(device: "leaf-12", site: c.deviceSites["leaf-12"]), at: t) == nil)
    }

    @Test func an1240ErrorsAreLocated() {
        let yaml = """
            device_addresses: { core-rtr-01: not-an-address }
            analytics:
              AN1240:
                RemoteSessionFlag: { sessions: [carrier-pigeon] }
                PrivilegeLevel: { admin_levle: 15 }
            """
        #expect(throws: ConfigErrors.self) { try ConfigLoader.parse(yaml: yaml, file: "t.yaml") }
        do {
            _ = try ConfigLoader.parse(yaml: yaml, file: "t.yaml")
        } catch {
            let text = error.errors.map(\.description)
            #expect(text.count == 3, "\(text)")
            #expect(text.contains { $0.contains("device_addresses.core-rtr-01") && $0.contains("not an IP address") })
            #expect(text.contains { $0.contains("carrier-pigeon") && $0.contains("not a session type") })
            #expect(text.contains { $0.contains("admin_levle") })
        }
    }
}

@Suite struct BehaviourConfigTests {
    @Test func behavioursAreNamedInTheConfiguration() throws {
        let yaml = """
            analytics:
              AN0861:
                behaviours: [exposure, snapshot-mount-chain]
            """
        let s = try ConfigLoader.parse(yaml: yaml, file: "t.yaml").an0861
        #expect(s.behaviours == [.exposure, .chain])
        #expect(!s.learnsBaselines)
        #expect(AN0861Settings().behaviours == Set(AN0861Behaviour.allCases))
        #expect(AN0861Behaviour.allCases.map(\.rawValue) == ["change-window", "snapshot-mount-chain", "rarely-used", "rate",
                                                            "unusual-source", "automation", "exposure"])
    }

    @Test func unknownOrNoBehavioursAreReportedWhereTheyAre() {
        let unknown = errors(of: """
            analytics:
              AN0861:
                behaviours: [exposure, sharing, rate]
            """)
        #expect(unknown.map(\.key) == ["analytics.AN0861.behaviours[1]"])
        #expect(unknown.first?.line == 3)
        #expect(unknown.first?.message.contains("'sharing' is not a behaviour of AN0861") == true)
        let none = errors(of: """
            analytics:
              AN0861:
                behaviours: []
            """)
        #expect(none.map(\.key) == ["analytics.AN0861.behaviours"])
        #expect(none.first?.message.contains("at least one") == true)
        let misspelt = errors(of: """
            analytics:
              AN0861:
                behaviors: [exposure]
            """)
        #expect(misspelt.map(\.key) == ["analytics.AN0861.behaviors"])
    }
}
