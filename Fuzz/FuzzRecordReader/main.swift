// libFuzzer target: arbitrary bytes as a whole input file (plain, gzip, NDJSON, pretty JSON,
// garbage) through the reader — framing, decompression, the whole-text fallback — and the decoder.
import Foundation
import VigilIngest
import VigilParsers

nonisolated(unsafe) let reader: TextReader = {
    let r = TextReader()
    r.maxTextBytes = 1 << 20
    return r
}()
nonisolated(unsafe) let decoder = CloudTrailDecoder()
let path = "/dev/shm/vigil-fuzz-record-reader-\(getpid())"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRecordReader(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { return 0 }
    _ = write(fd, data, size)
    close(fd)
    var records = 0
    reader.read(WorkUnit(file: InputFile(path: path, size: Int64(size))), onText: { text in
        precondition(text.count >= 0 && text.readable >= text.count + PaddedBuffer.padding)
        decoder.decode(text) { record in
            if record.problem == nil { _ = record.event(file: path, index: records) }
            records += 1
        }
    }, onIssue: { _ in })
    return 0
}
