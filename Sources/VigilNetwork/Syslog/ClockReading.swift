import VigilCore

/// A calendar time scanned from a header, before its year and zone are resolved.
struct ClockReading {
    var year: Int?
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var millisecond: Int
    /// The zone as written (`UTC`, `+01:00`, `CDT`), if any.
    var zoneText: String?
    var clockState: SyslogTimestamp.ClockState
    /// Index just past the reading (past the zone, not past a following `:`).
    var end: Int
    /// Whether this was an ISO 8601 / RFC 3339 timestamp.
    var isISO: Bool

    /// Resolves year and zone into a timestamp. `nil` if the date does not exist.
    func resolve(reference: Timestamp, futureTolerance: Int64, zones: [String: Int]) -> SyslogTimestamp? {
        let zone = ClockReading.zone(zoneText, known: zones)
        let offset: Int
        switch zone {
        case .offset(let s, _): offset = s
        case .utc, .missing, .unknown: offset = 0
        }
        func instant(_ y: Int) -> Timestamp? {
            guard day <= ClockReading.daysIn(month: month, year: y) else { return nil }
            let days = Int64(CivilDate.days(year: y, month: month, day: day))
            let secs = days * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59)) - Int64(offset)
            return Timestamp(milliseconds: secs * 1000 + Int64(millisecond))
        }
        if let year {
            guard let t = instant(year) else { return nil }
            return SyslogTimestamp(instant: t, yearInferred: false, zone: zone, clockState: clockState)
        }
        // No year: the candidate nearest the reference that is not far in its future.
        let refYear = CivilDate.fromDays(reference.milliseconds.floorDiv(86_400_000)).year
        let limit = reference.adding(seconds: futureTolerance)
        let candidates = [refYear + 1, refYear, refYear - 1, refYear - 2].compactMap(instant)
        guard let best = candidates.first(where: { $0 <= limit }) ?? candidates.last else { return nil }
        return SyslogTimestamp(instant: best, yearInferred: true, zone: zone, clockState: clockState)
    }

    static func zone(_ text: String?, known: [String: Int]) -> SyslogTimestamp.Zone {
        guard let text, !text.isEmpty else { return .missing }
        let upper = text.uppercased()
        if ["Z", "UTC", "GMT", "UT"].contains(upper) { return .utc }
        if let mapped = known[text] ?? known[upper] { return .offset(seconds: mapped, written: text) }
        // UTC+2, GMT-05:00, +0100, -05
        var rest = Substring(upper)
        for prefix in ["UTC", "GMT", "UT"] where rest.hasPrefix(prefix) {
            rest = rest.dropFirst(prefix.count)
            break
        }
        if let sign = rest.first, sign == "+" || sign == "-" {
            let digits = rest.dropFirst().filter { $0 != ":" }
            guard !digits.isEmpty, digits.count <= 4, digits.allSatisfy(\.isASCIIDigit) else { return .unknown(text) }
            let h: Int, m: Int
            if digits.count <= 2 { h = Int(digits)!; m = 0 } else {
                h = Int(digits.dropLast(2))!
                m = Int(digits.suffix(2))!
            }
            guard h <= 14, m < 60 else { return .unknown(text) }
            let secs = (h * 3600 + m * 60) * (sign == "-" ? -1 : 1)
            return secs == 0 ? .utc : .offset(seconds: secs, written: text)
        }
        return .unknown(text)
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}

extension Int64 {
    func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : (self - d + 1) / d }
}
