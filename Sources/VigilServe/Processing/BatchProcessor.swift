import Foundation
public import Logging
public import VigilConfig
public import VigilCore
import VigilEngine
import VigilOutput
public import VigilStore
#if canImport(Glibc)
import Glibc
#endif

/// Turns sealed spool segments into alerts with the batch engine, one segment per micro-batch:
/// the segment's new records (those not seen before) are written to a batch file, `ScanEngine`
/// runs over it with the stored state (exactly as `vigil scan --db` does), the alerts go to the
/// outbox and the store, the state is saved, and the checkpoint moves on. A crash anywhere
/// repeats the batch with the same input and state, so it gives the same alerts (same ids):
/// nothing acknowledged is lost and nothing is reported twice.
public final class BatchProcessor: @unchecked Sendable {
    /// What one batch did.
    public struct BatchResult: Sendable {
        /// The segment.
        public var segment: UInt64
        /// Records in it, and of those already seen (sent again).
        public var records: Int
        public var duplicates: Int
        /// Events older than the watermark less the allowed lateness.
        public var late: Int
        /// Alerts raised.
        public var alerts: [Alert]
    }

    let spool: Spool
    let store: VigilStore
    let context: OrgContext
    let settings: ServeSettings
    let metrics: ServeMetrics
    let logger: Logger
    let outbox: Outbox
    private let checkpointPath: String
    private let batchDirectory: String
    private var checkpoint: Checkpoint
    private let seen: SeenRecords
    private var state: ScanEngine.State
    /// Called after each batch whose alerts were written to the outbox.
    var onOutbox: [@Sendable (UInt64) -> Void] = []
    private let lock = NSLock()

    /// Opens the processor's files in the spool folder and the state in the store.
    public init(spool: Spool, store: VigilStore, context: OrgContext, settings: ServeSettings, metrics: ServeMetrics, logger: Logger) throws {
        self.spool = spool
        self.store = store
        self.context = context
        self.settings = settings
        self.metrics = metrics
        self.logger = logger
        checkpointPath = "\(spool.directory)/checkpoint.json"
        batchDirectory = "\(spool.directory)/batches"
        try FileManager.default.createDirectory(atPath: batchDirectory, withIntermediateDirectories: true)
        outbox = try Outbox(directory: "\(spool.directory)/outbox")
        checkpoint = try Checkpoint.load(checkpointPath)
        seen = try SeenRecords(path: "\(spool.directory)/seen.hashes", validBytes: checkpoint.seenBytes, capacity: 1_000_000)
        state = try ScanEngine.State.load(from: store)
        // Segments a crash left behind after their batch completed.
        for id in spool.sealedSegments() where id < checkpoint.next { spool.remove(id) }
        if let w = checkpoint.watermark { metrics.watermark(w) }
    }

    /// Segments before this one are completely processed (their checkpoint is written).
    public var committedNext: UInt64 {
        lock.lock(); defer { lock.unlock() }
        return checkpoint.next
    }

    /// The newest event time processed.
    public var watermark: Int64? {
        lock.lock(); defer { lock.unlock() }
        return checkpoint.watermark
    }

    /// Processes every sealed segment not yet processed, in order.
    @discardableResult
    public func processSealed() throws -> [BatchResult] {
        lock.lock(); defer { lock.unlock() }
        var out: [BatchResult] = []
        for id in spool.sealedSegments() where id >= checkpoint.next {
            do {
                out.append(try process(id))
            } catch {
                metrics.batchFailed()
                throw error
            }
        }
        metrics.spoolDepth(spool.depthBytes)
        return out
    }

