import ArgumentParser
import Foundation
import VigilConfig
import VigilEngine

struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan log files, directories or standard input and report alerts.",
        discussion: """
            PATH is a file, a directory (read recursively, hidden files skipped) or - for standard input. \
            Formats are detected from content: CloudTrail {"Records":[…]} files as AWS writes them to S3, \
            NDJSON / JSON Lines (CloudTrail Lake, EventBridge), pretty-printed JSON, each plain or gzip. \
            CloudTrail digest files are recognised and skipped. Azure Activity Log and GCP Cloud Audit Logs \
            records are recognised by their own keys, and network device logs (RFC 3164 / 5424 syslog from \
            Cisco, Juniper, Arista, Fortinet and Palo Alto devices; TACACS+ accounting) line by line.

            Alerts go to standard output; the summary (files, records, bytes, speed, skipped and malformed \
            records with the first few located) goes to standard error, with a progress bar when standard \
            error is a terminal.

            Exit status: 0 the scan completed (malformed records are reported and counted, not fatal); \
            1 alerts were found and --fail-on-alert was given; 64 usage error; 66 no input path exists; \
            74 the --db store could not be written; 78 the configuration is invalid.
            """
    )

    @Argument(help: "Files, directories, or - for standard input.")
    var paths: [String]

    @Option(name: .long, help: "Organisation context (YAML): change windows, automation, administrators, networks, rosters.")
    var config: String?

    @Option(name: .long, help: "Alert output: table, json (one Vigil alert per line) or ocsf (one OCSF Detection Finding per line).")
    var format: OutputFormat = .table

    @Option(name: .long, help: "Only events at or after this time (RFC 3339, or YYYY-MM-DD).")
    var since: String?

    @Option(name: .long, help: "Only events before this time (RFC 3339, or YYYY-MM-DD).")
    var until: String?

    @Option(name: .long, help: "Record the scan and its alerts in this SQLite store (created if missing).")
    var db: String?

    @Flag(name: .long, help: "Exit with status 1 when any alert was raised (for CI pipelines).")
    var failOnAlert = false

    @Option(name: .long, help: "Summary on standard error: text, json or none.")
    var summary: SummaryFormat = .text

    @Option(name: .long, help: "Parallel workers (default: one per core).")
    var workers: Int?

    @Option(name: .long, help: "Largest JSON text (one line, or a whole document) to read, in bytes.")
    var maxRecordBytes: Int = 256 << 20

    @Option(name: .long, help: "Compute changes each worker holds in memory before writing them, sorted, to a temporary folder ($TMPDIR or /tmp) for AN0861's time-ordered evaluation.")
    var changesInMemory: Int = 4096

    @Flag(name: .long, help: "No progress bar, even on a terminal.")
    var noProgress = false

    @Flag(name: .long, help: "Read, classify and count only; run no analytic (measures the reading path).")
    var noAnalytics = false

    @Flag(name: .long, help: "Learn no activity baselines (as analytics.AN0861.baselines: false): judge changes by windows, automation, bursts, chains and exposure only.")
    var noBaselines = false

    @Option(name: .long, help: ArgumentHelp(
        "AN0861's behaviours to run, comma-separated (as analytics.AN0861.behaviours): \(AN0861Behaviour.names).",
        valueName: "list"))
    var behaviours: String?

    /// `--behaviours` read: nil when not given.
    func parsedBehaviours() throws -> Set<AN0861Behaviour>? {
        guard let behaviours else { return nil }
        var out = Set<AN0861Behaviour>()
        for name in behaviours.split(separator: ",", omittingEmptySubsequences: false) {
            let n = name.trimmingCharacters(in: .whitespaces)
            guard let b = AN0861Behaviour(rawValue: n) else {
                throw ValidationError("--behaviours: '\(n)' is not a behaviour of AN0861 (\(AN0861Behaviour.names))")
            }
            out.insert(b)
        }
        return out
    }

    func validate() throws {
        _ = try parsedBehaviours()
        if let workers, workers < 1 { throw ValidationError("--workers must be at least 1") }
        if maxRecordBytes < 1024 { throw ValidationError("--max-record-bytes must be at least 1024") }
        if changesInMemory < 1 { throw ValidationError("--changes-in-memory must be at least 1") }
        _ = try parsedTime(since, "--since")
        _ = try parsedTime(until, "--until")
    }

    func run() throws {
        var request = ScanRequest(
            paths: paths, configPath: config, since: try parsedTime(since, "--since"), until: try parsedTime(until, "--until"),
            workers: workers, maxRecordBytes: maxRecordBytes, dbPath: db)
        request.analytics = !noAnalytics
        request.baselines = !noBaselines
        request.behaviours = try parsedBehaviours()
        request.changesInMemory = changesInMemory
        let outcome = ScanCommand.execute(request, format: format.engine, summary: summary.engine,
                                          progress: !noProgress && isatty(2) == 1,
                                          productVersion: VigilVersion.current)
        switch outcome {
        case .configInvalid: throw ExitCodes.configError
        case .noInput: throw ExitCodes.noInput
        case .storeFailed: throw ExitCodes.ioError
        case .completed(let alerts):
            if failOnAlert && alerts > 0 { throw ExitCodes.alertsFound }
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json, ocsf
    var engine: ScanCommand.Format { ScanCommand.Format(rawValue: rawValue)! }
}

enum SummaryFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json, none
    var engine: ScanCommand.SummaryStyle { ScanCommand.SummaryStyle(rawValue: rawValue)! }
}

func parsedTime(_ text: String?, _ flag: String) throws -> Int64? {
    guard let text else { return nil }
    guard let ms = ScanCommand.parseTime(text) else {
        throw ValidationError("\(flag) '\(text)' is not a time: use RFC 3339 (2026-03-16T22:14:05Z) or a date (2026-03-16)")
    }
    return ms
}
