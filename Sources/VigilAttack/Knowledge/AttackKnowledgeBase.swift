import Foundation
public import VigilStore

/// The ATT&CK knowledge base: releases imported into a ``VigilStore``, with their objects,
/// content hashes, links, diffs and per-object histories.
public struct AttackKnowledgeBase: Sendable {
    /// The store holding the releases.
    public let store: VigilStore

    /// A knowledge base over `store`.
    public init(store: VigilStore) {
        self.store = store
    }

    /// Every imported release, ordered by collection, then version.
    public func releases() throws -> [ReleaseSummary] {
        try store.attackReleases().map(Self.summary).sorted(by: Self.releaseOrder)
    }

    /// The release a user named: a version (`18.1`), a title (`Enterprise ATT&CK 18.1`), or the
    /// start of a name and a version (`enterprise 18.1`, `ics 18.1`). `within` prefers releases of
    /// these collections when the name alone is ambiguous.
    public func release(named text: String, within collections: Set<String>? = nil) throws -> ReleaseSummary {
        let all = try releases()
        guard !all.isEmpty else { throw KnowledgeError.empty }
        var candidates = Self.matching(text, in: all)
        if candidates.count > 1, let collections {
            let preferred = candidates.filter { collections.contains($0.collectionID) }
            if !preferred.isEmpty { candidates = preferred }
        }
        switch candidates.count {
        case 0: throw KnowledgeError.unknownRelease(text, known: all.map(\.title))
        case 1: return candidates[0]
        default: throw KnowledgeError.ambiguousRelease(text, candidates: candidates.map(\.title))
        }
    }

    static func matching(_ text: String, in releases: [ReleaseSummary]) -> [ReleaseSummary] {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let exact = releases.filter { $0.version == t || $0.title.lowercased() == t }
        if !exact.isEmpty { return exact }
        guard let space = t.lastIndex(of: " ") else { return [] }
        let prefix = t[..<space].trimmingCharacters(in: .whitespaces), version = String(t[t.index(after: space)...])
        return releases.filter { $0.version == version && $0.name.lowercased().hasPrefix(prefix) }
    }

    /// Releases of one collection together, each collection's in version order.
    static func releaseOrder(_ a: ReleaseSummary, _ b: ReleaseSummary) -> Bool {
        if a.collectionID != b.collectionID { return (a.name, a.collectionID) < (b.name, b.collectionID) }
        if a.version != b.version { return ReleaseVersion.precedes(a.version, b.version) }
        return a.id < b.id
    }

    /// Every object of a release, without raw texts.
    public func objects(in release: ReleaseSummary) throws -> [AttackObjectSummary] {
        try store.attackObjects(release: release.id).map(Self.summary)
    }

    /// The raw text of an object as its bundle held it.
    public func raw(_ object: StoredAttackObject) throws -> String? {
        try store.attackRaw(digest: object.rawDigest)
    }

    static func summary(_ r: StoredAttackRelease) -> ReleaseSummary {
        ReleaseSummary(id: r.id, collectionID: r.collectionID, name: r.name, version: r.version, modified: r.modified,
                       objects: r.objectCount, digest: r.digest, source: r.source, importedAt: r.importedAt)
    }

    static func summary(_ o: StoredAttackObject) -> AttackObjectSummary {
        AttackObjectSummary(stixID: o.stixID, attackID: o.attackID, type: ObjectType(o.type), name: o.name, modified: o.modified,
                            version: o.version, deprecated: o.deprecated, revoked: o.revoked, hash: ContentHash(hex: o.hash))
    }
}
