/// Live figures from `vigil serve`'s inputs, spool, processing and sinks, shown as the console's
/// ingest health when the console runs inside the service (a standalone console shows the scans
/// recorded in the store instead).
public struct LiveIngest: Codable, Sendable, Equatable {
    /// One input (`syslog-udp`, `syslog-tcp`, `syslog-tls`, `http`, `watch`).
    public struct Input: Codable, Sendable, Equatable {
        public var name: String
        /// Records received.
        public var received: Int
        /// Records accepted into the spool.
        public var accepted: Int
        /// Frames, bodies or files rejected.
        public var malformed: Int
        /// Times the input was pushed back by a full spool.
        public var pushedBack: Int
        /// When the input last received a record (ISO 8601), if ever.
        public var lastReceived: String?
        public init(name: String, received: Int = 0, accepted: Int = 0, malformed: Int = 0, pushedBack: Int = 0, lastReceived: String? = nil) {
            self.name = name
            self.received = received
            self.accepted = accepted
            self.malformed = malformed
            self.pushedBack = pushedBack
            self.lastReceived = lastReceived
        }
    }

    /// One alert sink.
    public struct Sink: Codable, Sendable, Equatable {
        public var name: String
        public var delivered: Int
        public var failures: Int
        public var retries: Int
        /// Outbox batches not yet delivered.
        public var lagBatches: Int
        public init(name: String, delivered: Int = 0, failures: Int = 0, retries: Int = 0, lagBatches: Int = 0) {
            self.name = name
            self.delivered = delivered
            self.failures = failures
            self.retries = retries
            self.lagBatches = lagBatches
        }
    }

    public var inputs: [Input]
    public var sinks: [Sink]
    /// Unprocessed spool bytes and the bound beyond which inputs push back.
    public var spoolBytes: Int64
    public var spoolMaxBytes: Int64
    /// Micro-batches processed and failed (retried).
    public var batches: Int
    public var batchFailures: Int
    /// Records processed, and events that arrived later than the allowed lateness.
    public var recordsProcessed: Int
    public var lateEvents: Int
    /// Newest event time processed (ISO 8601).
    public var watermark: String?

    public init(inputs: [Input] = [], sinks: [Sink] = [], spoolBytes: Int64 = 0, spoolMaxBytes: Int64 = 0, batches: Int = 0,
                batchFailures: Int = 0, recordsProcessed: Int = 0, lateEvents: Int = 0, watermark: String? = nil) {
        self.inputs = inputs
        self.sinks = sinks
        self.spoolBytes = spoolBytes
        self.spoolMaxBytes = spoolMaxBytes
        self.batches = batches
        self.batchFailures = batchFailures
        self.recordsProcessed = recordsProcessed
        self.lateEvents = lateEvents
        self.watermark = watermark
    }
}
