import VigilCore

/// Azure Resource Manager resource ids
/// (`/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Compute/disks/{name}`), which
/// logs write in any letter case.
enum AzureResourceID {
    /// The subscription an id names.
    static func subscription(_ id: String) -> String? {
        guard let ascii = ASCIIPath(id) else { return subscriptionCharacters(id) }
        guard let (s0, e0) = ascii.component(startingAt: 0), ascii.equalsIgnoringCase(s0, e0, "subscriptions"),
              let (s1, e1) = ascii.component(startingAt: e0) else { return nil }
        return String(ascii.text(s1, e1))
    }

    /// ``subscription(_:)`` by characters (for ids that are not ASCII).
    static func subscriptionCharacters(_ id: String) -> String? {
        let parts = id.split(separator: "/")
        guard parts.count >= 2, parts[0].lowercased() == "subscriptions", !parts[1].isEmpty else { return nil }
        return String(parts[1])
    }

    /// The provider namespace of an id (`Microsoft.Compute`), from its last `providers` segment.
    static func namespace(_ id: String) -> String? {
        guard let ascii = ASCIIPath(id) else { return namespaceCharacters(id) }
        let parts = ascii.components()
        guard let p = parts.lastIndex(where: { ascii.equalsIgnoringCase($0.0, $0.1, "providers") }), p + 1 < parts.count else { return nil }
        return String(ascii.text(parts[p + 1].0, parts[p + 1].1))
    }

    /// ``namespace(_:)`` by characters (for ids that are not ASCII).
    static func namespaceCharacters(_ id: String) -> String? {
        let parts = id.split(separator: "/")
        guard let p = parts.lastIndex(where: { $0.lowercased() == "providers" }), p + 1 < parts.count else { return nil }
        return String(parts[p + 1])
    }

    /// The resource an id names, typed: compute VMs, disks, snapshots and images themselves
    /// (not their children, such as a VM's extensions); everything else `.other`.
    static func resource(_ id: String) -> Resource {
        Resource(type: type(of: id), id: id)
    }

    static func type(of id: String) -> ResourceType {
        guard let ascii = ASCIIPath(id) else { return typeCharacters(of: id) }
        let parts = ascii.components()
        guard let p = parts.lastIndex(where: { ascii.equalsIgnoringCase($0.0, $0.1, "providers") }),
              parts.count == p + 4, ascii.equalsIgnoringCase(parts[p + 1].0, parts[p + 1].1, "microsoft.compute") else { return .other }
        let (s, e) = parts[p + 2]
        if ascii.equalsIgnoringCase(s, e, "virtualmachines") { return .instance }
        if ascii.equalsIgnoringCase(s, e, "disks") { return .volume }
        if ascii.equalsIgnoringCase(s, e, "snapshots") { return .snapshot }
        if ascii.equalsIgnoringCase(s, e, "images") { return .image }
        return .other
    }

    /// ``type(of:)`` by characters (for ids that are not ASCII).
    static func typeCharacters(of id: String) -> ResourceType {
        let parts = id.split(separator: "/")
        guard let p = parts.lastIndex(where: { $0.lowercased() == "providers" }),
              parts.count == p + 4, parts[p + 1].lowercased() == "microsoft.compute" else { return .other }
        switch parts[p + 2].lowercased() {
        case "virtualmachines": return .instance
        case "disks": return .volume
        case "snapshots": return .snapshot
        case "images": return .image
        default: return .other
        }
    }

    /// Other compute resources an ARM request body names: the source of a disk or snapshot
    /// (`creationData.sourceResourceId`), a VM's OS and data disks and its image, an image's
    /// source VM, disk or snapshot. Bodies are read at the top level and under `properties`, as ARM
    /// logs them either way.
    static func references(in body: JSONValue?) -> [Resource] {
        guard let body else { return [] }
        var ids: [String] = []
        for root in [body, body.member("properties")].compactMap({ $0 }) {
            if let id = root.member("creationData")?.text("sourceResourceId") { ids.append(id) }
            if let id = root.member("sourceVirtualMachine")?.text("id") { ids.append(id) }
            if let storage = root.member("storageProfile") {
                if let id = storage.member("imageReference")?.text("id") { ids.append(id) }
                if let os = storage.member("osDisk") {
                    for key in ["managedDisk", "snapshot"] {
                        if let id = os.member(key)?.text("id") { ids.append(id) }
                    }
                }
                for disk in storage.member("dataDisks")?.array ?? [] {
                    for key in ["managedDisk", "snapshot"] {
                        if let id = disk.member(key)?.text("id") { ids.append(id) }
                    }
                }
            }
        }
        var out: [Resource] = []
        for id in ids where !out.contains(where: { $0.id == id }) { out.append(resource(id)) }
        return out
    }
}
