public import VigilCore

/// Alerts as a table for a terminal: one row per alert, then why it fired and its evidence.
public enum AlertTable {
    /// The whole table, ending with a newline; a line saying so when there are no alerts.
    public static func render(_ alerts: [Alert], color: Bool = false) -> String {
        guard !alerts.isEmpty else { return "No alerts.\n" }
        let header = ["TIME", "SEVERITY", "ANALYTIC", "PRINCIPAL", "RESOURCE", "TARGET"]
        let rows = alerts.map { a in
            [a.time.iso8601, a.severity.description.lowercased(), a.attack.analytic.rawValue, a.principal.name,
             a.resources.map(\.id).joined(separator: ","), a.target ?? "-"]
        }
        var widths = header.map(\.count)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { i, c in i == cells.count - 1 ? c : c + String(repeating: " ", count: widths[i] - c.count) }
                .joined(separator: "  ")
        }
        var out = line(header) + "\n"
        for (a, r) in zip(alerts, rows) {
            var row = line(r)
            if color { row = paint(row, a.severity) }
            out += row + "\n"
            out += "    \(a.title)\n"
            for reason in a.reasons { out += "    why: [\(reason.code)] \(reason.summary)\n" }
            for e in a.evidence {
                var loc = e.raw.file
                if let l = e.raw.line { loc += ":\(l)" }
                out += "    evidence: \(e.operation) \(e.eventID ?? "-") at \(e.time.iso8601) from \(e.source ?? "?") (\(loc), byte \(e.raw.offset))\n"
            }
        }
        return out
    }

    private static func paint(_ s: String, _ sev: Severity) -> String {
        let code = switch sev {
        case .critical: "1;31"
        case .high: "31"
        case .medium: "33"
        default: "36"
        }
        return "\u{1B}[\(code)m\(s)\u{1B}[0m"
    }
}
