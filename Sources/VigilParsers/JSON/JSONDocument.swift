import CVigilJSON
public import VigilCore

/// Whole JSON texts parsed into ``JSONValue`` with simdjson's DOM parser (`vj_export`).
///
/// For sources whose records are read as values (Azure Activity Log, GCP Cloud Audit Logs) and
/// for JSON that sources embed as strings (Azure's `properties.requestbody`). simdjson reads up
/// to 64 bytes past the end of a text, so the text is copied into a padded buffer first.
public enum JSONDocument {
    /// Parses one JSON text.
    public static func parse(_ text: String) -> Result<JSONValue, RecordProblem> {
        Reader().parse(text)
    }

    /// Parses one JSON text given as UTF-8 bytes.
    public static func parse(bytes: UnsafeRawBufferPointer) -> Result<JSONValue, RecordProblem> {
        Reader().parse(bytes: bytes)
    }

    /// A reusable parser: one simdjson parser and one padded buffer, kept between texts. Not
    /// thread-safe: one per thread.
    public final class Reader {
        private let reader: OpaquePointer
        private var buffer: UnsafeMutableRawBufferPointer

        /// A parser with an empty buffer.
        public init() {
            guard let r = vj_reader_new() else {
                fatalError("this CPU lacks AVX2/BMI2, which Vigil's JSON reader is built for")
            }
            reader = r
            buffer = .allocate(byteCount: 4096 + Int(VJ_PADDING), alignment: 64)
        }

        deinit {
            vj_reader_free(reader)
            buffer.deallocate()
        }

        /// Parses one JSON text.
        public func parse(_ text: String) -> Result<JSONValue, RecordProblem> {
            var text = text
            return text.withUTF8 { parse(bytes: UnsafeRawBufferPointer($0)) }
        }

        /// Parses one JSON text given as UTF-8 bytes (copied; `bytes` needs no padding).
        public func parse(bytes: UnsafeRawBufferPointer) -> Result<JSONValue, RecordProblem> {
            guard bytes.contains(where: { !Self.isWhitespace($0) }) else { return .failure(.empty) }
            let count = bytes.count
            if buffer.count < count + Int(VJ_PADDING) {
                buffer.deallocate()
                buffer = .allocate(byteCount: count + Int(VJ_PADDING), alignment: 64)
            }
            if let base = bytes.baseAddress, count > 0, let dest = buffer.baseAddress {
                dest.copyMemory(from: base, byteCount: count)
            }
            // Zeroed padding: simdjson may read it, and must never see stale bytes as the text.
            UnsafeMutableRawBufferPointer(rebasing: buffer[count..<(count + Int(VJ_PADDING))]).initializeMemory(as: UInt8.self, repeating: 0)
            guard let start = buffer.baseAddress?.assumingMemoryBound(to: CChar.self) else { return .failure(.empty) }
            var nodes: UnsafePointer<vj_node>?
            let n = vj_export(reader, start, count, buffer.count, "", &nodes)
            if n < 0 {
                // vj_export reports only that parsing failed; parsing again (only on this error
                // path) gives simdjson's code for the message.
                let code = vj_bench_parse_one(reader, start, count, buffer.count)
                return .failure(.invalidJSON(String(cString: vj_error_message(code))))
            }
            guard n > 0, let nodes, let value = JSONExport.value(nodes, count: n) else { return .failure(.empty) }
            return .success(value)
        }

        private static func isWhitespace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }
    }
}

/// Lookups the record decoders share: several spellings of one field (a source's own forms, and
/// exports that lower-case every key), and text values.
extension JSONValue {
    /// The member named by the first of `keys` present: exact spellings first, then ignoring ASCII
    /// case (Athena-style and Panther exports lower-case keys).
    func member(_ keys: String...) -> JSONValue? { member(keys) }

    func member(_ keys: [String]) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        for key in keys {
            if let m = members.first(where: { $0.key == key }) { return m.value }
        }
        for key in keys {
            if let m = members.first(where: { Self.equalIgnoringASCIICase($0.key, key) }) { return m.value }
        }
        return nil
    }

    /// Compares keys byte by byte, folding ASCII letters only (no allocation per comparison).
    private static func equalIgnoringASCIICase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return zip(a.utf8, b.utf8).allSatisfy { x, y in
            x == y || (x | 0x20 == y | 0x20 && (0x61...0x7A).contains(x | 0x20))
        }
    }

    /// The first non-empty text among `keys` (each matched exactly, else ignoring case).
    func text(_ keys: String...) -> String? {
        for key in keys {
            if let t = member(key)?.nonEmptyText { return t }
        }
        return nil
    }

    /// This value when it is a non-empty string.
    var nonEmptyText: String? {
        if case .string(let s) = self, !s.isEmpty { return s }
        return nil
    }

    /// Whether this is an object.
    var isObject: Bool { if case .object = self { true } else { false } }
}

/// The address of a caller as sources write it: an address, an address with a port
/// (`1.2.3.4:55443`, `[2001:db8::1]:443`, as Azure resource logs write it), or a name.
enum CallerAddress {
    static func endpoint(_ text: String?) -> Endpoint {
        guard let text, !text.isEmpty else { return Endpoint() }
        if let ip = IPAddress(text) { return Endpoint(ip: ip) }
        if text.hasPrefix("["), let close = text.firstIndex(of: "]"), let ip = IPAddress(text[text.index(after: text.startIndex)..<close]) {
            return Endpoint(ip: ip)
        }
        if let colon = text.lastIndex(of: ":"), text.firstIndex(of: ":") == colon, let ip = IPAddress(text[..<colon]) {
            return Endpoint(ip: ip)
        }
        return Endpoint(name: text)
    }
}

/// `Result<Event, RecordProblem>` (the record decoders' answer) needs its failure to be an `Error`.
/// (Belongs with the type in RecordProblem.swift; declared here until it moves there.)
