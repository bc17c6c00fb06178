/// JSON in the canonical form of RFC 8785 (JSON Canonicalization Scheme), the bytes that
/// content hashes are computed over.
///
/// - Object members are sorted by their keys' UTF-16 code units; no whitespace anywhere.
/// - Strings are written as UTF-8 with only the escapes RFC 8785 requires: `\"`, `\\`, the
///   short forms `\b \f \n \r \t`, and `\u00xx` (lower-case hex) for other control characters.
///   So `"\u2014"` in a bundle and a literal `—` hash the same.
/// - Numbers are written as ECMAScript writes doubles (``ES6Number``): `1.0` → `1`, `1E3` → `1000`.
///
/// Where this falls short of RFC 8785, for data ATT&CK does not contain: a lone surrogate escape
/// becomes U+FFFD when read (RFC 8785 rejects such input), and when an object repeats a key
/// every occurrence is kept, in source order among equal keys (RFC 8785 rejects duplicates).
public enum CanonicalJSON {
    /// The canonical bytes of `node`.
    public static func bytes(_ node: JSONNode) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(node, to: &out)
        return out
    }

    /// The canonical text of `node`.
    public static func string(_ node: JSONNode) -> String {
        String(decoding: bytes(node), as: UTF8.self)
    }

    /// Appends the canonical form of `node` to `out`.
    public static func write(_ node: JSONNode, to out: inout [UInt8]) {
        switch node {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let literal): out.append(contentsOf: ES6Number.format(literal).utf8)
        case .string(let s): writeString(s, to: &out)
        case .array(let elements):
            out.append(UInt8(ascii: "["))
            for (i, e) in elements.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(e, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            out.append(UInt8(ascii: "{"))
            for (i, m) in sorted(members).enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                writeString(m.key, to: &out)
                out.append(UInt8(ascii: ":"))
                write(m.value, to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Members in RFC 8785 order: by UTF-16 code units (not by scalar or UTF-8 byte, which differ
    /// above U+FFFF). The sort is stable, so repeated keys keep their source order.
    static func sorted(_ members: [JSONNode.Member]) -> [JSONNode.Member] {
        if zip(members, members.dropFirst()).allSatisfy({ precedes($0.key, $1.key) }) { return members }
        return members.enumerated().sorted { a, b in
            if a.element.key == b.element.key { return a.offset < b.offset }
            return precedes(a.element.key, b.element.key)
        }.map(\.element)
    }

    private static func precedes(_ a: String, _ b: String) -> Bool {
        a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
