import ArgumentParser
import Foundation
import VigilEngine

struct Accounts: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Reconcile network devices' local accounts with the authorised roster.",
        discussion: """
            Reads network device logs (syslog from Cisco IOS/IOS-XE/IOS-XR/NX-OS/ASA, Juniper Junos, Arista \
            EOS, FortiOS, PAN-OS; TACACS+ accounting from tac_plus, Cisco ISE and ACS) and, with --db, the \
            inventory earlier scans kept. For each device in the roster or the logs, lists every local account \
            seen being created, changed or deleted (when, by whom, with what privilege) against \
            device_account_roster in the configuration: unexpected accounts, deleted ones, authorised ones, \
            and roster accounts never seen. Devices on the roster that sent nothing are listed as blind spots.

            Exit status: 0 no unexpected account; 1 unexpected accounts were found and --fail-on-unexpected \
            was given; 64 usage error; 66 no input path exists; 74 the --db store could not be read; 78 the \
            configuration is invalid.
            """
    )

    @Argument(help: "Files, directories, or - for standard input (optional with --db).")
    var paths: [String] = []

    @Option(name: .long, help: "Organisation context (YAML): device_account_roster, device_addresses, administrators.")
    var config: String?

    @Option(name: .long, help: "Start from the inventory kept in this SQLite store by earlier scans (read only).")
    var db: String?

    @Option(name: .long, help: "Output: table or json.")
    var format: ReportFormat = .table

    @Option(name: .long, help: "Only events at or after this time (RFC 3339, or YYYY-MM-DD).")
    var since: String?

    @Option(name: .long, help: "Only events before this time (RFC 3339, or YYYY-MM-DD).")
    var until: String?

    @Flag(name: .long, help: "Exit with status 1 when an account is not on the roster.")
    var failOnUnexpected = false

    func validate() throws {
        if paths.isEmpty && db == nil { throw ValidationError("give log paths, --db, or both") }
        _ = try parsedTime(since, "--since")
        _ = try parsedTime(until, "--until")
    }

    func run() throws {
        let request = ScanRequest(paths: paths, configPath: config, since: try parsedTime(since, "--since"),
                                  until: try parsedTime(until, "--until"), workers: nil, maxRecordBytes: 256 << 20, dbPath: db)
        switch ScanCommand.accounts(request, json: format == .json) {
        case .configInvalid: throw ExitCodes.configError
        case .noInput: throw ExitCodes.noInput
        case .storeFailed: throw ExitCodes.ioError
        case .completed(let unexpected):
            if failOnUnexpected && unexpected > 0 { throw ExitCodes.alertsFound }
        }
    }
}

enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}