    private func process(_ id: UInt64) throws -> BatchResult {
        let (payloads, torn) = try Spool.read(spool.sealedPath(id))
        if torn { logger.warning("spool segment has a torn tail after recovery; its intact frames are processed", metadata: ["segment": "\(id)"]) }
        // The batch file: each new record on one line, with its receipt time kept aside.
        var text = [UInt8]()
        var hashes: [UInt64] = []
        var lineStarts: [Int64] = []
        var receipts: [Int64] = []
        var local = Set<UInt64>()
        var duplicates = 0
        for p in payloads where p.count >= 8 {
            let received = p.withUnsafeBytes { Int64(littleEndian: $0.loadUnaligned(as: Int64.self)) }
            var line = Array(p[8...])
            for i in line.indices where line[i] == 0x0A || line[i] == 0x0D { line[i] = 0x20 }
            let h = SeenRecords.hash(line)
            if seen.contains(h) || !local.insert(h).inserted { duplicates += 1; continue }
            hashes.append(h)
            lineStarts.append(Int64(text.count))
            receipts.append(received)
            text += line
            text.append(0x0A)
        }
        let batchPath = "\(batchDirectory)/\(id).log"
        // Written once: a repeated batch reads the same file (same path, size and time), which the
        // state already counts if the crash came after it was saved.
        if !FileManager.default.fileExists(atPath: batchPath) { try DurableFile.replace(batchPath, with: Data(text)) }

        var alerts: [Alert] = []
        var late = 0
        var summary = ScanSummary()
        if !text.isEmpty {
            let since = checkpoint.watermark.map { Timestamp(milliseconds: $0 - Int64(settings.allowedLatenessSeconds) * 1000) }
            // Batch files of earlier segments are never read again (the checkpoint is past them):
            // only this batch's entry matters, so the set (saved with every batch) stays small.
            state.ingested = state.ingested.filter { !$0.path.hasPrefix(batchDirectory + "/") || $0.path == batchPath }
            var engine = ScanEngine(context: context, options: ScanOptions(paths: [batchPath], since: since, workers: 1))
            engine.prior = state
            let started = Date()
            let result = engine.run()
            summary = result.summary
            late = summary.outsideTimeRange
            alerts = result.alerts
            if !settings.sinks.isEmpty, !outbox.exists(id), !alerts.isEmpty {
                let entries = alerts.map { a in
                    let received = a.evidence.compactMap { e -> Int64? in
                        guard e.raw.file == batchPath else { return nil }
                        let i = Self.lineIndex(lineStarts, e.raw.offset)
                        return i.map { receipts[$0] }
                    }.max() ?? receipts.last ?? 0
                    return OutboxBatch.Entry(alert: a, receivedMs: received)
                }
                try outbox.write(OutboxBatch(batch: id, entries: entries))
            }
            let rec = try store.record(paths: [batchPath], startedAt: started, files: summary.files, records: summary.records,
                                       bytes: summary.bytes, malformed: summary.malformedTotal, skipped: summary.skippedTotal,
                                       elapsedSeconds: summary.elapsedSeconds, alerts: alerts, document: JSONLines.line)
            if let next = result.state {
                try next.save(to: store, scanID: rec.scanID)
                state = next
            }
            let newest = ([checkpoint.watermark ?? Int64.min] + result.coverage.devices.values.map(\.lastSeen.milliseconds)
                          + result.coverage.cloud.values.map(\.lastSeen.milliseconds)).max()!
            if newest != Int64.min { checkpoint.watermark = newest }
        }
        try seen.note(hashes)
        checkpoint.next = id + 1
        checkpoint.seenBytes = seen.bytes
        try checkpoint.save(checkpointPath)
        spool.remove(id)
        try? FileManager.default.removeItem(atPath: batchPath)
        if let w = checkpoint.watermark { metrics.watermark(w) }
        var byAnalytic: [String: Int] = [:]
        for a in alerts { byAnalytic[a.attack.analytic.rawValue, default: 0] += 1 }
        metrics.batch(records: payloads.count, duplicates: duplicates, late: late, malformed: summary.malformedTotal,
                      eventsByAnalytic: ["AN0861": summary.changesEvaluated, "AN1240": summary.deviceChangesEvaluated],
                      alertsByAnalytic: byAnalytic)
        if summary.malformedTotal > 0 {
            for p in summary.problems.prefix(3) {
                logger.warning("malformed record", metadata: ["segment": "\(id)", "line": "\(p.line ?? 0)", "problem": "\(p.code): \(p.message)"])
            }
        }
        logger.debug("batch processed", metadata: ["segment": "\(id)", "records": "\(payloads.count)", "duplicates": "\(duplicates)",
                                                    "late": "\(late)", "alerts": "\(alerts.count)"])
        for h in onOutbox { h(id) }
        return BatchResult(segment: id, records: payloads.count, duplicates: duplicates, late: late, alerts: alerts)
    }

    /// The line whose start is the last at or before `offset`.
    static func lineIndex(_ starts: [Int64], _ offset: Int64) -> Int? {
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= offset { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : lo - 1
    }

    /// A spool payload: the receipt time (ms since the epoch, 8 bytes little-endian), then the record.
    public static func payload(_ record: some Collection<UInt8>, receivedMs: Int64) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(record.count + 8)
        withUnsafeBytes(of: receivedMs.littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: record)
        return out
    }
}
