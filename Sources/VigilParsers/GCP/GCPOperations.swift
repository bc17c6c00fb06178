import VigilCore

/// Compute Engine methods analytics subscribe to, by the method after its API version
/// (`v1.compute.instances.insert`, `beta.compute.instances.insert` → `instances.insert`).
enum GCPOperations {
    static let service = "compute.googleapis.com"

    static let table: [String: EventKind] = [
        "instances.insert": .instanceRun,
        "instances.delete": .instanceTerminate,
        "instances.start": .instanceStart,
        "instances.stop": .instanceStop,
        "instances.attachDisk": .volumeAttach,
        "instances.detachDisk": .volumeDetach,
        "disks.insert": .volumeCreate,
        "disks.delete": .volumeDelete,
        "disks.createSnapshot": .snapshotCreate,
        "disks.setIamPolicy": .volumeSetPolicy,
        "snapshots.insert": .snapshotCreate,
        "snapshots.delete": .snapshotDelete,
        "snapshots.setIamPolicy": .snapshotModifyAttribute,
        "images.insert": .imageCreate,
        "images.delete": .imageDeregister,
        "images.setIamPolicy": .imageModifyAttribute,
    ]

    /// The kinds whose events carry IAM policy changes.
    static let policyKinds: Set<EventKind> = [.volumeSetPolicy, .snapshotModifyAttribute, .imageModifyAttribute]

    /// The kind of `methodName` of `serviceName` (Compute Engine's, or unnamed).
    static func kind(methodName: String, serviceName: String?) -> EventKind {
        guard serviceName == nil || serviceName == service, let m = method(methodName) else { return .other }
        return table[m] ?? .other
    }

    /// The method without its API version: `v1.compute.disks.createSnapshot` →
    /// `disks.createSnapshot`; nil for methods not of the Compute Engine API.
    static func method(_ methodName: String) -> String? {
        guard methodName.isASCIIBytes else { return methodCharacters(methodName) }
        let u = methodName.utf8
        // In ASCII every byte is a character: the method is what follows `compute.` at the start,
        // or after a version (`v1.compute.`), with at least one more dot after it.
        let dot = UInt8(ascii: ".")
        guard let first = u.firstIndex(of: dot) else { return nil }
        let head = methodName[..<first]
        let afterFirst = u.index(after: first)
        if head == "compute" {
            return u[afterFirst...].contains(dot) ? String(methodName[afterFirst...]) : nil
        }
        guard let second = u[afterFirst...].firstIndex(of: dot), methodName[afterFirst..<second] == "compute", isVersion(head) else { return nil }
        let afterSecond = u.index(after: second)
        return u[afterSecond...].contains(dot) ? String(methodName[afterSecond...]) : nil
    }

    /// ``method(_:)`` by characters (for method names that are not ASCII).
    static func methodCharacters(_ methodName: String) -> String? {
        let parts = methodName.split(separator: ".", omittingEmptySubsequences: false)
        let start: Int
        if parts.count >= 3, parts[0] == "compute" {
            start = 1
        } else if parts.count >= 4, parts[1] == "compute", isVersion(parts[0]) {
            start = 2
        } else {
            return nil
        }
        return parts[start...].joined(separator: ".")
    }

    /// `v1`, `beta`, `alpha`, `v2beta1`…
    static func isVersion(_ s: Substring) -> Bool {
        if s == "beta" || s == "alpha" { return true }
        guard s.first == "v", s.count >= 2, let second = s.dropFirst().first, second.isNumber else { return false }
        return s.allSatisfy { $0.isLetter || $0.isNumber }
    }
}
