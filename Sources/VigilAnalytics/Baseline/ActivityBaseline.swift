public import VigilCore

/// A principal as baselines know it: the account it belongs to and the name analysts use (the
/// role for assumed-role sessions).
public struct PrincipalKey: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The account (AWS account id, Azure tenant/subscription, GCP project), when known.
    public var account: String?
    /// The principal's name.
    public var name: String

    /// Creates a key.
    public init(account: String?, name: String) {
        self.account = account
        self.name = name
    }

    /// The key of the principal that performed an action: from its ARN when it has one (the role
    /// of an assumed-role session, the user), else its name; `account` is the account the event
    /// was recorded in, for principals whose own account is not known.
    public init(_ actor: Actor, account: String?) {
        if actor.arn != nil || actor.invokedBy != nil || actor.name == nil,
           let parts = PrincipalName.cloudTrail(arn: actor.arn, invokedBy: actor.invokedBy, principalID: actor.uid) {
            self.init(account: parts.account ?? actor.account ?? account, name: parts.name)
        } else {
            self.init(account: actor.account ?? actor.sessionIssuer?.account ?? account, name: actor.principalName)
        }
    }

    public static func < (a: PrincipalKey, b: PrincipalKey) -> Bool { (a.account ?? "", a.name) < (b.account ?? "", b.name) }

    public var description: String { account.map { "\(name) (\($0))" } ?? name }
}

/// When a feature of a principal's activity (a network, a client, a region) was first and last
/// seen, and how often.
public struct Sighting: Sendable, Hashable, Codable {
    public var first: Timestamp
    public var last: Timestamp
    public var count: Int

    /// A feature seen once, at `time`.
    public init(_ time: Timestamp, count: Int = 1) {
        first = time
        last = time
        self.count = count
    }

    /// Creates a sighting.
    public init(first: Timestamp, last: Timestamp, count: Int) {
        self.first = first
        self.last = last
        self.count = count
    }

    /// Adds what another observer saw.
    public mutating func merge(_ o: Sighting) {
        first = min(first, o.first)
        last = max(last, o.last)
        count += o.count
    }
}

/// Everything the baselines learned about one principal's activity: when it is active, from
/// which networks, with which clients, in which regions. Built from every record (read-only calls
/// included), so "new" means new to the principal, not new to its changes.
public struct PrincipalBaseline: Sendable, Hashable, Codable {
    public var key: PrincipalKey
    public var type: PrincipalType
    /// First and last activity, and the number of events.
    public var activity: Sighting
    /// Events per UTC day (days since 1970-01-01).
    public var days: [Int32: Int]
    /// Events per UTC hour of day.
    public var hours: [Int]
    /// Source networks (`198.51.100.0/24`, `2001:db8:1::/48`, or a service name) by first sighting.
    public var networks: [String: Sighting]
    /// Client families (`aws-cli`, `boto3`, `terraform`, …).
    public var clients: [String: Sighting]
    /// Regions.
    public var regions: [String: Sighting]
    /// Source countries (ISO codes) and autonomous systems (`AS64500`), when a GeoLocation database
    /// is configured.
    public var countries: [String: Sighting]
    public var asns: [String: Sighting]

    /// A principal first seen at `time`.
    public init(key: PrincipalKey, type: PrincipalType, activity: Sighting) {
        self.key = key
        self.type = type
        self.activity = activity
        days = [:]
        hours = Array(repeating: 0, count: 24)
        networks = [:]
        clients = [:]
        regions = [:]
        countries = [:]
        asns = [:]
    }

    /// Adds what another observer saw of the same principal.
    public mutating func merge(_ o: PrincipalBaseline) {
        activity.merge(o.activity)
        if type == .unknown { type = o.type }
        days.merge(o.days, uniquingKeysWith: +)
        for h in 0..<24 { hours[h] += o.hours[h] }
        networks.merge(o.networks) { var a = $0; a.merge($1); return a }
        clients.merge(o.clients) { var a = $0; a.merge($1); return a }
        regions.merge(o.regions) { var a = $0; a.merge($1); return a }
        countries.merge(o.countries) { var a = $0; a.merge($1); return a }
        asns.merge(o.asns) { var a = $0; a.merge($1); return a }
    }

    /// The UTC day of a time.
    public static func day(_ t: Timestamp) -> Int32 {
        Int32((t.milliseconds >= 0 ? t.milliseconds : t.milliseconds - 86_399_999) / 86_400_000)
    }

