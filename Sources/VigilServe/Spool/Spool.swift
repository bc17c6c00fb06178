import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The durable spool: every accepted record is framed (``SpoolFrame``) and appended to the open
/// segment; the caller is told it is accepted only once the bytes are on disk (`fdatasync`).
/// One flusher thread syncs for every writer waiting at that moment (group commit), so many small
/// appends share one sync. A segment that reaches ``segmentBytes`` (or that ``seal(olderThan:)``
/// finds old enough) is synced, closed and renamed from `N.open` to `N.seg`: sealed, immutable,
/// ready for processing. The spool is bounded: an append that would take the unprocessed bytes
/// past ``maxBytes`` is refused with ``SpoolError/full(depth:max:)``, and inputs push back (an
/// empty spool accepts any one append, so the bound can be passed by at most one append).
public final class Spool: @unchecked Sendable {
    /// Why an append was not accepted.
    public enum SpoolError: Error, Equatable, CustomStringConvertible {
        /// Accepting it would take the spool past its bound.
        case full(depth: Int64, max: Int64)
        /// The disk refused (errno text).
        case io(String)
        /// The spool is shutting down.
        case closed

        /// For logs and HTTP answers.
        public var description: String {
            switch self {
            case .full(let depth, let max): "spool full (\(depth) of \(max) bytes unprocessed)"
            case .io(let why): "spool write failed: \(why)"
            case .closed: "spool closed"
            }
        }
    }

    /// What opening the spool found from an earlier run.
    public struct Recovery: Sendable, Equatable {
        /// Open segments of an earlier run that were sealed on opening.
        public var segmentsSealed = 0
        /// Of those, how many ended in a torn (cut short or corrupt) frame, which was cut off.
        public var tornTails = 0
        /// Bytes cut off.
        public var tornBytes = 0
    }

    /// The spool's folder.
    public let directory: String
    /// Unprocessed bytes (sealed and open segments) beyond which appends are refused.
    public let maxBytes: Int64
    /// Size at which the open segment is sealed.
    public let segmentBytes: Int
    /// What opening found.
    public let recovery: Recovery

    private let cond = NSCondition()
    private var activeFD: Int32 = -1
    private var activeID: UInt64
    private var activeBytes = 0
    private var activeRecords = 0
    private var activeSince: ContinuousClock.Instant?
    private var sequence: UInt64 = 0
    private var waiters: [(seq: UInt64, done: @Sendable (SpoolError?) -> Void)] = []
    private var retiring: [(fd: Int32, id: UInt64)] = []
    private var segmentSizes: [UInt64: Int64] = [:]
    private var closing = false
    private var flusherDone = false
    private var onSealed: [@Sendable (UInt64) -> Void] = []
    private var syncs: UInt64 = 0

    /// Opens (creating) the spool in `directory`; open segments left by a crash are checked
    /// frame by frame, cut after their last intact frame, and sealed. New segments are numbered
    /// after every segment on disk and from `firstSegment` on (the processor's next segment:
    /// numbers are never reused, even when every segment was processed and removed).
    public init(directory: String, maxBytes: Int64, segmentBytes: Int, firstSegment: UInt64 = 1) throws {
        self.directory = directory
        self.maxBytes = maxBytes
        self.segmentBytes = segmentBytes
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var recovery = Recovery()
        var maxID: UInt64 = 0
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            guard let id = Self.segmentID(name) else { continue }
            maxID = max(maxID, id)
            let path = "\(directory)/\(name)"
            if name.hasSuffix(".open") {
                let bytes = (try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()
                let scan = bytes.withUnsafeBytes { SpoolFrame.scan($0) }
                recovery.segmentsSealed += 1
                if scan.tornTail {
                    recovery.tornTails += 1
                    recovery.tornBytes += bytes.count - scan.validBytes
                    guard truncate(path, off_t(scan.validBytes)) == 0 else { throw SpoolError.io("truncate \(path): \(String(cString: strerror(errno)))") }
                }
                if scan.validBytes == 0 {
                    unlink(path)
                    continue
                }
                let fd = open(path, O_RDWR)
                if fd >= 0 { fdatasync(fd); Glibc.close(fd) }
                let sealed = Self.path(directory, id, sealed: true)
                guard rename(path, sealed) == 0 else { throw SpoolError.io("rename \(path): \(String(cString: strerror(errno)))") }
                segmentSizes[id] = Int64(scan.validBytes)
            } else {
                segmentSizes[id] = Self.fileSize(path)
            }
        }
        Self.syncDirectory(directory)
        self.recovery = recovery
        activeID = max(maxID + 1, firstSegment)
        try openActive()
        // The flusher holds the spool until ``close()`` ends it.
        let thread = Thread { self.flushLoop() }
        thread.name = "vigil-spool-flush"
        thread.start()
    }

