/// Left-aligned columns for terminal tables; the last column is not padded.
public struct TextTable: Sendable {
    private var rows: [[String]]

    /// A table with a header row.
    public init(_ header: [String]) { rows = [header] }

    /// Adds a row.
    public mutating func add(_ row: [String]) { rows.append(row) }

    /// The rendered table, one line per row, each ending in a newline.
    public var text: String {
        let n = rows.map(\.count).max() ?? 0
        var widths = Array(repeating: 0, count: n)
        for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], c.count) } }
        var out = ""
        for r in rows {
            var line = ""
            for (i, c) in r.enumerated() {
                line += c
                if i < r.count - 1 { line += String(repeating: " ", count: widths[i] - c.count + 2) }
            }
            out += line + "\n"
        }
        return out
    }
}
