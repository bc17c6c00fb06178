import Foundation
import Testing
@testable import VigilConfig
import VigilCore

/// The precomputed offset table gives the wall clock `Calendar` gives, including at and around
/// every offset change.
@Suite struct WeekClockTests {
    @Test(arguments: ["UTC", "Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata",
                      "Europe/Moscow", "Pacific/Apia", "America/Santiago", "Asia/Kathmandu"])
    func tableAgreesWithCalendar(_ zoneName: String) throws {
        let zone = try #require(TimeZone(identifier: zoneName))
        let clock = WeekClock(timeZone: zone)
        // Every 97 minutes (drifting through all minutes of the week) from 2008 to 2032.
        var seconds: Int64 = 1_199_145_600
        while seconds < 1_956_528_000 {
            let t = Timestamp(seconds: seconds)
            #expect(clock.minuteOfWeek(t) == clock.calendarMinuteOfWeek(t), "\(zoneName) \(t.iso8601)")
            seconds += 97 * 60
        }
        // Around each offset change: a minute either side, and the change itself.
        var cursor = Date(timeIntervalSince1970: 1_199_145_600)
        while let change = zone.nextDaylightSavingTimeTransition(after: cursor), change.timeIntervalSince1970 < 1_956_528_000 {
            for delta in [-60.0, -1, 0, 1, 60] {
                let t = Timestamp(milliseconds: Int64((change.timeIntervalSince1970 + delta) * 1000))
                #expect(clock.minuteOfWeek(t) == clock.calendarMinuteOfWeek(t), "\(zoneName) \(t.iso8601)")
            }
            cursor = change
        }
    }

    @Test func outsideTheTableFallsBackToCalendar() throws {
        let clock = WeekClock(timeZone: try #require(TimeZone(identifier: "Europe/London")))
        for text in ["1850-06-01T12:00:00Z", "2150-07-01T12:00:00Z"] {
            #expect(clock.minuteOfWeek(at(text)) == clock.calendarMinuteOfWeek(at(text)))
        }
        // 2150-07-01 is a Wednesday; 13:00 BST.
        #expect(clock.minuteOfWeek(at("2150-07-01T12:00:00Z")) == 2 * 1440 + 13 * 60)
    }

    @Test func mondayMidnightIsMinuteZero() throws {
        let clock = WeekClock(timeZone: try #require(TimeZone(identifier: "UTC")))
        #expect(clock.minuteOfWeek(at("2026-03-16T00:00:00Z")) == 0)
        #expect(clock.minuteOfWeek(at("2026-03-22T23:59:59Z")) == 7 * 1440 - 1)
        #expect(clock.minuteOfWeek(at("1969-12-31T23:59:00Z")) == 2 * 1440 + 1439)  // Wednesday, before the epoch
    }
}
