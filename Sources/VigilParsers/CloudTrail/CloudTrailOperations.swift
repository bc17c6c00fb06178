public import VigilCore

/// The CloudTrail operations Vigil classifies, by (eventSource, eventName). Registered once per
/// reader; every other operation is `.other` and is counted, not materialised.
public enum CloudTrailOperations {
    /// (eventSource, eventName, kind).
    public static let table: [(source: String, name: String, kind: EventKind)] = {
        let ec2 = "ec2.amazonaws.com", ebs = "ebs.amazonaws.com"
        return [
            (ec2, "RunInstances", .instanceRun), (ec2, "StartInstances", .instanceStart),
            (ec2, "StopInstances", .instanceStop), (ec2, "TerminateInstances", .instanceTerminate),
            (ec2, "ModifyInstanceAttribute", .instanceModify),
            (ec2, "CreateVolume", .volumeCreate), (ec2, "DeleteVolume", .volumeDelete),
            (ec2, "ModifyVolume", .volumeModify), (ec2, "AttachVolume", .volumeAttach),
            (ec2, "DetachVolume", .volumeDetach),
            (ec2, "CreateSnapshot", .snapshotCreate), (ec2, "CreateSnapshots", .snapshotCreate),
            (ec2, "CopySnapshot", .snapshotCopy), (ec2, "DeleteSnapshot", .snapshotDelete),
            (ec2, "ModifySnapshotAttribute", .snapshotModifyAttribute),
            (ec2, "ResetSnapshotAttribute", .snapshotResetAttribute),
            (ec2, "CreateImage", .imageCreate), (ec2, "CopyImage", .imageCopy),
            (ec2, "RegisterImage", .imageRegister), (ec2, "DeregisterImage", .imageDeregister),
            (ec2, "ModifyImageAttribute", .imageModifyAttribute),
            (ebs, "ListSnapshotBlocks", .snapshotBlockRead), (ebs, "GetSnapshotBlock", .snapshotBlockRead),
            (ebs, "ListChangedBlocks", .snapshotBlockRead),
        ]
    }()
}
