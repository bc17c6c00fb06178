// libFuzzer target: arbitrary bytes as one JSON text through the CloudTrail decoder, building the
// full event (with request/response export) for every record that decodes; then through the lean
// pass twice, on the fast path and on On-Demand, which must agree record for record.
import VigilCore
import VigilIngest
import VigilParsers

nonisolated(unsafe) let decoder = CloudTrailDecoder()
nonisolated(unsafe) let fastLean = CloudTrailDecoder(wanted: [.snapshotModifyAttribute, .instanceRun], profile: true, fastPath: true)
nonisolated(unsafe) let onDemandLean = CloudTrailDecoder(wanted: [.snapshotModifyAttribute, .instanceRun], profile: true, fastPath: false)

/// Everything a lean decode yields, comparable across the two paths.
func lean(_ d: CloudTrailDecoder, _ span: TextSpan) -> [String] {
    var out: [String] = []
    let (kind, broke) = d.decode(span) { r in
        var s = "\(r.problem.map { "\($0)" } ?? "ok") \(r.offset) \(r.line ?? -1)"
        if r.problem == nil {
            s += " \(r.time.milliseconds) \(r.kind) \(r.service ?? "-") \(r.operation ?? "-") \(r.profileKeys)"
            if r.kind != .other { s += " \(r.event(file: "f", index: 0))" }
        }
        out.append(s)
    }
    out.append("\(kind) \(broke.map { "\($0.problem) \($0.offset)" } ?? "-")")
    return out
}
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
    let fast = lean(fastLean, span), onDemand = lean(onDemandLean, span)
    precondition(fast == onDemand, "fast path \(fast) != On-Demand \(onDemand)")
    return 0
}
