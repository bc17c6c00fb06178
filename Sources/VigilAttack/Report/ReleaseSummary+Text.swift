extension ReleaseSummary {
    /// Releases as `vigil attack releases` prints them.
    public static func text(_ releases: [ReleaseSummary]) -> String {
        guard !releases.isEmpty else { return "No ATT&CK release imported (vigil attack import FILE).\n" }
        var t = TextTable(["release", "version", "modified", "objects", "digest", "imported", "from"])
        for r in releases {
            t.add([r.name, r.version, r.modified, String(r.objects), String(r.digest.prefix(12)), r.importedAt, r.source])
        }
        return t.text
    }
}
