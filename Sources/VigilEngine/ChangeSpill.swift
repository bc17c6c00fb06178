import Foundation
import VigilAnalytics
#if canImport(Glibc)
import Glibc
#endif

/// A scan worker's compute changes, in memory up to a limit and beyond it in sorted runs on disk,
/// so that a scan's memory does not grow with the number of changes it reads. The evaluation
/// reads every worker's runs back merged, in event-time order (``ChangeMerge``).
final class ChangeRuns {
    /// Changes held in memory before they are sorted and written out as a run.
    let limit: Int
    /// Where runs go (a folder of their own is made in it at the first run).
    let parent: String
    /// Changes not yet written.
    var memory: [ChangeRecord] = []
    /// Written runs, each sorted.
    private(set) var files: [String] = []
    /// Changes written to runs.
    private(set) var spilled = 0
    /// Why writing a run failed, when it did (changes then stay in memory).
    private(set) var failure: String?
    private var directory: String?
    private var buffer: [UInt8] = []

    init(limit: Int, parent: String) {
        self.limit = max(1, limit)
        self.parent = parent
    }

    var count: Int { memory.count + spilled }

    func append(_ change: ChangeRecord) { memory.append(change) }

    /// Writes the changes in memory as a run when there are more than the limit (called between
    /// units, so that nothing still refers to them).
    func spillIfFull() {
        guard memory.count >= limit, failure == nil else { return }
        memory.sort(by: ChangeRecord.precedes)
        do {
            let dir = try folder()
            let path = "\(dir)/run-\(files.count).bin"
            buffer.removeAll(keepingCapacity: true)  // reused: a fresh one would be page-faulted in every time
            let run = ChangeRecordCoding.Run()  // repeated texts written once per run
            for c in memory { ChangeRecordCoding.encode(c, into: &buffer, run: run) }
            try Self.write(buffer, to: path)
            files.append(path)
            spilled += memory.count
            memory = []
        } catch {
            failure = "\(error)"
        }
    }

    /// Puts the changes left in memory in the evaluation's order.
    func sortMemory() { memory.sort(by: ChangeRecord.precedes) }

    /// Deletes the runs.
    func remove() {
        for f in files { unlink(f) }
        if let directory { rmdir(directory) }
        files = []
        directory = nil
    }

    private func folder() throws -> String {
        if let directory { return directory }
        var template = Array("\(parent)/vigil-changes-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else {
            throw SpillError(message: "cannot make a folder for change runs in \(parent): \(String(cString: strerror(errno)))")
        }
        directory = String(cString: made)
        return directory!
    }

    private static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw SpillError(message: "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var done = 0
        try bytes.withUnsafeBytes { b in
            while done < b.count {
                let n = Glibc.write(fd, b.baseAddress! + done, b.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw SpillError(message: "cannot write \(path): \(String(cString: strerror(errno)))")
                }
                done += n
            }
        }
    }

    struct SpillError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}

/// Every worker's changes merged into the evaluation's order: the runs on disk, read back a block
/// at a time, and what stayed in memory.
struct ChangeMerge {
    private var sources: [Source] = []
    /// A heap of source indices by their current change.
    private var heap: [Int] = []
    /// Runs that could not be read to their end.
    private(set) var problems: [String] = []

    init(runs: [ChangeRuns], extra: [ChangeRecord]) {
        let strings = StringTable()
        for r in runs {
            for f in r.files { sources.append(Source(reader: RunReader(path: f, strings: strings))) }
            if !r.memory.isEmpty { sources.append(Source(memory: r.memory)) }
        }
        if !extra.isEmpty { sources.append(Source(memory: extra.sorted(by: ChangeRecord.precedes))) }
        for i in sources.indices where sources[i].advance() { push(i) }
    }

    /// The next change in order, or nil at the end.
    mutating func next() -> ChangeRecord? {
        guard let top = heap.first else {
            problems = sources.compactMap { $0.reader?.problem }
            return nil
        }
        let c = sources[top].current!
        if sources[top].advance() {
            siftDown(0)
        } else {
            heap[0] = heap[heap.count - 1]
            heap.removeLast()
            if !heap.isEmpty { siftDown(0) }
        }
        return c
    }

    private func less(_ a: Int, _ b: Int) -> Bool { ChangeRecord.precedes(sources[a].current!, sources[b].current!) }

