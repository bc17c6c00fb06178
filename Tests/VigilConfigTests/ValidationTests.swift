import Testing
import VigilConfig

/// Every mistake is reported once, at its own line and key, with a message that says what is right.
@Suite struct ValidationTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let yaml: String, key: String, line: Int, message: String
        var testDescription: String { "\(key): \(message)" }
    }

    static func w(_ body: String) -> String { "change_windows:\n  - name: w\n" + body }
    static let slot = "    weekly: [{ days: [Mon], start: \"10:00\", end: \"11:00\" }]\n"

    static let cases: [Case] = [
        // Unknown keys, with a suggestion when one is close.
        Case(yaml: "timezon: UTC", key: "timezon", line: 1, message: "unknown key 'timezon' (did you mean 'timezone'?)"),
        Case(yaml: "networkAdmins: [a]", key: "networkAdmins", line: 1, message: "did you mean 'network_admins'?"),
        Case(yaml: w("    wekly: []\n    once: [{ start: \"2026-03-10T22:00:00Z\", end: \"2026-03-11T02:00:00Z\" }]\n"),
             key: "change_windows[0].wekly", line: 3, message: "did you mean 'weekly'?"),
        Case(yaml: w("    scope: { principal: [a] }\n" + slot), key: "change_windows[0].scope.principal", line: 3,
             message: "did you mean 'principals'?"),
        Case(yaml: "colour: red", key: "colour", line: 1, message: "unknown key 'colour'"),
        // Wrong types.
        Case(yaml: "change_windows: 3", key: "change_windows", line: 1, message: "expected a list, found the value '3'"),
        Case(yaml: "automation_principals: terraform", key: "automation_principals", line: 1, message: "expected a list"),
        Case(yaml: "administrators: [a, [b]]", key: "administrators[1]", line: 1, message: "expected a single value, found a list"),
        Case(yaml: "device_account_roster: [a]", key: "device_account_roster", line: 1, message: "expected a mapping"),
        Case(yaml: "device_account_roster:\n  r1: admin\n", key: "device_account_roster.r1", line: 2, message: "expected a list"),
        Case(yaml: "timezone: [UTC]", key: "timezone", line: 1, message: "expected a single value, found a list"),
        Case(yaml: "change_windows:\n  - just-a-name\n", key: "change_windows[0]", line: 2, message: "expected a mapping"),
        Case(yaml: w("    scope: { principals: terraform }\n" + slot), key: "change_windows[0].scope.principals", line: 3,
             message: "expected a list or \"*\""),
        Case(yaml: w("    scope: { accounts: [] }\n" + slot), key: "change_windows[0].scope.accounts", line: 3,
             message: "an empty list matches nothing"),
        // Days.
        Case(yaml: w("    weekly: [{ days: [Mon, Funday], start: \"10:00\", end: \"11:00\" }]\n"),
             key: "change_windows[0].weekly[0].days[1]", line: 3, message: "'Funday' is not a day"),
        Case(yaml: w("    weekly: [{ days: [], start: \"10:00\", end: \"11:00\" }]\n"),
             key: "change_windows[0].weekly[0].days", line: 3, message: "at least one day"),
        Case(yaml: w("    weekly: [{ days: Mon, start: \"10:00\", end: \"11:00\" }]\n"),
             key: "change_windows[0].weekly[0].days", line: 3, message: "expected a list"),
        // Times of day.
        Case(yaml: w("    weekly:\n      - days: [Mon]\n        start: \"25:00\"\n        end: \"11:00\"\n"),
             key: "change_windows[0].weekly[0].start", line: 5, message: "'25:00' is not a time (HH:MM)"),
        Case(yaml: w("    weekly: [{ days: [Mon], start: \"9:00\", end: \"11:00\" }]\n"),
             key: "change_windows[0].weekly[0].start", line: 3, message: "'9:00' is not a time"),
        Case(yaml: w("    weekly: [{ days: [Mon], start: \"10:00\", end: \"11:60\" }]\n"),
             key: "change_windows[0].weekly[0].end", line: 3, message: "'11:60' is not a time"),
        Case(yaml: w("    weekly: [{ days: [Mon], start: \"24:00\", end: \"11:00\" }]\n"),
             key: "change_windows[0].weekly[0].start", line: 3, message: "'24:00' can only end a slot"),
        Case(yaml: w("    weekly:\n      - { days: [Mon], start: \"10:00\", end: \"10:00\" }\n"),
             key: "change_windows[0].weekly[0].end", line: 4, message: "same time as start"),
        Case(yaml: w("    weekly: [{ days: [Mon], end: \"11:00\" }]\n"),
             key: "change_windows[0].weekly[0]", line: 3, message: "a slot needs 'start'"),
        // Zones.
        Case(yaml: "timezone: Mars/Olympus_Mons", key: "timezone", line: 1, message: "is not an IANA time zone"),
        Case(yaml: w("    timezone: Europe/Londres\n" + slot), key: "change_windows[0].timezone", line: 3,
             message: "'Europe/Londres' is not an IANA time zone"),
        // Networks.
        Case(yaml: "management_networks: [10.10.300.0/24]", key: "management_networks[0]", line: 1, message: "is not a network"),
        Case(yaml: "management_networks:\n  - 10.10.1.0/24\n  - 10.10.1.0/33\n", key: "management_networks[1]", line: 3,
             message: "'10.10.1.0/33' is not a network"),
        Case(yaml: "management_networks: [10.10.1.5/24]", key: "management_networks[0]", line: 1,
             message: "did you mean 10.10.1.0/24?"),
        // One-off windows.
        Case(yaml: w("    once:\n      - { start: soon, end: \"2026-03-11T02:00:00Z\" }\n"),
             key: "change_windows[0].once[0].start", line: 4, message: "'soon' is not a time (RFC 3339"),
        Case(yaml: w("    once: [{ start: \"2026-03-10\", end: \"2026-03-11T02:00:00Z\" }]\n"),
             key: "change_windows[0].once[0].start", line: 3, message: "is not a time"),
        Case(yaml: w("    once: [{ start: \"2026-02-30T22:00:00Z\", end: \"2026-03-11T02:00:00Z\" }]\n"),
             key: "change_windows[0].once[0].start", line: 3, message: "is not a time"),
        Case(yaml: w("    once:\n      - start: \"2026-03-10T22:00:00Z\"\n        end: \"2026-03-10T21:00:00Z\"\n"),
             key: "change_windows[0].once[0].end", line: 5, message: "is not after start"),
        Case(yaml: w("    once: [{ start: \"2026-03-10T22:00:00Z\", end: \"2026-03-10 22:00\" }]\n"),
             key: "change_windows[0].once[0].end", line: 3, message: "end 2026-03-10T22:00:00Z is not after start"),
        Case(yaml: w("    once: [{ start: \"2026-03-10T22:00:00Z\" }]\n"),
             key: "change_windows[0].once[0]", line: 3, message: "a one-off window needs 'end'"),
        // Learning days.
        Case(yaml: "baseline_learning_days: -3", key: "baseline_learning_days", line: 1, message: "'-3' is not a whole number of days"),
        Case(yaml: "baseline_learning_days: two weeks", key: "baseline_learning_days", line: 1, message: "not a whole number"),
        // Windows as a whole.
        Case(yaml: "change_windows:\n  - { name: a, weekly: [{days: [Mon], start: \"01:00\", end: \"02:00\"}] }\n"
                 + "  - { name: a, weekly: [{days: [Tue], start: \"01:00\", end: \"02:00\"}] }\n",
             key: "change_windows[1].name", line: 3, message: "duplicate window name 'a' (already change_windows[0], line 2)"),
        Case(yaml: w("    scope: { principals: [a] }\n"), key: "change_windows[0]", line: 2,
             message: "needs 'weekly' slots or 'once' windows"),
        Case(yaml: w("    weekly: []\n"), key: "change_windows[0]", line: 2, message: "needs 'weekly' slots or 'once' windows"),
        Case(yaml: "change_windows:\n  - weekly: [{ days: [Mon], start: \"10:00\", end: \"11:00\" }]\n",
             key: "change_windows[0]", line: 2, message: "needs a name"),
        Case(yaml: "- a\n- b\n", key: "", line: 1, message: "expected a mapping"),
        // YAML syntax, located where libyaml stopped.
        Case(yaml: "timezone: UTC\nchange_windows: [\n", key: "", line: 3, message: "YAML syntax"),
        Case(yaml: "timezone: UTC\nadministrators:\n  - a\n - b\n", key: "", line: 4, message: "YAML syntax"),
        Case(yaml: "timezone: UTC\ntimezone: Europe/London\n", key: "", line: 1, message: "key 'timezone' appears more than once"),
        Case(yaml: "administrators: [*nobody]\n", key: "", line: 1, message: "YAML syntax"),
    ]

    @Test(arguments: cases)
    func reportsOneLocatedError(_ c: Case) {
        let found = errors(of: c.yaml)
        #expect(found.count == 1, "\(found)")
        let error = found.first
        #expect(error?.key == c.key, "\(found)")
        #expect(error?.line == c.line, "\(found)")
        #expect(error?.column ?? 0 >= 1, "\(found)")
        #expect(error?.message.contains(c.message) == true, "\(found)")
        #expect(error?.file == "t.yaml")
    }

    @Test func unrelatedNamesGetNoSuggestion() {
        #expect(errors(of: "colour: red").first?.message == "unknown key 'colour'")
        #expect(errors(of: Self.w("    xyz: 1\n" + Self.slot)).first?.message == "unknown key 'xyz'")
    }

    /// The fixture has five distinct mistakes; all five come back, in file order, located to the
    /// value (or key) that is wrong.
    @Test func fiveMistakesGiveFiveLocatedErrors() throws {
        do {
            _ = try ConfigLoader.load(path: fixture("five-mistakes.yaml"))
            Issue.record("five-mistakes.yaml loaded")
        } catch {
            #expect(error.errors.map { "\($0.line):\($0.column) \($0.key)" } == [
                "1:11 timezone",
                "6:23 change_windows[0].weekly[0].days[1]",
                "7:31 change_windows[0].weekly[1].start",
                "8:37 management_networks[1]",
                "9:1 baseline_learnig_days",
            ])
            #expect(error.errors.last?.message == "unknown key 'baseline_learnig_days' (did you mean 'baseline_learning_days'?)")
            #expect(error.errors.allSatisfy { $0.file.hasSuffix("five-mistakes.yaml") })
            let lines = error.description.split(separator: "\n")
            #expect(lines.count == 5)
            #expect(lines[2].hasSuffix("five-mistakes.yaml:7:31: change_windows[0].weekly[1].start: '25:00' is not a time (HH:MM)"))
        }
    }

    /// Mistakes in different windows and sections are all collected in one pass.
    @Test func collectsErrorsAcrossTheWholeDocument() {
        let yaml = """
            timezone: Europe/Lundon
            change_windows:
              - name: a
                weekly: [{ days: [Mon], start: "10:00", end: "10:00" }]
              - name: b
                scope: { devices: [r1], tags: { env: [prod] } }
                once: [{ start: "2026-03-10T22:00:00Z", end: "2026-03-09T22:00:00Z", ticket: CHG-1 }]
              - name: a
                weekly: [{ days: [Sun], start: "23:00", end: "01:00" }]
            administrators: admin
            baseline_learning_days: -1
            """
        #expect(errors(of: yaml).map { "\($0.line) \($0.key)" } == [
            "1 timezone", "4 change_windows[0].weekly[0].end", "6 change_windows[1].scope.tags.env",
            "7 change_windows[1].once[0].end", "8 change_windows[2].name", "10 administrators", "11 baseline_learning_days",
        ])
    }
}
