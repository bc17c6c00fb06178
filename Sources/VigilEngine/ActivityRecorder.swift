import VigilAnalytics
import VigilCore
import VigilParsers

/// One worker's view of every principal's activity, fed by every record of the scan (read-only
/// calls included): the hot path of the baselines.
///
/// A record costs one table lookup: activity is counted per (principal, source network, client,
/// region, hour), keyed by the fast hashes the JSON reader computed, and a string is made only
/// when one of those is seen for the first time. ``baseline(clientFamily:)`` folds the counts
/// into the named per-principal form. The table grows with distinct (who, where, what, hour)
/// combinations, not with records.
final class ActivityRecorder {
    struct Key: Hashable {
        let principal: UInt64
        let network: UInt64
        let client: UInt64
        let region: UInt64
        let hour: Int64
        let mix: UInt64

        init(principal: UInt64, network: UInt64, client: UInt64, region: UInt64, hour: Int64) {
            self.principal = principal
            self.network = network
            self.client = client
            self.region = region
            self.hour = hour
            var m = principal &* 0x9E37_79B9_7F4A_7C15
            m = (m ^ network) &* 0xBF58_476D_1CE4_E5B9
            m = (m ^ client) &* 0x94D0_49BB_1331_11EB
            m = (m ^ region) &* 0x9E37_79B9_7F4A_7C15
            m = (m ^ UInt64(bitPattern: hour)) &* 0xBF58_476D_1CE4_E5B9
            mix = m ^ (m >> 31)
        }

        func hash(into h: inout Hasher) { h.combine(mix) }
        static func == (a: Key, b: Key) -> Bool {
            a.mix == b.mix && a.principal == b.principal && a.network == b.network && a.client == b.client
                && a.region == b.region && a.hour == b.hour
        }
    }

    struct Counts {
        var first: Int64
        var last: Int64
        var count: Int
    }

    /// Open-addressing table over `keys`/`values` (the hot path's one lookup, without a hasher:
    /// the key's mix is already a good hash).
    private var slots = [Int32](repeating: 0, count: 1024)  // index + 1 into keys/values; 0 empty
    private(set) var keys: [Key] = []
    private(set) var values: [Counts] = []
    /// Names of each key, from its first sighting.
    private(set) var principals: [UInt64: (key: PrincipalKey, type: PrincipalType)] = [:]
    private(set) var networkText: [UInt64: String] = [:]
    private(set) var clientText: [UInt64: String] = [:]
    /// The cloud of principals seen in logs other than CloudTrail.
    private(set) var principalProvider: [UInt64: CloudProvider] = [:]
    /// The cloud of user agents seen in logs other than CloudTrail (their families read differently).
    private(set) var clientProvider: [UInt64: CloudProvider] = [:]
    private(set) var regionText: [UInt64: String] = [:]
    /// Records with no principal (nothing to attribute them to).
    private(set) var unattributed = 0

    /// Forgets the counts, keeping the names (read by day, the counts of each day are folded
    /// into the baselines and dropped).
    func reset() {
        slots = [Int32](repeating: 0, count: 1024)
        keys = []
        values = []
    }

    /// Notes one record.
    @inline(__always)
    func observe(_ record: RecordView) {
        let k = record.profileKeys
        guard k.principal != 0 else { unattributed += 1; return }
        guard count(principal: k.principal, network: k.network, client: k.client, region: k.region, at: record.time.milliseconds)
        else { return }
        if principals[k.principal] == nil {
            let actor = record.actor
            principals[k.principal] = (PrincipalKey(actor, account: record.account), actor.type)
        }
        if k.network != 0, networkText[k.network] == nil { networkText[k.network] = record.sourceText.map(SourceNetwork.text) ?? "" }
        if k.client != 0, clientText[k.client] == nil { clientText[k.client] = record.userAgent ?? "" }
        if k.region != 0, regionText[k.region] == nil { regionText[k.region] = record.region ?? "" }
    }

    /// Notes one event of a log the JSON reader does not key (Azure Activity, GCP Audit): the same
    /// table, with keys hashed from the event's texts.
    func observe(_ event: Event) {
        let principal = PrincipalKey(event.actor, account: event.cloud?.account)
        let network = SourceNetwork.text(event.source)
        let k = (principal: Self.key(principal.account ?? "", principal.name, tag: 1), network: network.map { Self.key($0, tag: 2) } ?? 0,
                 client: event.userAgent.map { Self.key($0, tag: 3) } ?? 0, region: event.cloud?.region.map { Self.key($0, tag: 4) } ?? 0)
        guard count(principal: k.principal, network: k.network, client: k.client, region: k.region, at: event.time.milliseconds)
        else { return }
        if principals[k.principal] == nil {
            principals[k.principal] = (principal, event.actor.type)
            if let provider = event.cloud?.provider, provider != .aws { principalProvider[k.principal] = provider }
        }
        if k.network != 0, networkText[k.network] == nil { networkText[k.network] = network ?? "" }
        if k.client != 0, clientText[k.client] == nil {
            clientText[k.client] = event.userAgent ?? ""
            if let provider = event.cloud?.provider, provider != .aws { clientProvider[k.client] = provider }
        }
        if k.region != 0, regionText[k.region] == nil { regionText[k.region] = event.cloud?.region ?? "" }
    }

