import Foundation

/// The scan summary for people (text) and programs (JSON).
public enum SummaryText {
    /// Several lines, each ending in a newline.
    public static func render(_ s: ScanSummary) -> String {
        var out = "Scanned \(group(s.files)) input\(s.files == 1 ? "" : "s"), \(group(s.records)) records, \(bytes(s.bytes)) in "
            + String(format: "%.2f s (%@ records/s, %@/s)\n", s.elapsedSeconds, group(Int(s.recordsPerSecond)),
                     bytes(s.elapsedSeconds > 0 ? Int64(Double(s.bytes) / s.elapsedSeconds) : 0))
        if s.sources.count > 1 || (s.sources.count == 1 && s.sources["aws-cloudtrail"] == nil) {
            out += "Sources:\(breakdown(s.sources))\n"
        }
        out += "Analysed \(group(s.eventsAnalysed)) events; \(group(s.alerts)) alert\(s.alerts == 1 ? "" : "s")"
        if s.outsideTimeRange > 0 { out += "; \(group(s.outsideTimeRange)) records outside --since/--until" }
        out += "\n"
        out += "Peak memory: \(bytes(s.peakRSSBytes))\n"
        out += "Skipped: \(group(s.skippedTotal))\(breakdown(s.skipped))\n"
        out += "Malformed: \(group(s.malformedTotal))\(breakdown(s.malformed))\n"
        if !s.problems.isEmpty {
            out += "First problems:\n"
            for p in s.problems { out += "  \(p)\n" }
        }
        return out
    }

    /// One JSON object.
    public static func json(_ s: ScanSummary) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(s)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    static func breakdown(_ m: [String: Int]) -> String {
        m.isEmpty ? "" : " (" + m.sorted { $0.key < $1.key }.map { "\($0.key) \(group($0.value))" }.joined(separator: ", ") + ")"
    }

    static func group(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.reversed().enumerated() {
            if i > 0, i % 3 == 0, c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KB", "MB", "GB", "TB"]
        var v = Double(n), u = 0
        while v >= 1000, u < units.count - 1 { v /= 1000; u += 1 }
        return u == 0 ? "\(n) B" : String(format: "%.1f %@", v, units[u])
    }
}

/// A one-line progress bar on standard error.
final class ProgressBar: Sendable {
    let write: @Sendable (String) -> Void
    init(write: @escaping @Sendable (String) -> Void) { self.write = write }

    func update(_ p: ScanEngine.Progress) {
        // One large input (or stdin): by bytes. A tree: by inputs done of those found so far
        // (gzip sizes are not looked up while walking).
        let fraction = p.unitsTotal <= 1 && p.bytesTotal > 0 ? min(1, Double(p.bytesRead) / Double(p.bytesTotal))
            : p.unitsTotal > 0 ? Double(p.unitsDone) / Double(p.unitsTotal) : 0
        let width = 30, filled = Int(fraction * Double(width))
        let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
        write(String(format: "\r[%@] %3d%%  %@ read  %d/%d", bar, Int(fraction * 100), SummaryText.bytes(p.bytesRead),
                     p.unitsDone, p.unitsTotal))
    }

    func finish() { write("\r\u{1B}[2K") }
}
