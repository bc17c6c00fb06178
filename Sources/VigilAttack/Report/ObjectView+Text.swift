extension ObjectView {
    /// The view as `vigil attack show` prints it.
    public var text: String {
        var out = "\(object.attackID ?? object.stixID)  \(object.name ?? "")  (\(object.type.rawValue), \(release))\n"
        var facts = TextTable(["  field", "value"])
        facts.add(["  stix id", object.stixID])
        if let url = object.url { facts.add(["  url", url]) }
        if !object.platforms.isEmpty { facts.add(["  platforms", object.platforms.joined(separator: ", ")]) }
        facts.add(["  modified", object.modified ?? "-"])
        facts.add(["  x_mitre_version", object.version ?? "-"])
        if object.deprecated { facts.add(["  deprecated", "yes"]) }
        if object.revoked { facts.add(["  revoked", "yes"]) }
        facts.add(["  content hash", object.hash.hex])
        out += facts.text.split(separator: "\n", omittingEmptySubsequences: false).dropFirst().joined(separator: "\n")
        if let d = object.description, !d.isEmpty {
            let first = d.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? d
            out += "\n" + (first.count > 600 ? String(first.prefix(600)) + "…" : first) + "\n"
        }
        if let parent { out += "\nSub-technique of: \(parent.label)\n" }
        if !tactics.isEmpty { out += "\nTactics: " + tactics.map(\.label).joined(separator: ", ") + "\n" }
        if !strategies.isEmpty {
            out += "\nDetection strategies:\n" + strategies.map { "  \($0.label)\(Self.flags($0))\n" }.joined()
        }
        if !techniques.isEmpty {
            out += "\nTechniques:\n"
            for t in techniques {
                let tactics = t.tactics.map(\.label).joined(separator: ", ")
                out += "  \(t.technique.attackID ?? t.technique.stixID) \(t.fullName)\(Self.flags(t.technique))"
                    + (tactics.isEmpty ? "" : " — tactics: \(tactics)") + (t.via.map { " (via \($0))" } ?? "") + "\n"
            }
        }
        if !analytics.isEmpty {
            out += "\nAnalytics:\n"
            var t = TextTable(["  id", "name", "platforms"])
            for a in analytics {
                t.add(["  " + (a.analytic.attackID ?? a.analytic.stixID), (a.analytic.name ?? "") + Self.flags(a.analytic),
                       a.platforms.joined(separator: ", ")])
            }
            out += t.text
        }
        if !logSources.isEmpty {
            out += "\nLog sources:\n"
            var t = TextTable(["  name", "channel", "data component"])
            for l in logSources {
                t.add(["  " + l.name, l.channel ?? "", l.dataComponent?.label ?? ""])
            }
            out += t.text
        }
        if !dataComponents.isEmpty {
            out += "\nData components: " + dataComponents.map(\.label).joined(separator: ", ") + "\n"
        }
        if !mutableElements.isEmpty {
            out += "\nMutable elements:\n" + mutableElements.map { "  \($0.field): \($0.description)\n" }.joined()
        }
        if !sameID.isEmpty {
            out += "\nAlso under this id: " + sameID.map { $0.stixID + Self.flags($0) }.joined(separator: ", ") + "\n"
        }
        if !history.isEmpty {
            out += "\nHistory:\n"
            var t = TextTable(["  release", "status", "content hash", "x_mitre_version", "modified"])
            for h in history {
                t.add(["  " + h.release, h.status.rawValue, h.hash?.prefix ?? "-", h.objectVersion ?? "-", h.modified ?? "-"])
            }
            out += t.text
        }
        return out
    }

    private static func flags(_ r: Reference) -> String {
        (r.revoked ? " [revoked]" : "") + (r.deprecated ? " [deprecated]" : "") + (r.name == nil && r.attackID == nil ? " [not in this release]" : "")
    }
}
