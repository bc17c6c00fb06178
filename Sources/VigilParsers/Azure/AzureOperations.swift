import VigilCore

/// Azure Resource Manager operations analytics subscribe to, by their lower-cased name (logs
/// write them in any case: `MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE`).
enum AzureOperations {
    /// The kinds of the classified operations. `write` creates or updates; see
    /// ``kind(operation:record:)`` for how an update is told apart.
    static let table: [String: EventKind] = [
        "microsoft.compute/virtualmachines/write": .instanceRun,
        "microsoft.compute/virtualmachines/delete": .instanceTerminate,
        "microsoft.compute/virtualmachines/start/action": .instanceStart,
        "microsoft.compute/virtualmachines/deallocate/action": .instanceStop,
        "microsoft.compute/virtualmachines/poweroff/action": .instanceStop,
        "microsoft.compute/disks/write": .volumeCreate,
        "microsoft.compute/disks/delete": .volumeDelete,
        "microsoft.compute/disks/begingetaccess/action": .volumeExport,
        "microsoft.compute/snapshots/write": .snapshotCreate,
        "microsoft.compute/snapshots/delete": .snapshotDelete,
        "microsoft.compute/snapshots/begingetaccess/action": .snapshotExport,
        "microsoft.compute/images/write": .imageCreate,
        "microsoft.compute/images/delete": .imageDeregister,
    ]

    /// Statuses of the events ARM logs before an operation's outcome.
    static let earlyPhases: Set<String> = ["start", "started", "accept", "accepted", "in progress", "inprogress"]

    /// Updates of a resource `write` can be told from creates; the kind an update becomes.
    static let updateKinds: [EventKind: EventKind] = [.instanceRun: .instanceModify, .volumeCreate: .volumeModify]

    /// The kind of `operation` in `record`.
    ///
    /// - An event of a phase before the outcome (`Start`, `Accept`, `In Progress`) is `.other`:
    ///   ARM logs one operation as a start event and an outcome event (and an `Accept` between them
    ///   for long-running ones), all with one correlation id. The outcome event carries the kind, so
    ///   a change is counted once and with its real outcome; the others still feed baselines.
    /// - `virtualMachines/write` and `disks/write` create or update. ARM answers a create with
    ///   `201 Created` and an update with `200 OK`, which the record may carry (`resultSignature`
    ///   `Succeeded.OK`, `subStatus` `OK`, `properties.statusCode` `OK`, or `provisioningState`
    ///   `Updating` in the response body). When it says OK the kind is the update kind
    ///   (`.instanceModify`, `.volumeModify`); when it says nothing (outcome events of long-running
    ///   creates often do not) the write counts as a create, the change analytics look for.
    static func kind(operation: String, record: AzureActivityRecord) -> EventKind {
        guard let kind = table[operation.lowercased()] else { return .other }
        if let phase = record.status?.lowercased(), earlyPhases.contains(phase) {
            return .other
        }
        if let update = updateKinds[kind], isUpdate(record) { return update }
        return kind
    }

    /// Whether the record says a `write` updated an existing resource (HTTP 200) rather than
    /// created one (HTTP 201). The first signal that decides wins.
    static func isUpdate(_ record: AzureActivityRecord) -> Bool {
        for signal in [record.subStatus, record.resultSignature, record.propertiesStatusCode] {
            guard let s = signal?.lowercased() else { continue }
            if s.contains("created") || s.contains("201") { return false }
            if s == "ok" || s.hasSuffix(".ok") || s.hasPrefix("ok ") || s.hasPrefix("ok(") || s == "200" || s.hasSuffix(".200") { return true }
        }
        let state = record.responseBody?.member("properties")?.text("provisioningState") ?? record.responseBody?.text("provisioningState")
        switch state?.lowercased() {
        case "updating": return true
        default: return false
        }
    }
}
