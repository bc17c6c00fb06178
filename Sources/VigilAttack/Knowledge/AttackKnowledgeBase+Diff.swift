import VigilStore

extension AttackKnowledgeBase {
    /// What changed from release `a` to release `b` (named as ``release(named:within:)`` takes
    /// them; a bare version resolves within the other release's collection when that decides).
    public func diff(_ a: String, _ b: String) throws -> ReleaseDiff {
        let all = try releases()
        guard !all.isEmpty else { throw KnowledgeError.empty }
        let aCollections = Set(Self.matching(a, in: all).map(\.collectionID))
        let bCollections = Set(Self.matching(b, in: all).map(\.collectionID))
        let shared = aCollections.intersection(bCollections)
        let from = try release(named: a, within: shared.isEmpty ? nil : shared)
        let to = try release(named: b, within: [from.collectionID])
        return ReleaseDiff(from: from, to: to, old: try objects(in: from), new: try objects(in: to))
    }

    /// One object's status in each release of its collection(s), oldest first.
    public func history(stixID: String) throws -> [HistoryEntry] {
        let versions = Dictionary(try store.attackObjects(id: stixID).filter { $0.stixID == stixID }.map { ($0.releaseID, $0) },
                                  uniquingKeysWith: { a, _ in a })
        let all = try releases()
        let collections = Set(all.filter { versions[$0.id] != nil }.map(\.collectionID))
        var out: [HistoryEntry] = []
        var previous: (collection: String, object: AttackObjectSummary?)?
        for r in all where collections.contains(r.collectionID) {
            let current = versions[r.id].map(Self.summary)
            let before = previous?.collection == r.collectionID ? previous?.object : nil
            previous = (r.collectionID, current)
            if current == nil && before == nil { continue }
            out.append(HistoryEntry(release: r.title, version: r.version, status: ObjectStatus.of(old: before?.state, new: current?.state),
                                    hash: current?.hash, objectVersion: current?.version, modified: current?.modified))
        }
        return out
    }

    /// An object's state in one release.
    public struct HistoryEntry: Sendable, Codable, Hashable {
        /// `Enterprise ATT&CK 18.1`.
        public var release: String
        /// `18.1`.
        public var version: String
        /// Its status against the previous release of the collection.
        public var status: ObjectStatus
        /// Its content hash (absent when removed).
        public var hash: ContentHash?
        /// `x_mitre_version`.
        public var objectVersion: String?
        /// `modified`.
        public var modified: String?
    }
}
