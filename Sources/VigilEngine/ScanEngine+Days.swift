import Dispatch
import Foundation
import VigilAnalytics
import VigilConfig
import VigilCore
import VigilIngest

/// The day folders of a tree that CloudTrail (or a copy of its bucket) laid out by date:
/// `…/YYYY/MM/DD/` holding the files delivered that UTC day.
enum DayFolders {
    /// Every day folder under the roots, grouped by day in time order; nil when a root is not a
    /// directory, or when a folder above the day folders holds files (the tree is then not laid
    /// out by day, and the scan reads it whole).
    static func find(_ roots: [WorkQueue.Item]) -> [(day: Int32, folders: [String])]? {
        var days: [Int32: [String]] = [:]
        func visit(_ dir: String, depth: Int) -> Bool {
            if let day = day(of: dir) {
                days[day, default: []].append(dir)
                return true
            }
            // CloudTrail's layout puts the day folders seven levels below the bucket
            // (AWSLogs/o-org/ACCOUNT/CloudTrail/REGION/YYYY/MM/DD); deeper than that is not it.
            guard depth < 10 else { return false }
            let listing = DirectoryWalker.list(dir)
            guard listing.files.isEmpty, listing.issues.isEmpty, listing.ignored == 0 else { return false }
            for sub in listing.directories where !visit(sub, depth: depth + 1) { return false }
            return true
        }
        for root in roots {
            guard case .directory(let dir) = root, visit(dir, depth: 0) else { return nil }
        }
        guard !days.isEmpty else { return nil }
        return days.sorted { $0.key < $1.key }.map { ($0.key, $0.value.sorted()) }
    }

    /// The UTC day (days since 1970-01-01) a folder `…/YYYY/MM/DD` names, if it names one.
    static func day(of path: String) -> Int32? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).suffix(3).map { Array($0.utf8) }
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } }) else { return nil }
        func number(_ b: [UInt8]) -> Int { b.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) } }
        let y = number(parts[0]), m = number(parts[1]), d = number(parts[2])
        guard (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(month: m, year: y) else { return nil }
        return Int32(CivilDate.days(year: y, month: m, day: d))
    }
}

/// AN0861 over a tree of day folders, evaluated while it is read.
///
/// The workers read one day's folders (every account and region) at a time. When a day is read,
/// its activity joins the baselines, and the compute changes before that day's start are handed,
/// in event-time order, to an evaluation running on a thread of its own, with the baselines as
/// they then stand; the day's own changes wait for the next day, whose files may still hold some
/// of its last minutes (CloudTrail delivers a file minutes after the calls it holds). So the
/// evaluation overlaps the reading and the scan holds about two days of changes, not all of
/// them: nothing is spilled to disk.
///
/// A change is judged against every day before its own and the day after it, not against the
/// whole scan. A change found more than a day after its own day's files (later than CloudTrail
/// delivers) arrives after the evaluation has passed its time: it is reported (`change-late`)
/// and evaluated at the end with the other late ones, on their own.
struct DayEvaluation {
    let engine: ScanEngine
    let compute: ComputeChangeAnalytic

    /// What the evaluation made.
    struct Outcome: Sendable {
        var alerts: [Alert] = []
        var evaluated = 0
        /// Time spent after the last day was read, finishing the evaluation.
        var tailSeconds = 0.0
        var principals = 0
        var evicted = 0
        var coverage = TelemetryCoverage()
        /// Changes found after the evaluation had passed their time, and where the first were.
        var late = 0
        var problems: [Problem] = []
    }

