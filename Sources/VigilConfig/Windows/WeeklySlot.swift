/// A recurring weekly slot: on each of `days`, from `start` to `end` local time.
///
/// Times are minutes after local midnight. `end` may be 1440 (`24:00`, the end of the day); an
/// `end` before `start` runs past midnight into the next day, so `Fri 22:00–02:00` covers
/// Saturday 01:00 (and a Sunday-night slot runs into Monday morning).
public struct WeeklySlot: Sendable, Hashable {
    /// The days the slot opens on.
    public var days: [Weekday]
    /// Opening time, minutes after local midnight (0..<1440).
    public var start: Int
    /// Closing time, minutes after local midnight (0...1440), exclusive.
    public var end: Int

    /// Creates a slot; `start` and `end` are minutes after local midnight.
    public init(days: [Weekday], start: Int, end: Int) {
        self.days = days
        self.start = start
        self.end = end
    }

    /// Whether the slot runs past midnight into the next day.
    public var crossesMidnight: Bool { end < start }

    /// Length of one opening, in minutes.
    public var durationMinutes: Int { crossesMidnight ? end + WeekMinutes.day - start : end - start }

    /// The slot's openings as half-open ranges of minutes of the week (Monday 00:00 = 0), with an
    /// opening that runs past Sunday midnight split in two.
    var minuteOfWeekRanges: [Range<Int>] {
        var out: [Range<Int>] = []
        for day in days {
            let s = day.rawValue * WeekMinutes.day + start
            let e = s + durationMinutes
            if e <= WeekMinutes.week {
                out.append(s..<e)
            } else {
                out.append(s..<WeekMinutes.week)
                out.append(0..<(e - WeekMinutes.week))
            }
        }
        return out
    }
}

extension WeeklySlot {
    /// A slot time as configurations write it, `HH:MM`, in minutes after midnight; `24:00` (the
    /// end of the day) only as an end.
    static func minutes(_ text: String, isEnd: Bool) -> Int? {
        let utf8 = Array(text.utf8)
        let isDigit = { (c: UInt8) in c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }
        guard utf8.count == 5, utf8[2] == UInt8(ascii: ":"), utf8[0...1].allSatisfy(isDigit), utf8[3...4].allSatisfy(isDigit),
              let h = Int(text.prefix(2)), let m = Int(text.suffix(2)) else { return nil }
        if isEnd, h == 24, m == 0 { return WeekMinutes.day }
        guard h < 24, m < 60 else { return nil }
        return h * 60 + m
    }
}

/// Minutes in a day and in a week.
enum WeekMinutes {
    static let day = 1440
    static let week = 7 * 1440
}
