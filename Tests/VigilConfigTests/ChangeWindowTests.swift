import Foundation
import Testing
import VigilConfig
import VigilCore

/// Window semantics: local time in the window's zone (across DST), midnight and week wrap-around,
/// one-off windows.
@Suite struct ChangeWindowTests {
    @Test func newYorkSlotFollowsDaylightSaving() throws {
        let w = try window("{ name: ny, timezone: America/New_York, weekly: [{ days: [Mon], start: \"09:00\", end: \"17:00\" }] }")
        // US clocks go forward on 2026-03-08: Monday 2 March is EST (UTC-5), Monday 9 March EDT (UTC-4).
        #expect(w.contains(at("2026-03-02T14:00:00Z")))  // 09:00 EST
        #expect(!w.contains(at("2026-03-02T13:59:59Z")))
        #expect(w.contains(at("2026-03-02T21:59:00Z")))  // 16:59 EST
        #expect(!w.contains(at("2026-03-02T22:00:00Z")))  // 17:00 EST
        #expect(w.contains(at("2026-03-09T13:00:00Z")))  // 09:00 EDT
        #expect(!w.contains(at("2026-03-09T12:59:00Z")))
        #expect(w.contains(at("2026-03-09T20:59:00Z")))  // 16:59 EDT
        #expect(!w.contains(at("2026-03-09T21:00:00Z")))  // 17:00 EDT
        // And back in November (2026-11-01): Monday 2 November is EST again.
        #expect(w.contains(at("2026-11-02T14:00:00Z")))
        #expect(!w.contains(at("2026-11-02T13:30:00Z")))
    }

    @Test func londonSpringForwardSlot() throws {
        // 2026-03-29 01:00 UTC: London goes from 01:00 GMT to 02:00 BST, so 01:30–02:00 local never
        // happens; what is left of the slot is 02:00–02:30 BST (01:00–01:30 UTC).
        let w = try window("{ name: l, timezone: Europe/London, weekly: [{ days: [Sun], start: \"01:30\", end: \"02:30\" }] }")
        #expect(!w.contains(at("2026-03-29T00:59:00Z")))  // 00:59 GMT
        #expect(w.contains(at("2026-03-29T01:00:00Z")))  // 02:00 BST
        #expect(w.contains(at("2026-03-29T01:15:00Z")))  // 02:15 BST
        #expect(!w.contains(at("2026-03-29T01:30:00Z")))  // 02:30 BST
        #expect(w.contains(at("2026-03-22T01:45:00Z")))  // 01:45 GMT the week before
        #expect(w.contains(at("2026-04-05T00:45:00Z")))  // 01:45 BST the week after
        #expect(!w.contains(at("2026-04-05T01:45:00Z")))  // 02:45 BST
    }

    @Test func londonFallBackSlotOpensOnBothPassesOfTheRepeatedHour() throws {
        // 2026-10-25 01:00 UTC: 02:00 BST becomes 01:00 GMT, so 01:00–02:00 local happens twice.
        let w = try window("{ name: l, timezone: Europe/London, weekly: [{ days: [Sun], start: \"01:30\", end: \"02:30\" }] }")
        #expect(w.contains(at("2026-10-25T00:30:00Z")))  // 01:30 BST
        #expect(!w.contains(at("2026-10-25T01:15:00Z")))  // 01:15 GMT (second pass, before 01:30)
        #expect(w.contains(at("2026-10-25T01:30:00Z")))  // 01:30 GMT
        #expect(w.contains(at("2026-10-25T02:29:00Z")))  // 02:29 GMT
        #expect(!w.contains(at("2026-10-25T02:30:00Z")))
    }