    /// Days of history before `t`: from the first activity to `t`.
    public func historyDays(before t: Timestamp) -> Double {
        Double(t.milliseconds - activity.first.milliseconds) / 86_400_000
    }

    /// The share of the principal's events in `t`'s UTC hour (0 when it has none).
    public func hourShare(at t: Timestamp) -> Double {
        let total = hours.reduce(0, +)
        guard total > 0 else { return 0 }
        let h = Int((t.milliseconds % 86_400_000 + 86_400_000) % 86_400_000 / 3_600_000)
        return Double(hours[h]) / Double(total)
    }
}

/// Days in order with their running event totals: the last day before a day, and the days and
/// events in a span of days, in logarithmic time. A judge asks both of every change, and a baseline
/// kept for months holds hundreds of days.
public struct DayIndex: Sendable {
    private let days: [Int32]
    /// `totals[i]`: the events on `days[0..<i]`.
    private let totals: [Int]

    /// The index of `counts` (events per day).
    public init(_ counts: [Int32: Int]) {
        let sorted = counts.sorted { $0.key < $1.key }
        days = sorted.map(\.key)
        var totals = [0]
        totals.reserveCapacity(sorted.count + 1)
        for (_, n) in sorted { totals.append(totals[totals.count - 1] + n) }
        self.totals = totals
    }

    /// The index of a set of days (one event each).
    public init(_ days: Set<Int32>) {
        self.days = days.sorted()
        totals = Array(0...self.days.count)
    }

    /// The place of the first day at or after `day`.
    private func lowerBound(_ day: Int32) -> Int {
        var lo = 0, hi = days.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if days[mid] < day { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The last day before `day`, if any.
    public func last(before day: Int32) -> Int32? {
        let i = lowerBound(day)
        return i > 0 ? days[i - 1] : nil
    }

    /// The days and their events from `start` up to, not including, `end`.
    public func span(from start: Int32, to end: Int32) -> (days: Int, events: Int) {
        guard start < end else { return (0, 0) }
        let a = lowerBound(start), b = lowerBound(end)
        return (b - a, totals[b] - totals[a])
    }
}

/// The activity baselines of every principal seen, merged across workers, files and runs, bounded
/// by principal count (least recently active evicted first, counted).
public struct ActivityBaseline: Sendable {
    public private(set) var principals: [PrincipalKey: PrincipalBaseline] = [:]
    /// Principals evicted to keep within the bound, over this baseline's life.
    public private(set) var evicted = 0

    /// An empty baseline.
    public init() {}

    /// Adds one principal's baseline.
    public mutating func merge(_ b: PrincipalBaseline) {
        if principals[b.key] != nil { principals[b.key]!.merge(b) } else { principals[b.key] = b }
    }

    /// Adds another baseline.
    public mutating func merge(_ o: ActivityBaseline) {
        for b in o.principals.values { merge(b) }
        evicted += o.evicted
    }

    /// Keeps at most `limit` principals, and per principal at most `featureLimit` of each feature,
    /// dropping the least recently seen; returns how many principals were dropped now.
    @discardableResult
    public mutating func bound(principals limit: Int, features featureLimit: Int) -> Int {
        var dropped = 0
        if principals.count > limit {
            let order = principals.values.sorted { ($0.activity.last, $0.key) < ($1.activity.last, $1.key) }
            for b in order.prefix(principals.count - limit) { principals[b.key] = nil }
            dropped = order.count - limit
            evicted += dropped
        }
        for key in principals.keys {
            principals[key]!.networks = Self.trim(principals[key]!.networks, featureLimit)
            principals[key]!.clients = Self.trim(principals[key]!.clients, featureLimit)
            principals[key]!.regions = Self.trim(principals[key]!.regions, featureLimit)
            principals[key]!.countries = Self.trim(principals[key]!.countries, featureLimit)
            principals[key]!.asns = Self.trim(principals[key]!.asns, featureLimit)
        }
        return dropped
    }

    private static func trim(_ m: [String: Sighting], _ limit: Int) -> [String: Sighting] {
        guard m.count > limit else { return m }
        let keep = m.sorted { ($0.value.last, $0.key) > ($1.value.last, $1.key) }.prefix(limit)
        return Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
    }

    /// The baseline of a principal.
    public subscript(key: PrincipalKey) -> PrincipalBaseline? { principals[key] }
}
