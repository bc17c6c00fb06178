public import Prometheus

/// The service's Prometheus metrics, in one registry per service (so tests can run several
/// services in one process). Served as text at `/metrics`.
public final class ServeMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry = PrometheusCollectorRegistry()

    /// Creates the metrics.
    public init() {}

    /// Records received by an input (`syslog-udp`, `syslog-tcp`, `syslog-tls`, `http`, `watch`).
    public func received(_ input: String, _ n: Int = 1) {
        registry.makeCounter(name: "vigil_input_received_total", labels: [("input", input)]).increment(by: Int64(n))
    }

    /// Records accepted into the spool.
    public func parsed(_ input: String, _ n: Int = 1) {
        registry.makeCounter(name: "vigil_input_parsed_total", labels: [("input", input)]).increment(by: Int64(n))
    }

    /// Frames, bodies or files rejected, with why (`oversized`, `bad-frame`, `tls-handshake`, …).
    public func malformed(_ input: String, _ reason: String, _ n: Int = 1) {
        registry.makeCounter(name: "vigil_input_malformed_total", labels: [("input", input), ("reason", reason)]).increment(by: Int64(n))
    }

    /// Times an input was pushed back because the spool was full.
    public func pushedBack(_ input: String) {
        registry.makeCounter(name: "vigil_input_backpressure_total", labels: [("input", input)]).increment()
    }

    /// Connections closed for idling (slow or silent clients).
    public func idleClosed(_ input: String) {
        registry.makeCounter(name: "vigil_input_idle_closed_total", labels: [("input", input)]).increment()
    }

    /// Unprocessed spool bytes.
    public func spoolDepth(_ bytes: Int64) {
        registry.makeGauge(name: "vigil_spool_depth_bytes").set(to: Double(bytes))
    }

    /// Torn tails cut off when the spool was opened.
    public func tornTails(_ n: Int) {
        registry.makeCounter(name: "vigil_spool_torn_tails_total").increment(by: Int64(n))
    }

    /// A processed batch: records read, duplicates dropped, late events, alerts by analytic.
    public func batch(records: Int, duplicates: Int, late: Int, malformed: Int, eventsByAnalytic: [String: Int], alertsByAnalytic: [String: Int]) {
        registry.makeCounter(name: "vigil_batches_total").increment()
        registry.makeCounter(name: "vigil_records_processed_total").increment(by: Int64(records))
        registry.makeCounter(name: "vigil_records_duplicate_total").increment(by: Int64(duplicates))
        registry.makeCounter(name: "vigil_events_late_total").increment(by: Int64(late))
        registry.makeCounter(name: "vigil_records_malformed_total").increment(by: Int64(malformed))
        for (analytic, n) in eventsByAnalytic {
            registry.makeCounter(name: "vigil_analytic_events_total", labels: [("analytic", analytic)]).increment(by: Int64(n))
        }
        for (analytic, n) in alertsByAnalytic {
            registry.makeCounter(name: "vigil_alerts_total", labels: [("analytic", analytic)]).increment(by: Int64(n))
        }
    }

    /// A batch that failed (it is retried).
    public func batchFailed() {
        registry.makeCounter(name: "vigil_batch_failures_total").increment()
    }

    /// The event-time watermark (ms since the epoch).
    public func watermark(_ ms: Int64) {
        registry.makeGauge(name: "vigil_watermark_ms").set(to: Double(ms))
    }

    /// Alerts delivered by a sink.
    public func sinkDelivered(_ sink: String, _ n: Int) {
        registry.makeCounter(name: "vigil_sink_delivered_total", labels: [("sink", sink)]).increment(by: Int64(n))
    }

    /// A failed delivery attempt of a sink.
    public func sinkFailure(_ sink: String) {
        registry.makeCounter(name: "vigil_sink_failures_total", labels: [("sink", sink)]).increment()
    }

    /// A retried delivery of a sink.
    public func sinkRetry(_ sink: String) {
        registry.makeCounter(name: "vigil_sink_retries_total", labels: [("sink", sink)]).increment()
    }

    /// Batches a sink has not yet delivered.
    public func sinkLag(_ sink: String, _ batches: Int) {
        registry.makeGauge(name: "vigil_sink_lag_batches", labels: [("sink", sink)]).set(to: Double(batches))
    }

    /// Alert latency from receipt (spool) to the sink, in seconds.
    public func alertLatency(_ sink: String, _ duration: Duration) {
        registry.makeDurationHistogram(name: "vigil_alert_latency_seconds", labels: [("sink", sink)],
                                       buckets: [.milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                                                 .seconds(2), .seconds(5), .seconds(10), .seconds(30)]).record(duration)
    }

    /// The text exposition format.
    public func render() -> String { registry.emitToString() }
}
