public import VigilAnalytics
public import VigilAttack
import VigilCore

/// `vigil analytics`: the analytics Vigil implements, with their ATT&CK context from the
/// imported knowledge base when there is one (else from their declarations), and warnings where
/// an imported release changed an analytic after the release it was written against.
public struct AnalyticsCatalogueReport: Sendable, Codable {
    /// Where the ATT&CK names came from: the newest imported release, or `declaration`.
    public var source: String
    /// One entry per implemented analytic.
    public var analytics: [Entry]

    /// An implemented analytic.
    public struct Entry: Sendable, Codable {
        /// `AN0861`.
        public var id: String
        /// The name ATT&CK gives it.
        public var name: String
        /// What Vigil's implementation detects.
        public var summary: String
        public var platforms: [String]
        /// Detection strategies, by ATT&CK id and name.
        public var strategies: [Named]
        /// Techniques with tactics.
        public var techniques: [Technique]
        /// ATT&CK's log sources and Vigil's coverage of each.
        public var logSources: [LogSourceMapping]
        /// Sources Vigil reads beyond those.
        public var additionalSources: [VigilSource]
        /// Mutable elements and their configuration keys.
        public var mutableElements: [MutableElement]
        /// The release and content hash it was written against.
        public var writtenAgainst: AttackBaseline
        /// The analytic in each imported release of its collection.
        public var releases: [ReleaseCheck]
        /// Changes since the release it was written against, and differences from the declaration.
        public var warnings: [String]
    }

    /// An id and a name.
    public struct Named: Sendable, Codable, Hashable {
        public var id: String
        public var name: String
    }

    /// A technique with its tactics.
    public struct Technique: Sendable, Codable, Hashable {
        public var id: String
        public var name: String
        public var tactics: [Named]
    }

    /// A mutable element, its configuration key, and ATT&CK's description of it.
    public struct MutableElement: Sendable, Codable, Hashable {
        public var field: String
        public var configKey: String
        public var setting: String
        public var attackDescription: String?
    }

    /// The analytic in one imported release, compared with the declared baseline.
    public struct ReleaseCheck: Sendable, Codable, Hashable {
        public var release: String
        public var version: String
        /// Its content hash there (nil: not in the release).
        public var hash: ContentHash?
        /// `same`, `changed`, `missing`, `deprecated` or `revoked`, against the declared hash.
        public var comparedWithBaseline: String
    }

    /// The catalogue, with the knowledge base's view of each analytic when `kb` holds it.
    public static func build(_ kb: AttackKnowledgeBase?) throws -> AnalyticsCatalogueReport {
        let releases = try kb?.releases() ?? []
        var entries: [Entry] = []
        var sources: Set<String> = []
        for d in Catalogue.analytics {
            var entry = Entry(declaration: d)
            if let kb, let view = try? kb.show(d.writtenAgainst.stixID) {
                sources.insert(view.release)
                entry.apply(view)
                entry.warnings += Self.differences(d, view)
            }
            let collection = releases.filter { $0.name == d.writtenAgainst.collection }
            for r in collection {
                let check = try Self.check(d, in: r, kb: kb!)
                entry.releases.append(check)
                if let w = Self.warning(d, check) { entry.warnings.append(w) }
            }
            entries.append(entry)
        }
        return AnalyticsCatalogueReport(source: sources.isEmpty ? "declaration" : sources.sorted().joined(separator: ", "),
                                        analytics: entries)
    }

    private static func check(_ d: AnalyticDeclaration, in r: ReleaseSummary, kb: AttackKnowledgeBase) throws -> ReleaseCheck {
        let history = try kb.history(stixID: d.writtenAgainst.stixID)
        let h = history.first { $0.release == r.title }
        let status: String
        if let h, let hash = h.hash {
            status = h.status == .revoked ? "revoked" : h.status == .deprecated ? "deprecated"
                : hash.hex == d.writtenAgainst.contentHash ? "same" : "changed"
        } else {
            status = "missing"
        }
        return ReleaseCheck(release: r.title, version: r.version, hash: h?.hash, comparedWithBaseline: status)
    }

    /// A warning when a release at or after the baseline's holds something other than the
    /// object the analytic was written against. Older releases are expected to differ.
    private static func warning(_ d: AnalyticDeclaration, _ c: ReleaseCheck) -> String? {
        let base = d.writtenAgainst.release
        guard c.comparedWithBaseline != "same", !ReleaseVersion.precedes(c.version, base) else { return nil }
        let id = d.attack.analytic.rawValue
        let against = "the ATT&CK \(base) object Vigil's \(id) was written against (\(d.writtenAgainst.contentHash.prefix(12)))"
        switch c.comparedWithBaseline {
        case "missing": return "\(c.release) does not hold \(id); it was removed after \(base)"
        case "revoked", "deprecated": return "\(c.release) marks \(id) \(c.comparedWithBaseline)"
        default:
            let hash = c.hash?.prefix ?? "?"
            return c.version == base
                ? "\(c.release) as imported holds a different \(id) (content hash \(hash)) from \(against)"
                : "\(c.release) changed \(id) (content hash \(hash)) since \(against); review its log sources and mutable elements"
        }
    }

    /// Log sources and mutable elements the knowledge base lists that the declaration does not map.
    private static func differences(_ d: AnalyticDeclaration, _ view: ObjectView) -> [String] {
        var out: [String] = []
        let id = d.attack.analytic.rawValue
        for l in view.logSources where !d.logSources.contains(where: { $0.name == l.name && $0.channel == (l.channel ?? "") }) {
            out.append("\(view.release) lists log source \(l.name) / \(l.channel ?? "-") for \(id), which Vigil's declaration does not map")
        }
        for m in view.mutableElements where !d.mutableElements.contains(where: { $0.field == m.field }) {
            out.append("\(view.release) lists mutable element \(m.field) for \(id), which no configuration key tunes")
        }
        return out
    }
}

extension AnalyticsCatalogueReport.Entry {
    init(declaration d: AnalyticDeclaration) {
        id = d.attack.analytic.rawValue
        name = d.name
        summary = d.summary
        platforms = d.platforms
        strategies = [.init(id: d.attack.strategy, name: "")]
        techniques = [.init(id: d.attack.technique, name: d.attack.techniqueName,
                            tactics: [.init(id: d.attack.tactic, name: d.attack.tacticName)])]
        logSources = d.logSources
        additionalSources = d.additionalSources
        mutableElements = d.mutableElements.map { .init(field: $0.field, configKey: $0.configKey, setting: $0.setting, attackDescription: nil) }
        writtenAgainst = d.writtenAgainst
        releases = []
        warnings = []
    }

    /// Names, strategies, techniques and mutable-element descriptions as the knowledge base has them.
    mutating func apply(_ view: ObjectView) {
        if let n = view.object.name { name = n }
        if !view.object.platforms.isEmpty { platforms = view.object.platforms }
        strategies = view.strategies.map { .init(id: $0.attackID ?? $0.stixID, name: $0.name ?? "") }
        techniques = view.techniques.map { t in
            .init(id: t.technique.attackID ?? t.technique.stixID, name: t.fullName,
                  tactics: t.tactics.map { .init(id: $0.attackID ?? $0.stixID, name: $0.name ?? "") })
        }
        for i in mutableElements.indices {
            mutableElements[i].attackDescription = view.mutableElements.first { $0.field == mutableElements[i].field }?.description
        }
    }
}
