import Foundation
public import Prometheus
import VigilCore
public import VigilConsole

/// The service's Prometheus metrics, in one registry per service (so tests can run several
/// services in one process). Served as text at `/metrics`.
public final class ServeMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry = PrometheusCollectorRegistry()

    /// Creates the metrics.
    public init() {}

    /// Starts the series of the configured inputs and sinks at zero, so that `/metrics` and the
    /// ingest health list those that have received or delivered nothing yet.
    public func declare(inputs: [String], sinks: [String]) {
        for i in inputs {
            for name in ["vigil_input_received_total", "vigil_input_parsed_total", "vigil_input_backpressure_total"] {
                counter(name, [("input", i)]).increment(by: Int64(0))
            }
        }
        for s in sinks {
            for name in ["vigil_sink_delivered_total", "vigil_sink_failures_total", "vigil_sink_retries_total"] {
                counter(name, [("sink", s)]).increment(by: Int64(0))
            }
            gauge("vigil_sink_lag_batches", [("sink", s)]).set(to: 0)
        }
    }

    /// Records received by an input (`syslog-udp`, `syslog-tcp`, `syslog-tls`, `http`, `watch`).
    public func received(_ input: String, _ n: Int = 1) {
        counter("vigil_input_received_total", [("input", input)]).increment(by: Int64(n))
        gauge("vigil_input_last_received_seconds", [("input", input)]).set(to: Date().timeIntervalSince1970)
    }

    /// Records accepted into the spool.
    public func parsed(_ input: String, _ n: Int = 1) {
        counter("vigil_input_parsed_total", [("input", input)]).increment(by: Int64(n))
    }

    /// Frames, bodies or files rejected, with why (`oversized`, `bad-frame`, `tls-handshake`, …).
    public func malformed(_ input: String, _ reason: String, _ n: Int = 1) {
        counter("vigil_input_malformed_total", [("input", input), ("reason", reason)]).increment(by: Int64(n))
    }

    /// Times an input was pushed back because the spool was full.
    public func pushedBack(_ input: String) {
        counter("vigil_input_backpressure_total", [("input", input)]).increment()
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
    }

    /// The event-time watermark (ms since the epoch).
    public func watermark(_ ms: Int64) {
        gauge("vigil_watermark_ms").set(to: Double(ms))
    }

    /// Alerts delivered by a sink.
    public func sinkDelivered(_ sink: String, _ n: Int) {
        counter("vigil_sink_delivered_total", [("sink", sink)]).increment(by: Int64(n))
    }

    /// A failed delivery attempt of a sink.
    public func sinkFailure(_ sink: String) {
        counter("vigil_sink_failures_total", [("sink", sink)]).increment()
    }

    /// A retried delivery of a sink.
    public func sinkRetry(_ sink: String) {
        counter("vigil_sink_retries_total", [("sink", sink)]).increment()
    }

    /// Batches a sink has not yet delivered.
    public func sinkLag(_ sink: String, _ batches: Int) {
        gauge("vigil_sink_lag_batches", [("sink", sink)]).set(to: Double(batches))
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
        "vigil_input_last_received_seconds": "When an input last received a record, seconds since the epoch.",
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

    /// The figures as the console's ingest health shows them, read back from the exposition
    /// (the registry's series are write-only), so there is one count of everything.
    public func live(spoolBytes: Int64, spoolMaxBytes: Int64) -> LiveIngest {
        var values: [String: [String: Double]] = [:]  // metric → label value ("" without labels) → value
        for line in render().split(separator: "\n") where !line.hasPrefix("#") {
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
            let series = line[..<space]
            var name = String(series), label = ""
            if let brace = series.firstIndex(of: "{") {
                name = String(series[..<brace])
                // The first label's value: `input`, `sink` or `analytic` (malformed adds `reason`).
                if let open = series.firstIndex(of: "\""), let close = series[series.index(after: open)...].firstIndex(of: "\"") {
                    label = String(series[series.index(after: open)..<close])
                }
            }
            values[name, default: [:]][label, default: 0] += value
        }
        func count(_ metric: String, _ label: String = "") -> Int { Int(values[metric]?[label] ?? 0) }
        func iso(seconds: Double?) -> String? { seconds.map { Timestamp(milliseconds: Int64($0 * 1000)).iso8601 } }
        let inputs = (values["vigil_input_received_total"] ?? [:]).keys.sorted().map { i in
            LiveIngest.Input(name: i, received: count("vigil_input_received_total", i), accepted: count("vigil_input_parsed_total", i),
                             malformed: count("vigil_input_malformed_total", i), pushedBack: count("vigil_input_backpressure_total", i),
                             lastReceived: iso(seconds: values["vigil_input_last_received_seconds"]?[i]))
        }
        let sinks = (values["vigil_sink_delivered_total"] ?? [:]).keys.sorted().map { s in
            LiveIngest.Sink(name: s, delivered: count("vigil_sink_delivered_total", s), failures: count("vigil_sink_failures_total", s),
                            retries: count("vigil_sink_retries_total", s), lagBatches: count("vigil_sink_lag_batches", s))
        }
        return LiveIngest(inputs: inputs, sinks: sinks, spoolBytes: spoolBytes, spoolMaxBytes: spoolMaxBytes,
                          batches: count("vigil_batches_total"), batchFailures: count("vigil_batch_failures_total"),
                          recordsProcessed: count("vigil_records_processed_total"), lateEvents: count("vigil_events_late_total"),
                          watermark: values["vigil_watermark_ms"]?[""].map { Timestamp(milliseconds: Int64($0)).iso8601 })
    }

    /// The text exposition format.
    public func render() -> String { registry.emitToString() }
}
