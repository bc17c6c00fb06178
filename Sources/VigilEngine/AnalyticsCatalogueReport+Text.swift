import VigilAnalytics
import VigilAttack

extension AnalyticsCatalogueReport {
    /// The catalogue as `vigil analytics` prints it.
    public var text: String {
        var out = "ATT&CK analytics Vigil implements (ATT&CK context from: \(source))\n"
        for a in analytics {
            out += "\n\(a.id)  \(a.name)  [\(a.platforms.joined(separator: ", "))]\n"
            out += "  \(a.summary)\n"
            out += "  strategy:   " + a.strategies.map { [$0.id, $0.name].filter { !$0.isEmpty }.joined(separator: " ") }.joined(separator: "; ") + "\n"
            for t in a.techniques {
                out += "  technique:  \(t.id) \(t.name) — " + t.tactics.map { "\($0.id) \($0.name)" }.joined(separator: ", ") + "\n"
            }
            out += "  written against: \(a.writtenAgainst.collection) \(a.writtenAgainst.release) (content hash \(a.writtenAgainst.contentHash.prefix(12)))\n"
            out += "  log sources (as ATT&CK names them):\n"
            var t = TextTable(["    name", "channel", "data component", "Vigil"])
            for l in a.logSources {
                let vigil = switch l.coverage {
                case .read(let source, let kinds): "reads \(source.id) (\(kinds))"
                case .notRead(let reason): "not read: \(reason)"
                }
                t.add(["    " + l.name, l.channel, "\(l.dataComponent) \(l.dataComponentName)", vigil])
            }
            out += t.text
            if !a.additionalSources.isEmpty {
                out += "  also reads: " + a.additionalSources.map { "\($0.id) (\($0.description))" }.joined(separator: "; ") + "\n"
            }
            out += "  mutable elements:\n"
            for m in a.mutableElements { out += "    \(m.field) → \(m.configKey): \(m.setting)\n" }
            if !a.releases.isEmpty {
                out += "  imported releases: " + a.releases.map { "\($0.version) \($0.comparedWithBaseline) (\($0.hash?.prefix ?? "-"))" }
                    .joined(separator: ", ") + "\n"
            }
            for w in a.warnings { out += "  WARNING: \(w)\n" }
        }
        return out
    }

    /// Every warning, prefixed with its analytic.
    public var warnings: [String] { analytics.flatMap(\.warnings) }
}
