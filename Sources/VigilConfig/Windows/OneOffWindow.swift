public import VigilCore

/// A one-off window, such as a change ticket's approved period: open from `start` (inclusive)
/// to `end` (exclusive).
public struct OneOffWindow: Sendable, Hashable {
    /// Opening instant.
    public var start: Timestamp
    /// Closing instant, exclusive.
    public var end: Timestamp
    /// The change ticket that approved it, if the configuration names one.
    public var ticket: String?

    /// Creates a one-off window.
    public init(start: Timestamp, end: Timestamp, ticket: String? = nil) {
        self.start = start
        self.end = end
        self.ticket = ticket
    }

    /// Whether the window is open at `t`.
    public func contains(_ t: Timestamp) -> Bool { start <= t && t < end }
}
