public import VigilCore

/// The resources a classified EC2/EBS call acted on, read from its request parameters and
/// response elements (CloudTrail's own `resources` array is only filled for some data events).
public enum CloudTrailResources {
    /// Resources of an event of `kind`, in the order the call names them, each once.
    public static func extract(kind: EventKind, request: JSONValue?, response: JSONValue?) -> [Resource] {
        var out: [Resource] = []
        func add(_ type: ResourceType, _ id: String?) {
            guard let id, !id.isEmpty else { return }
            let r = Resource(type: type, id: id)
            if !out.contains(r) { out.append(r) }
        }
        func instances(_ v: JSONValue?) {
            for item in v?["instancesSet"]?.items ?? [] { add(.instance, item["instanceId"]?.string) }
        }
        switch kind {
        case .instanceRun:
            instances(response)
            for item in request?["instancesSet"]?.items ?? [] { add(.image, item["imageId"]?.string) }
            for m in request?["blockDeviceMapping"]?.items ?? [] { add(.snapshot, m["ebs", "snapshotId"]?.string) }
        case .instanceStart, .instanceStop, .instanceTerminate:
            instances(request)
            instances(response)
        case .instanceModify:
            add(.instance, request?["instanceId"]?.string)
        case .volumeCreate:
            add(.volume, response?["volumeId"]?.string)
            add(.snapshot, request?["snapshotId"]?.string)
        case .volumeDelete, .volumeModify:
            add(.volume, request?["volumeId"]?.string)
        case .volumeAttach, .volumeDetach:
            add(.volume, request?["volumeId"]?.string)
            add(.instance, request?["instanceId"]?.string ?? response?["instanceId"]?.string)
        case .snapshotCreate:
            add(.snapshot, response?["snapshotId"]?.string)
            for s in response?["snapshotSet"]?.items ?? [] { add(.snapshot, s["snapshotId"]?.string) }
            add(.volume, request?["volumeId"]?.string)
            add(.instance, request?["instanceSpecification", "instanceId"]?.string)
        case .snapshotCopy:
            add(.snapshot, response?["snapshotId"]?.string)
            add(.snapshot, request?["sourceSnapshotId"]?.string)
        case .snapshotDelete, .snapshotModifyAttribute, .snapshotResetAttribute, .snapshotBlockRead:
            add(.snapshot, request?["snapshotId"]?.string ?? request?["SnapshotId"]?.string)
            add(.snapshot, request?["firstSnapshotId"]?.string)
            add(.snapshot, request?["secondSnapshotId"]?.string)
        case .imageCreate:
            add(.image, response?["imageId"]?.string)
            add(.instance, request?["instanceId"]?.string)
        case .imageCopy:
            add(.image, response?["imageId"]?.string)
            add(.image, request?["sourceImageId"]?.string)
        case .imageRegister:
            add(.image, response?["imageId"]?.string)
            for m in request?["blockDeviceMapping"]?.items ?? [] { add(.snapshot, m["ebs", "snapshotId"]?.string) }
        case .imageDeregister, .imageModifyAttribute:
            add(.image, request?["imageId"]?.string)
        case .other, .volumeExport, .snapshotExport, .volumeSetPolicy:  // not CloudTrail operations
            break
        }
        return out
    }
}
