import Foundation
import Logging
#if canImport(Glibc)
import Glibc
#endif

/// Somewhere alerts go. Each sink is driven by its own ``SinkRunner``, so a slow or failing sink
/// only falls behind on its own: the others, and processing, go on.
protocol AlertSink: Sendable {
    /// A unique name (kind and index), for cursors, logs and metric labels.
    var name: String { get }
    /// Called once before the first delivery with the sink's last delivered batch, so a sink
    /// that can undo a delivery cut short by a crash does so.
    func resume(after batch: UInt64) throws
    /// Notes that `batch` is about to be delivered (for sinks that can undo it).
    func begin(_ batch: UInt64) throws
    /// Delivers one batch's alerts; throws to be retried.
    func deliver(_ batch: OutboxBatch) async throws
}

extension AlertSink {
    func resume(after batch: UInt64) throws {}
    func begin(_ batch: UInt64) throws {}
}

/// Delivers outbox batches to one sink in order, retrying failures with exponential backoff
/// (capped), and keeps the sink's cursor (its last delivered batch) in the spool folder.
final class SinkRunner: @unchecked Sendable {
    let sink: any AlertSink
    let outbox: Outbox
    let metrics: ServeMetrics
    let logger: Logger
    private let cursorPath: String
    private let lock = NSLock()
    private var delivered: UInt64
    /// The last batch delivered.
    var cursor: UInt64 {
        get { lock.withLock { delivered } }
        set { lock.withLock { delivered = newValue } }
    }
    /// Batches below this are complete (their checkpoint is written) and may be delivered.
    private let committed: @Sendable () -> UInt64

    init(sink: any AlertSink, outbox: Outbox, metrics: ServeMetrics, logger: Logger, committed: @escaping @Sendable () -> UInt64) throws {
        self.sink = sink
        self.outbox = outbox
        self.metrics = metrics
        self.logger = logger
        self.committed = committed
        cursorPath = "\(outbox.directory)/\(sink.name).cursor"
        delivered = FileManager.default.contents(atPath: cursorPath).flatMap { UInt64(String(decoding: $0, as: UTF8.self)) } ?? 0
        try sink.resume(after: delivered)
    }

    /// Delivers every waiting batch; returns when none is left (or `stop` says so).
    func drain(stop: () -> Bool = { false }) async {
        let limit = committed()
        for batch in outbox.batches() where batch > cursor && batch < limit {
            guard let content = try? outbox.read(batch) else { continue }
            var attempt = 0
            while true {
                do {
                    try sink.begin(batch)
                    try await sink.deliver(content)
                    break
                } catch {
                    attempt += 1
                    metrics.sinkFailure(sink.name)
                    logger.warning("sink delivery failed; retrying", metadata: ["sink": "\(sink.name)", "batch": "\(batch)",
                                                                                "attempt": "\(attempt)", "error": "\(error)"])
                    if stop() { return }
                    metrics.sinkRetry(sink.name)
                    let delay = min(30_000, 100 << min(attempt, 9))
                    try? await Task.sleep(for: .milliseconds(delay))
                }
            }
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            for e in content.entries { metrics.alertLatency(sink.name, .milliseconds(max(0, now - e.receivedMs))) }
            metrics.sinkDelivered(sink.name, content.entries.count)
            cursor = batch
            try? DurableFile.replace(cursorPath, with: Data(String(batch).utf8))
        }
        metrics.sinkLag(sink.name, outbox.batches().filter { $0 > cursor }.count)
    }
}
