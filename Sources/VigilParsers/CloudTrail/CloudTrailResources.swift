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

extension CloudTrailResources {
    /// Where a resource id was found: which key, on which side of the call, and whether under a
    /// block-device mapping.
    public struct Found: Sendable, Hashable {
        public enum Key: UInt8, Sendable {
            case instance = 1, volume, snapshot, image, sourceSnapshot, sourceImage, firstSnapshot, secondSnapshot
        }
        public enum Side: UInt8, Sendable { case request = 1, response = 2 }
        public var key: Key
        public var side: Side
        public var mapping: Bool
        public var value: String

        public init(key: Key, side: Side, mapping: Bool = false, value: String) {
            self.key = key
            self.side = side
            self.mapping = mapping
            self.value = value
        }
    }

    /// The resources of an event of `kind` from the ids the reader found, by the same rules as
    /// ``extract(kind:request:response:)`` (which reads a materialised request and response).
    public static func extract(kind: EventKind, found: [Found]) -> [Resource] {
        var out: [Resource] = []
        func add(_ type: ResourceType, _ key: Found.Key, _ side: Found.Side?, mapping: Bool? = nil, first: Bool = false) {
            for f in found where f.key == key && (side == nil || f.side == side) && (mapping == nil || f.mapping == mapping) {
                let r = Resource(type: type, id: f.value)
                if !out.contains(r) { out.append(r) }
                if first { return }
            }
        }
        switch kind {
        case .instanceRun:
            add(.instance, .instance, .response)
            add(.image, .image, .request, mapping: false)
            add(.snapshot, .snapshot, .request, mapping: true)
        case .instanceStart, .instanceStop, .instanceTerminate:
            add(.instance, .instance, .request)
            add(.instance, .instance, .response)
        case .instanceModify:
            add(.instance, .instance, .request, first: true)
        case .volumeCreate:
            add(.volume, .volume, .response, first: true)
            add(.snapshot, .snapshot, .request, first: true)
        case .volumeDelete, .volumeModify:
            add(.volume, .volume, .request, first: true)
        case .volumeAttach, .volumeDetach:
            add(.volume, .volume, .request, first: true)
            if found.contains(where: { $0.key == .instance && $0.side == .request }) {
                add(.instance, .instance, .request, first: true)
            } else {
                add(.instance, .instance, .response, first: true)
            }
        case .snapshotCreate:
            add(.snapshot, .snapshot, .response)
            add(.volume, .volume, .request, first: true)
            add(.instance, .instance, .request, first: true)
        case .snapshotCopy:
            add(.snapshot, .snapshot, .response, first: true)
            add(.snapshot, .sourceSnapshot, .request, first: true)
        case .snapshotDelete, .snapshotModifyAttribute, .snapshotResetAttribute, .snapshotBlockRead:
            add(.snapshot, .snapshot, .request, first: true)
            add(.snapshot, .firstSnapshot, .request, first: true)
            add(.snapshot, .secondSnapshot, .request, first: true)
        case .imageCreate:
            add(.image, .image, .response, first: true)
            add(.instance, .instance, .request, first: true)
        case .imageCopy:
            add(.image, .image, .response, first: true)
            add(.image, .sourceImage, .request, first: true)
        case .imageRegister:
            add(.image, .image, .response, first: true)
            add(.snapshot, .snapshot, .request, mapping: true)
        case .imageDeregister, .imageModifyAttribute:
            add(.image, .image, .request, first: true)
        case .other, .volumeExport, .snapshotExport, .volumeSetPolicy:
            break
        }
        return out
    }
}
