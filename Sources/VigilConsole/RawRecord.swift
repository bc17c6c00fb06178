import CVigilCompress
import Foundation
import VigilNetwork

/// An evidence event's raw record, read again from the file the scan read it from (plain or gzip,
/// at the byte offset in the decompressed stream the alert names) and redacted before it is shown:
/// JSON values under secret-looking keys are replaced, and every text value and every log line
/// goes through the same secret redaction as device commands.
struct RawRecord: Codable, Sendable {
    var file: String
    var offset: Int64
    var line: Int?
    /// Whether the record could be read again.
    var available: Bool
    /// Why not, when it could not (the file moved, was rotated away, or changed).
    var reason: String?
    /// The redacted record: pretty-printed JSON, or the log line.
    var text: String?
    /// `json` or `line`.
    var format: String?
    /// Values replaced by the redaction.
    var redactions: Int
    /// The record was longer than the console shows (`RawRecordReader.maxBytes`).
    var truncated: Bool
}

enum RawRecordReader {
    /// The most of a record read and shown.
    static let maxBytes = 1 << 20
    /// JSON keys whose values are secrets, compared in lower case with `-` and `_` removed.
    static let secretKeys: [String] = ["password", "passwd", "secret", "token", "privatekey", "sharedkey", "presharedkey",
                                       "passphrase", "credential", "apikey", "authorization", "cookie", "sasurl", "sastoken"]

    /// Reads the record at `offset` of `file`'s (decompressed) bytes.
    static func read(file: String, offset: Int64, line: Int?) -> RawRecord {
        var out = RawRecord(file: file, offset: offset, line: line, available: false, reason: nil, text: nil, format: nil,
                            redactions: 0, truncated: false)
        var st = stat()
        guard stat(file, &st) == 0 else {
            out.reason = "the file is no longer there (\(String(cString: strerror(errno))))"
            return out
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            out.reason = "not a regular file (standard input, or a pipe, cannot be read again)"
            return out
        }
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            out.reason = "cannot open it: \(String(cString: strerror(errno)))"
            return out
        }
        defer { close(fd) }
        var magic = [UInt8](repeating: 0, count: 2)
        let m = pread(fd, &magic, 2, 0)
        let bytes: [UInt8]?
        if m == 2, magic == [0x1f, 0x8b] {
            bytes = inflated(fd, from: offset, count: maxBytes + 1)
        } else {
            var b = [UInt8](repeating: 0, count: maxBytes + 1)
            let n = b.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, off_t(offset)) }
            bytes = n < 0 ? nil : Array(b.prefix(n))
        }
        guard let bytes, !bytes.isEmpty else {
            out.reason = "the file is shorter than the record's offset, or unreadable: it changed since it was scanned"
            return out
        }
        var start = 0
        while start < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[start]) { start += 1 }
        guard start < bytes.count else {
            out.reason = "no record at this offset: the file changed since it was scanned"
            return out
        }
        if bytes[start] == UInt8(ascii: "{") {
            guard let end = jsonEnd(bytes, from: start) else {
                out.truncated = bytes.count > maxBytes
                out.reason = out.truncated ? "the record is longer than \(maxBytes) bytes" : "no complete JSON object at this offset: the file changed since it was scanned"
                return out
            }
            let slice = Data(bytes[start..<end])
            guard let object = try? JSONSerialization.jsonObject(with: slice, options: [.fragmentsAllowed]) else {
                out.reason = "the record at this offset is not valid JSON: the file changed since it was scanned"
                return out
            }
            var count = 0
            let clean = redact(object, key: nil, count: &count)
            let data = (try? JSONSerialization.data(withJSONObject: clean, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            out.text = String(decoding: data, as: UTF8.self)
            out.format = "json"
            out.redactions = count
        } else {
            var end = start
            while end < bytes.count, bytes[end] != 0x0a { end += 1 }
            out.truncated = end == bytes.count && bytes.count > maxBytes
            var text = String(decoding: bytes[start..<min(end, start + maxBytes)], as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            let r = SecretRedactor.redact(text)
            out.text = r.text
            out.format = "line"
            out.redactions = r.count
        }
        out.available = true
        return out
    }

    /// Up to `count` bytes of the gzip file's decompressed stream from `offset` (nil on bad data).
    static func inflated(_ fd: Int32, from offset: Int64, count: Int) -> [UInt8]? {
        guard let stream = vz_stream_new() else { return nil }
        defer { vz_stream_free(stream) }
        var input = [UInt8](repeating: 0, count: 256 << 10)
        var output = [UInt8](repeating: 0, count: 256 << 10)
        var position: Int64 = 0  // decompressed bytes produced so far
        var filePosition: off_t = 0
        var kept: [UInt8] = []
        while kept.count < count {
            let n = input.withUnsafeMutableBytes { pread(fd, $0.baseAddress!, $0.count, filePosition) }
            if n <= 0 { break }
            filePosition += off_t(n)
            var finished = false
            let ok: Bool = input.withUnsafeBytes { inBuf in
                vz_stream_input(stream, inBuf.baseAddress!, n)
                while true {
                    var produced = 0
                    let r = output.withUnsafeMutableBytes { vz_stream_inflate(stream, $0.baseAddress!, $0.count, &produced) }
                    if produced > 0 {
                        let from = max(0, Int(offset - position))
                        if from < produced { kept += output[from..<min(produced, from + count - kept.count)] }
                        position += Int64(produced)
                        if kept.count >= count { finished = true; return true }
                    }
                    switch Int(r) {
                    case Int(VZ_OK.rawValue): continue
                    case Int(VZ_NEED_INPUT.rawValue): return true
                    case Int(VZ_END.rawValue): finished = true; return true
                    default: return false
                    }
                }
            }
            if !ok { return kept.isEmpty ? nil : kept }
            if finished { break }
        }
        return kept
    }

    /// The index just past the JSON object starting at `start`, or nil when it does not end.
    static func jsonEnd(_ b: [UInt8], from start: Int) -> Int? {
        var depth = 0, i = start, inString = false
        while i < b.count {
            let c = b[i]
            if inString {
                if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return i + 1 }
            }
            i += 1
        }
        return nil
    }

    /// The value with secrets replaced: every value under a secret-looking key, and the secrets
    /// inside any text (commands, `password=` pairs, crypt hashes).
    static func redact(_ value: Any, key: String?, count: inout Int) -> Any {
        if let key, isSecretKey(key), !(value is [String: Any]), !(value is [Any]), !(value is NSNull) {
            if let s = value as? String, s.isEmpty || s.allSatisfy({ $0 == "*" }) { return s }
            count += 1
            return SecretRedactor.placeholder
        }
        switch value {
        case let d as [String: Any]:
            var out: [String: Any] = [:]
            for (k, v) in d { out[k] = redact(v, key: k, count: &count) }
            return out
        case let a as [Any]:
            return a.map { redact($0, key: key, count: &count) }
        case let s as String:
            let r = SecretRedactor.redact(s)
            count += r.count
            return r.text
        default:
            return value
        }
    }

    static func isSecretKey(_ key: String) -> Bool {
        let k = key.lowercased().filter { $0 != "_" && $0 != "-" }
        // Identifiers of secrets are not secrets: access key ids, token types and expiries, key ARNs.
        if k.hasSuffix("id") || k.hasSuffix("ids") || k.hasSuffix("arn") || k.hasSuffix("type") || k.hasSuffix("expiration")
            || k.hasSuffix("name") || k.hasSuffix("length") || k.hasSuffix("policy") { return false }
        return secretKeys.contains { k.contains($0) }
    }
}