    @Test func slotCrossingMidnight() throws {
        let w = try window("{ name: n, weekly: [{ days: [Fri], start: \"22:00\", end: \"02:00\" }] }")
        #expect(w.weekly.first?.crossesMidnight == true)
        #expect(w.contains(at("2026-03-21T01:00:00Z")))  // Saturday 01:00
        #expect(w.contains(at("2026-03-20T22:00:00Z")))  // Friday 22:00
        #expect(!w.contains(at("2026-03-20T21:59:00Z")))
        #expect(!w.contains(at("2026-03-21T02:00:00Z")))
        #expect(!w.contains(at("2026-03-20T01:00:00Z")))  // Friday 01:00 belongs to Thursday's night
        let sunday = try window("{ name: s, weekly: [{ days: [sunday], start: \"23:00\", end: \"01:00\" }] }")
        #expect(sunday.contains(at("2026-03-23T00:30:00Z")))  // Monday 00:30: the slot wraps the week
        #expect(sunday.contains(at("2026-03-22T23:30:00Z")))
        #expect(!sunday.contains(at("2026-03-23T01:00:00Z")))
    }

    @Test func wholeDaysAndDayNames() throws {
        let w = try window("{ name: w, weekly: [{ days: [MONDAY, sun, Tues], start: \"00:00\", end: \"24:00\" }] }")
        #expect(w.weekly.first?.days == [.monday, .sunday, .tuesday])
        #expect(w.contains(at("2026-03-22T00:00:00Z")))  // Sunday 00:00
        #expect(w.contains(at("2026-03-22T23:59:59Z")))
        #expect(w.contains(at("2026-03-24T23:59:59Z")))  // Tuesday
        #expect(!w.contains(at("2026-03-25T00:00:00Z")))  // Wednesday
        #expect(!w.contains(at("2026-03-21T23:59:59Z")))  // Saturday
    }

    @Test func perWindowZoneOverridesTheDefault() throws {
        let context = try ConfigLoader.parse(yaml: """
            timezone: Asia/Tokyo
            change_windows:
              - { name: tokyo, weekly: [{ days: [Mon], start: "09:00", end: "10:00" }] }
              - { name: utc, timezone: UTC, weekly: [{ days: [Mon], start: "09:00", end: "10:00" }] }
            """, file: "t.yaml")
        #expect(context.timeZone == "Asia/Tokyo")
        let tokyo = context.changeWindows[0], utc = context.changeWindows[1]
        #expect(tokyo.timeZone.identifier == "Asia/Tokyo")
        #expect(tokyo.contains(at("2026-03-16T00:30:00Z")))  // 09:30 JST
        #expect(!tokyo.contains(at("2026-03-16T09:30:00Z")))
        #expect(utc.contains(at("2026-03-16T09:30:00Z")))
    }

    @Test func oneOffWindowsInUTCAndLocalTime() throws {
        let w = try window("""
            { name: t, timezone: Europe/Berlin, once: [
                { start: "2026-03-10T22:00:00Z", end: "2026-03-11T02:00:00Z", ticket: CHG-1234 },
                { start: "2026-07-01 09:00", end: "2026-07-01T10:00:00" },
                { start: "2026-12-01T09:00:00+01:00", end: "2026-12-01 10:00" } ] }
            """)
        #expect(w.once.map(\.ticket) == ["CHG-1234", nil, nil])
        #expect(w.contains(at("2026-03-10T22:00:00Z")))
        #expect(w.contains(at("2026-03-11T01:59:59Z")))
        #expect(!w.contains(at("2026-03-11T02:00:00Z")))  // the end is exclusive
        #expect(!w.contains(at("2026-03-10T21:59:59Z")))
        #expect(w.once[1].start == at("2026-07-01T07:00:00Z"))  // 09:00 CEST
        #expect(w.contains(at("2026-07-01T07:30:00Z")))
        #expect(!w.contains(at("2026-07-01T08:30:00Z")))  // 10:30 CEST
        #expect(w.once[2].start == at("2026-12-01T08:00:00Z") && w.once[2].end == at("2026-12-01T09:00:00Z"))  // CET
    }

