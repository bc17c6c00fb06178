import CVigilCompress
import Foundation

/// A JSON text found in an input: one line of a line-delimited file, or a whole document.
/// The bytes are borrowed: valid only during the callback.
public struct TextSpan {
    /// The first byte.
    public let pointer: UnsafeRawPointer
    /// The text's length.
    public let count: Int
    /// Bytes readable from `pointer` (count plus at least ``PaddedBuffer/padding``).
    public let readable: Int
    /// Offset of the first byte in the decompressed stream of the input.
    public let offset: Int64
    /// 1-based line of the first byte, when known (not for ranges after a split file's first).
    public let line: Int?

    /// A span over `count` bytes at `pointer`, of which `readable` (≥ count + padding) may be read.
    public init(pointer: UnsafeRawPointer, count: Int, readable: Int, offset: Int64, line: Int?) {
        precondition(readable >= count + PaddedBuffer.padding, "simdjson needs padding after every text")
        self.pointer = pointer
        self.count = count
        self.readable = readable
        self.offset = offset
        self.line = line
    }
}

/// Reads inputs into JSON texts: decompresses gzip (libdeflate for whole files, zlib streaming
/// otherwise), frames lines, and reads pretty-printed documents whole. One per worker; its
/// buffers are reused, so memory is bounded by the largest text, not by the input.
public final class TextReader {
    /// The largest JSON text (line or document) accepted; larger ones are reported and skipped.
    public var maxTextBytes = 256 << 20
    /// Gzip files up to this size are decompressed whole with libdeflate.
    public var wholeGzipLimit = 64 << 20

    let text = PaddedBuffer(capacity: 8 << 20)
    let raw = PaddedBuffer(capacity: 1 << 20)
    var stream: OpaquePointer?

    /// Bytes read from disk so far (compressed size for gzip).
    public private(set) var bytesRead: Int64 = 0

    /// A reader with empty buffers.
    public init() {}

    deinit { if let stream { vz_stream_free(stream) } }

    /// Reads `unit`, calling `onText` for every JSON text and `onIssue` for every problem.
    public func read(
        _ unit: WorkUnit, onText: (TextSpan) -> Void, onIssue: (IngestIssue) -> Void
    ) {
        let path = unit.file.path
        let fd: Int32
        if unit.file.isStandardInput {
            fd = 0
        } else if let dir = unit.file.directory, let name = unit.file.name {
            fd = openat(dir.fd, name, O_RDONLY | O_CLOEXEC)
        } else {
            fd = open(path, O_RDONLY | O_CLOEXEC)
        }
        guard fd >= 0 else {
            onIssue(IngestIssue(kind: .unreadable, file: path, message: "cannot open: \(String(cString: strerror(errno)))"))
            return
        }
        defer { if fd != 0 { close(fd) } }
        if let range = unit.range {
            readRange(fd: fd, path: path, range: range, onText: onText, onIssue: onIssue)
            return
        }
        raw.count = 0
        guard fill(fd: fd, atLeast: 2, path: path, onIssue: onIssue) else { return }
        let gzip = raw.count >= 2 && raw.base.load(fromByteOffset: 0, as: UInt8.self) == 0x1f
            && raw.base.load(fromByteOffset: 1, as: UInt8.self) == 0x8b
        var framer = LineFramer(path: path, startOffset: 0, startLine: 1, limit: nil, maxText: maxTextBytes)
        var size = unit.file.size
        if size < 0 {
            var st = stat()
            size = fstat(fd, &st) == 0 ? Int64(st.st_size) : Int64.max
        }
        if gzip, !unit.file.isStandardInput, size <= Int64(wholeGzipLimit),
           readWholeGzip(fd: fd, size: size, path: path, onIssue: onIssue) {
            framer.frameWhole(text, onText: onText, onIssue: onIssue)
            return
        }
        if gzip {
            inflateStream(fd: fd, path: path, framer: &framer, onText: onText, onIssue: onIssue)
        } else {
            text.count = 0
            text.reserve(raw.count)
            text.base.copyMemory(from: raw.base, byteCount: raw.count)
            text.count = raw.count
            plainStream(fd: fd, path: path, framer: &framer, onText: onText, onIssue: onIssue)
        }
        text.shrink(ifAbove: 64 << 20, to: 8 << 20)
    }

    /// Appends at least `atLeast` bytes (or up to end of file) to `raw`. False on a read error.
    func fill(fd: Int32, atLeast: Int, path: String, onIssue: (IngestIssue) -> Void) -> Bool {
        raw.reserve(raw.count + max(atLeast, 1 << 20))
        while true {
            let n = Foundation.read(fd, raw.base + raw.count, raw.capacity - raw.count)
            if n < 0 {
                if errno == EINTR { continue }
                onIssue(IngestIssue(kind: .unreadable, file: path, offset: bytesRead,
                                    message: "read failed: \(String(cString: strerror(errno)))"))
                return false
            }
            raw.count += n
            bytesRead += Int64(n)
            if n == 0 || raw.count >= atLeast { return true }
        }
    }

