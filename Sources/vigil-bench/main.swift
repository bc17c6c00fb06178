// vigil-bench: measures the limits `vigil scan` is compared against, on the same bytes and with
// the same parallelism — simdjson parse-only over an NDJSON file, and decompress-only (zlib
// streaming and libdeflate whole-buffer) over a tree of gzip files. Prints one JSON object.
//
//   vigil-bench parse FILE.ndjson [--workers N]
//   vigil-bench inflate DIR [--workers N]
//   vigil-bench lines FILE            (line splitting only, over a device log)
import CVigilCompress
import CVigilJSON
import Dispatch
import Foundation
import Synchronization
import VigilIngest

let args = CommandLine.arguments
func usage() -> Never {
    FileHandle.standardError.write(Data("usage: vigil-bench parse FILE.ndjson | inflate DIR [--workers N] | lines FILE\n".utf8))
    exit(64)
}
guard args.count >= 3 else { usage() }
let workers: Int = {
    if let i = args.firstIndex(of: "--workers"), i + 1 < args.count, let n = Int(args[i + 1]) { return n }
    return max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
}()

func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }

/// Runs `body(unitIndex, workerIndex)` over units on `workers` threads.
func parallel(_ count: Int, workers: Int, _ body: @Sendable @escaping (Int, Int) -> Void) {
    let next = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: min(workers, max(count, 1))) { w in
        while true {
            let i = next.add(1, ordering: .relaxed).oldValue
            if i >= count { return }
            body(i, w)
        }
    }
}

/// A worker's reusable buffers (allocating per file would measure mmap, not zlib).
final class Scratch: @unchecked Sendable {
    // Safe: each Scratch is used by one worker thread only.
    let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 64)
    var input = UnsafeMutableRawPointer.allocate(byteCount: 1 << 20, alignment: 64)
    var inputCapacity = 1 << 20

    /// Reads a whole file into `input` with openat/read, as the scan does; nil on error.
    func read(_ file: InputFile) -> UnsafeRawBufferPointer? {
        let fd = if let dir = file.directory, let name = file.name { openat(dir.fd, name, O_RDONLY) } else { open(file.path, O_RDONLY) }
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var count = 0
        while true {
            if count == inputCapacity {
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: inputCapacity * 2, alignment: 64)
                bigger.copyMemory(from: input, byteCount: count)
                input.deallocate()
                input = bigger
                inputCapacity *= 2
            }
            let n = Foundation.read(fd, input + count, inputCapacity - count)
            if n < 0 { return nil }
            if n == 0 { break }
            count += n
        }
        return UnsafeRawBufferPointer(start: input, count: count)
    }
}

final class Counters: Sendable {
    let a = Atomic<Int64>(0), b = Atomic<Int64>(0), failures = Atomic<Int>(0)
}