    @Test func localOneOffTimesAcrossDaylightSaving() throws {
        let w = try window("""
            { name: t, timezone: Europe/London, once: [
                { start: "2026-03-29 00:30", end: "2026-03-29 01:30" },
                { start: "2026-10-25 01:30", end: "2026-10-25 03:00" } ] }
            """)
        // 01:30 does not exist on 29 March: it moves forward by the gap, to 02:30 BST.
        #expect(w.once[0].start == at("2026-03-29T00:30:00Z") && w.once[0].end == at("2026-03-29T01:30:00Z"))
        // 01:30 happens twice on 25 October: the first (BST) is meant.
        #expect(w.once[1].start == at("2026-10-25T00:30:00Z") && w.once[1].end == at("2026-10-25T03:00:00Z"))
    }

    @Test func weeklyAndOnceTogether() throws {
        let w = try window("""
            { name: both, weekly: [{ days: [Wed], start: "10:00", end: "12:00" }],
              once: [{ start: "2026-03-21T03:00:00Z", end: "2026-03-21T04:00:00Z", ticket: CHG-9 }] }
            """)
        #expect(w.contains(at("2026-03-18T11:00:00Z")))
        #expect(w.contains(at("2026-03-21T03:12:00Z")))
        #expect(!w.contains(at("2026-03-21T04:12:00Z")))
    }

    @Test func changingPropertiesRebuildsWhatContainsUses() throws {
        var w = ChangeWindow(name: "x", timeZone: TimeZone(identifier: "UTC")!,
                             weekly: [WeeklySlot(days: [.monday], start: 9 * 60, end: 10 * 60)])
        #expect(w.contains(at("2026-03-16T09:30:00Z")))
        w.timeZone = TimeZone(identifier: "America/New_York")!
        #expect(!w.contains(at("2026-03-16T09:30:00Z")))
        #expect(w.contains(at("2026-03-16T13:30:00Z")))  // 09:30 EDT
        w.weekly = [WeeklySlot(days: [.tuesday], start: 9 * 60, end: 10 * 60)]
        #expect(!w.contains(at("2026-03-16T13:30:00Z")))
        #expect(w.contains(at("2026-03-17T13:30:00Z")))
        w.once = [OneOffWindow(start: at("2026-03-16T13:00:00Z"), end: at("2026-03-16T14:00:00Z"))]
        #expect(w.contains(at("2026-03-16T13:30:00Z")))
    }

    @Test func contextSeesEditedWindows() throws {
        var context = try ConfigLoader.parse(yaml: """
            change_windows:
              - { name: w, scope: { principals: [a] }, weekly: [{ days: [Mon], start: "09:00", end: "10:00" }] }
            """, file: "t.yaml")
        let monday = at("2026-03-16T09:30:00Z"), tuesday = at("2026-03-17T09:30:00Z")
        #expect(context.isInsideChangeWindow(WindowSubject(principal: "a"), at: monday) == true)
        context.changeWindows[0].weekly[0].days = [.tuesday]
        #expect(context.isInsideChangeWindow(WindowSubject(principal: "a"), at: monday) == false)
        #expect(context.isInsideChangeWindow(WindowSubject(principal: "a"), at: tuesday) == true)
        context.changeWindows[0].scope.principals = .oneOf(["b"])
        #expect(context.isInsideChangeWindow(WindowSubject(principal: "a"), at: tuesday) == nil)
        #expect(context.isInsideChangeWindow(WindowSubject(principal: "b"), at: tuesday) == true)
        context.changeWindows.append(ChangeWindow(name: "all", timeZone: TimeZone(identifier: "UTC")!,
                                                  once: [OneOffWindow(start: monday, end: tuesday)]))
        #expect(context.isInsideChangeWindow(WindowSubject(principal: "a"), at: monday) == true)
    }

    @Test func overlappingSlotsMerge() throws {
        let w = try window("""
            { name: m, weekly: [{ days: [Mon], start: "09:00", end: "11:00" }, { days: [Mon], start: "10:00", end: "12:00" },
                                { days: [Mon], start: "12:00", end: "13:00" }] }
            """)
        for hour in ["09", "10", "11", "12"] { #expect(w.contains(at("2026-03-16T\(hour):30:00Z")), "\(hour)") }
        #expect(!w.contains(at("2026-03-16T08:59:00Z")) && !w.contains(at("2026-03-16T13:00:00Z")))
    }
}
