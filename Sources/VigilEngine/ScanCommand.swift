import Foundation
import VigilAnalytics
import VigilAttack
public import VigilConfig
import VigilCore
import VigilOutput
import VigilStore

/// What `vigil scan` was asked to do.
public struct ScanRequest: Sendable {
    public var paths: [String]
    public var configPath: String?
    public var since: Int64?
    public var until: Int64?
    public var workers: Int?
    public var maxRecordBytes: Int
    public var dbPath: String?
    /// Run the analytics (false: read, classify and count only — a measure of the reading path).
    public var analytics = true
    /// Learn activity baselines (false overrides the configuration's `analytics.AN0861.baselines`).
    public var baselines = true
    /// AN0861's behaviours to run (overrides the configuration's `analytics.AN0861.behaviours`).
    public var behaviours: Set<AN0861Behaviour>?
    /// Compute changes each worker holds in memory before it writes them to disk.
    public var changesInMemory = 4096

    /// Creates a request.
    public init(paths: [String], configPath: String?, since: Int64?, until: Int64?, workers: Int?, maxRecordBytes: Int, dbPath: String?) {
        self.paths = paths
        self.configPath = configPath
        self.since = since
        self.until = until
        self.workers = workers
        self.maxRecordBytes = maxRecordBytes
        self.dbPath = dbPath
    }
}

/// `vigil scan` as library code: what the executable and the tests both call.
public enum ScanCommand {
    /// Alert output formats.
    public enum Format: String, Sendable { case table, json, ocsf }
    /// Summary styles.
    public enum SummaryStyle: String, Sendable { case text, json, none }

    /// How the command ended.
    public enum Outcome: Sendable, Equatable {
        case completed(alerts: Int)
        case configInvalid
        case noInput
        case storeFailed
    }

    /// Parses `--since` / `--until` values: RFC 3339, or a date (midnight UTC).
    public static func parseTime(_ text: String) -> Int64? {
        Timestamp(iso8601: text)?.milliseconds
    }

    /// Runs a scan, writing alerts to `out` and the summary and progress to `err`.
    public static func execute(
        _ request: ScanRequest, format: Format, summary style: SummaryStyle, progress: Bool, productVersion: String,
        out: @escaping @Sendable (String) -> Void = StandardStreams.out,
        err: @escaping @Sendable (String) -> Void = StandardStreams.err
    ) -> Outcome {
        guard var context = loadContext(request.configPath, err: err) else { return .configInvalid }
        if let path = request.configPath {
            do {
                _ = try GeoLocator(paths: context.an0861.geoDatabases)
            } catch {
                err("vigil: configuration \(path) is invalid (1 error):\n  analytics.AN0861.GeoLocation.databases: \(error)\n")
                return .configInvalid
            }
        }
        if !request.baselines { context.an0861.baselines = false }
        if let behaviours = request.behaviours { context.an0861.behaviours = behaviours }
        guard let options = scanOptions(request, err: err) else { return .noInput }
        var scanner = ScanEngine(analytics: request.analytics ? .standard : AnalyticSet([]),
                                 compute: request.analytics ? ComputeChangeAnalytic() : nil,
                                 localAccounts: request.analytics ? LocalAccountAnalytic() : nil, context: context, options: options)
        // With a store, the baselines, recent changes and the files already learned from carry
        // over from earlier scans.
        var store: VigilStore?
        if let dbPath = request.dbPath {
            do {
                let opened = try VigilStore(path: dbPath)
                store = opened
                if request.analytics { scanner.prior = try StoredState.load(opened) }
            } catch {
                err("vigil: cannot open the store \(dbPath): \(error)\n")
                return .storeFailed
            }
        }
        let startedAt = Date()
        let bar = progress ? ProgressBar(write: err) : nil
        let result = scanner.run(progress: bar.map { b in { @Sendable p in b.update(p) } })
        bar?.finish()

        switch format {
        case .table: out(AlertTable.render(result.alerts, color: isatty(1) == 1))
        case .json: for a in result.alerts { out(JSONLines.line(a) + "\n") }
        case .ocsf: for a in result.alerts { out(OCSFDetectionFinding.line(a, productVersion: productVersion) + "\n") }
        }

        var storeLine: String?
        if let dbPath = request.dbPath {
            do {
                guard let store else { return .storeFailed }
                let s = result.summary
                let rec = try store.record(paths: request.paths, startedAt: startedAt, files: s.files, records: s.records,
                                           bytes: s.bytes, malformed: s.malformedTotal, skipped: s.skippedTotal,
                                           elapsedSeconds: s.elapsedSeconds, alerts: result.alerts, document: JSONLines.line)
                if let state = result.state { try StoredState.save(state, to: store, scanID: rec.scanID) }
                storeLine = "Stored scan \(rec.scanID) in \(dbPath): \(rec.newAlerts) new alert(s), \(rec.knownAlerts) already known"
                    + (result.state.map { ", baselines of \($0.baseline.principals.count) principal(s), \($0.pending.count) recent change(s) kept" } ?? "")
            } catch {
                err("vigil: cannot write the store \(dbPath): \(error)\n")
                return .storeFailed
            }
        }
        switch style {
        case .text:
            err(SummaryText.render(result.summary))
            if let storeLine { err(storeLine + "\n") }
        case .json:
            err(SummaryText.json(result.summary) + "\n")
        case .none: break
        }
        return .completed(alerts: result.alerts.count)
    }
}