    /// `N.open` / `N.seg` → N.
    static func segmentID(_ name: String) -> UInt64? {
        guard name.hasSuffix(".open") || name.hasSuffix(".seg") else { return nil }
        return UInt64(name.prefix { $0 != "." })
    }

    /// The path of segment `id`.
    static func path(_ directory: String, _ id: UInt64, sealed: Bool) -> String {
        let digits = String(id)
        return "\(directory)/\(String(repeating: "0", count: max(0, 16 - digits.count)))\(digits).\(sealed ? "seg" : "open")"
    }

    static func fileSize(_ path: String) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.int64Value ?? 0
    }

    static func syncDirectory(_ directory: String) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY)
        if fd >= 0 { fsync(fd); Glibc.close(fd) }
    }

    private func openActive() throws {
        let path = Self.path(directory, activeID, sealed: false)
        activeFD = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0o644)
        guard activeFD >= 0 else { throw SpoolError.io("open \(path): \(String(cString: strerror(errno)))") }
        Self.syncDirectory(directory)
        activeBytes = 0
        activeRecords = 0
        activeSince = nil
        segmentSizes[activeID] = 0
    }

    /// Calls `handler` with each segment's id once it is sealed (on the flusher thread).
    public func onSeal(_ handler: @escaping @Sendable (UInt64) -> Void) {
        cond.lock()
        onSealed.append(handler)
        cond.unlock()
    }

    /// Unprocessed bytes on disk (sealed segments not yet removed, and the open one).
    public var depthBytes: Int64 {
        cond.lock()
        defer { cond.unlock() }
        return segmentSizes.values.reduce(0, +)
    }

    /// Data syncs done so far (each may cover many appends).
    public var syncCount: UInt64 {
        cond.lock()
        defer { cond.unlock() }
        return syncs
    }

    /// Appends `payloads` as one write; `done` is called (on the flusher thread, or at once when
    /// refused) with nil once they are durable, or with the reason they were not accepted.
    public func append(_ payloads: [[UInt8]], done: @escaping @Sendable (SpoolError?) -> Void) {
        guard !payloads.isEmpty else { return done(nil) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(payloads.reduce(0) { $0 + $1.count + SpoolFrame.headerBytes })
        for p in payloads { SpoolFrame.append(p, to: &buffer) }
        cond.lock()
        if closing {
            cond.unlock()
            return done(.closed)
        }
        let depth = segmentSizes.values.reduce(0, +)
        // An empty spool takes any one append, so that a batch larger than the bound (one read
        // of a fast client) cannot wait for room forever.
        if depth > 0 && depth + Int64(buffer.count) > maxBytes {
            cond.unlock()
            return done(.full(depth: depth, max: maxBytes))
        }
        let error = buffer.withUnsafeBytes { raw -> SpoolError? in
            var at = 0
            while at < raw.count {
                let n = write(activeFD, raw.baseAddress! + at, raw.count - at)
                if n < 0 {
                    if errno == EINTR { continue }
                    return .io(String(cString: strerror(errno)))
                }
                at += n
            }
            return nil
        }
        if let error {
            // Leave no partial frame behind: later frames must stay readable.
            _ = ftruncate(activeFD, off_t(activeBytes))
            cond.unlock()
            return done(error)
        }
        activeBytes += buffer.count
        activeRecords += payloads.count
        segmentSizes[activeID] = Int64(activeBytes)
        if activeSince == nil { activeSince = .now }
        sequence += 1
        waiters.append((sequence, done))
        if activeBytes >= segmentBytes { rotateLocked() }
        cond.signal()
        cond.unlock()
    }

    /// Appends `payloads` and returns once they are durable.
    public func append(_ payloads: [[UInt8]]) async throws(SpoolError) {
        let result: SpoolError? = await withCheckedContinuation { c in
            append(payloads) { c.resume(returning: $0) }
        }
        if let result { throw result }
    }

    /// Seals the open segment when it holds records that have waited at least `age`.
    public func seal(olderThan age: Duration) {
        cond.lock()
        if let since = activeSince, activeRecords > 0, ContinuousClock.now - since >= age { rotateLocked() }
        cond.signal()
        cond.unlock()
    }

    private func rotateLocked() {
        retiring.append((activeFD, activeID))
        activeID += 1
        do { try openActive() } catch {
            // The next append reports the failure (writes to fd -1 fail with EBADF).
            activeFD = -1
        }
    }

    /// Sealed segments, oldest first.
    public func sealedSegments() -> [UInt64] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(".seg") }.compactMap(Self.segmentID).sorted()
    }

    /// The path of sealed segment `id`.
    public func sealedPath(_ id: UInt64) -> String { Self.path(directory, id, sealed: true) }

    /// Deletes a processed segment, freeing its bytes for new appends.
    public func remove(_ id: UInt64) {
        unlink(sealedPath(id))
        cond.lock()
        segmentSizes[id] = nil
        cond.unlock()
    }

    /// The payloads of a sealed segment, and whether its tail was torn.
    public static func read(_ path: String) throws -> (payloads: [[UInt8]], tornTail: Bool) {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return data.withUnsafeBytes { raw in
            let scan = SpoolFrame.scan(raw)
            return (scan.payloads.map { Array(raw[$0]) }, scan.tornTail)
        }
    }

    /// Seals the open segment (when it holds records), makes everything durable and stops the
    /// flusher. Appends after this are refused.
    public func close() {
        cond.lock()
        if !closing {
            closing = true
            if activeRecords > 0 { rotateLocked() }
        }
        cond.signal()
        while !flusherDone { cond.wait() }
        if activeFD >= 0 {
            Glibc.close(activeFD)
            activeFD = -1
            unlink(Self.path(directory, activeID, sealed: false))
            segmentSizes[activeID] = nil
        }
        cond.unlock()
    }

    private func flushLoop() {
        cond.lock()
        while true {
            while waiters.isEmpty && retiring.isEmpty && !closing { cond.wait() }
            if closing && waiters.isEmpty && retiring.isEmpty { break }
            let fd = activeFD, upTo = sequence, toSeal = retiring
            retiring = []
            cond.unlock()
            var failure: SpoolError?
            var sealed: [UInt64] = []
            for r in toSeal {
                if fdatasync(r.fd) != 0 { failure = .io("fdatasync: \(String(cString: strerror(errno)))") }
                Glibc.close(r.fd)
                if rename(Self.path(directory, r.id, sealed: false), Self.path(directory, r.id, sealed: true)) == 0 { sealed.append(r.id) }
            }
            if !toSeal.isEmpty { Self.syncDirectory(directory) }
            if fd >= 0, fdatasync(fd) != 0 { failure = .io("fdatasync: \(String(cString: strerror(errno)))") }
            cond.lock()
            syncs += 1
            var ready: [@Sendable (SpoolError?) -> Void] = []
            waiters.removeAll { w in
                guard w.seq <= upTo else { return false }
                ready.append(w.done)
                return true
            }
            let handlers = onSealed
            cond.unlock()
            for r in ready { r(failure) }
            for id in sealed { for h in handlers { h(id) } }
            cond.lock()
        }
        flusherDone = true
        cond.broadcast()
        cond.unlock()
    }
}
