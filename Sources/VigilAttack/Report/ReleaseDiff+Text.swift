extension ReleaseDiff {
    /// The diff as `vigil attack diff` prints it: counts by type and status, then each object
    /// that is not unchanged.
    public var text: String {
        var out = "\(from.title) → \(to.title)\n"
        let statuses = ObjectStatus.allCases
        var t = TextTable(["type"] + statuses.map(\.rawValue))
        let types = Set(counts.map(\.type)).sorted()
        for type in types {
            t.add([type.rawValue] + statuses.map { s in
                String(counts.first { $0.type == type && $0.status == s }?.count ?? 0)
            })
        }
        t.add(["total"] + statuses.map { String(count($0)) })
        out += t.text
        out += "\(count(.changed)) changed, \(changedWithoutVersionBump) of them without a new x_mitre_version\n"
        guard !entries.isEmpty else { return out }
        out += "\n"
        var list = TextTable(["status", "id", "type", "name", "old hash", "new hash", "x_mitre_version"])
        for e in entries {
            let versions = e.oldVersion == e.newVersion ? (e.newVersion ?? "-") : "\(e.oldVersion ?? "-") → \(e.newVersion ?? "-")"
            list.add([e.status.rawValue, e.attackID ?? e.stixID, e.type.rawValue, e.name ?? "", e.oldHash?.prefix ?? "-",
                      e.newHash?.prefix ?? "-", versions])
        }
        out += list.text
        return out
    }
}
