public import Foundation
import GRDB

/// ATT&CK releases: storing a release's objects and links, and the lookups `vigil attack`
/// and `vigil analytics` make.
extension VigilStore {
    /// Stores a release in one transaction and returns its row id. A release already stored
    /// (same collection and version) with the same digest is left as it is, so importing a bundle
    /// again changes nothing; with a different digest it is replaced.
    public func storeAttackRelease(_ r: AttackReleaseImport, importedAt: Date) throws -> (id: Int64, outcome: AttackImportOutcome) {
        try db.write { db in
            var outcome = AttackImportOutcome.added
            if let row = try Row.fetchOne(db, sql: "SELECT id, digest FROM attack_release WHERE collection_id = ? AND version = ?",
                                          arguments: [r.collectionID, r.version]) {
                let id: Int64 = row["id"]
                if row["digest"] as String == r.digest {
                    try db.execute(sql: "UPDATE attack_release SET file_digest = ? WHERE id = ?", arguments: [r.fileDigest, id])
                    return (id, .unchanged)
                }
                try db.execute(sql: "DELETE FROM attack_release WHERE id = ?", arguments: [id])
                outcome = .replaced
            }
            try db.execute(sql: """
                INSERT INTO attack_release (collection_id, name, version, modified, object_count, digest, file_digest, source, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [r.collectionID, r.name, r.version, r.modified, r.objectCount, r.digest, r.fileDigest, r.source,
                                 ISO8601DateFormatter().string(from: importedAt)])
            let id = db.lastInsertedRowID
            let raw = try db.makeStatement(sql: "INSERT OR IGNORE INTO attack_raw (digest, json) VALUES (?, ?)")
            let object = try db.makeStatement(sql: """
                INSERT INTO attack_object (release_id, stix_id, type, attack_id, name, modified, version, deprecated, revoked, hash, raw_digest)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for (o, text) in r.objects {
                try raw.execute(arguments: [o.rawDigest, text])
                try object.execute(arguments: [id, o.stixID, o.type, o.attackID, o.name, o.modified, o.version, o.deprecated,
                                               o.revoked, o.hash, o.rawDigest])
            }
            let link = try db.makeStatement(sql: "INSERT INTO attack_link (release_id, source, kind, target, via) VALUES (?, ?, ?, ?, ?)")
            for l in r.links {
                try link.execute(arguments: [id, l.source, l.kind, l.target, l.via])
            }
            if outcome == .replaced {
                try db.execute(sql: "DELETE FROM attack_raw WHERE digest NOT IN (SELECT raw_digest FROM attack_object)")
            }
            return (id, outcome)
        }
    }

    /// Every imported release, in import order.
    public func attackReleases() throws -> [StoredAttackRelease] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attack_release ORDER BY id").map(Self.release)
        }
    }

    /// The release last imported from a bundle text with this SHA-256, if any: importing the
    /// same text again needs no parsing.
    public func attackRelease(fileDigest: String) throws -> StoredAttackRelease? {
        try db.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM attack_release WHERE file_digest = ?", arguments: [fileDigest]).map(Self.release)
        }
    }

    /// Objects per type in a release.
    public func attackTypeCounts(release: Int64) throws -> [String: Int] {
        try db.read { db in
            var out: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT type, COUNT(*) AS n FROM attack_object WHERE release_id = ? GROUP BY type",
                                        arguments: [release]) {
                out[row["type"]] = row["n"]
            }
            return out
        }
    }

    /// Every object of a release (without raw texts).
    public func attackObjects(release: Int64) throws -> [StoredAttackObject] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attack_object WHERE release_id = ?", arguments: [release]).map(Self.object)
        }
    }

    /// Objects of a release by type.
    public func attackObjects(release: Int64, type: String) throws -> [StoredAttackObject] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attack_object WHERE release_id = ? AND type = ?",
                             arguments: [release, type]).map(Self.object)
        }
    }

    /// Objects with this ATT&CK id (case-insensitive) or STIX id, in every release.
    public func attackObjects(id: String) throws -> [StoredAttackObject] {
        try db.read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM attack_object WHERE stix_id = ? OR attack_id = ? COLLATE NOCASE ORDER BY release_id
                """, arguments: [id, id]).map(Self.object)
        }
    }

    /// The objects of a release with these STIX ids (those present).
    public func attackObjects(release: Int64, stixIDs: [String]) throws -> [StoredAttackObject] {
        guard !stixIDs.isEmpty else { return [] }
        return try db.read { db in
            var out: [StoredAttackObject] = []
            let statement = try db.makeStatement(sql: "SELECT * FROM attack_object WHERE release_id = ? AND stix_id = ?")
            for id in stixIDs {
                if let row = try Row.fetchOne(statement, arguments: [release, id]) { out.append(Self.object(row)) }
            }
            return out
        }
    }

    /// The raw text stored under `digest`.
    public func attackRaw(digest: String) throws -> String? {
        try db.read { try String.fetchOne($0, sql: "SELECT json FROM attack_raw WHERE digest = ?", arguments: [digest]) }
    }

    /// Links of a release from `source` (of `kind`, when given).
    public func attackLinks(release: Int64, from source: String, kind: String? = nil) throws -> [StoredAttackLink] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attack_link WHERE release_id = ? AND source = ? AND (? IS NULL OR kind = ?) ORDER BY rowid",
                             arguments: [release, source, kind, kind]).map(Self.link)
        }
    }

    /// Links of a release to `target` (of `kind`, when given).
    public func attackLinks(release: Int64, to target: String, kind: String? = nil) throws -> [StoredAttackLink] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM attack_link WHERE release_id = ? AND target = ? AND (? IS NULL OR kind = ?) ORDER BY rowid",
                             arguments: [release, target, kind, kind]).map(Self.link)
        }
    }

    private static func release(_ row: Row) -> StoredAttackRelease {
        StoredAttackRelease(id: row["id"], collectionID: row["collection_id"], name: row["name"], version: row["version"],
                            modified: row["modified"], objectCount: row["object_count"], digest: row["digest"],
                            fileDigest: row["file_digest"], source: row["source"], importedAt: row["imported_at"])
    }

    private static func object(_ row: Row) -> StoredAttackObject {
        StoredAttackObject(releaseID: row["release_id"], stixID: row["stix_id"], type: row["type"], attackID: row["attack_id"],
                           name: row["name"], modified: row["modified"], version: row["version"],
                           deprecated: row["deprecated"], revoked: row["revoked"], hash: row["hash"], rawDigest: row["raw_digest"])
    }

    private static func link(_ row: Row) -> StoredAttackLink {
        StoredAttackLink(source: row["source"], kind: row["kind"], target: row["target"], via: row["via"])
    }
}
