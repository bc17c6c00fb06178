import CVigilCompress

/// gzip bodies inflated with zlib, stopping at a size limit (a small body may inflate to a
/// great deal: the limit is on what comes out).
enum Gunzip {
    enum Failure: Error, Equatable {
        case tooLarge
        case bad(String)
    }

    static func inflate(_ input: [UInt8], limit: Int) throws(Failure) -> [UInt8] {
        guard let s = vz_stream_new() else { throw .bad("out of memory") }
        defer { vz_stream_free(s) }
        var out = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        let result: Result<[UInt8], Failure> = input.withUnsafeBytes { raw in
            vz_stream_input(s, raw.baseAddress, raw.count)
            while true {
                var produced = 0
                let r = chunk.withUnsafeMutableBytes { vz_stream_inflate(s, $0.baseAddress, $0.count, &produced) }
                out.append(contentsOf: chunk[..<produced])
                if out.count > limit { return .failure(.tooLarge) }
                switch r {
                case Int32(VZ_OK.rawValue): continue
                case Int32(VZ_END.rawValue): return .success(out)
                case Int32(VZ_NEED_INPUT.rawValue):
                    if vz_stream_finished(s) != 0 { return .success(out) }
                    return .failure(.bad("the gzip data ends before its stream does"))
                default:
                    return .failure(.bad(vz_stream_message(s).map { String(cString: $0) } ?? "not gzip data"))
                }
            }
        }
        return try result.get()
    }
}
