/// The kinds of change analytics subscribe to.
///
/// Parsers map each source's operation names to a kind once, at load; analytics are indexed by
/// kind, so an event meets only the analytics that can match it.
public enum EventKind: UInt16, Sendable, Hashable, CaseIterable, Codable {
    /// Anything no analytic subscribes to.
    case other = 0
    case instanceRun, instanceStart, instanceStop, instanceTerminate, instanceModify
    case volumeCreate, volumeDelete, volumeModify, volumeAttach, volumeDetach
    case snapshotCreate, snapshotCopy, snapshotDelete, snapshotModifyAttribute, snapshotResetAttribute
    case snapshotBlockRead
    case imageCreate, imageCopy, imageRegister, imageDeregister, imageModifyAttribute
    /// A disk or snapshot opened for export by a time-limited URL (Azure `beginGetAccess`).
    case volumeExport, snapshotExport
    /// An access policy set on a disk (GCP `disks.setIamPolicy`).
    case volumeSetPolicy
}
