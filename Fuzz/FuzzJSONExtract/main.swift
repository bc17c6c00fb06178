// libFuzzer target: arbitrary bytes as one JSON text through the CloudTrail decoder, building the
// full event (with request/response export) for every record that decodes.
import VigilIngest
import VigilParsers

nonisolated(unsafe) let decoder = CloudTrailDecoder()
nonisolated(unsafe) let buffer = PaddedBuffer(capacity: 1 << 16)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONExtract(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    buffer.count = 0
    buffer.reserve(size)
    buffer.base.copyMemory(from: data, byteCount: size)
    // Poison-free padding: bytes after the text must be readable, their content is irrelevant.
    (buffer.base + size).initializeMemory(as: UInt8.self, repeating: 0x20, count: PaddedBuffer.padding)
    buffer.count = size
    let span = TextSpan(pointer: UnsafeRawPointer(buffer.base), count: size, readable: buffer.capacity + PaddedBuffer.padding,
                        offset: 0, line: 1)
    var index = 0
    decoder.decode(span) { record in
        if record.problem == nil {
            let e = record.event(file: "fuzz", index: index)
            precondition(e.raw.offset >= 0 && e.raw.offset <= Int64(size))
            _ = record.rawJSON
        }
        index += 1
    }
    return 0
}
