public import VigilAnalytics
public import VigilConfig
public import VigilCore
import Dispatch
import Foundation
import Synchronization
import VigilIngest
import VigilParsers
public import VigilStore

/// The batch scan: inputs → texts → records → events → analytics → alerts, with files (and
/// ranges of large files) processed in parallel on every core. Memory is bounded by the work in
/// flight: each worker holds one text at a time.
public struct ScanEngine: Sendable {
    /// The per-event analytics to run.
    public var analytics: AnalyticSet
    /// AN0861's stateful evaluation (baselines, chains, incidents), or nil to skip it.
    public var compute: ComputeChangeAnalytic?
    /// AN1240's evaluation of device account changes, or nil to skip it.
    public var localAccounts: LocalAccountAnalytic?
    /// The organisation's context.
    public var context: OrgContext
    /// What to read.
    public var options: ScanOptions

    /// A scanner.
    public init(analytics: AnalyticSet = .standard, compute: ComputeChangeAnalytic? = ComputeChangeAnalytic(),
                localAccounts: LocalAccountAnalytic? = LocalAccountAnalytic(), context: OrgContext = .empty, options: ScanOptions) {
        self.analytics = analytics
        self.compute = compute
        self.localAccounts = localAccounts
        self.context = context
        self.options = options
    }

    /// What the stateful analytics carry from one scan to the next (kept in the store).
    public struct State: Sendable {
        /// Every principal's activity baseline.
        public var baseline = ActivityBaseline()
        /// Recent changes that a later scan may extend into an incident or a chain.
        public var pending: [ChangeRecord] = []
        /// Each network device's local accounts as seen (AN1240).
        public var inventory = DeviceInventory()
        /// What each source sent.
        public var coverage = TelemetryCoverage()
        /// Files whose records the baseline holds: read again, they add no activity.
        public var ingested: Set<VigilStore.IngestedFile> = []

        /// An empty state.
        public init() {}
    }

    /// State from earlier scans, when the scan keeps state (`--db`).
    public var prior: State?

    /// The result of a scan.
    public struct Result: Sendable {
        /// Alerts, ordered by time then id; each id once.
        public var alerts: [Alert]
        /// What was read.
        public var summary: ScanSummary
        /// The state to keep, when the scan keeps state.
        public var state: State?
        /// Each network device's local accounts as seen (with the prior state's), when AN1240 ran.
        public var inventory: DeviceInventory?
        /// Operators seen acting on each network device, with the last time.
        public var operatorsSeen: [String: [String: Timestamp]] = [:]
        /// What each device and cloud account/region sent (with the prior state's).
        public var coverage = TelemetryCoverage()
    }

    /// Progress, reported a few times a second while a scan runs.
    public struct Progress: Sendable {
        /// Bytes read so far and in all (0 when unknown, as for standard input).
        public var bytesRead: Int64
        public var bytesTotal: Int64
        /// Units finished and in all.
        public var unitsDone: Int
        public var unitsTotal: Int
    }

    /// Runs the scan. `progress` is called from a background thread.
    public func run(progress: (@Sendable (Progress) -> Void)? = nil) -> Result {
        let started = ContinuousClock.now
        let planner = InputPlanner()
        let roots = planner.roots(options.paths)
        // A tree of day folders is read a day at a time when AN0861 runs and no state is kept.
        let days = options.byDay && compute != nil && prior == nil ? DayFolders.find(roots.items) : nil
        var options = self.options
        if days != nil { options.changesInMemory = .max }  // a day's changes are handed over whole
        let workers = (0..<options.workers).map { _ in
            ScanWorker(analytics: analytics, compute: compute, localAccounts: localAccounts != nil, context: context, options: options,
                       known: prior?.ingested)
        }
        let counters = ScanCounters(units: roots.items.count, bytes: roots.files.reduce(0) { $0 + $1.size })
        let reporterExited = DispatchSemaphore(value: 0)
        if let report = progress {
            Thread {
                while !counters.finished.load(ordering: .acquiring) {
                    report(counters.progress)
                    Thread.sleep(forTimeInterval: 0.2)
                }
                reporterExited.signal()
            }.start()
        }
        let box = WorkerBox(workers)
        var byDay: DayEvaluation.Outcome?
        if let days, let compute {
            // Progress counts the day folders and what they hold (the folders above were listed).
            counters.unitsTotal.store(days.reduce(0) { $0 + $1.folders.count }, ordering: .relaxed)
            byDay = DayEvaluation(engine: self, compute: compute).run(days, workers: box, planner: planner, counters: counters)
        } else {
            let queue = WorkQueue(roots.items)
            DispatchQueue.concurrentPerform(iterations: workers.count) { w in
                let worker = box.workers[w]
                while let item = queue.next() {
                    Self.process(item, worker: worker, queue: queue, planner: planner, counters: counters)
                }
                // Each worker puts its own changes in time order, in parallel; the evaluation then
                // merges these runs.
                worker.sortChanges()
            }
        }
        counters.finished.store(true, ordering: .releasing)
        if progress != nil { reporterExited.wait() }  // no progress line may follow the results
        return merge(workers, issues: roots.issues, started: started, byDay: byDay)
    }