    /// Each cloud account and region's volume and first and last record, into `coverage`.
    func sources(into coverage: inout TelemetryCoverage) {
        var sums: [String: (provider: String, account: String, region: String, first: Int64, last: Int64, count: Int)] = [:]
        for (key, c) in zip(keys, values) {
            guard let p = principals[key.principal] else { continue }
            let provider = (principalProvider[key.principal] ?? .aws).rawValue
            let account = p.key.account ?? "-"
            let region = key.region == 0 ? "-" : regionText[key.region] ?? "-"
            let id = "\(provider)/\(account)/\(region)"
            if var s = sums[id] {
                s.first = min(s.first, c.first)
                s.last = max(s.last, c.last)
                s.count += c.count
                sums[id] = s
            } else {
                sums[id] = (provider, account, region, c.first, c.last, c.count)
            }
        }
        for s in sums.values {
            coverage.note(provider: s.provider, account: s.account, region: s.region, first: Timestamp(milliseconds: s.first),
                          last: Timestamp(milliseconds: s.last), count: s.count)
        }
    }

    /// A key for texts the JSON reader did not hash: Swift's hasher, tagged per field, never 0.
    private static func key(_ parts: String..., tag: UInt64) -> UInt64 {
        var h = Hasher()
        h.combine(tag)
        for p in parts { h.combine(p) }
        return UInt64(bitPattern: Int64(h.finalize())) | 1
    }

    /// Counts one record under its (principal, network, client, region, hour) key; true when the
    /// key is new (its texts are then recorded by the caller).
    @inline(__always)
    private func count(principal: UInt64, network: UInt64, client: UInt64, region: UInt64, at t: Int64) -> Bool {
        let hour = t >= 0 ? t / 3_600_000 : (t - 3_599_999) / 3_600_000
        let key = Key(principal: principal, network: network, client: client, region: region, hour: hour)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: key.mix) & mask
        while true {
            let i = Int(slots[slot]) - 1
            if i < 0 { break }
            if keys[i] == key {
                values[i].count += 1
                if t < values[i].first { values[i].first = t }
                if t > values[i].last { values[i].last = t }
                return false
            }
            slot = (slot + 1) & mask
        }
        keys.append(key)
        values.append(Counts(first: t, last: t, count: 1))
        slots[slot] = Int32(keys.count)
        if keys.count * 2 > slots.count { grow() }
        return true
    }

    private func grow() {
        slots = [Int32](repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (i, k) in keys.enumerated() {
            var slot = Int(truncatingIfNeeded: k.mix) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(i + 1)
        }
    }

    /// The named baseline of what this worker saw. `clientFamily` maps a user agent to its client
    /// family (called once per distinct user agent).
    func baseline(clientFamily: (String, CloudProvider) -> String, geo: GeoLocator? = nil) -> ActivityBaseline {
        var families: [UInt64: String] = [:]
        for (k, ua) in clientText { families[k] = clientFamily(ua, clientProvider[k] ?? .aws) }
        var places: [UInt64: (country: String?, asn: String?)] = [:]
        if let geo { for (k, text) in networkText { places[k] = geo.place(ofNetwork: text) } }
        var byPrincipal: [UInt64: PrincipalBaseline] = [:]
        for (key, c) in zip(keys, values) {
            guard let p = principals[key.principal] else { continue }
            let s = Sighting(first: Timestamp(milliseconds: c.first), last: Timestamp(milliseconds: c.last), count: c.count)
            // Taken out while it changes, so its tables are not copied.
            var b: PrincipalBaseline
            if let known = byPrincipal.removeValue(forKey: key.principal) {
                b = known
                b.activity.merge(s)
            } else {
                b = PrincipalBaseline(key: p.key, type: p.type, activity: s)
            }
            b.days[Int32((key.hour >= 0 ? key.hour : key.hour - 23) / 24), default: 0] += c.count
            b.hours[Int(((key.hour % 24) + 24) % 24)] += c.count
            if key.network != 0, let text = networkText[key.network] {
                Self.add(&b.networks, text, s)
                if let place = places[key.network] {
                    if let country = place.country { Self.add(&b.countries, country, s) }
                    if let asn = place.asn { Self.add(&b.asns, asn, s) }
                }
            }
            if key.client != 0 { Self.add(&b.clients, families[key.client] ?? "unknown", s) }
            if key.region != 0, let r = regionText[key.region] { Self.add(&b.regions, r, s) }
            byPrincipal[key.principal] = b
        }
        var out = ActivityBaseline()
        for b in byPrincipal.values { out.merge(b) }
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