    func run(_ days: [(day: Int32, folders: [String])], workers box: WorkerBox, planner: InputPlanner, counters: ScanCounters) -> Outcome {
        let context = engine.context
        let settings = context.an0861
        // Databases that cannot be opened were reported when the configuration was loaded.
        let geo = settings.geoDatabases.isEmpty ? nil : try? GeoLocator(paths: settings.geoDatabases)
        var outcome = Outcome()
        var baseline = ActivityBaseline()
        let feed = DayFeed()
        let evaluated = EvaluationResult()
        let done = DispatchSemaphore(value: 0)
        var started = false
        var held: [ChangeRecord] = []
        var late: [ChangeRecord] = []
        var passed = Int64.min  // every change before this time has been handed over
        for (day, folders) in days {
            let queue = WorkQueue(folders.map { .directory($0) })
            DispatchQueue.concurrentPerform(iterations: box.workers.count) { w in
                while let item = queue.next() {
                    ScanEngine.process(item, worker: box.workers[w], queue: queue, planner: planner, counters: counters)
                }
            }
            for w in box.workers {
                held += w.changes.memory
                w.changes.memory = []
                if let r = w.recorder {
                    baseline.merge(r.baseline(clientFamily: ClientFamilies.family(of:provider:), geo: geo))
                    r.sources(into: &outcome.coverage)
                    r.reset()
                }
            }
            baseline.bound(principals: settings.maxPrincipals, features: settings.maxFeatures)
            held.sort(by: ChangeRecord.precedes)
            // Changes before the evaluation's place came too late for it.
            let lateCount = held.firstIndex { $0.time.milliseconds >= passed } ?? held.count
            if lateCount > 0 {
                late += held[..<lateCount]
                held.removeFirst(lateCount)
            }
            let cut = Int64(day) * 86_400_000
            let ready = held.firstIndex { $0.time.milliseconds >= cut } ?? held.count
            let batch = Array(held[..<ready])
            held.removeFirst(ready)
            passed = max(passed, cut)
            if !started {
                started = true
                let first = baseline
                Thread {
                    let evaluation = compute.evaluation(baseline: first, context: context)
                    var count = 0
                    while let (changes, base) = feed.take() {
                        evaluation.update(baseline: base)
                        for c in changes { evaluation.add(c) }
                        count += changes.count
                    }
                    evaluated.store(alerts: evaluation.finish(), count: count)
                    done.signal()
                }.start()
            }
            feed.put(batch, baseline)
        }
        for w in box.workers { w.sortChanges() }  // folds each worker's compute tally
        let tail = ContinuousClock.now
        feed.put(held, baseline)
        feed.close()
        if started { done.wait() }
        outcome.alerts = evaluated.alerts
        outcome.evaluated = evaluated.count
        if !late.isEmpty {
            // Evaluated on their own: the evaluation of their time is closed.
            let evaluation = compute.evaluation(baseline: baseline, context: context)
            for c in late.sorted(by: ChangeRecord.precedes) { evaluation.add(c) }
            outcome.alerts += evaluation.finish()
            outcome.evaluated += late.count
            outcome.late = late.count
            for c in late.prefix(engine.options.reportedProblems) {
                let raw = c.evidence.raw
                outcome.problems.append(Problem(
                    file: raw.file, offset: raw.offset, line: raw.line, record: nil, code: "change-late",
                    message: "compute change at \(c.time.iso8601) found after the evaluation passed its day (more than a day late in the tree); evaluated with the other late changes, on their own"))
            }
        }
        let d = ContinuousClock.now - tail
        outcome.tailSeconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
        outcome.principals = baseline.principals.count
        outcome.evicted = baseline.evicted
        return outcome
    }
}

/// Days of changes handed from the reading thread to the evaluating thread, each with the
/// baselines as they stood when it was handed over.
private final class DayFeed: @unchecked Sendable {
    // Safe: every access to `items` and `closed` holds `condition`'s lock.
    private let condition = NSCondition()
    private var items: [([ChangeRecord], ActivityBaseline)] = []
    private var closed = false

    func put(_ changes: [ChangeRecord], _ baseline: ActivityBaseline) {
        condition.lock()
        items.append((changes, baseline))
        condition.signal()
        condition.unlock()
    }

    func close() {
        condition.lock()
        closed = true
        condition.signal()
        condition.unlock()
    }

    /// The next day's changes, waiting for them; nil once closed and empty.
    func take() -> ([ChangeRecord], ActivityBaseline)? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty, !closed { condition.wait() }
        return items.isEmpty ? nil : items.removeFirst()
    }
}

/// The evaluating thread's result, read after it has signalled.
private final class EvaluationResult: @unchecked Sendable {
    // Safe: written once by the evaluating thread before it signals, read after the wait.
    private(set) var alerts: [Alert] = []
    private(set) var count = 0

    func store(alerts: [Alert], count: Int) {
        self.alerts = alerts
        self.count = count
    }
}
