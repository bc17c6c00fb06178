import ArgumentParser
import Foundation
import VigilAttack
import VigilEngine
import VigilStore

/// `vigil analytics`: the catalogue of implemented analytics.
struct Analytics: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the ATT&CK analytics Vigil implements, with their strategies, techniques, log sources and tuning keys.",
        discussion: """
            Each analytic is declared in code with the ATT&CK release and object content hash it was written \
            against. With --db, names, strategies and techniques come from the newest imported release, and a \
            WARNING is printed (and counted on standard error) when an imported release at or after that one \
            holds a different version of the analytic, or lists log sources or mutable elements the declaration \
            does not map.

            Exit status: 0 listed (warnings included); 64 usage error; 66 the --db store does not exist; \
            74 it could not be read.
            """)

    @Option(name: .long, help: "A store with imported ATT&CK releases (vigil attack import).")
    var db: String?

    @Option(name: .long, help: "Output: table or json.")
    var format: ReportFormat = .table

    func run() throws {
        var kb: AttackKnowledgeBase?
        if let db {
            kb = try openKnowledgeBase(db, creating: false)
        }
        let report = try answering { try AnalyticsCatalogueReport.build(kb) }
        print(format == .json ? try ReportJSON.text(report) : report.text, terminator: "")
        if !report.warnings.isEmpty {
            fail("\(report.warnings.count) warning\(report.warnings.count == 1 ? "" : "s"): ATT&CK changed what an analytic was written against")
        }
    }
}