    /// Whole-file gunzip with libdeflate. False (nothing emitted) when the data is not a
    /// complete gzip stream: the streaming path then reads what can be read and says where it
    /// broke.
    func readWholeGzip(fd: Int32, size: Int64, path: String, onIssue: (IngestIssue) -> Void) -> Bool {
        while raw.count < Int(size) {
            let before = raw.count
            guard fill(fd: fd, atLeast: Int(size), path: path, onIssue: onIssue) else { return false }
            if raw.count == before { break }
        }
        var guess = 0
        if raw.count >= 4 {  // ISIZE: uncompressed size mod 2^32 of the last member
            guess = Int(raw.base.loadUnaligned(fromByteOffset: raw.count - 4, as: UInt32.self).littleEndian)
        }
        var capacity = max(guess + 1, raw.count * 4, 1 << 16)
        while capacity <= maxTextBytes * 2 {
            text.count = 0
            text.reserve(capacity)
            var produced = 0, used = 0
            let r = vz_gunzip_whole(raw.base, raw.count, text.base, text.capacity, &produced, &used)
            if r == Int32(VZ_OK.rawValue) {
                text.count = produced
                return true
            }
            if r != Int32(VZ_SHORT.rawValue) { return false }
            capacity *= 2
        }
        return false
    }

    func inflateStream(
        fd: Int32, path: String, framer: inout LineFramer, onText: (TextSpan) -> Void, onIssue: (IngestIssue) -> Void
    ) {
        if let old = stream { vz_stream_free(old) }
        stream = vz_stream_new()
        guard let z = stream else {
            onIssue(IngestIssue(kind: .unreadable, file: path, message: "out of memory for a gzip stream"))
            return
        }
        text.count = 0
        var rawConsumedBase: Int64 = 0
        vz_stream_input(z, raw.base, raw.count)
        var eof = raw.count == 0
        let step = 1 << 20
        while true {
            text.reserve(text.count + step)
            var produced = 0
            let r = vz_stream_inflate(z, text.base + text.count, text.capacity - text.count, &produced)
            text.count += produced
            if produced > 0 { framer.frame(text, final: false, onText: onText, onIssue: onIssue) }
            if r == Int32(VZ_NEED_INPUT.rawValue) || r == Int32(VZ_END.rawValue) {
                if eof { break }
                rawConsumedBase += Int64(raw.count)
                raw.count = 0
                guard fill(fd: fd, atLeast: 1, path: path, onIssue: onIssue) else { break }
                if raw.count == 0 { eof = true; if r == Int32(VZ_END.rawValue) { break } else { continue } }
                vz_stream_input(z, raw.base, raw.count)
                continue
            }
            if r < 0 {
                framer.frame(text, final: true, onText: onText, onIssue: onIssue)
                let msg = vz_stream_message(z).map { String(cString: $0) } ?? "invalid compressed data"
                onIssue(IngestIssue(kind: .corruptGzip, file: path, offset: Int64(vz_stream_consumed(z)),
                                    message: "gzip data is corrupt at compressed byte \(vz_stream_consumed(z)): \(msg); records after it were not read"))
                return
            }
        }
        framer.frame(text, final: true, onText: onText, onIssue: onIssue)
        if vz_stream_finished(z) == 0 {
            onIssue(IngestIssue(kind: .truncatedGzip, file: path, offset: Int64(vz_stream_consumed(z)),
                                message: "gzip data ends early (after \(vz_stream_consumed(z)) compressed bytes); the last record is incomplete"))
        }
    }

    func plainStream(
        fd: Int32, path: String, framer: inout LineFramer, onText: (TextSpan) -> Void, onIssue: (IngestIssue) -> Void
    ) {
        let step = 4 << 20
        while true {
            framer.frame(text, final: false, onText: onText, onIssue: onIssue)
            if framer.done { return }
            text.reserve(text.count + step)
            let n = Foundation.read(fd, text.base + text.count, text.capacity - text.count)
            if n < 0 {
                if errno == EINTR { continue }
                onIssue(IngestIssue(kind: .unreadable, file: path, offset: framer.offset(of: text.count),
                                    message: "read failed: \(String(cString: strerror(errno)))"))
                break
            }
            if n == 0 { break }
            text.count += n
            bytesRead += Int64(n)
        }
        framer.frame(text, final: true, onText: onText, onIssue: onIssue)
    }

    func readRange(
        fd: Int32, path: String, range: Range<Int64>, onText: (TextSpan) -> Void, onIssue: (IngestIssue) -> Void
    ) {
        // The range owns the lines that start inside it: begin after the first newline at or
        // after lowerBound - 1.
        var start = range.lowerBound
        text.count = 0
        if start > 0 {
            start -= 1
            guard lseek(fd, off_t(start), SEEK_SET) >= 0 else {
                onIssue(IngestIssue(kind: .unreadable, file: path, offset: start, message: "seek failed"))
                return
            }
        }
        var framer = LineFramer(path: path, startOffset: start, startLine: range.lowerBound == 0 ? 1 : nil,
                                limit: range.upperBound, maxText: maxTextBytes)
        framer.skipFirstLine = range.lowerBound > 0
        let before = bytesRead
        plainStream(fd: fd, path: path, framer: &framer, onText: onText, onIssue: onIssue)
        // Ranges read a little past their ends to finish their last line; count only their own bytes.
        bytesRead = before + (range.upperBound - range.lowerBound)
        text.shrink(ifAbove: 64 << 20, to: 8 << 20)
    }
}
