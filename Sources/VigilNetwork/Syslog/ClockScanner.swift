/// Recognises the timestamp forms devices write at a position in a header:
///
/// - RFC 3164 `Nov 23 10:01:02` (day padded with a space or not), with fractions (`.123`,
///   `.123456`), a leading year (NX-OS `2026 Nov 23 …`), a year before the time (ASA and IOS
///   `Nov 23 2026 10:01:02`), a ctime year after it when followed by `:` or a tab
///   (`Sun Nov 23 10:01:02 2026`), a weekday, Cisco's `*`/`.` clock markers, and a zone written
///   after the time (`UTC`, `+01:00`, `CDT`) when a `:` follows it;
/// - ISO 8601 / RFC 3339 `2026-11-23T10:01:02.123456+00:00` (Arista, Juniper, RFC 5424).
enum ClockScanner {
    static let months: [[UInt8]] = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        .map { Array($0.utf8) }
    static let weekdays: [[UInt8]] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map { Array($0.utf8) }

    /// A reading starting exactly at `start`, or `nil`.
    static func scan(_ b: [UInt8], at start: Int) -> ClockReading? {
        var i = start
        var state = SyslogTimestamp.ClockState.normal
        if i < b.count, b[i] == .star || b[i] == .dot, i + 1 < b.count, b[i + 1].isLetter || b[i + 1].isDigit {
            state = b[i] == .star ? .unsynchronised : .synchronisationLost
            i += 1
        }
        if let iso = scanISO(b, at: i) {
            var r = iso
            r.clockState = state
            return r
        }
        // Weekday.
        if word(b, at: i, in: weekdays) != nil, i + 3 < b.count, b[i + 3] == .space { i += 4 }
        // Leading year.
        var year: Int?
        if let y = digits(b, at: i, exactly: 4), i + 4 < b.count, b[i + 4] == .space, i + 5 < b.count, b[i + 5].isLetter {
            year = y
            i += 5
        }
        guard let m = word(b, at: i, in: months) else { return nil }
        i += 3
        guard i < b.count, b[i] == .space else { return nil }
        while i < b.count, b[i] == .space { i += 1 }
        guard let (day, dayLen) = upTo2Digits(b, at: i) else { return nil }
        i += dayLen
        guard i < b.count, b[i] == .space else { return nil }
        i += 1
        if year == nil, let y = digits(b, at: i, exactly: 4), i + 4 < b.count, b[i + 4] == .space {
            year = y
            i += 5
        }
        guard let (hour, minute, second, ms, timeEnd) = scanTime(b, at: i) else { return nil }
        i = timeEnd
        // ctime year after the time, only where nothing else could follow (`2026:` or `2026\t`).
        if year == nil, i < b.count, b[i] == .space, let y = digits(b, at: i + 1, exactly: 4),
           i + 5 == b.count || b[i + 5] == .colon || b[i + 5] == .tab {
            year = y
            i += 5
        }
        guard (1...31).contains(day) else { return nil }
        var reading = ClockReading(
            year: year, month: m + 1, day: day, hour: hour, minute: minute, second: second, millisecond: ms,
            zoneText: nil, clockState: state, end: i, isISO: false
        )
        if let (zone, zoneEnd) = scanZone(b, at: i) {
            reading.zoneText = zone
            reading.end = zoneEnd
        }
        return reading
    }

    /// `hh:mm:ss[.fff…]` → fields and the end index.
    static func scanTime(_ b: [UInt8], at start: Int) -> (Int, Int, Int, Int, Int)? {
        var i = start
        guard let (h, hl) = upTo2Digits(b, at: i) else { return nil }
        i += hl
        guard i < b.count, b[i] == .colon, let mi = digits(b, at: i + 1, exactly: 2) else { return nil }
        i += 3
        guard i < b.count, b[i] == .colon, let s = digits(b, at: i + 1, exactly: 2) else { return nil }
        i += 3
        var ms = 0
        if i + 1 < b.count, b[i] == .dot || b[i] == UInt8(ascii: ","), b[i + 1].isDigit {
            i += 1
            var scale = 100
            while i < b.count, b[i].isDigit {
                ms += b[i].digitValue * scale
                scale /= 10
                i += 1
            }
        }
        guard h < 24, mi < 60, s <= 60 else { return nil }
        return (h, mi, s, ms, i)
    }

