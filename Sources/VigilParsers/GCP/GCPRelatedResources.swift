import VigilCore

/// Compute resources a request names besides the one it acts on (`resourceName`): the disk an
/// instance attaches, the snapshot a disk is made from, the snapshot a disk's `createSnapshot`
/// makes. They link the steps of a snapshot → disk → instance chain.
enum GCPRelatedResources {
    /// The resources `request` names for a call of `kind` on `resourceName`.
    static func extract(kind: EventKind, method: String?, resourceName: String?, request: JSONValue?, project: String?) -> [Resource] {
        guard let request else { return [] }
        let zone = resourceName.flatMap(GCPResourceName.location)
        var out: [Resource] = []
        func add(_ reference: String?, _ type: ResourceType, _ collection: String) {
            guard let reference, let id = GCPResourceName.normalise(reference, project: project, zone: zone, collection: collection) else { return }
            let r = Resource(type: type, id: id)
            if !out.contains(r) { out.append(r) }
        }
        func addSources(of o: JSONValue) {
            add(o.text("sourceDisk"), .volume, "disks")
            add(o.text("sourceSnapshot"), .snapshot, "snapshots")
            add(o.text("sourceImage"), .image, "images")
        }
        switch kind {
        case .instanceRun:
            for disk in request.member("disks")?.array ?? [] {
                add(disk.text("source"), .volume, "disks")
                if let params = disk.member("initializeParams") { addSources(of: params) }
            }
        case .volumeAttach:
            add(request.text("source"), .volume, "disks")
        case .snapshotCreate where method == "disks.createSnapshot":
            // The snapshot a disk's createSnapshot makes is named in the request body.
            add(request.text("name"), .snapshot, "snapshots")
        case .volumeCreate, .snapshotCreate, .imageCreate:
            addSources(of: request)
        default:
            break
        }
        return out
    }
}
