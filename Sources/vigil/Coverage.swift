import ArgumentParser
import Foundation
import VigilEngine

struct Coverage: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report what each analytic, network device and cloud account can be seen through, and the blind spots.",
        discussion: """
            Reads logs (as `vigil scan` does, printing no alerts) and/or, with --db, the coverage earlier scans \
            kept. Reports, per implemented analytic, whether it is runnable, partial (with the sources missing \
            and where) or blind; per network device, which telemetry it sends (AAA accounting, CLI history, \
            configuration changes, REST/NETCONF/GUI audit, logins) and when it last did — devices on the roster \
            that sent nothing are blind; per cloud account and region, its control-plane volume and compute \
            events. A source is silent when the time from its last record to the newest record seen is longer \
            than --gap-factor times its usual gap between records, and at least --silent-after hours.

            Exit status: 0 every analytic is runnable; 1 an analytic is partial or blind and --fail-on-gap was \
            given; 64 usage error; 66 no input path exists; 74 the --db store could not be read; 78 the \
            configuration is invalid.
            """
    )

    @Argument(help: "Files, directories, or - for standard input (optional with --db).")
    var paths: [String] = []

    @Option(name: .long, help: "Organisation context (YAML): device_account_roster, device_addresses.")
    var config: String?

    @Option(name: .long, help: "Start from the coverage kept in this SQLite store by earlier scans (read only).")
    var db: String?

    @Option(name: .long, help: "Output: table or json.")
    var format: ReportFormat = .table

    @Option(name: .long, help: "Hours without a record, before the newest one seen, below which no source is silent.")
    var silentAfter: Int = 24

    @Option(name: .long, help: "A source is silent after this many times its usual gap between records.")
    var gapFactor: Int = 10

    @Flag(name: .long, help: "Exit with status 1 when an analytic is partial or blind.")
    var failOnGap = false

    func validate() throws {
        if paths.isEmpty && db == nil { throw ValidationError("give log paths, --db, or both") }
        if silentAfter < 1 { throw ValidationError("--silent-after must be at least 1 hour") }
        if gapFactor < 1 { throw ValidationError("--gap-factor must be at least 1") }
    }

    func run() throws {
        let request = ScanRequest(paths: paths, configPath: config, since: nil, until: nil, workers: nil, maxRecordBytes: 256 << 20, dbPath: db)
        switch ScanCommand.coverage(request, json: format == .json, silentAfterHours: silentAfter, gapFactor: gapFactor) {
        case .configInvalid: throw ExitCodes.configError
        case .noInput: throw ExitCodes.noInput
        case .storeFailed: throw ExitCodes.ioError
        case .completed(let gaps):
            if failOnGap && gaps > 0 { throw ExitCodes.alertsFound }
        }
    }
}
