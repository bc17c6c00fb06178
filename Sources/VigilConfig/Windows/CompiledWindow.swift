import VigilCore

/// What ``ChangeWindow`` and ``OrgContext`` evaluate per event, prepared once: the scope, the
/// zone's clock, the weekly slots as merged minute-of-week ranges, and the one-off windows.
///
/// A class, so the per-event loop reads it in place: copying a `ChangeWindow` (which iterating an
/// array of them does) retains and releases every string, set and array it holds. Immutable, so
/// sharing it across threads is safe.
final class CompiledWindow: Sendable {
    let scope: WindowScope
    let clock: WeekClock
    /// Sorted, disjoint, half-open ranges of local minutes of the week.
    let weekRanges: [Range<Int>]
    let once: [OneOffWindow]

    init(scope: WindowScope, clock: WeekClock, weekly: [WeeklySlot], once: [OneOffWindow]) {
        self.scope = scope
        self.clock = clock
        self.weekRanges = Self.merged(weekly.flatMap(\.minuteOfWeekRanges))
        self.once = once
    }

    /// See ``ChangeWindow/contains(_:)``.
    func contains(_ t: Timestamp) -> Bool {
        for window in once where window.contains(t) { return true }
        if weekRanges.isEmpty { return false }
        let minute = clock.minuteOfWeek(t)
        for range in weekRanges {
            if minute < range.lowerBound { return false }
            if minute < range.upperBound { return true }
        }
        return false
    }

    /// Sorts ranges and joins those that overlap or touch.
    static func merged(_ ranges: [Range<Int>]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        for r in ranges.sorted(by: { $0.lowerBound < $1.lowerBound }) where !r.isEmpty {
            if let last = out.last, r.lowerBound <= last.upperBound {
                out[out.count - 1] = last.lowerBound..<max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        return out
    }
}
