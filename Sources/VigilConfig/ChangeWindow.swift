public import Foundation
public import VigilCore

/// An approved change window: weekly recurring slots and one-off windows (change tickets),
/// evaluated in the window's own IANA time zone, so a 09:00 slot stays 09:00 across DST.
public struct ChangeWindow: Sendable {
    /// The window's name.
    public var name: String
    /// What it approves.
    public var scope: WindowScope
    /// The zone its weekly slots are written in.
    public var timeZone: TimeZone
    /// Weekly recurring slots.
    public var weekly: [WeeklySlot]
    /// One-off windows.
    public var once: [OneOffWindow]

    private let calendar: Calendar

    /// Creates a window.
    public init(name: String, scope: WindowScope, timeZone: TimeZone, weekly: [WeeklySlot], once: [OneOffWindow]) {
        self.name = name
        self.scope = scope
        self.timeZone = timeZone
        self.weekly = weekly
        self.once = once
        var c = Calendar(identifier: .gregorian)
        c.timeZone = timeZone
        calendar = c
    }

    /// Whether the window is open at `t`.
    public func contains(_ t: Timestamp) -> Bool {
        if once.contains(where: { $0.start <= t && t < $0.end }) { return true }
        guard !weekly.isEmpty else { return false }
        let date = Date(timeIntervalSince1970: Double(t.milliseconds) / 1000)
        let c = calendar.dateComponents([.weekday, .hour, .minute], from: date)
        // Calendar weekday: 1 = Sunday … 7 = Saturday; slots use 0 = Monday … 6 = Sunday.
        let day = ((c.weekday ?? 1) + 5) % 7
        let minuteOfWeek = day * 1440 + (c.hour ?? 0) * 60 + (c.minute ?? 0)
        return weekly.contains { $0.contains(minuteOfWeek: minuteOfWeek) }
    }
}

/// A weekly slot: on each of `days`, from `start` to `end` local time (minutes after midnight);
/// an end before the start runs past midnight into the next day.
public struct WeeklySlot: Sendable, Hashable {
    /// Days, 0 = Monday … 6 = Sunday.
    public var days: [Int]
    /// Minutes after local midnight.
    public var start: Int
    /// Minutes after local midnight (1440 = end of day).
    public var end: Int

    /// Creates a slot.
    public init(days: [Int], start: Int, end: Int) {
        self.days = days
        self.start = start
        self.end = end
    }

    func contains(minuteOfWeek m: Int) -> Bool {
        for d in days {
            let s = d * 1440 + start
            let e = end > start ? d * 1440 + end : d * 1440 + 1440 + end
            // Compare on the week's circle so Sunday-night slots cover Monday mornings.
            let week = 7 * 1440
            let offset = ((m - s) % week + week) % week
            if offset < e - s { return true }
        }
        return false
    }
}

/// A one-off window, such as a change ticket's approved period.
public struct OneOffWindow: Sendable, Hashable {
    public var start: Timestamp
    public var end: Timestamp
    public var ticket: String?

    /// Creates a one-off window.
    public init(start: Timestamp, end: Timestamp, ticket: String? = nil) {
        self.start = start
        self.end = end
        self.ticket = ticket
    }
}
