/// A day of the week, Monday first (ISO 8601 order), as weekly change-window slots name it.
public enum Weekday: Int, Sendable, Hashable, CaseIterable, Comparable {
    case monday = 0, tuesday, wednesday, thursday, friday, saturday, sunday

    /// Reads a day name as configurations write it: `Mon`…`Sun`, full names, or the common
    /// `Tues`/`Thur`/`Thurs`, in any case.
    public init?(name: some StringProtocol) {
        guard let day = Weekday.names[name.lowercased()] else { return nil }
        self = day
    }

    /// The three-letter English abbreviation (`Mon`).
    public var abbreviation: String { ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][rawValue] }

    /// Monday first.
    public static func < (a: Weekday, b: Weekday) -> Bool { a.rawValue < b.rawValue }

    private static let names: [String: Weekday] = [
        "mon": .monday, "monday": .monday,
        "tue": .tuesday, "tues": .tuesday, "tuesday": .tuesday,
        "wed": .wednesday, "wednesday": .wednesday,
        "thu": .thursday, "thur": .thursday, "thurs": .thursday, "thursday": .thursday,
        "fri": .friday, "friday": .friday,
        "sat": .saturday, "saturday": .saturday,
        "sun": .sunday, "sunday": .sunday,
    ]
}
