import VigilCore

/// What a scan read, skipped and could not use, with the first problems located.
public struct ScanSummary: Sendable, Codable, Equatable {
    /// Inputs read (files and standard input).
    public var files = 0
    /// Records decoded into events or counted (every record in every text).
    public var records = 0
    /// Records by the log they came from (`aws-cloudtrail`, `azure-activity`, `gcp-audit`).
    public var sources: [String: Int] = [:]
    /// Bytes read from disk (compressed size for gzip).
    public var bytes: Int64 = 0
    /// Seconds from start to end.
    public var elapsedSeconds = 0.0
    /// Records per second.
    public var recordsPerSecond = 0.0
    /// Records an analytic subscribes to (materialised as typed events).
    public var eventsAnalysed = 0
    /// Records outside --since/--until.
    public var outsideTimeRange = 0
    /// Texts and inputs passed over on purpose, by reason (`cloudtrail-digest`, `empty-file`).
    public var skipped: [String: Int] = [:]
    /// Records and inputs that could not be used, by reason code.
    public var malformed: [String: Int] = [:]
    /// The first problems, located.
    public var problems: [Problem] = []
    /// Alerts raised.
    public var alerts = 0
    /// Compute changes (and attempts) AN0861 evaluated in event-time order.
    public var changesEvaluated = 0
    /// Of the changes read, how many were written to disk in sorted runs (beyond what each
    /// worker holds in memory) and merged back for the evaluation.
    public var changesSpilled = 0
    /// Local-account actions on network devices AN1240 evaluated in event-time order.
    public var deviceChangesEvaluated = 0
    /// Principals in the activity baseline after the scan, and principals evicted to bound it.
    public var principalsBaselined = 0
    public var principalsEvicted = 0
    /// Seconds spent after reading: merging baselines and evaluating changes in time order
    /// (part of `elapsedSeconds`).
    public var evaluationSeconds = 0.0
    /// The process's peak resident memory when the scan ended, in bytes.
    public var peakRSSBytes: Int64 = 0

    /// Total skipped.
    public var skippedTotal: Int { skipped.values.reduce(0, +) }
    /// Total malformed.
    public var malformedTotal: Int { malformed.values.reduce(0, +) }

    /// Creates an empty summary.
    public init() {}
}

/// One located problem.
public struct Problem: Sendable, Codable, Hashable, Comparable, CustomStringConvertible {
    /// The input.
    public var file: String
    /// Byte offset in the (decompressed) input.
    public var offset: Int64?
    /// 1-based line.
    public var line: Int?
    /// Record index within the input, when the problem is one record.
    public var record: Int?
    /// Stable reason code.
    public var code: String
    /// A sentence.
    public var message: String

    /// Creates a problem.
    public init(file: String, offset: Int64?, line: Int?, record: Int?, code: String, message: String) {
        self.file = file
        self.offset = offset
        self.line = line
        self.record = record
        self.code = code
        self.message = message
    }

    public static func < (a: Problem, b: Problem) -> Bool {
        (a.file, a.offset ?? -1, a.code) < (b.file, b.offset ?? -1, b.code)
    }

    public var description: String {
        var loc = file
        if let line { loc += ":\(line)" }
        var detail: [String] = []
        if let offset { detail.append("byte \(offset)") }
        if let record { detail.append("record \(record)") }
        if !detail.isEmpty { loc += " (\(detail.joined(separator: ", ")))" }
        return "\(loc): \(message)"
    }
}
