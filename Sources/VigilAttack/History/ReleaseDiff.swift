/// What changed between two releases: every object's status, by content hash.
public struct ReleaseDiff: Sendable, Codable {
    /// The earlier release.
    public var from: ReleaseSummary
    /// The later release.
    public var to: ReleaseSummary
    /// Objects per type and status (every status, unchanged included).
    public var counts: [TypeStatusCount]
    /// Every object whose status is not `unchanged`, by type, then ATT&CK id, then name.
    public var entries: [Entry]
    /// Of the changed objects, those whose `x_mitre_version` stayed the same.
    public var changedWithoutVersionBump: Int

    /// One object that is not unchanged.
    public struct Entry: Sendable, Codable, Hashable {
        public var status: ObjectStatus
        public var stixID: String
        public var attackID: String?
        public var type: ObjectType
        public var name: String?
        /// Content hash in the earlier release.
        public var oldHash: ContentHash?
        /// Content hash in the later release.
        public var newHash: ContentHash?
        /// `x_mitre_version` in the earlier release.
        public var oldVersion: String?
        /// `x_mitre_version` in the later release.
        public var newVersion: String?
        /// `modified` in the earlier release.
        public var oldModified: String?
        /// `modified` in the later release.
        public var newModified: String?
    }

    /// Objects of one type with one status.
    public struct TypeStatusCount: Sendable, Codable, Hashable {
        public var type: ObjectType
        public var status: ObjectStatus
        public var count: Int
    }

    /// Compares two releases' objects.
    public init(from: ReleaseSummary, to: ReleaseSummary, old: [AttackObjectSummary], new: [AttackObjectSummary]) {
        self.from = from
        self.to = to
        let before = Dictionary(old.map { ($0.stixID, $0) }, uniquingKeysWith: { a, _ in a })
        let after = Dictionary(new.map { ($0.stixID, $0) }, uniquingKeysWith: { a, _ in a })
        var tally: [ObjectType: [ObjectStatus: Int]] = [:]
        var entries: [Entry] = []
        var noBump = 0
        for id in Set(before.keys).union(after.keys) {
            let a = before[id], b = after[id]
            let status = ObjectStatus.of(old: a?.state, new: b?.state)
            let current = (b ?? a)!
            tally[current.type, default: [:]][status, default: 0] += 1
            guard status != .unchanged else { continue }
            if status == .changed && a?.version == b?.version { noBump += 1 }
            entries.append(Entry(status: status, stixID: id, attackID: current.attackID, type: current.type, name: current.name,
                                 oldHash: a?.hash, newHash: b?.hash, oldVersion: a?.version, newVersion: b?.version,
                                 oldModified: a?.modified, newModified: b?.modified))
        }
        counts = tally.flatMap { type, byStatus in byStatus.map { TypeStatusCount(type: type, status: $0.key, count: $0.value) } }
            .sorted { ($0.type, $0.status) < ($1.type, $1.status) }
        self.entries = entries.sorted {
            ($0.type, $0.attackID ?? "~", $0.name ?? "", $0.stixID) < ($1.type, $1.attackID ?? "~", $1.name ?? "", $1.stixID)
        }
        changedWithoutVersionBump = noBump
    }

    /// Objects with `status`, over every type.
    public func count(_ status: ObjectStatus) -> Int {
        counts.filter { $0.status == status }.reduce(0) { $0 + $1.count }
    }

    /// The entry for an object, by ATT&CK or STIX id.
    public func entry(_ id: String) -> Entry? {
        entries.first { $0.attackID == id || $0.stixID == id }
    }
}
