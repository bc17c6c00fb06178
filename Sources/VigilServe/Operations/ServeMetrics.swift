import Foundation
public import Prometheus
import Synchronization
import VigilCore
public import VigilConsole

/// The service's Prometheus metrics, in one registry per service (so tests can run several
/// services in one process). Served as text at `/metrics`.
public final class ServeMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry = PrometheusCollectorRegistry()

    /// The same figures, readable (the console's ingest health): Prometheus counters are write-only.
    private struct Figures {
        var inputs: [String: LiveIngest.Input] = [:]
        var lastReceivedMs: [String: Int64] = [:]
        var sinks: [String: LiveIngest.Sink] = [:]
        var batches = 0
        var batchFailures = 0
        var records = 0
        var late = 0
        var watermarkMs: Int64?
    }
    private let figures = Mutex(Figures())

    /// Creates the metrics.
    public init() {}

    /// Names the inputs and sinks configured, so that the ingest health lists those that have
    /// received or delivered nothing yet.
    public func declare(inputs: [String], sinks: [String]) {
        figures.withLock { f in
            for i in inputs where f.inputs[i] == nil { f.inputs[i] = .init(name: i) }
            for s in sinks where f.sinks[s] == nil { f.sinks[s] = .init(name: s) }
        }
    }

    /// Records received by an input (`syslog-udp`, `syslog-tcp`, `syslog-tls`, `http`, `watch`).
    public func received(_ input: String, _ n: Int = 1) {
        counter("vigil_input_received_total", [("input", input)]).increment(by: Int64(n))
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        figures.withLock { f in
            f.inputs[input, default: .init(name: input)].received += n
            f.lastReceivedMs[input] = now
        }
    }

    /// Records accepted into the spool.
    public func parsed(_ input: String, _ n: Int = 1) {
        counter("vigil_input_parsed_total", [("input", input)]).increment(by: Int64(n))
        figures.withLock { $0.inputs[input, default: .init(name: input)].accepted += n }
    }

    /// Frames, bodies or files rejected, with why (`oversized`, `bad-frame`, `tls-handshake`, …).
    public func malformed(_ input: String, _ reason: String, _ n: Int = 1) {
        counter("vigil_input_malformed_total", [("input", input), ("reason", reason)]).increment(by: Int64(n))
        figures.withLock { $0.inputs[input, default: .init(name: input)].malformed += n }
    }

    /// Times an input was pushed back because the spool was full.
    public func pushedBack(_ input: String) {
        counter("vigil_input_backpressure_total", [("input", input)]).increment()
        figures.withLock { $0.inputs[input, default: .init(name: input)].pushedBack += 1 }
    }

    /// Connections closed for idling (slow or silent clients).
    public func idleClosed(_ input: String) {
        counter("vigil_input_idle_closed_total", [("input", input)]).increment()
    }

    /// Unprocessed spool bytes.
    public func spoolDepth(_ bytes: Int64) {
        gauge("vigil_spool_depth_bytes").set(to: Double(bytes))
    }

    /// Torn tails cut off when the spool was opened.
    public func tornTails(_ n: Int) {
        counter("vigil_spool_torn_tails_total").increment(by: Int64(n))
    }

    /// A processed batch: records read, duplicates dropped, late events, alerts by analytic.
    public func batch(records: Int, duplicates: Int, late: Int, malformed: Int, eventsByAnalytic: [String: Int], alertsByAnalytic: [String: Int]) {
        counter("vigil_batches_total").increment()
        counter("vigil_records_processed_total").increment(by: Int64(records))
        counter("vigil_records_duplicate_total").increment(by: Int64(duplicates))
        counter("vigil_events_late_total").increment(by: Int64(late))
        counter("vigil_records_malformed_total").increment(by: Int64(malformed))
        figures.withLock { f in
            f.batches += 1
            f.records += records
            f.late += late
        }
        for (analytic, n) in eventsByAnalytic {
            counter("vigil_analytic_events_total", [("analytic", analytic)]).increment(by: Int64(n))
        }
        for (analytic, n) in alertsByAnalytic {
            counter("vigil_alerts_total", [("analytic", analytic)]).increment(by: Int64(n))
        }
    }

    /// A batch that failed (it is retried).
    public func batchFailed() {
        counter("vigil_batch_failures_total").increment()
        figures.withLock { $0.batchFailures += 1 }
    }

    /// The event-time watermark (ms since the epoch).
    public func watermark(_ ms: Int64) {
        gauge("vigil_watermark_ms").set(to: Double(ms))
        figures.withLock { $0.watermarkMs = ms }
    }

    /// Alerts delivered by a sink.
    public func sinkDelivered(_ sink: String, _ n: Int) {
        counter("vigil_sink_delivered_total", [("sink", sink)]).increment(by: Int64(n))
        figures.withLock { $0.sinks[sink, default: .init(name: sink)].delivered += n }
    }

    /// A failed delivery attempt of a sink.
    public func sinkFailure(_ sink: String) {
        counter("vigil_sink_failures_total", [("sink", sink)]).increment()
        figures.withLock { $0.sinks[sink, default: .init(name: sink)].failures += 1 }
    }

    /// A retried delivery of a sink.
    public func sinkRetry(_ sink: String) {
        counter("vigil_sink_retries_total", [("sink", sink)]).increment()
        figures.withLock { $0.sinks[sink, default: .init(name: sink)].retries += 1 }
    }

    /// Batches a sink has not yet delivered.
    public func sinkLag(_ sink: String, _ batches: Int) {
        gauge("vigil_sink_lag_batches", [("sink", sink)]).set(to: Double(batches))
        figures.withLock { $0.sinks[sink, default: .init(name: sink)].lagBatches = batches }
    }

    /// Alert latency from receipt (spool) to the sink, in seconds.
    public func alertLatency(_ sink: String, _ duration: Duration) {
        registry.makeDurationHistogram(descriptor: descriptor("vigil_alert_latency_seconds"), labels: [("sink", sink)],
                                       buckets: [.milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                                 .seconds(2), .seconds(5), .seconds(10), .seconds(30)]).record(duration)
    }

    private func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: Self.help[name] ?? "")
    }

    private func counter(_ name: String, _ labels: [(String, String)] = []) -> Counter {
        registry.makeCounter(descriptor: descriptor(name), labels: labels)
    }

    private func gauge(_ name: String, _ labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: descriptor(name), labels: labels)
    }

    /// Each metric's HELP text.
    static let help: [String: String] = [
        "vigil_input_received_total": "Records received by an input.",
        "vigil_input_parsed_total": "Records accepted into the spool (durable).",
        "vigil_input_malformed_total": "Frames, bodies or files rejected, by reason.",
        "vigil_input_backpressure_total": "Times an input was pushed back (UDP: dropped) because the spool was full.",
        "vigil_input_idle_closed_total": "Idle or slow connections closed.",
        "vigil_spool_depth_bytes": "Unprocessed spool bytes.",
        "vigil_spool_torn_tails_total": "Torn tails cut off when the spool was opened.",
        "vigil_batches_total": "Micro-batches processed.",
        "vigil_batch_failures_total": "Micro-batches that failed (retried).",
        "vigil_records_processed_total": "Spool records through the engine.",
        "vigil_records_duplicate_total": "Records dropped as already processed (sent again).",
        "vigil_records_malformed_total": "Records the engine found malformed.",
        "vigil_events_late_total": "Events older than the watermark less the allowed lateness.",
        "vigil_watermark_ms": "Newest event time processed, ms since the epoch.",
        "vigil_analytic_events_total": "Events evaluated per analytic.",
        "vigil_alerts_total": "Alerts raised per analytic.",
        "vigil_sink_delivered_total": "Alerts delivered per sink.",
        "vigil_sink_failures_total": "Failed delivery attempts per sink.",
        "vigil_sink_retries_total": "Retried deliveries per sink.",
        "vigil_sink_lag_batches": "Outbox batches a sink has not delivered.",
        "vigil_alert_latency_seconds": "Receipt of an alert's newest evidence record to delivery by a sink.",
    ]

    /// The figures as the console's ingest health shows them.
    public func live(spoolBytes: Int64, spoolMaxBytes: Int64) -> LiveIngest {
        let f = figures.withLock { $0 }
        func iso(_ ms: Int64) -> String { Timestamp(milliseconds: ms).iso8601 }
        var inputs = f.inputs.values.sorted { $0.name < $1.name }
        for i in inputs.indices { inputs[i].lastReceived = f.lastReceivedMs[inputs[i].name].map(iso) }
        return LiveIngest(inputs: inputs, sinks: f.sinks.values.sorted { $0.name < $1.name }, spoolBytes: spoolBytes, spoolMaxBytes: spoolMaxBytes,
                          batches: f.batches, batchFailures: f.batchFailures, recordsProcessed: f.records, lateEvents: f.late,
                          watermark: f.watermarkMs.map(iso))
    }

    /// The text exposition format.
    public func render() -> String { registry.emitToString() }
}
