public import Foundation
public import VigilCore

/// An approved change window: weekly recurring slots and one-off windows (change tickets),
/// evaluated in the window's own IANA time zone, so a 09:00 slot opens at 09:00 local time on
/// both sides of a daylight-saving change.
///
/// What can be is prepared when the window is built, and again when a property changes: the
/// slots as merged minute-of-week ranges and the zone's offset table, so ``contains(_:)`` costs
/// a table look-up and a few comparisons per event.
public struct ChangeWindow: Sendable {
    /// The window's name, unique within a configuration; alerts cite it.
    public var name: String
    /// Which activity the window approves.
    public var scope: WindowScope { didSet { recompile() } }
    /// The zone the weekly slots (and local one-off times) are written in.
    public var timeZone: TimeZone {
        didSet {
            clock = WeekClock(timeZone: timeZone)
            recompile()
        }
    }
    /// Weekly recurring slots.
    public var weekly: [WeeklySlot] { didSet { recompile() } }
    /// One-off windows.
    public var once: [OneOffWindow] { didSet { recompile() } }

    private var clock: WeekClock
    /// The per-event form of the properties above.
    private(set) var compiled: CompiledWindow

    /// Creates a window.
    public init(name: String, scope: WindowScope = WindowScope(), timeZone: TimeZone, weekly: [WeeklySlot] = [],
                once: [OneOffWindow] = []) {
        self.init(name: name, scope: scope, clock: WeekClock(timeZone: timeZone), weekly: weekly, once: once)
    }

    /// Creates a window sharing an already-built clock (the loader builds one per zone).
    init(name: String, scope: WindowScope, clock: WeekClock, weekly: [WeeklySlot], once: [OneOffWindow]) {
        self.name = name
        self.scope = scope
        self.timeZone = clock.calendar.timeZone
        self.weekly = weekly
        self.once = once
        self.clock = clock
        self.compiled = CompiledWindow(scope: scope, clock: clock, weekly: weekly, once: once)
    }

    /// Whether the window is open at `t`: inside a one-off window, or inside a weekly slot by the
    /// wall clock of the window's zone at that instant.
    public func contains(_ t: Timestamp) -> Bool { compiled.contains(t) }

    private mutating func recompile() {
        compiled = CompiledWindow(scope: scope, clock: clock, weekly: weekly, once: once)
    }
}