switch args[1] {
case "parse":
    // Two simdjson limits over the same file, cut into the same 32 MB ranges the scan uses:
    // DOM-parsing each line, and parse_many over whole blocks (simdjson's fastest full parse).
    let path = args[2]
    let units = InputPlanner().plan([path]).units
    for api in ["dom-parse-per-line", "parse_many-blocks", "ondemand-3-fields-per-line"] {
        let c = Counters()
        let clock = ContinuousClock()
        let start = clock.now
        parallel(units.count, workers: workers) { i, _ in
            let unit = units[i]
            if api != "parse_many-blocks" {
                let reader = TextReader()
                guard let json = vj_reader_new() else { return }
                defer { vj_reader_free(json) }
                var docs: Int64 = 0
                reader.read(unit, onText: { text in
                    let r = text.pointer.withMemoryRebound(to: CChar.self, capacity: text.count) {
                        api == "dom-parse-per-line" ? vj_bench_parse_one(json, $0, text.count, text.readable)
                            : vj_bench_ondemand_fields(json, $0, text.count, text.readable)
                    }
                    if r != 0 { c.failures.add(1, ordering: .relaxed) } else { docs += 1 }
                }, onIssue: { _ in c.failures.add(1, ordering: .relaxed) })
                c.a.add(docs, ordering: .relaxed)
                c.b.add(reader.bytesRead, ordering: .relaxed)
            } else {
                let fd = open(path, O_RDONLY)
                defer { close(fd) }
                let lower = unit.range?.lowerBound ?? 0
                let upper = unit.range?.upperBound ?? unit.file.size
                let extra: Int64 = 1 << 20
                let want = Int(min(upper + extra, unit.file.size) - lower)
                let buf = UnsafeMutableRawPointer.allocate(byteCount: want + 64, alignment: 64)
                defer { buf.deallocate() }
                var got = 0
                while got < want {
                    let n = pread(fd, buf + got, want - got, off_t(lower) + off_t(got))
                    if n <= 0 { break }
                    got += n
                }
                let bytes = UnsafeRawBufferPointer(start: buf, count: got)
                var first = 0
                if lower > 0 { first = (bytes.firstIndex(of: 0x0A) ?? got) + 1 }
                var last = min(got, Int(upper - lower))
                while last < got, bytes[last - 1] != 0x0A { last += 1 }
                let n = (buf + first).withMemoryRebound(to: CChar.self, capacity: last - first) {
                    vj_bench_parse_many($0, last - first, last - first + 64)
                }
                if n < 0 { c.failures.add(1, ordering: .relaxed) } else { c.a.add(Int64(n), ordering: .relaxed) }
                c.b.add(Int64(last - first), ordering: .relaxed)
            }
        }
        let t = seconds(clock.now - start)
        let bytes = c.b.load(ordering: .relaxed)
        print("""
            {"limit":"simdjson-parse-only","api":"\(api)","kernel":"\(String(cString: vj_dom_implementation()))","file":"\(path)","workers":\(workers),\
            "bytes":\(bytes),"records":\(c.a.load(ordering: .relaxed)),"failures":\(c.failures.load(ordering: .relaxed)),\
            "seconds":\(t),"mb_per_s":\(Double(bytes) / t / 1e6),"records_per_s":\(Double(c.a.load(ordering: .relaxed)) / t)}
            """)
    }
case "inflate":
    // The same listing the scan makes (not timed), opened the same way (openat in its directory).
    let files: [InputFile] = {
        var found: [InputFile] = [], pending = [args[2]]
        while let dir = pending.popLast() {
            let listing = DirectoryWalker.list(dir)
            found += listing.files
            pending += listing.directories
        }
        return found
    }()
    for engine in ["zlib", "libdeflate"] {
        let c = Counters()
        let clock = ContinuousClock()
        let start = clock.now
        let scratch = (0..<workers).map { _ in Scratch() }
        parallel(files.count, workers: workers) { i, w in
            guard let raw = scratch[w].read(files[i]) else { c.failures.add(1, ordering: .relaxed); return }
            c.a.add(Int64(raw.count), ordering: .relaxed)
            do {
                if engine == "zlib" {
                    guard let z = vz_stream_new() else { return }
                    defer { vz_stream_free(z) }
                    vz_stream_input(z, raw.baseAddress, raw.count)
                    let out = scratch[w].buffer
                    var total: Int64 = 0
                    while true {
                        var produced = 0
                        let r = vz_stream_inflate(z, out, 1 << 20, &produced)
                        total += Int64(produced)
                        if r != Int32(VZ_OK.rawValue) { break }
                    }
                    c.b.add(total, ordering: .relaxed)
                } else {
                    let size = Int(raw.loadUnaligned(fromByteOffset: raw.count - 4, as: UInt32.self).littleEndian) + 1
                    let out = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
                    defer { out.deallocate() }
                    var produced = 0, used = 0
                    if vz_gunzip_whole(raw.baseAddress, raw.count, out, size, &produced, &used) != 0 {
                        c.failures.add(1, ordering: .relaxed)
                    }
                    c.b.add(Int64(produced), ordering: .relaxed)
                }
            }
        }
        let t = seconds(clock.now - start)
        let inBytes = c.a.load(ordering: .relaxed), outBytes = c.b.load(ordering: .relaxed)
        print("""
            {"limit":"\(engine)-decompress-only","dir":"\(args[2])","workers":\(workers),"files":\(files.count),\
            "compressed_bytes":\(inBytes),"decompressed_bytes":\(outBytes),"failures":\(c.failures.load(ordering: .relaxed)),\
            "seconds":\(t),"compressed_mb_per_s":\(Double(inBytes) / t / 1e6),"decompressed_mb_per_s":\(Double(outBytes) / t / 1e6)}
            """)
    }
case "lines":
    // A plain line-splitting pass over a text file: read it whole, find every newline (memchr),
    // touch each line's first byte. The floor of any line-oriented log reader.
    let clock = ContinuousClock()
    let start = clock.now
    let fd = open(args[2], O_RDONLY)
    guard fd >= 0 else { usage() }
    var st = stat()
    fstat(fd, &st)
    let size = Int(st.st_size)
    let data = UnsafeMutableRawPointer.allocate(byteCount: max(1, size), alignment: 64)
    var got = 0
    while got < size {
        let n = Foundation.read(fd, data + got, size - got)
        if n <= 0 { break }
        got += n
    }
    close(fd)
    var lines = 0, pos = 0, checksum = 0
    while pos < got {
        checksum &+= Int(data.load(fromByteOffset: pos, as: UInt8.self))
        guard let nl = memchr(data + pos, 0x0A, got - pos) else { lines += 1; break }
        pos = data.distance(to: nl) + 1
        lines += 1
    }
    let secs = seconds(clock.now - start)
    print("{\"limit\":\"line-split-only\",\"file\":\"\(args[2])\",\"bytes\":\(got),\"lines\":\(lines),\"checksum\":\(checksum),\"seconds\":\(secs),\"mb_per_s\":\(Double(got) / secs / 1e6),\"lines_per_s\":\(Double(lines) / secs)}")
case "plan":
    // How long finding and planning the inputs takes (part of every scan's elapsed time).
    let clock = ContinuousClock()
    let start = clock.now
    let plan = InputPlanner().plan([args[2]])
    print("{\"step\":\"plan\",\"files\":\(plan.files.count),\"seconds\":\(seconds(clock.now - start))}")
default:
    usage()
}
