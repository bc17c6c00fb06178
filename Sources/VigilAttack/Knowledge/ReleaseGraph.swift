import Foundation
import VigilStore

/// Lookups within one release: objects by STIX id, their parsed JSON, and links either way.
/// Built per request; it caches what one `show` touches more than once.
final class ReleaseGraph {
    let store: VigilStore
    let release: ReleaseSummary
    private var objects: [String: StoredAttackObject?] = [:]
    private var nodes: [String: JSONNode] = [:]
    private var tacticsByShortName: [String: ObjectView.Reference]?

    init(store: VigilStore, release: ReleaseSummary) {
        self.store = store
        self.release = release
    }

    func object(_ stixID: String) throws -> StoredAttackObject? {
        if let cached = objects[stixID] { return cached }
        let found = try store.attackObjects(release: release.id, stixIDs: [stixID]).first
        objects[stixID] = found
        return found
    }

    /// The object's JSON, parsed from its stored raw text.
    func node(_ object: StoredAttackObject) throws -> JSONNode {
        if let n = nodes[object.stixID] { return n }
        let n = try JSONNode.parse(try store.attackRaw(digest: object.rawDigest) ?? "{}")
        nodes[object.stixID] = n
        return n
    }

    func reference(_ stixID: String) throws -> ObjectView.Reference {
        guard let o = try object(stixID) else {
            // Referenced but not in the release: say so rather than drop it.
            let type = stixID.components(separatedBy: "--").first ?? ""
            return ObjectView.Reference(stixID: stixID, attackID: nil, type: ObjectType(type), name: nil, deprecated: false, revoked: false)
        }
        return Self.reference(o)
    }

    static func reference(_ o: StoredAttackObject) -> ObjectView.Reference {
        ObjectView.Reference(stixID: o.stixID, attackID: o.attackID, type: ObjectType(o.type), name: o.name,
                             deprecated: o.deprecated, revoked: o.revoked)
    }

    /// Targets of links from `source` of `kind`, in link order, without repeats.
    func targets(from source: String, _ kind: LinkKind) throws -> [String] {
        var seen: Set<String> = []
        return try store.attackLinks(release: release.id, from: source, kind: kind.rawValue).map(\.target).filter { seen.insert($0).inserted }
    }

    /// Sources of links to `target` of `kind`, in link order, without repeats.
    func sources(to target: String, _ kind: LinkKind) throws -> [String] {
        var seen: Set<String> = []
        return try store.attackLinks(release: release.id, to: target, kind: kind.rawValue).map(\.source).filter { seen.insert($0).inserted }
    }

    /// The tactics of a technique, from its kill chain phases.
    func tactics(of technique: JSONNode) throws -> [ObjectView.Reference] {
        if tacticsByShortName == nil {
            var map: [String: ObjectView.Reference] = [:]
            for t in try store.attackObjects(release: release.id, type: ObjectType.tactic.rawValue) {
                guard let short = try node(t)["x_mitre_shortname"]?.string else { continue }
                // A revoked or deprecated tactic never shadows a current one.
                if let existing = map[short], !existing.revoked && !existing.deprecated { continue }
                map[short] = Self.reference(t)
            }
            tacticsByShortName = map
        }
        return STIXFields.tacticShortNames(technique).map { short in
            tacticsByShortName?[short] ?? ObjectView.Reference(stixID: short, attackID: nil, type: .tactic, name: short,
                                                               deprecated: false, revoked: false)
        }
    }

    /// A technique with its full name (`Parent: Sub`) and tactics.
    func technique(_ stixID: String, via: String?) throws -> ObjectView.TechniqueReference {
        let ref = try reference(stixID)
        guard let o = try object(stixID) else { return ObjectView.TechniqueReference(technique: ref, fullName: stixID, tactics: [], via: via) }
        var fullName = o.name ?? stixID
        if let parent = try targets(from: stixID, .subtechniqueOf).first, let p = try object(parent), let pn = p.name {
            fullName = "\(pn): \(fullName)"
        }
        return ObjectView.TechniqueReference(technique: ref, fullName: fullName, tactics: try tactics(of: try node(o)), via: via)
    }

    func analytic(_ stixID: String) throws -> ObjectView.AnalyticReference {
        let platforms = try object(stixID).map { STIXFields.platforms(try node($0)) } ?? []
        return ObjectView.AnalyticReference(analytic: try reference(stixID), platforms: platforms)
    }
}
