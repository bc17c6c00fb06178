/// Charts drawn on the server as inline SVG (presentation attributes only: the CSP allows no
/// inline style).
enum SVG {
    /// A bar chart of counts per labelled bucket (alerts per day).
    static func bars(_ values: [(label: String, count: Int)], width: Int = 760, height: Int = 180) -> String {
        let maxCount = max(values.map(\.count).max() ?? 0, 1)
        let left = 40, bottom = 30, top = 10
        let plotW = width - left - 10, plotH = height - bottom - top
        let step = values.isEmpty ? 0 : Double(plotW) / Double(values.count)
        var out = "<svg class=\"chart\" role=\"img\" aria-label=\"alerts per day\" xmlns=\"http://www.w3.org/2000/svg\" "
            + "width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\">"
        out += "<line x1=\"\(left)\" y1=\"\(top + plotH)\" x2=\"\(width - 10)\" y2=\"\(top + plotH)\" stroke=\"#888\"/>"
        out += "<text x=\"\(left - 4)\" y=\"\(top + 10)\" text-anchor=\"end\" font-size=\"11\" fill=\"#444\">\(maxCount)</text>"
        out += "<text x=\"\(left - 4)\" y=\"\(top + plotH)\" text-anchor=\"end\" font-size=\"11\" fill=\"#444\">0</text>"
        for (i, v) in values.enumerated() {
            let h = Int(Double(plotH) * Double(v.count) / Double(maxCount))
            let x = left + Int(Double(i) * step)
            out += "<rect x=\"\(x + 1)\" y=\"\(top + plotH - h)\" width=\"\(max(Int(step) - 2, 1))\" height=\"\(h)\" fill=\"#3465a4\">"
                + "<title>\(HTML.text(v.label)): \(v.count)</title></rect>"
            if i % 5 == 0 || i == values.count - 1 {
                out += "<text x=\"\(x)\" y=\"\(height - 12)\" font-size=\"10\" fill=\"#444\">\(HTML.text(String(v.label.suffix(5))))</text>"
            }
        }
        return out + "</svg>"
    }

    /// The entity chain of a compute alert: snapshot → volume → instance (those present), then
    /// any other resources, as boxes joined by arrows.
    static func chain(_ resources: [(type: String, id: String)]) -> String {
        let order = ["image": 0, "snapshot": 1, "volume": 2, "instance": 3]
        let items = resources.sorted { (order[$0.type] ?? 9) < (order[$1.type] ?? 9) }
        guard !items.isEmpty else { return "<p class=\"empty\">no resources</p>" }
        let boxW = 200, gap = 40, h = 64
        let width = items.count * boxW + (items.count - 1) * gap + 4
        var out = "<svg class=\"chain\" role=\"img\" aria-label=\"entity chain\" xmlns=\"http://www.w3.org/2000/svg\" "
            + "width=\"\(width)\" height=\"\(h + 4)\" viewBox=\"0 0 \(width) \(h + 4)\">"
        out += "<defs><marker id=\"arrow\" markerWidth=\"10\" markerHeight=\"10\" refX=\"9\" refY=\"5\" orient=\"auto\">"
            + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>"
        for (i, r) in items.enumerated() {
            let x = 2 + i * (boxW + gap)
            out += "<rect x=\"\(x)\" y=\"2\" width=\"\(boxW)\" height=\"\(h)\" rx=\"6\" fill=\"#eef2f8\" stroke=\"#3465a4\"/>"
            out += "<text x=\"\(x + 10)\" y=\"26\" font-size=\"12\" font-weight=\"bold\" fill=\"#222\">\(HTML.text(r.type))</text>"
            let id = r.id.count > 26 ? String(r.id.prefix(12)) + "…" + String(r.id.suffix(12)) : r.id
            out += "<text x=\"\(x + 10)\" y=\"48\" font-size=\"12\" fill=\"#222\"><title>\(HTML.text(r.id))</title>\(HTML.text(id))</text>"
            if i < items.count - 1 {
                out += "<line x1=\"\(x + boxW)\" y1=\"\(2 + h / 2)\" x2=\"\(x + boxW + gap - 2)\" y2=\"\(2 + h / 2)\" stroke=\"#555\" "
                    + "stroke-width=\"2\" marker-end=\"url(#arrow)\"/>"
            }
        }
        return out + "</svg>"
    }
}
