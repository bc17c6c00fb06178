import VigilStore

extension AttackKnowledgeBase {
    /// An object with its relationships: for an analytic, its strategies, their techniques and
    /// tactics, its log sources and their data components, and its mutable elements; for a
    /// strategy, its analytics and techniques; for a technique, its tactics, parent, strategies and
    /// their analytics; for a data component, the analytics that read it. With its history.
    ///
    /// `id` is an ATT&CK id (`AN0861`, `DET0308`, `T1136.001`, `DC0014`, `TA0003`) or a STIX id;
    /// `release` names the release to read (default: the newest holding the object).
    public func show(_ id: String, release: String? = nil) throws -> ObjectView {
        let (r, o, others) = try locate(id, release: release)
        let graph = ReleaseGraph(store: store, release: r)
        let node = try graph.node(o)
        let description = node["description"]?.string
        var view = ObjectView(
            release: r.title,
            object: ObjectView.Facts(
                stixID: o.stixID, attackID: o.attackID, type: ObjectType(o.type), name: o.name, description: description,
                url: STIXFields.url(node), platforms: STIXFields.platforms(node), modified: o.modified, version: o.version,
                deprecated: o.deprecated, revoked: o.revoked, hash: ContentHash(hex: o.hash)))
        view.sameID = others.map(ReleaseGraph.reference)
        switch ObjectType(o.type) {
        case .analytic: try analyticContext(&view, node: node, graph: graph)
        case .detectionStrategy:
            view.analytics = try graph.targets(from: o.stixID, .analyticRef).map(graph.analytic)
            view.techniques = try graph.targets(from: o.stixID, .detects).map { try graph.technique($0, via: o.attackID) }
        case .technique:
            view.tactics = try graph.tactics(of: node)
            view.parent = try graph.targets(from: o.stixID, .subtechniqueOf).first.map(graph.reference)
            let strategies = try graph.sources(to: o.stixID, .detects)
            view.strategies = try strategies.map(graph.reference)
            var seen: Set<String> = []
            view.analytics = try strategies.flatMap { try graph.targets(from: $0, .analyticRef) }
                .filter { seen.insert($0).inserted }.map(graph.analytic)
        case .dataComponent:
            view.logSources = STIXFields.dataComponentLogSources(node).map { ObjectView.LogSource(name: $0.name, channel: $0.channel) }
            view.analytics = try graph.sources(to: o.stixID, .logSourceRef).map(graph.analytic)
        default: break
        }
        view.history = try history(stixID: o.stixID)
        return view
    }

    private func analyticContext(_ view: inout ObjectView, node: JSONNode, graph: ReleaseGraph) throws {
        let id = view.object.stixID
        let strategies = try graph.sources(to: id, .analyticRef)
        view.strategies = try strategies.map(graph.reference)
        view.techniques = try strategies.flatMap { s in
            try graph.targets(from: s, .detects).map { try graph.technique($0, via: try graph.object(s)?.attackID) }
        }
        var components: [String] = []
        view.logSources = try STIXFields.logSourceReferences(node).map { ref in
            var dc: ObjectView.Reference?
            if let c = ref.dataComponentRef {
                dc = try graph.reference(c)
                if !components.contains(c) { components.append(c) }
            }
            return ObjectView.LogSource(name: ref.name, channel: ref.channel, dataComponent: dc)
        }
        view.dataComponents = try components.map(graph.reference)
        view.mutableElements = STIXFields.mutableElements(node)
    }

    /// The object's text exactly as its bundle held it.
    public func raw(_ id: String, release: String? = nil) throws -> String {
        let (_, o, _) = try locate(id, release: release)
        return try store.attackRaw(digest: o.rawDigest) ?? ""
    }

    /// The release to read and the object in it; other objects of the release with the same
    /// ATT&CK id come last (ATT&CK keeps revoked and deprecated objects under their old ids).
    func locate(_ id: String, release name: String?) throws -> (ReleaseSummary, StoredAttackObject, [StoredAttackObject]) {
        let all = try releases()
        guard !all.isEmpty else { throw KnowledgeError.empty }
        let matches = try store.attackObjects(id: id)
        let holding = all.filter { r in matches.contains { $0.releaseID == r.id } }
        let release: ReleaseSummary
        if let name {
            let collections = Set(holding.map(\.collectionID))
            release = try self.release(named: name, within: collections.isEmpty ? nil : collections)
        } else {
            // The newest release holding it (by version within a collection; across collections,
            // which only shared objects such as the marking definition meet, the last imported).
            guard let newest = holding.max(by: { a, b in
                a.collectionID == b.collectionID ? Self.releaseOrder(a, b) : a.id < b.id
            }) else { throw KnowledgeError.unknownObject(id, release: nil) }
            release = newest
        }
        let here = matches.filter { $0.releaseID == release.id }.sorted { a, b in
            (a.revoked || a.deprecated ? 1 : 0, a.stixID == id ? 0 : 1) < (b.revoked || b.deprecated ? 1 : 0, b.stixID == id ? 0 : 1)
        }
        guard let first = here.first else { throw KnowledgeError.unknownObject(id, release: release.title) }
        return (release, first, Array(here.dropFirst()))
    }
}
