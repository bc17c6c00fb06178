public import VigilConfig
public import VigilCore

/// A detection: reads events of the kinds it subscribes to and returns explained alerts.
///
/// Analytics never read a clock or do I/O: time comes from events, context from configuration,
/// so the same input always gives the same alerts.
public protocol Analytic: Sendable {
    /// The ATT&CK context every alert of this analytic carries.
    var attack: AttackReference { get }
    /// The detection's name within the analytic.
    var detection: String { get }
    /// The event kinds this analytic reads; it never sees any other event.
    var kinds: Set<EventKind> { get }
    /// Evaluates one event.
    func evaluate(_ event: Event, context: OrgContext) -> [Alert]
}

/// The analytics of a scan, compiled once: indexed by event kind so that an event meets only
/// the analytics that can match it.
public struct AnalyticSet: Sendable {
    private let analytics: [any Analytic]
    private let byKind: [[Int]]
    /// The kinds some analytic reads, by raw value: the decoder materialises only these.
    public let wanted: [Bool]

    /// Compiles the index.
    public init(_ analytics: [any Analytic]) {
        self.analytics = analytics
        let n = Int(EventKind.allCases.map(\.rawValue).max() ?? 0) + 1
        var index = Array(repeating: [Int](), count: n)
        for (i, a) in analytics.enumerated() {
            for k in a.kinds where k != .other { index[Int(k.rawValue)].append(i) }
        }
        byKind = index
        wanted = index.map { !$0.isEmpty }
    }

    /// The analytics Vigil ships, enabled by default.
    public static let standard = AnalyticSet([])

    /// The kinds some analytic reads.
    public var wantedKinds: Set<EventKind> { Set(EventKind.allCases.filter { wants($0) }) }

    /// Whether some analytic reads this kind.
    @inline(__always)
    public func wants(_ kind: EventKind) -> Bool { wanted[Int(kind.rawValue)] }

    /// Every alert the analytics raise for `event`.
    public func evaluate(_ event: Event, context: OrgContext) -> [Alert] {
        var out: [Alert] = []
        for i in byKind[Int(event.kind.rawValue)] { out += analytics[i].evaluate(event, context: context) }
        return out
    }

    /// The analytics, for listing.
    public var all: [any Analytic] { analytics }
}
