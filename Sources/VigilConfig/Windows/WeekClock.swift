import Foundation
import VigilCore

/// Turns an instant into the local minute of the week (Monday 00:00 = 0) in one time zone.
///
/// `contains` runs per event, so the zone's UTC offsets are looked up once, at load: every offset
/// change Foundation's tz database knows between 1900 and 2100 goes into a sorted table, and an
/// instant's local time is its UTC time plus the offset in force, found by binary search. That is
/// exactly the wall clock a `Calendar` in the zone reports (tests compare the two across DST
/// changes); instants outside the table fall back to that cached `Calendar`.
struct WeekClock: Sendable {
    /// The zone's calendar, for instants outside the table.
    let calendar: Calendar
    /// Seconds since the epoch at which `offsets[i]` comes into force; `changes[0]` is the table's start.
    private let changes: [Int64]
    /// UTC offsets in seconds, parallel to `changes`.
    private let offsets: [Int]
    /// End of the table (exclusive), in seconds since the epoch.
    private let limit: Int64

    static let tableStart: Int64 = -2_208_988_800  // 1900-01-01T00:00:00Z
    static let tableEnd: Int64 = 4_102_444_800  // 2100-01-01T00:00:00Z

    init(timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
        var changes = [Self.tableStart]
        var offsets = [timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(Self.tableStart)))]
        var cursor = Date(timeIntervalSince1970: Double(Self.tableStart))
        while let next = timeZone.nextDaylightSavingTimeTransition(after: cursor), next > cursor,
              next.timeIntervalSince1970 < Double(Self.tableEnd) {
            let offset = timeZone.secondsFromGMT(for: next)
            if offset != offsets.last {
                changes.append(Int64(next.timeIntervalSince1970.rounded(.down)))
                offsets.append(offset)
            }
            cursor = next
        }
        self.changes = changes
        self.offsets = offsets
        self.limit = Self.tableEnd
    }

    /// Local minute of the week at `t`: 0 is Monday 00:00, 10079 is Sunday 23:59.
    func minuteOfWeek(_ t: Timestamp) -> Int {
        let seconds = t.seconds
        guard seconds >= changes[0], seconds < limit else { return calendarMinuteOfWeek(t) }
        let local = seconds + Int64(offset(at: seconds))
        let (days, secondOfDay) = local.quotientAndFlooredRemainder(86_400)
        // 1970-01-01 was a Thursday (index 3 from Monday).
        let weekday = Int((days + 3).quotientAndFlooredRemainder(7).remainder)
        return weekday * WeekMinutes.day + Int(secondOfDay / 60)
    }

    /// The same answer from `Calendar`: the reference the table is checked against.
    func calendarMinuteOfWeek(_ t: Timestamp) -> Int {
        let date = Date(timeIntervalSince1970: Double(t.milliseconds) / 1000)
        let c = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        // Calendar weekdays run 1 = Sunday … 7 = Saturday.
        let weekday = ((c.weekday ?? 1) + 5) % 7
        return weekday * WeekMinutes.day + (c.hour ?? 0) * 60 + (c.minute ?? 0)
    }

    /// The UTC offset in force at `seconds` (which lies inside the table).
    private func offset(at seconds: Int64) -> Int {
        if changes.count == 1 { return offsets[0] }
        // Last change at or before `seconds`.
        var lo = 0, hi = changes.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if changes[mid] <= seconds { lo = mid } else { hi = mid - 1 }
        }
        return offsets[lo]
    }
}

extension Int64 {
    /// Division rounding toward negative infinity, with the matching non-negative remainder.
    fileprivate func quotientAndFlooredRemainder(_ d: Int64) -> (quotient: Int64, remainder: Int64) {
        let q = self >= 0 ? self / d : (self - d + 1) / d
        return (q, self - q * d)
    }
}
