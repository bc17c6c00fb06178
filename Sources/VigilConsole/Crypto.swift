import HTTPTypes
import CVigilSHA256

/// The console's secrets: random tokens, SHA-256 for token and session hashes, PBKDF2-HMAC-SHA256
/// for passwords, and comparisons that take the same time whatever the inputs hold.
public enum ConsoleCrypto {
    /// The PBKDF2 iteration count for new password hashes (OWASP's figure for PBKDF2-HMAC-SHA256
    /// is 600,000; at least 200,000 is required here).
    public static let passwordIterations = 210_000

    /// SHA-256 of bytes.
    public static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        bytes.withUnsafeBytes { b in out.withUnsafeMutableBufferPointer { vs_sha256_digest(b.baseAddress, b.count, $0.baseAddress) } }
        return out
    }

    /// Hex SHA-256 of a text's UTF-8: how tokens and session cookies are stored.
    public static func sha256Hex(_ text: String) -> String { hex(sha256(Array(text.utf8))) }

    /// HMAC-SHA256 (RFC 2104).
    public static func hmac(key: [UInt8], _ message: [UInt8]) -> [UInt8] {
        let pads = HMACPads(key: key)
        return pads.mac(message)
    }

    /// Inner and outer SHA-256 states after the padded key: computed once per password, then
    /// copied for each PBKDF2 iteration.
    struct HMACPads {
        var inner = vs_sha256()
        var outer = vs_sha256()

        init(key: [UInt8]) {
            var k = key.count > 64 ? ConsoleCrypto.sha256(key) : key
            k += [UInt8](repeating: 0, count: 64 - k.count)
            let ipad = k.map { $0 ^ 0x36 }, opad = k.map { $0 ^ 0x5c }
            vs_sha256_init(&inner)
            vs_sha256_update(&inner, ipad, 64)
            vs_sha256_init(&outer)
            vs_sha256_update(&outer, opad, 64)
        }

        func mac(_ message: [UInt8]) -> [UInt8] {
            var digest = [UInt8](repeating: 0, count: 32)
            mac(message, into: &digest)
            return digest
        }

        /// HMAC of `message` into `digest` (32 bytes), without allocating.
        func mac(_ message: UnsafePointer<UInt8>, count: Int, into digest: UnsafeMutablePointer<UInt8>) {
            var i = inner
            vs_sha256_update(&i, message, count)
            vs_sha256_final(&i, digest)
            var o = outer
            vs_sha256_update(&o, digest, 32)
            vs_sha256_final(&o, digest)
        }

        func mac(_ message: [UInt8], into digest: inout [UInt8]) {
            message.withUnsafeBufferPointer { m in
                digest.withUnsafeMutableBufferPointer { mac(m.baseAddress!, count: m.count, into: $0.baseAddress!) }
            }
        }
    }

    /// PBKDF2-HMAC-SHA256 (RFC 8018), one 32-byte block.
    public static func pbkdf2(password: [UInt8], salt: [UInt8], iterations: Int) -> [UInt8] {
        precondition(iterations >= 1)
        let pads = HMACPads(key: password)
        var u = pads.mac(salt + [0, 0, 0, 1])
        var t = u
        var next = [UInt8](repeating: 0, count: 32)
        u.withUnsafeMutableBufferPointer { up in
            next.withUnsafeMutableBufferPointer { np in
                t.withUnsafeMutableBufferPointer { tp in
                    for _ in 1..<iterations {
                        pads.mac(up.baseAddress!, count: 32, into: np.baseAddress!)
                        for j in 0..<32 { tp[j] ^= np[j]; up[j] = np[j] }
                    }
                }
            }
        }
        return t
    }

    /// Random bytes from the system's cryptographically secure generator.
    public static func randomBytes(_ count: Int) -> [UInt8] {
        var g = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &g) }
    }

    /// A new secret: 32 random bytes as unpadded base64url (43 characters).
    public static func newSecret() -> String { base64url(randomBytes(32)) }

    /// Lower-case hex.
    public static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes of a hex text (nil when it is not hex).
    public static func unhex(_ text: String) -> [UInt8]? {
        let u = Array(text.utf8)
        guard u.count % 2 == 0 else { return nil }
        func v(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        var out = [UInt8]()
        for i in stride(from: 0, to: u.count, by: 2) {
            guard let h = v(u[i]), let l = v(u[i + 1]) else { return nil }
            out.append(h << 4 | l)
        }
        return out
    }

    /// Unpadded base64url (RFC 4648 §5).
    public static func base64url(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out = [UInt8]()
        var i = 0
        while i + 3 <= bytes.count {
            let n = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            for s in [18, 12, 6, 0] { out.append(alphabet[Int((n >> UInt32(s)) & 63)]) }
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            let n = UInt32(bytes[i]) << 16 | (rest > 1 ? UInt32(bytes[i + 1]) << 8 : 0)
            out.append(alphabet[Int((n >> 18) & 63)])
            out.append(alphabet[Int((n >> 12) & 63)])
            if rest > 1 { out.append(alphabet[Int((n >> 6) & 63)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Equality whose time depends only on the lengths, not on where the inputs differ.
    public static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var d: UInt8 = 0
        for i in a.indices { d |= a[i] ^ b[i] }
        return d == 0
    }

    /// `constantTimeEquals` over the texts' UTF-8.
    public static func constantTimeEquals(_ a: String, _ b: String) -> Bool { constantTimeEquals(Array(a.utf8), Array(b.utf8)) }
}