    private mutating func push(_ i: Int) {
        heap.append(i)
        var k = heap.count - 1
        while k > 0 {
            let parent = (k - 1) / 2
            guard less(heap[k], heap[parent]) else { break }
            heap.swapAt(k, parent)
            k = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var k = start
        while true {
            let l = 2 * k + 1, r = l + 1
            var m = k
            if l < heap.count, less(heap[l], heap[m]) { m = l }
            if r < heap.count, less(heap[r], heap[m]) { m = r }
            guard m != k else { return }
            heap.swapAt(k, m)
            k = m
        }
    }

    private struct Source {
        var memory: [ChangeRecord] = []
        var position = 0
        var reader: RunReader?
        var current: ChangeRecord?

        init(memory: [ChangeRecord]) { self.memory = memory }
        init(reader: RunReader) { self.reader = reader }

        mutating func advance() -> Bool {
            if let reader {
                current = reader.next()
            } else if position < memory.count {
                current = memory[position]
                position += 1
            } else {
                current = nil
                memory = []
            }
            return current != nil
        }
    }
}

/// The merged changes, made on a thread of their own ahead of the evaluation. Reading the runs
/// back (decoding each change) and merging them costs about as much as evaluating them; with the
/// merge on another thread, the evaluating thread only evaluates, while the other core reads
/// ahead. At most `depth` batches wait, so memory stays bounded by that, not by the stream. The
/// one consumer reads to the end (nil): the reading thread ends only then.
final class PrefetchedChanges: @unchecked Sendable {
    // Safe: `merge` is used only by the producer thread once it starts; `ready` and
    // `producerProblems` are handed over under `lock`; `current`, `position`, `ended` and
    // `problems` belong to the one consuming thread.
    private var merge: ChangeMerge?
    private let lock = NSLock()
    private var ready: [[ChangeRecord]] = []
    private var producerProblems: [String] = []
    private let items = DispatchSemaphore(value: 0)
    private let slots: DispatchSemaphore
    private let batch: Int
    private var current: [ChangeRecord] = []
    private var position = 0
    private var ended = false
    /// Runs that could not be read to their end (known once the stream has ended).
    private(set) var problems: [String] = []

    init(_ merge: ChangeMerge, batch: Int = 512, depth: Int = 8) {
        self.merge = merge
        self.batch = max(1, batch)
        slots = DispatchSemaphore(value: max(1, depth))
        let thread = Thread { [self] in produce() }
        thread.name = "vigil-change-merge"
        thread.start()
    }

    private func produce() {
        var merge = self.merge!
        self.merge = nil
        while true {
            var out: [ChangeRecord] = []
            out.reserveCapacity(batch)
            while out.count < batch, let c = merge.next() { out.append(c) }
            let last = out.count < batch
            slots.wait()
            lock.lock()
            ready.append(out)
            if last { producerProblems = merge.problems }
            lock.unlock()
            items.signal()
            if last {
                if !out.isEmpty {  // an empty batch marks the end
                    slots.wait()
                    lock.lock()
                    ready.append([])
                    lock.unlock()
                    items.signal()
                }
                return
            }
        }
    }

    /// The next change in order, or nil at the end.
    func next() -> ChangeRecord? {
        if position < current.count {
            defer { position += 1 }
            return current[position]
        }
        guard !ended else { return nil }
        items.wait()
        lock.lock()
        current = ready.removeFirst()
        if current.isEmpty { problems = producerProblems }
        lock.unlock()
        slots.signal()
        position = 0
        guard !current.isEmpty else {
            ended = true
            return nil
        }
        position = 1
        return current[0]
    }
}

/// Reads a run's records a block at a time.
final class RunReader {
    private let fd: Int32
    private var buffer: [UInt8] = Array(repeating: 0, count: 64 << 10)
    private var start = 0, end = 0
    private var atEnd = false
    private(set) var problem: String?
    let path: String
    private let strings: StringTable
    /// The run's texts, for its back-references.
    private let run = ChangeRecordCoding.Run()

    init(path: String, strings: StringTable) {
        self.path = path
        self.strings = strings
        fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            problem = "cannot open change run \(path): \(String(cString: strerror(errno)))"
            atEnd = true
        }
    }

    deinit { if fd >= 0 { close(fd) } }

    func next() -> ChangeRecord? {
        while true {
            let available = end - start
            if available >= 4 {
                let length = buffer.withUnsafeBytes { ChangeRecordCoding.length(UnsafeRawBufferPointer(rebasing: $0[start..<end]))! }
                if available >= 4 + length {
                    let record = buffer.withUnsafeBytes { ChangeRecordCoding.decode(UnsafeRawBufferPointer(rebasing: $0[start + 4..<start + 4 + length]), strings: strings, run: run) }
                    start += 4 + length
                    guard let record else {
                        problem = "change run \(path) is damaged at a record of \(length) bytes"
                        atEnd = true
                        return nil
                    }
                    return record
                }
                if 4 + length > buffer.count { buffer += Array(repeating: 0, count: 4 + length - buffer.count) }
            }
            guard fill() else {
                if end > start, problem == nil { problem = "change run \(path) ends inside a record" }
                return nil
            }
        }
    }

    /// Reads more; false at the end of the file.
    private func fill() -> Bool {
        guard !atEnd else { return false }
        if start > 0 {
            buffer.withUnsafeMutableBytes { b in
                if end > start { memmove(b.baseAddress!, b.baseAddress! + start, end - start) }
            }
            end -= start
            start = 0
        }
        let n = buffer.withUnsafeMutableBytes { b in read(fd, b.baseAddress! + end, b.count - end) }
        if n <= 0 {
            if n < 0 { problem = "cannot read change run \(path): \(String(cString: strerror(errno)))" }
            atEnd = true
            return false
        }
        end += n
        return true
    }
}
