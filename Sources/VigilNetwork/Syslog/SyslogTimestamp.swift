public import VigilCore

/// A record's time as the device wrote it, resolved to an instant, with what had to be assumed.
///
/// Network devices often omit the year (RFC 3164), write a configured zone abbreviation that
/// means nothing outside the device (`clock timezone CDT -5`), or mark their clock as not
/// synchronised. The instant is always usable; the flags say how much to trust it.
public struct SyslogTimestamp: Sendable, Hashable {
    /// The resolved instant (UTC when the zone was missing or unknown).
    public var instant: Timestamp
    /// Whether the year was not written and was inferred from the caller's reference time.
    public var yearInferred: Bool
    /// What the record said about the zone.
    public var zone: Zone
    /// Cisco's clock-state marker before the time.
    public var clockState: ClockState

    /// What a record said about its time zone.
    public enum Zone: Sendable, Hashable {
        /// No zone was written; the time is taken as UTC.
        case missing
        /// `Z`, `UTC`, `GMT` or `UT`.
        case utc
        /// A numeric offset east of UTC, in seconds (`+01:00`, `-0500`, `UTC+2`), or an
        /// abbreviation the caller mapped to one.
        case offset(seconds: Int, written: String)
        /// An abbreviation the parser could not map (`CDT`, `IST`); the time is taken as UTC.
        case unknown(String)
    }

    /// Cisco marks timestamps whose clock is not authoritative.
    public enum ClockState: Sendable, Hashable {
        /// No marker.
        case normal
        /// `*`: the clock was never synchronised (NTP or calendar), so the time may be arbitrary.
        case unsynchronised
        /// `.`: the clock had been synchronised but lost synchronisation.
        case synchronisationLost
    }

    /// Creates a timestamp.
    public init(instant: Timestamp, yearInferred: Bool = false, zone: Zone = .utc, clockState: ClockState = .normal) {
        self.instant = instant
        self.yearInferred = yearInferred
        self.zone = zone
        self.clockState = clockState
    }

    /// Whether no zone was written.
    public var zoneMissing: Bool { if case .missing = zone { true } else { false } }
    /// Whether a zone abbreviation was written that could not be mapped (taken as UTC).
    public var zoneUnknown: Bool { if case .unknown = zone { true } else { false } }
    /// Whether the instant rests only on what the record wrote: year, zone and a trusted clock.
    public var isExact: Bool {
        guard !yearInferred, clockState == .normal else { return false }
        switch zone {
        case .utc, .offset: return true
        case .missing, .unknown: return false
        }
    }
}