extension ScanCommand {
    /// `vigil accounts`: reads network device logs (and the store's inventory, with `dbPath`) and
    /// reconciles each device's local accounts with the roster. Writes a table or JSON.
    public static func accounts(
        _ request: ScanRequest, json: Bool,
        out: @escaping @Sendable (String) -> Void = StandardStreams.out,
        err: @escaping @Sendable (String) -> Void = StandardStreams.err
    ) -> Outcome {
        guard let context = loadContext(request.configPath, err: err) else { return .configInvalid }
        var inventory = DeviceInventory()
        var seen = Set<String>()
        var operators: [String: [String: Timestamp]] = [:]
        if let dbPath = request.dbPath {
            do {
                let state = try StoredState.load(try VigilStore(path: dbPath))
                inventory = state.inventory
                seen.formUnion(inventory.devices.keys)
                seen.formUnion(state.coverage.devices.keys)
            } catch {
                err("vigil: cannot open the store \(dbPath): \(error)\n")
                return .storeFailed
            }
        }
        if !request.paths.isEmpty {
            guard let options = scanOptions(request, err: err) else { return .noInput }
            var scanner = ScanEngine(analytics: AnalyticSet([]), compute: nil, localAccounts: LocalAccountAnalytic(), context: context,
                                     options: options)
            var prior = ScanEngine.State()
            prior.inventory = inventory
            scanner.prior = prior
            let result = scanner.run()
            inventory = result.inventory ?? inventory
            seen.formUnion(result.coverage.devices.keys)
            operators = result.operatorsSeen
            if result.summary.malformedTotal > 0 {
                err("vigil: \(result.summary.malformedTotal) malformed record(s); `vigil scan` locates them\n")
            }
        }
        let report = AccountReconciliation(inventory: inventory, devicesSeen: seen, operators: operators, context: context)
        out(json ? jsonLine(report) : report.table())
        return .completed(alerts: report.rows.filter { $0.status == "unexpected" }.count)
    }
}

extension ScanCommand {
    /// `vigil coverage`: reads logs (all analytics run; their alerts are not printed) and/or the
    /// store's coverage, and reports what each analytic, device and cloud account can see.
    public static func coverage(
        _ request: ScanRequest, json: Bool, silentAfterHours: Int, gapFactor: Int = 10,
        out: @escaping @Sendable (String) -> Void = StandardStreams.out,
        err: @escaping @Sendable (String) -> Void = StandardStreams.err
    ) -> Outcome {
        guard let context = loadContext(request.configPath, err: err) else { return .configInvalid }
        var coverage = TelemetryCoverage()
        var prior: ScanEngine.State?
        var attack: AttackCoverage?
        if let dbPath = request.dbPath {
            do {
                let store = try VigilStore(path: dbPath)
                prior = try StoredState.load(store)
                coverage = prior?.coverage ?? coverage
                attack = try AttackCoverage.compute(AttackKnowledgeBase(store: store))
            } catch {
                err("vigil: cannot open the store \(dbPath): \(error)\n")
                return .storeFailed
            }
        }
        if !request.paths.isEmpty {
            guard let options = scanOptions(request, err: err) else { return .noInput }
            var scanner = ScanEngine(context: context, options: options)
            // Files the store already holds are counted in its coverage: read only what is new.
            if var p = prior { p.pending = []; scanner.prior = p }
            coverage = scanner.run().coverage
        }
        var report = CoverageReport(coverage, context: context, silentAfterHours: silentAfterHours, gapFactor: gapFactor)
        report.attack = attack
        out(json ? jsonLine(report) : report.table())
        return .completed(alerts: report.analytics.filter { $0.status != "runnable" }.count)
    }
}

extension ScanCommand {
    /// The organisation's context from `path` (empty without one), or nil after reporting every
    /// error in it.
    static func loadContext(_ path: String?, err: @Sendable (String) -> Void) -> OrgContext? {
        guard let path else { return .empty }
        do {
            return try ConfigLoader.load(path: path)
        } catch {
            err("vigil: configuration \(path) is invalid (\(error.errors.count) error\(error.errors.count == 1 ? "" : "s")):\n")
            for e in error.errors { err("  \(e)\n") }
            return nil
        }
    }

    /// What to read, or nil after reporting that none of the paths exists.
    static func scanOptions(_ request: ScanRequest, err: @Sendable (String) -> Void) -> ScanOptions? {
        let existing = request.paths.filter { $0 == "-" || FileManager.default.fileExists(atPath: $0) }
        if existing.isEmpty {
            err("vigil: no input: \(request.paths.joined(separator: ", ")) — no such file or directory\n")
            return nil
        }
        var options = ScanOptions(paths: request.paths, since: request.since.map(Timestamp.init(milliseconds:)),
                                  until: request.until.map(Timestamp.init(milliseconds:)), workers: request.workers)
        options.maxRecordBytes = request.maxRecordBytes
        options.changesInMemory = request.changesInMemory
        return options
    }

    /// One JSON object and a newline.
    static func jsonLine(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "{}") + "\n"
    }
}

/// Writers for the process's standard output and error.
public enum StandardStreams {
    /// Writes to standard output.
    public static let out: @Sendable (String) -> Void = { FileHandle.standardOutput.write(Data($0.utf8)) }
    /// Writes to standard error.
    public static let err: @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
}
