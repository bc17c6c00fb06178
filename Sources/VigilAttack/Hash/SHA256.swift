import CVigilSHA256

/// SHA-256 digests (FIPS 180-4), computed by the small C implementation in `CVigilSHA256`.
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func digest(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: 32) { out, count in
            vs_sha256_digest(bytes.baseAddress, bytes.count, out.baseAddress)
            count = 32
        }
    }

    /// The 32-byte digest of `bytes`.
    public static func digest(_ bytes: [UInt8]) -> [UInt8] {
        bytes.withUnsafeBytes { digest($0) }
    }

    /// The digest of `bytes` as 64 lower-case hex digits.
    public static func hex(_ bytes: UnsafeRawBufferPointer) -> String {
        hexString(digest(bytes))
    }

    /// The digest of `bytes` as 64 lower-case hex digits.
    public static func hex(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { hex($0) }
    }

    /// The digest of a string's UTF-8 bytes as 64 lower-case hex digits.
    public static func hex(_ text: String) -> String {
        hex(Array(text.utf8))
    }

    /// Lower-case hex of `bytes`.
    static func hexString(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: bytes.count * 2) { out in
            for (i, b) in bytes.enumerated() {
                out[2 * i] = digits[Int(b >> 4)]
                out[2 * i + 1] = digits[Int(b & 0xF)]
            }
            return bytes.count * 2
        }
    }
}

/// The identity of an object's content: SHA-256 of its canonical JSON (``CanonicalJSON``), as
/// 64 hex digits. Two objects have the same hash exactly when they hold the same members and
/// values, whatever their key order, whitespace or string escapes.
public struct ContentHash: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// 64 lower-case hex digits.
    public let hex: String

    /// A hash from its hex form.
    public init(hex: String) { self.hex = hex }

    /// The content hash of a JSON value.
    public init(of node: JSONNode) {
        hex = SHA256.hex(CanonicalJSON.bytes(node))
    }

    /// The first 12 hex digits, for tables.
    public var prefix: String { String(hex.prefix(12)) }

    public var description: String { hex }
    public static func < (a: ContentHash, b: ContentHash) -> Bool { a.hex < b.hex }

    public init(from decoder: any Decoder) throws { hex = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(hex)
    }
}
