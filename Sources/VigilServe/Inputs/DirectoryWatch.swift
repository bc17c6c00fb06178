import Foundation
import Logging
import ServiceLifecycle
#if canImport(Glibc)
import Glibc
#endif

/// Directory watch, by polling: new files in the watched trees (CloudTrail objects as they land in
/// an S3-layout tree, gzip or plain) and lines appended to log files, through rotation. Positions
/// are kept per file identity (device and inode), not per name, so a log renamed by rotation
/// (`messages` → `messages.1`) is read to its end under its new name while the new `messages` is
/// read from its start: no gap, and nothing read twice. A file's position is saved (durably, in
/// the spool folder) only after what was read up to it is durable in the spool; a crash in between
/// reads those lines again, and the processor drops them as already seen.
final class DirectoryWatch: Service, @unchecked Sendable {
    /// Where each file was read up to.
    struct Position: Codable, Equatable {
        var path: String
        var offset: Int64
        /// Whole files (gzip objects) are read once, when their size has stopped changing.
        var done: Bool
        /// Size at the previous poll (a gzip object is read once its size holds still).
        var lastSize: Int64
    }

    let roots: [String]
    let interval: Duration
    let spool: Spool
    let metrics: ServeMetrics
    let logger: Logger
    let maxMessageBytes: Int
    let statePath: String
    private var positions: [String: Position] = [:]

    init(roots: [String], interval: Double, spool: Spool, metrics: ServeMetrics, logger: Logger, maxMessageBytes: Int) {
        self.roots = roots
        self.interval = .milliseconds(Int64(interval * 1000))
        self.spool = spool
        self.metrics = metrics
        self.logger = logger
        self.maxMessageBytes = maxMessageBytes
        statePath = "\(spool.directory)/watch.json"
        if let data = FileManager.default.contents(atPath: statePath),
           let saved = try? JSONDecoder().decode([String: Position].self, from: data) {
            positions = saved
        }
    }

    func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await poll()
            try? await Task.sleep(for: interval)
        }
    }

    /// One pass over every watched tree.
    func poll() async {
        var present = Set<String>()
        for root in roots {
            for (path, key, size) in Self.files(under: root) {
                present.insert(key)
                var p = positions[key] ?? Position(path: path, offset: 0, done: false, lastSize: -1)
                p.path = path
                if p.done { continue }
                do {
                    if path.hasSuffix(".gz") {
                        // An object still being written changes size between polls.
                        if size != p.lastSize { p.lastSize = size; positions[key] = p; continue }
                        try await readWhole(path)
                        p.done = true
                        p.offset = size
                    } else {
                        if size < p.offset { p.offset = 0 }  // truncated in place (copytruncate)
                        if size > p.offset { p.offset = try await readLines(path, from: p.offset) }
                    }
                    positions[key] = p
                    try save()
                } catch {
                    metrics.malformed("watch", "unreadable")
                    logger.warning("watched file could not be read; retried at the next poll", metadata: ["file": "\(path)", "error": "\(error)"])
                }
            }
        }
        // Files that are gone no longer need a position.
        let before = positions.count
        positions = positions.filter { present.contains($0.key) }
        if positions.count != before { try? save() }
    }

    private func save() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try DurableFile.replace(statePath, with: try encoder.encode(positions))
    }

    /// Regular, non-hidden files under `root`, with their identity (device:inode) and size.
    static func files(under root: String) -> [(path: String, key: String, size: Int64)] {
        var out: [(String, String, Int64)] = []
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        while let rel = walker.nextObject() as? String {
            if (rel as NSString).lastPathComponent.hasPrefix(".") { walker.skipDescendants(); continue }
            let path = "\(root)/\(rel)"
            guard let attrs = try? FileManager.default.attributesOfItem(atPath: path), attrs[.type] as? FileAttributeType == .typeRegular,
                  let inode = (attrs[.systemFileNumber] as? NSNumber)?.uint64Value,
                  let device = (attrs[.systemNumber] as? NSNumber)?.uint64Value,
                  let size = (attrs[.size] as? NSNumber)?.int64Value else { continue }
            out.append((path, "\(device):\(inode)", size))
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// A whole gzip object: a CloudTrail document (one record), NDJSON, or log lines.
    private func readWhole(_ path: String) async throws {
        let data = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let text: [UInt8]
        do { text = try Gunzip.inflate(data, limit: 1 << 30) } catch {
            metrics.malformed("watch", "bad-gzip")
            logger.warning("watched gzip file is not readable gzip; skipped", metadata: ["file": "\(path)", "error": "\(error)"])
            return
        }
        let first = text.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        let records: [[UInt8]]
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            do { records = try HTTPIngest.split(text, syslog: false) } catch {
                metrics.malformed("watch", "bad-record")
                logger.warning("watched file is neither NDJSON nor one JSON document; skipped", metadata: ["file": "\(path)"])
                return
            }
        } else {
            records = try HTTPIngest.split(text, syslog: true)
        }
        try await append(records)
    }

    /// Complete lines from `offset` (at most 8 MB a poll); returns the new offset.
    private func readLines(_ path: String, from offset: Int64) async throws -> Int64 {
        guard let h = FileHandle(forReadingAtPath: path) else { throw ServeError.io("cannot open \(path)") }
        defer { try? h.close() }
        try h.seek(toOffset: UInt64(offset))
        let chunk = Array(try h.read(upToCount: 8 << 20) ?? Data())
        guard let lastNewline = chunk.lastIndex(of: 0x0A) else {
            if chunk.count > maxMessageBytes {
                // A line longer than any message: skipped up to what was read, and counted.
                metrics.malformed("watch", "oversized")
                return offset + Int64(chunk.count)
            }
            return offset  // a line still being written
        }
        var records: [[UInt8]] = []
        for line in chunk[...lastNewline].split(separator: 0x0A) {
            var l = line
            if l.last == 0x0D { l = l.dropLast() }
            if l.isEmpty { continue }
            if l.count > maxMessageBytes { metrics.malformed("watch", "oversized"); continue }
            records.append(Array(l))
        }
        try await append(records)
        return offset + Int64(lastNewline + 1)
    }

    private func append(_ records: [[UInt8]]) async throws {
        guard !records.isEmpty else { return }
        metrics.received("watch", records.count)
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var start = 0
        while start < records.count {
            let part = records[start..<min(start + 1000, records.count)].map { BatchProcessor.payload($0, receivedMs: now) }
            let refusal: Spool.SpoolError? = await withCheckedContinuation { c in spool.append(part) { c.resume(returning: $0) } }
            if case .full? = refusal {
                // Push back: wait for room rather than drop; the position is not advanced.
                metrics.pushedBack("watch")
                try await Task.sleep(for: .milliseconds(100))
                continue
            }
            if let refusal { throw refusal }
            metrics.parsed("watch", part.count)
            start += part.count
        }
    }
}
