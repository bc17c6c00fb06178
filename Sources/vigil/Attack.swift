import ArgumentParser
import Foundation
import VigilAttack
import VigilStore

/// `vigil attack`: the ATT&CK knowledge base kept in a Vigil store.
struct Attack: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import ATT&CK releases (STIX 2.1 bundles) and compare, search and show their objects.",
        discussion: """
            Objects are kept per release with a content hash (SHA-256 of their RFC 8785 canonical JSON), \
            so releases can be compared even where MITRE changed an object without raising its \
            x_mitre_version. See docs/attack.md.

            Exit status: 0 done; 64 usage error; 65 a bundle is not valid JSON or not an ATT&CK bundle; \
            66 a file, release or object does not exist; 74 the store could not be read or written.
            """,
        subcommands: [AttackImport.self, AttackReleases.self, AttackDiff.self, AttackShow.self]
    )
}

/// Options every `vigil attack` subcommand takes.
struct AttackStoreOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite store holding the imported releases (as vigil scan --db).")
    var db: String

    @Option(name: .long, help: "Output: table or json.")
    var format: ReportFormat = .table

    /// The knowledge base; reading commands refuse a store that does not exist rather than
    /// creating an empty one.
    func knowledgeBase(creating: Bool = false) throws -> AttackKnowledgeBase {
        try openKnowledgeBase(db, creating: creating)
    }

    /// Writes a typed report as the format asks.
    func emit<R: Encodable>(_ report: R, table: (R) -> String) throws {
        print(format == .json ? try ReportJSON.text(report) : table(report), terminator: "")
    }
}

/// Opens the knowledge base in the store at `db`, reporting failures as exit codes.
func openKnowledgeBase(_ db: String, creating: Bool) throws -> AttackKnowledgeBase {
    if !creating && !FileManager.default.fileExists(atPath: db) {
        fail("no store at \(db) (import a release first: vigil attack import --db \(db) FILE)")
        throw ExitCodes.noInput
    }
    do {
        return AttackKnowledgeBase(store: try VigilStore(path: db))
    } catch {
        fail("cannot open the store \(db): \(error)")
        throw ExitCodes.ioError
    }
}

/// Runs a knowledge-base request, turning its errors into messages and exit codes.
func answering<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let e as KnowledgeError {
        fail(e.description)
        switch e {
        case .ambiguousRelease: throw ExitCode.validationFailure
        case .unknownRelease, .unknownObject, .empty: throw ExitCodes.noInput
        }
    } catch let e as BundleError {
        fail(e.description)
        if case .unreadable = e { throw ExitCodes.noInput }
        throw ExitCodes.dataError
    } catch let e as ExitCode {
        throw e
    } catch {
        fail("store: \(error)")
        throw ExitCodes.ioError
    }
}

/// A message on standard error.
func fail(_ message: String) {
    FileHandle.standardError.write(Data("vigil: \(message)\n".utf8))
}

struct AttackImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import ATT&CK STIX 2.1 bundles (.json or .json.gz); importing one again changes nothing.")

    @OptionGroup var options: AttackStoreOptions

    @Argument(help: "Bundle files, e.g. enterprise-attack-18.1.json.gz.")
    var files: [String]

    func run() throws {
        let kb = try options.knowledgeBase(creating: true)
        var reports: [AttackKnowledgeBase.ImportReport] = []
        for file in files {
            reports.append(try answering { try kb.importBundle(path: file) })
            if options.format == .table { print(reports.last!.text, terminator: "") }
        }
        if options.format == .json { print(try ReportJSON.text(reports), terminator: "") }
    }
}

struct AttackReleases: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "releases", abstract: "List the imported releases.")

    @OptionGroup var options: AttackStoreOptions

    func run() throws {
        let kb = try options.knowledgeBase()
        try options.emit(try answering { try kb.releases() }, table: ReleaseSummary.text)
    }
}

struct AttackDiff: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare two imported releases by content hash: counts by type and status, and every object that changed.",
        discussion: """
            A release is named by its version (18.1), its title ("Enterprise ATT&CK 18.1"), or the start of its \
            name and its version ("ics 18.1"). Statuses: added, changed (content hash differs), unchanged, \
            deprecated, revoked (newly so), removed.
            """)

    @OptionGroup var options: AttackStoreOptions

    @Argument(help: "The earlier release.")
    var from: String

    @Argument(help: "The later release.")
    var to: String

    @Option(name: .long, help: "List only objects of this STIX type (repeatable), e.g. x-mitre-analytic.")
    var type: [String] = []

    @Option(name: .long, help: "List only objects with this status (repeatable).")
    var status: [StatusArgument] = []

    func run() throws {
        let kb = try options.knowledgeBase()
        var diff = try answering { try kb.diff(from, to) }
        if !type.isEmpty { diff.entries.removeAll { !type.contains($0.type.rawValue) } }
        if !status.isEmpty { diff.entries.removeAll { e in !status.contains { $0.rawValue == e.status.rawValue } } }
        try options.emit(diff) { $0.text }
    }
}

/// `--status` values: the statuses a diff lists.
enum StatusArgument: String, ExpressibleByArgument, CaseIterable {
    case added, changed, deprecated, revoked, removed
}

struct AttackShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show an object with its ATT&CK context and its history across imported releases.",
        discussion: """
            ID is an ATT&CK id (AN0861, DET0308, T1578, T1136.001, DC0014, TA0003) or a STIX id. An analytic \
            is shown with its detection strategy, the techniques that strategy detects (with tactics), its \
            log sources and their data components, its mutable elements and platforms.
            """)

    @OptionGroup var options: AttackStoreOptions

    @Argument(help: "An ATT&CK id or a STIX id.")
    var id: String

    @Option(name: .long, help: "Read this release (default: the newest holding the object).")
    var release: String?

    @Flag(name: .long, help: "Print the object exactly as its bundle holds it.")
    var raw = false

    func run() throws {
        let kb = try options.knowledgeBase()
        if raw {
            print(try answering { try kb.raw(id, release: release) })
            return
        }
        try options.emit(try answering { try kb.show(id, release: release) }) { $0.text }
    }
}
