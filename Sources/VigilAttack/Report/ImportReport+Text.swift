import Foundation
import VigilStore

extension AttackKnowledgeBase.ImportReport {
    /// The report as `vigil attack import` prints it.
    public var text: String {
        var out = "\(release.title) (modified \(release.modified)) from \(file): "
        switch outcome {
        case .added: out += "imported \(release.objects) objects"
        case .unchanged: out += "already imported, unchanged (\(release.objects) objects)"
        case .replaced: out += "content differed from the stored release; replaced (\(release.objects) objects)"
        }
        out += String(format: " in %.2f s (read and hash %.2f s, store %.2f s)\n", readSeconds + storeSeconds, readSeconds, storeSeconds)
        var t = TextTable(["  type", "objects"])
        for c in counts { t.add(["  " + c.type.rawValue, String(c.count)]) }
        t.add(["  total", String(counts.reduce(0) { $0 + $1.count })])
        out += t.text
        for p in problems.prefix(10) { out += "  skipped: \(p)\n" }
        if problems.count > 10 { out += "  … and \(problems.count - 10) more skipped objects\n" }
        return out
    }
}