    /// One item of a work queue: a directory is listed (its files and folders join the queue), a
    /// unit is read.
    static func process(_ item: WorkQueue.Item, worker: ScanWorker, queue: WorkQueue, planner: InputPlanner, counters: ScanCounters) {
        switch item {
        case .directory(let dir):
            // Listing directories is part of the parallel work, so walking a large S3 tree
            // overlaps with reading it.
            let listing = DirectoryWalker.list(dir)
            worker.noteListing(listing)
            let units = listing.files.flatMap(planner.units(for:))
            counters.bytesTotal.add(listing.files.reduce(0) { $0 + max(0, $1.size) }, ordering: .relaxed)
            counters.unitsTotal.add(units.count + listing.directories.count, ordering: .relaxed)
            // Files before subdirectories: a directory's files are read (and its descriptor
            // closed) before the walk goes deeper.
            queue.add(units.map { .unit($0) } + listing.directories.map { .directory($0) })
        case .unit(let unit):
            let before = worker.bytesRead
            worker.run(unit)
            worker.finishUnit()
            counters.bytesRead.add(worker.bytesRead - before, ordering: .relaxed)
        }
        counters.unitsDone.add(1, ordering: .relaxed)
        queue.finished()
    }

    private func merge(_ workers: [ScanWorker], issues: [IngestIssue], started: ContinuousClock.Instant, byDay: DayEvaluation.Outcome?) -> Result {
        var summary = ScanSummary()
        var alerts: [String: Alert] = [:]
        var problems: [Problem] = []
        for w in workers {
            let s = w.summary
            summary.files += s.files
            summary.records += s.records
            summary.eventsAnalysed += s.eventsAnalysed
            summary.outsideTimeRange += s.outsideTimeRange
            summary.skipped.merge(s.skipped, uniquingKeysWith: +)
            summary.malformed.merge(s.malformed, uniquingKeysWith: +)
            summary.bytes += w.bytesRead
            if w.cloudTrailRecords > 0 { summary.sources["aws-cloudtrail", default: 0] += w.cloudTrailRecords }
            for (source, n) in w.networkRecords { summary.sources[source, default: 0] += n }
            for (format, n) in w.auditRecords { summary.sources[format.rawValue, default: 0] += n }
            problems += w.problems
            for a in w.alerts { alerts[a.id] = alerts[a.id] ?? a }
        }
        for issue in issues {
            summary.malformed[issue.kind.rawValue, default: 0] += 1
            problems.append(Problem(file: issue.file, offset: nil, line: nil, record: nil, code: issue.kind.rawValue, message: issue.message))
        }
        var state: State?
        var coverage = prior?.coverage ?? TelemetryCoverage()
        for w in workers { coverage.merge(w.coverage) }
        if let day = byDay {
            // Read by day: the baselines and alerts were made as the days were read.
            summary.evaluationSeconds = day.tailSeconds
            summary.changesEvaluated = day.evaluated
            summary.principalsBaselined = day.principals
            summary.principalsEvicted = day.evicted
            coverage.merge(day.coverage)
            if day.late > 0 { summary.malformed["change-late", default: 0] += day.late }
            problems += day.problems
            for a in day.alerts { alerts[a.id] = alerts[a.id] ?? a }
        } else if let compute {
            let evaluating = ContinuousClock.now
            defer {
                let d = ContinuousClock.now - evaluating
                summary.evaluationSeconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
            }
            // Databases that cannot be opened were reported when the configuration was loaded.
            let geo = context.an0861.geoDatabases.isEmpty ? nil : try? GeoLocator(paths: context.an0861.geoDatabases)
            var baseline = prior?.baseline ?? ActivityBaseline()
            // Changes carried from earlier scans (recent enough to join an incident or complete a
            // chain) go into the stream with this scan's; a change read again counts once.
            var carried: [ChangeRecord] = []
            var carriedIDs = Set<String>()
            for p in prior?.pending ?? [] where carriedIDs.insert(p.identity).inserted { carried.append(p) }
            let carriedObjects = Set(carried.map(ObjectIdentifier.init))
            var ingested = prior?.ingested ?? []
            // Files are recorded as scanned (and skipped by later scans) only when the baselines
            // learned from them and every behaviour judged them: a later, fuller scan must read
            // again what a lighter one (exposure alone, no baselines) left unjudged.
            let whole = compute.settings(in: context).judgesEverything
            for w in workers {
                if let r = w.recorder {
                    baseline.merge(r.baseline(clientFamily: ClientFamilies.family(of:provider:), geo: geo))
                    r.sources(into: &coverage)
                }
                if whole { ingested.formUnion(w.ingested) }
            }
            let settings = context.an0861
            summary.principalsEvicted = baseline.bound(principals: settings.maxPrincipals, features: settings.maxFeatures)
            summary.principalsBaselined = baseline.principals.count
            let horizon = Int64(max(settings.chainMinutes, settings.incidentGapMinutes, settings.rateMinutes)) * 60_000

            // Every worker's sorted changes (on disk beyond a limit) merged into one stream in
            // event-time order, evaluated as they come.
            let runs = workers.map(\.changes)
            defer { runs.forEach { $0.remove() } }
            summary.changesSpilled = runs.reduce(0) { $0 + $1.spilled }
            let stream = PrefetchedChanges(ChangeMerge(runs: runs, extra: carried))
            let evaluation = compute.evaluation(baseline: baseline, context: context)
            var recent: [ChangeRecord] = []  // the last `horizon` of changes, kept for the next scan
            var recentHead = 0
            var reread = Set<String>()  // carried changes this scan read again: reported again
            var sameTime: Set<String> = [], sameTimeAt = Int64.min
            var evaluated = 0
            while let c = stream.next() {
                if !carriedIDs.isEmpty {
                    // Copies of one change have the same time and id, so they arrive together.
                    if c.time.milliseconds != sameTimeAt { sameTime.removeAll(keepingCapacity: true); sameTimeAt = c.time.milliseconds }
                    if !sameTime.insert(c.identity).inserted {
                        reread.insert(c.identity)
                        continue
                    }
                    if !carriedObjects.contains(ObjectIdentifier(c)), carriedIDs.contains(c.identity) { reread.insert(c.identity) }
                }
                evaluated += 1
                if prior != nil {
                    recent.append(c)
                    while c.time.milliseconds - recent[recentHead].time.milliseconds > horizon { recentHead += 1 }
                    if recentHead > 4096, recentHead * 2 > recent.count { recent.removeFirst(recentHead); recentHead = 0 }
                }
                evaluation.add(c)
            }
            for p in stream.problems {
                summary.malformed["change-run-unreadable", default: 0] += 1
                problems.append(Problem(file: p, offset: nil, line: nil, record: nil, code: "change-run-unreadable", message: p))
            }
            summary.changesEvaluated = evaluated
            if prior != nil {
                var next = State()
                next.pending = Array(recent[recentHead...])
                next.ingested = ingested
                next.baseline = baseline
                state = next
            }
            let reported = carriedIDs.subtracting(reread)
            for a in evaluation.finish() {
                // An incident made only of changes carried from earlier scans was reported then.
                if !reported.isEmpty, a.evidence.allSatisfy({ reported.contains(ChangeRecord.identity(of: $0)) }) { continue }
                alerts[a.id] = alerts[a.id] ?? a
            }
        }
        var inventoryAfter: DeviceInventory?
        if let localAccounts {
            var inventory = prior?.inventory ?? DeviceInventory()
            let events = workers.flatMap(\.deviceEvents)
            summary.deviceChangesEvaluated = events.count
            for a in localAccounts.evaluate(events, context: context, inventory: &inventory) { alerts[a.id] = alerts[a.id] ?? a }
            if state != nil { state?.inventory = inventory }
            inventoryAfter = inventory
        }
        var operatorsSeen: [String: [String: Timestamp]] = [:]
        for w in workers {
            for (device, ops) in w.operatorsSeen {
                for (op, t) in ops { operatorsSeen[device, default: [:]][op] = max(operatorsSeen[device]?[op] ?? Timestamp(milliseconds: t), Timestamp(milliseconds: t)) }
            }
        }
        problems.sort()
        summary.problems = Array(problems.prefix(options.reportedProblems)).map(LineLocator.locate)
        let elapsed = ContinuousClock.now - started
        summary.elapsedSeconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        summary.recordsPerSecond = summary.elapsedSeconds > 0 ? Double(summary.records) / summary.elapsedSeconds : 0
        let sorted = alerts.values.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
        summary.alerts = sorted.count
        var usage = rusage()
        if getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 { summary.peakRSSBytes = Int64(usage.ru_maxrss) * 1024 }  // KiB on Linux
        state?.coverage = coverage
        return Result(alerts: sorted, summary: summary, state: state, inventory: inventoryAfter,
                      operatorsSeen: operatorsSeen, coverage: coverage)
    }
}

/// The scan's progress counters, shared by its workers and read by the progress reporter.
final class ScanCounters: Sendable {
    let unitsDone = Atomic<Int>(0), unitsTotal: Atomic<Int>
    let bytesRead = Atomic<Int64>(0), bytesTotal: Atomic<Int64>
    let finished = Atomic<Bool>(false)

    init(units: Int, bytes: Int64) {
        unitsTotal = Atomic(units)
        bytesTotal = Atomic(bytes)
    }

    var progress: ScanEngine.Progress {
        ScanEngine.Progress(bytesRead: bytesRead.load(ordering: .relaxed), bytesTotal: bytesTotal.load(ordering: .relaxed),
                            unitsDone: unitsDone.load(ordering: .relaxed), unitsTotal: unitsTotal.load(ordering: .relaxed))
    }
}

/// Hands each worker to exactly one thread of `concurrentPerform`.
final class WorkerBox: @unchecked Sendable {
    // Safe: index w is touched only by iteration w, and the array itself is never mutated.
    let workers: [ScanWorker]
    init(_ workers: [ScanWorker]) { self.workers = workers }
}
