import Foundation
public import VigilStore

extension AttackKnowledgeBase {
    /// What importing one bundle did.
    public struct ImportReport: Sendable, Codable {
        /// The bundle file.
        public var file: String
        /// The release it holds.
        public var release: ReleaseSummary
        /// Added, unchanged (already imported), or replaced.
        public var outcome: AttackImportOutcome
        /// Objects per type.
        public var counts: [TypeCount]
        /// Objects skipped (no id or type), located.
        public var problems: [BundleProblem]
        /// Seconds spent reading, parsing and hashing the bundle.
        public var readSeconds: Double
        /// Seconds spent storing it.
        public var storeSeconds: Double
    }

    /// How many objects of one type.
    public struct TypeCount: Sendable, Codable, Hashable {
        public var type: ObjectType
        public var count: Int
    }

    /// Reads the bundle at `path` and stores its release. Importing the same bundle again
    /// changes nothing (the outcome is `unchanged`).
    public func importBundle(path: String) throws -> ImportReport {
        let started = Date()
        let text = try BundleFile.read(path)
        let fileDigest = SHA256.hex(text)
        if let known = try store.attackRelease(fileDigest: fileDigest) {
            // The very text imported before: nothing to parse or store.
            let counts = try store.attackTypeCounts(release: known.id).map { TypeCount(type: ObjectType($0.key), count: $0.value) }
            return ImportReport(file: path, release: Self.summary(known), outcome: .unchanged, counts: counts.sorted { $0.type < $1.type },
                                problems: [], readSeconds: Date().timeIntervalSince(started), storeSeconds: 0)
        }
        let bundle = try BundleReader.read(bytes: text, file: path, fileDigest: fileDigest)
        let read = Date()
        let (id, outcome) = try store.storeAttackRelease(Self.storable(bundle), importedAt: read)
        let stored = Date()
        let release = try releases().first { $0.id == id }!
        let counts = bundle.countsByType.map { TypeCount(type: $0.key, count: $0.value) }.sorted { $0.type < $1.type }
        return ImportReport(file: path, release: release, outcome: outcome, counts: counts, problems: bundle.problems,
                            readSeconds: read.timeIntervalSince(started), storeSeconds: stored.timeIntervalSince(read))
    }

    static func storable(_ b: AttackBundle) -> AttackReleaseImport {
        AttackReleaseImport(
            collectionID: b.release.collectionID, name: b.release.name, version: b.release.version, modified: b.release.modified,
            objectCount: b.release.objectCount, digest: b.release.digest, fileDigest: b.fileDigest, source: b.file,
            objects: b.objects.map { o in
                (StoredAttackObject(releaseID: 0, stixID: o.stixID, type: o.type.rawValue, attackID: o.attackID, name: o.name,
                                    modified: o.modified, version: o.version, deprecated: o.deprecated, revoked: o.revoked,
                                    hash: o.hash.hex, rawDigest: o.rawDigest), o.raw)
            },
            links: b.links.map { StoredAttackLink(source: $0.source, kind: $0.kind.rawValue, target: $0.target, via: $0.via) })
    }
}
