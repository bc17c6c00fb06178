public import VigilCore
import Foundation

/// What a scan reads and how.
public struct ScanOptions: Sendable {
    /// Files, directories (walked recursively) and `-` for standard input.
    public var paths: [String]
    /// Events before this instant are counted and passed over.
    public var since: Timestamp?
    /// Events at or after this instant are counted and passed over.
    public var until: Timestamp?
    /// Parallel workers; defaults to the number of cores.
    public var workers: Int
    /// The largest JSON text (line or document) read.
    public var maxRecordBytes: Int = 256 << 20
    /// Compute changes each worker holds in memory; beyond that they are written to disk in
    /// sorted runs and merged back for the evaluation (memory does not grow with the input).
    public var changesInMemory: Int = 4096
    /// Where those runs are written (a folder of their own is made in it, and removed).
    public var spillDirectory: String = ProcessInfo.processInfo.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
    /// How many problems the summary lists with their locations (all are counted).
    public var reportedProblems: Int = 10
    /// Read a tree of day folders (CloudTrail's `…/YYYY/MM/DD/`) a day at a time and evaluate each
    /// day's compute changes while the next days are read, instead of holding every change to the
    /// end of the scan (see ``ScanEngine``). Scans that keep state (`--db`) read whole.
    public var byDay = true

    /// Options for `paths`.
    public init(paths: [String], since: Timestamp? = nil, until: Timestamp? = nil, workers: Int? = nil) {
        self.paths = paths
        self.since = since
        self.until = until
        self.workers = max(1, workers ?? ScanOptions.cores)
    }

    static var cores: Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
