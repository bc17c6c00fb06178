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

    /// A table by raw value saying which kinds are in `kinds`: one array read per event on the
    /// hot path instead of a set lookup.
    public static func table(_ kinds: some Sequence<EventKind>) -> [Bool] {
        var out = Array(repeating: false, count: Int(allCases.map(\.rawValue).max() ?? 0) + 1)
        for k in kinds { out[Int(k.rawValue)] = true }
        return out
    }
}
