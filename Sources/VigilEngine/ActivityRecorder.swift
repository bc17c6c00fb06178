import VigilAnalytics
import VigilCore
import VigilParsers

/// One worker's view of every principal's activity, fed by every record of the scan (read-only
/// calls included): the hot path of the baselines. Keys are the fast hashes the JSON reader
/// computes, so a record costs a few table lookups and no string is made unless something is
/// seen for the first time. ``baseline(clientFamily:)`` turns it into the named form.
final class ActivityRecorder {
    struct Seen {
        var first: Int64
        var last: Int64
        var count: Int
        init(_ t: Int64) { first = t; last = t; count = 1 }
        mutating func note(_ t: Int64) {
            if t < first { first = t }
            if t > last { last = t }
            count += 1
        }
        var sighting: Sighting {
            Sighting(first: Timestamp(milliseconds: first), last: Timestamp(milliseconds: last), count: count)
        }
    }

    final class Entry {
        let key: PrincipalKey
        let type: PrincipalType
        var activity: Seen
        var days: [Int32: Int] = [:]
        var hours = [Int](repeating: 0, count: 24)
        var networks: [UInt64: Seen] = [:]
        var clients: [UInt64: Seen] = [:]
        var regions: [UInt64: Seen] = [:]
        init(key: PrincipalKey, type: PrincipalType, time: Int64) {
            self.key = key
            self.type = type
            activity = Seen(time)
            activity.count = 0
        }
    }

    private(set) var entries: [UInt64: Entry] = [:]
    /// Text of each key, from its first sighting.
    private(set) var networkText: [UInt64: String] = [:]
    private(set) var clientText: [UInt64: String] = [:]
    private(set) var regionText: [UInt64: String] = [:]
    /// Records with no principal (nothing to attribute them to).
    private(set) var unattributed = 0
    private var lastKey: UInt64 = 0
    private var lastEntry: Entry?

    /// Notes one record.
    @inline(__always)
    func observe(_ record: RecordView) {
        let k = record.profileKeys
        guard k.principal != 0 else { unattributed += 1; return }
        let t = record.time.milliseconds
        let e: Entry
        if k.principal == lastKey, let last = lastEntry {
            e = last
        } else if let found = entries[k.principal] {
            e = found
        } else {
            let actor = record.actor
            e = Entry(key: PrincipalKey(actor, account: record.account), type: actor.type, time: t)
            entries[k.principal] = e
        }
        lastKey = k.principal
        lastEntry = e
        e.activity.note(t)
        let day = PrincipalBaseline.day(record.time)
        e.days[day, default: 0] += 1
        e.hours[Int((t - Int64(day) * 86_400_000) / 3_600_000)] += 1
        if k.network != 0 {
            if e.networks[k.network]?.note(t) == nil {
                e.networks[k.network] = Seen(t)
                if networkText[k.network] == nil { networkText[k.network] = record.sourceText.map(SourceNetwork.text) }
            }
        }
        if k.client != 0 {
            if e.clients[k.client]?.note(t) == nil {
                e.clients[k.client] = Seen(t)
                if clientText[k.client] == nil { clientText[k.client] = record.userAgent ?? "" }
            }
        }
        if k.region != 0 {
            if e.regions[k.region]?.note(t) == nil {
                e.regions[k.region] = Seen(t)
                if regionText[k.region] == nil { regionText[k.region] = record.region ?? "" }
            }
        }
    }

    /// The named baseline of what this worker saw. `clientFamily` maps a user agent to its client
    /// family (called once per distinct user agent); `geo` maps a source network's first address
    /// to its country and AS, when a GeoLocation database is configured.
    func baseline(clientFamily: (String) -> String, geo: ((String) -> (country: String?, asn: String?))? = nil) -> ActivityBaseline {
        var families: [UInt64: String] = [:]
        for (k, ua) in clientText { families[k] = clientFamily(ua) }
        var out = ActivityBaseline()
        for e in entries.values {
            var b = PrincipalBaseline(key: e.key, type: e.type, activity: e.activity.sighting)
            b.days = e.days
            b.hours = e.hours
            for (k, s) in e.networks {
                guard let text = networkText[k] else { continue }
                Self.add(&b.networks, text, s.sighting)
            }
            for (k, s) in e.clients {
                let f = families[k] ?? "unknown"
                Self.add(&b.clients, f, s.sighting)
            }
            for (k, s) in e.regions {
                let r = regionText[k] ?? ""
                Self.add(&b.regions, r, s.sighting)
            }
            out.merge(b)
        }
        return out
    }

    private static func add(_ map: inout [String: Sighting], _ key: String, _ s: Sighting) {
        if var current = map[key] {
            current.merge(s)
            map[key] = current
        } else {
            map[key] = s
        }
    }
}
