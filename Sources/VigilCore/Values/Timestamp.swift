/// An instant, in milliseconds since the Unix epoch (UTC).
///
/// Events carry their own time; analytics never read a clock, so a scan over last month's logs
/// behaves exactly as the live service did then.
public struct Timestamp: Hashable, Comparable, Sendable, Codable {
    /// Milliseconds since 1970-01-01T00:00:00Z.
    public var milliseconds: Int64

    /// Creates an instant from milliseconds since the epoch.
    public init(milliseconds: Int64) { self.milliseconds = milliseconds }

    /// Creates an instant from whole seconds since the epoch.
    public init(seconds: Int64) { self.milliseconds = seconds * 1000 }

    /// Seconds since the epoch (floor).
    public var seconds: Int64 { milliseconds >= 0 ? milliseconds / 1000 : (milliseconds - 999) / 1000 }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.milliseconds < b.milliseconds }

    /// This instant moved by a number of seconds.
    public func adding(seconds: Int64) -> Timestamp { Timestamp(milliseconds: milliseconds + seconds * 1000) }

    /// RFC 3339 in UTC, with milliseconds only when they are not zero: `2026-03-16T22:14:05Z`.
    public var iso8601: String {
        let (days, msOfDay) = milliseconds.floorDivided(by: 86_400_000)
        let (y, m, d) = CivilDate.fromDays(days)
        let s = msOfDay / 1000, ms = msOfDay % 1000
        var out = "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(s / 3600, 2)):\(pad(s / 60 % 60, 2)):\(pad(s % 60, 2))"
        if ms != 0 { out += ".\(pad(ms, 3))" }
        return out + "Z"
    }

    /// Parses RFC 3339 / ISO 8601 as logs write it: `2026-03-16T22:14:05Z`, with fractional
    /// seconds, a numeric offset, or a space instead of `T` (CloudTrail Lake); no zone means UTC.
    public init?(iso8601 text: some StringProtocol) {
        guard let t = text.utf8.withContiguousStorageIfAvailable({ Timestamp.parse(UnsafeRawBufferPointer($0)) })
                ?? Timestamp.parse(Array(text.utf8)) else { return nil }
        self = t
    }

    /// Parses RFC 3339 bytes; see ``init(iso8601:)``.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Timestamp? {
        var p = TimeCursor(bytes: bytes)
        guard let y = p.digits(4), p.expect(UInt8(ascii: "-")), let mo = p.digits(2), p.expect(UInt8(ascii: "-")),
              let d = p.digits(2) else { return nil }
        guard (1...12).contains(mo), d >= 1, d <= CivilDate.daysIn(month: mo, year: y) else { return nil }
        var h = 0, mi = 0, s = 0, ms = 0
        if p.expect(UInt8(ascii: "T")) || p.expect(UInt8(ascii: " ")) || p.expect(UInt8(ascii: "t")) {
            guard let hh = p.digits(2), p.expect(UInt8(ascii: ":")), let mm = p.digits(2) else { return nil }
            h = hh; mi = mm
            if p.expect(UInt8(ascii: ":")) {
                guard let ss = p.digits(2) else { return nil }
                s = ss
                if p.expect(UInt8(ascii: ".")) || p.expect(UInt8(ascii: ",")) {
                    var scale = 100, any = false
                    while let digit = p.digit() { ms += digit * scale; scale /= 10; any = true }
                    if !any { return nil }
                }
            }
            guard h < 24, mi < 60, s <= 60 else { return nil }
        }
        var offset = 0
        if p.expect(UInt8(ascii: "Z")) || p.expect(UInt8(ascii: "z")) {
        } else if let sign = p.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
            p.advance()
            guard let oh = p.digits(2) else { return nil }
            _ = p.expect(UInt8(ascii: ":"))
            guard let om = p.digits(2) else { return nil }
            offset = (oh * 60 + om) * 60 * (sign == UInt8(ascii: "-") ? -1 : 1)
        }
        guard p.atEnd else { return nil }
        let days = CivilDate.days(year: y, month: mo, day: d)
        let secs = Int64(days) * 86_400 + Int64(h * 3600 + mi * 60 + min(s, 59)) - Int64(offset)
        return Timestamp(milliseconds: secs * 1000 + Int64(ms))
    }

    static func parse(_ bytes: [UInt8]) -> Timestamp? { bytes.withUnsafeBytes { parse($0) } }
}

private func pad(_ v: some BinaryInteger, _ width: Int) -> String {
    let s = String(v)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

extension Int64 {
    func floorDivided(by d: Int64) -> (Int64, Int64) {
        let q = self >= 0 ? self / d : (self - d + 1) / d
        return (q, self - q * d)
    }
}

/// Proleptic Gregorian calendar arithmetic (Howard Hinnant's days-from-civil algorithms).
public enum CivilDate {
    /// Days since 1970-01-01 for a calendar date.
    public static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date of a day number (days since 1970-01-01).
    public static func fromDays(_ z: Int64) -> (year: Int, month: Int, day: Int) {
        let z = Int(z) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    /// The days in a month of a year.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}

private struct TimeCursor {
    let bytes: UnsafeRawBufferPointer
    var i = 0
    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }
    var atEnd: Bool { i == bytes.count }
    func peek() -> UInt8? { i < bytes.count ? bytes[i] : nil }
    mutating func advance() { i += 1 }
    mutating func expect(_ c: UInt8) -> Bool {
        guard i < bytes.count, bytes[i] == c else { return false }
        i += 1
        return true
    }
    mutating func digit() -> Int? {
        guard i < bytes.count, bytes[i] >= 48, bytes[i] <= 57 else { return nil }
        defer { i += 1 }
        return Int(bytes[i] - 48)
    }
    mutating func digits(_ n: Int) -> Int? {
        var v = 0
        for _ in 0..<n {
            guard let d = digit() else { return nil }
            v = v * 10 + d
        }
        return v
    }
}