    /// A zone token after a space, accepted only when a `:` follows it (Cisco `… UTC:`) or it is
    /// unmistakably a zone (`UTC`, `GMT`, a numeric offset) followed by a space or the end.
    static func scanZone(_ b: [UInt8], at start: Int) -> (String, Int)? {
        guard start < b.count, b[start] == .space else { return nil }
        let i = start + 1
        var j = i
        while j < b.count, j - i <= 12, b[j].isLetter || b[j].isDigit || b[j] == .plus || b[j] == .dash || b[j] == .colon {
            if b[j] == .colon, j + 1 >= b.count || !b[j + 1].isDigit { break }
            j += 1
        }
        guard j > i, j - i <= 12 else { return nil }
        let token = Array(b[i..<j])
        let letters = token.prefix { $0.isLetter }
        let rest = token.dropFirst(letters.count)
        let numericRest = rest.isEmpty || ((rest.first == .plus || rest.first == .dash)
            && rest.dropFirst().allSatisfy { $0.isDigit || $0 == .colon } && rest.count > 1)
        guard letters.count <= 6, numericRest, !(letters.isEmpty && rest.isEmpty) else { return nil }
        guard letters.allSatisfy({ $0.isUpper }) else { return nil }
        let text = String(decoding: token, as: UTF8.self)
        let followedByColon = j < b.count && b[j] == .colon
        let followedBySpaceOrEnd = j == b.count || b[j] == .space
        let plainZone = ["UTC", "GMT", "UT", "Z"].contains(String(decoding: letters, as: UTF8.self)) || letters.isEmpty
        if followedByColon || (followedBySpaceOrEnd && plainZone) { return (text, j) }
        return nil
    }

    /// RFC 3339 / ISO 8601 with a `T` (or space) between date and time, ending at a space.
    static func scanISO(_ b: [UInt8], at start: Int) -> ClockReading? {
        var i = start
        guard let y = digits(b, at: i, exactly: 4), i + 4 < b.count, b[i + 4] == .dash,
              let mo = digits(b, at: i + 5, exactly: 2), i + 7 < b.count, b[i + 7] == .dash,
              let d = digits(b, at: i + 8, exactly: 2), i + 10 < b.count,
              b[i + 10] == UInt8(ascii: "T") || b[i + 10] == UInt8(ascii: "t") else { return nil }
        i += 11
        guard let (h, mi, s, ms, end) = scanTime(b, at: i), end - i >= 8 else { return nil }
        i = end
        var zone: String?
        if i < b.count, b[i] == UInt8(ascii: "Z") || b[i] == UInt8(ascii: "z") {
            zone = "Z"
            i += 1
        } else if i < b.count, b[i] == .plus || b[i] == .dash {
            let zs = i
            i += 1
            guard digits(b, at: i, exactly: 2) != nil else { return nil }
            i += 2
            if i < b.count, b[i] == .colon { i += 1 }
            guard digits(b, at: i, exactly: 2) != nil else { return nil }
            i += 2
            zone = String(decoding: b[zs..<i], as: UTF8.self)
        }
        guard i == b.count || b[i] == .space else { return nil }
        guard (1...12).contains(mo), d >= 1, d <= ClockReading.daysIn(month: mo, year: y) else { return nil }
        return ClockReading(
            year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms, zoneText: zone,
            clockState: .normal, end: i, isISO: true
        )
    }

    /// Whether a timestamp of either family could start at `start` (a cheap look-ahead).
    static func startsClock(_ b: [UInt8], at start: Int) -> Bool { scan(b, at: start) != nil }

    static func word(_ b: [UInt8], at i: Int, in table: [[UInt8]]) -> Int? {
        guard i + 3 <= b.count else { return nil }
        for (n, w) in table.enumerated() where (b[i] | 0x20) == w[0] && (b[i + 1] | 0x20) == w[1] && (b[i + 2] | 0x20) == w[2] {
            if i + 3 < b.count, b[i + 3].isLetter { return nil }
            return n
        }
        return nil
    }

    static func digits(_ b: [UInt8], at i: Int, exactly n: Int) -> Int? {
        guard i >= 0, i + n <= b.count else { return nil }
        var v = 0
        for k in i..<(i + n) {
            guard b[k].isDigit else { return nil }
            v = v * 10 + b[k].digitValue
        }
        if i + n < b.count, b[i + n].isDigit { return nil }
        return v
    }

    static func upTo2Digits(_ b: [UInt8], at i: Int) -> (Int, Int)? {
        guard i < b.count, b[i].isDigit else { return nil }
        if i + 1 < b.count, b[i + 1].isDigit {
            if i + 2 < b.count, b[i + 2].isDigit { return nil }
            return (b[i].digitValue * 10 + b[i + 1].digitValue, 2)
        }
        return (b[i].digitValue, 1)
    }
}
