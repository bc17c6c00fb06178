import Foundation

/// Splits a growing buffer into JSON texts: one per line, or — when the first line does not
/// hold a whole JSON text (pretty-printed JSON) — the whole input as one text.
struct LineFramer {
    enum Mode { case undecided, lines, whole }

    let path: String
    /// Offset in the input of the buffer's first byte.
    var bufferOffset: Int64
    /// 1-based line number of the buffer's first byte, when known.
    var line: Int?
    /// Lines starting at or after this offset belong to the next range.
    let limit: Int64?
    let maxText: Int
    var mode = Mode.undecided
    var skipFirstLine = false
    var discarding = false
    var done = false
    /// Bytes of the buffer already searched for a newline without finding one.
    var scanned = 0

    init(path: String, startOffset: Int64, startLine: Int?, limit: Int64?, maxText: Int) {
        self.path = path
        self.bufferOffset = startOffset
        self.line = startLine
        self.limit = limit
        self.maxText = maxText
    }

    func offset(of index: Int) -> Int64 { bufferOffset + Int64(index) }

    /// Frames what `buffer` holds; at `final`, the rest is the last text. Consumed bytes are
    /// dropped from the buffer.
    mutating func frame(_ buffer: PaddedBuffer, final: Bool, onText: (TextSpan) -> Void, onIssue: (IngestIssue) -> Void) {
        guard !done else { return }
        let base = UnsafeRawPointer(buffer.base)
        var pos = 0
        defer {
            buffer.discard(upTo: pos)
            bufferOffset += Int64(pos)
            scanned = max(0, scanned - pos)
        }
        if mode == .whole {
            frameWholeTail(buffer, base: base, pos: &pos, final: final, onText: onText, onIssue: onIssue)
            return
        }
        while pos < buffer.count {
            let from = max(pos, scanned)
            let found = memchr(base + from, 0x0A, buffer.count - from)
            let end: Int
            if let found {
                end = base.distance(to: UnsafeRawPointer(found))
            } else {
                scanned = buffer.count
                if !final {
                    if buffer.count - pos > maxText, mode == .lines || mode == .undecided {
                        if !discarding { reportTooLarge(at: pos, onIssue) }
                        discarding = true
                        pos = buffer.count
                    }
                    return
                }
                end = buffer.count
            }
            let next = min(end + 1, buffer.count)
            if let limit, offset(of: pos) >= limit, !skipFirstLine { done = true; return }
            if skipFirstLine || discarding {
                skipFirstLine = false
                discarding = false
                pos = next
                advanceLine()
                continue
            }
            var stop = end
            while stop > pos, isBlank(base.load(fromByteOffset: stop - 1, as: UInt8.self)) { stop -= 1 }
            var first = pos
            while first < stop, isBlank(base.load(fromByteOffset: first, as: UInt8.self)) { first += 1 }
            if first == stop { pos = next; advanceLine(); continue }
            if mode == .undecided {
                mode = FirstLine.isComplete(UnsafeRawBufferPointer(start: base + first, count: stop - first)) || found == nil
                    ? .lines : .whole
                if mode == .whole {
                    frameWholeTail(buffer, base: base, pos: &pos, final: final, onText: onText, onIssue: onIssue)
                    return
                }
            }
            if stop - first > maxText {
                reportTooLarge(at: first, onIssue)
            } else {
                onText(TextSpan(pointer: base + first, count: stop - first, readable: buffer.capacity + PaddedBuffer.padding - first,
                                offset: offset(of: first), line: line))
            }
            pos = next
            advanceLine()
        }
        if final { done = true }
    }

    /// Frames a buffer that already holds the whole input (libdeflate output).
    mutating func frameWhole(_ buffer: PaddedBuffer, onText: (TextSpan) -> Void, onIssue: (IngestIssue) -> Void) {
        frame(buffer, final: true, onText: onText, onIssue: onIssue)
    }

    private mutating func frameWholeTail(
        _ buffer: PaddedBuffer, base: UnsafeRawPointer, pos: inout Int, final: Bool,
        onText: (TextSpan) -> Void, onIssue: (IngestIssue) -> Void
    ) {
        if buffer.count - pos > maxText {
            reportTooLarge(at: pos, onIssue)
            done = true
            pos = buffer.count
            return
        }
        guard final else { return }
        var stop = buffer.count
        while stop > pos, isBlank(base.load(fromByteOffset: stop - 1, as: UInt8.self)) { stop -= 1 }
        onText(TextSpan(pointer: base + pos, count: stop - pos, readable: buffer.capacity + PaddedBuffer.padding - pos,
                        offset: offset(of: pos), line: line))
        pos = buffer.count
        done = true
    }

    private mutating func advanceLine() { if let l = line { line = l + 1 } }

    private func reportTooLarge(at index: Int, _ onIssue: (IngestIssue) -> Void) {
        onIssue(IngestIssue(kind: .textTooLarge, file: path, offset: offset(of: index), line: line,
                            message: "JSON text longer than \(maxText) bytes; skipped (raise --max-record-bytes to read it)"))
    }

    private func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }
}
