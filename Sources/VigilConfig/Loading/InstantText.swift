import Foundation
import VigilCore

/// The instants a one-off window is written with: RFC 3339 with a zone designator
/// (`2026-03-10T22:00:00Z`, `2026-03-10T23:00:00+01:00`), or a local wall-clock time in the
/// window's zone (`2026-03-10 22:00`, `2026-03-10T22:00:00`).
enum InstantText {
    /// The instant `text` names; local times are read with `calendar` (the window's zone). A
    /// local time skipped by a spring-forward change moves forward by the gap; one that happens
    /// twice (autumn) means the first.
    static func parse(_ text: String, calendar: Calendar) -> Timestamp? {
        let utf8 = Array(text.utf8)
        // Local: exactly YYYY-MM-DD HH:MM[:SS], validated by the RFC 3339 parser.
        if utf8.count == 16 || utf8.count == 19, Timestamp(iso8601: text + "Z") != nil {
            func number(_ from: Int, _ count: Int) -> Int { Int(String(decoding: utf8[from..<(from + count)], as: UTF8.self)) ?? 0 }
            let components = DateComponents(year: number(0, 4), month: number(5, 2), day: number(8, 2), hour: number(11, 2),
                                            minute: number(14, 2), second: utf8.count == 19 ? number(17, 2) : 0)
            guard let date = calendar.date(from: components) else { return nil }
            return Timestamp(milliseconds: Int64((date.timeIntervalSince1970 * 1000).rounded()))
        }
        // RFC 3339: a time of day and a zone designator are required (no bare dates).
        guard utf8.count >= 17, hasZoneDesignator(utf8) else { return nil }
        return Timestamp(iso8601: text)
    }

    /// Ends in `Z`, or in `±HH:MM` / `±HHMM` after the time of day.
    private static func hasZoneDesignator(_ utf8: [UInt8]) -> Bool {
        if let last = utf8.last, last == UInt8(ascii: "Z") || last == UInt8(ascii: "z") { return true }
        let signs: Set<UInt8> = [UInt8(ascii: "+"), UInt8(ascii: "-")]
        return utf8.suffix(6).first.map(signs.contains) == true || utf8.suffix(5).first.map(signs.contains) == true
    }
}
