/// An IPv4 or IPv6 address, parsed once at the edge.
public struct IPAddress: Hashable, Sendable, CustomStringConvertible, Codable {
    /// The address family.
    public enum Family: Sendable { case v4, v6 }

    /// 16 bytes; IPv4 addresses occupy the last four.
    public let bytes: [UInt8]
    /// Whether this is an IPv4 or IPv6 address.
    public let family: Family

    /// Parses dotted-quad IPv4 or RFC 4291 IPv6 text (with `::` and an embedded IPv4 tail).
    public init?(_ text: some StringProtocol) {
        if let v4 = IPAddress.parseV4(Substring(text)) {
            bytes = v4
            family = .v4
        } else if let v6 = IPAddress.parseV6(Substring(text)) {
            bytes = v6
            family = .v6
        } else {
            return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let ip = IPAddress(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not an IP address: \(text)"))
        }
        self = ip
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }

    public var description: String {
        switch family {
        case .v4: return bytes[12...].map(String.init).joined(separator: ".")
        case .v6:
            var groups = stride(from: 0, to: 16, by: 2).map { Int(bytes[$0]) << 8 | Int(bytes[$0 + 1]) }
            // Longest run of zero groups (length ≥ 2) becomes "::".
            var best = (start: -1, len: 0), i = 0
            while i < 8 {
                if groups[i] == 0 {
                    var j = i
                    while j < 8, groups[j] == 0 { j += 1 }
                    if j - i > best.len { best = (i, j - i) }
                    i = j
                } else { i += 1 }
            }
            func hex(_ g: ArraySlice<Int>) -> String { g.map { String($0, radix: 16) }.joined(separator: ":") }
            if best.len >= 2 {
                let head = hex(groups[0..<best.start]), tail = hex(groups[(best.start + best.len)...])
                return head + "::" + tail
            }
            groups = Array(groups)
            return hex(groups[...])
        }
    }

    /// The network this address belongs to, as a prefix length: /24 for IPv4 and /48 for IPv6
    /// by default — the granularity at which "a new place" is judged without GeoIP data.
    public func network(prefix: Int? = nil) -> IPNetwork {
        IPNetwork(address: self, prefix: prefix ?? (family == .v4 ? 24 : 48))
    }

    /// Dotted-quad IPv4 as the 16 bytes of an IPv4 address (12 zeros, then the four parts): four
    /// parts of one to three ASCII digits, each at most 255 (leading zeros allowed). Read byte by
    /// byte: a byte outside digits and dots ends it, so no text is split or made.
    static func parseV4(_ s: Substring) -> [UInt8]? { parseV4(bytes: s.utf8) }

    /// ``parseV4(_:)`` over UTF-8 bytes.
    static func parseV4(bytes: some Collection<UInt8>) -> [UInt8]? {
        var parts: UInt32 = 0, count = 0, value = 0, digits = 0
        for b in bytes {
            if b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") {
                digits += 1
                guard digits <= 3 else { return nil }
                value = value * 10 + Int(b - UInt8(ascii: "0"))
            } else if b == UInt8(ascii: ".") {
                guard digits > 0, value <= 255, count < 3 else { return nil }
                parts = parts << 8 | UInt32(value)
                count += 1
                value = 0
                digits = 0
            } else {
                return nil
            }
        }
        guard digits > 0, value <= 255, count == 3 else { return nil }
        parts = parts << 8 | UInt32(value)
        var out = [UInt8](repeating: 0, count: 16)
        for i in 0..<4 { out[12 + i] = UInt8(truncatingIfNeeded: parts >> (24 - 8 * UInt32(i))) }
        return out
    }

    /// The reading ``parseV4(_:)`` replaced (by characters, splitting the text), kept for the
    /// differential test; returns the four parts.
    static func parseV4Characters(_ s: Substring) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }), let v = UInt8(p) else { return nil }
            out.append(v)
        }
        return out
    }

    static func parseV6(_ s: Substring) -> [UInt8]? {
        // No colon byte, no colon character: most texts tried as addresses are rejected here
        // without the character reading below.
        guard s.utf8.contains(UInt8(ascii: ":")) else { return nil }
        // Text of hex digits, colons and dots only (every address without a zone) is read byte
        // by byte; anything else keeps the character reading.
        var plain = true
        for b in s.utf8 where !Self.v6Byte[Int(b)] { plain = false; break }
        return plain ? parseV6(bytes: Array(s.utf8)) : parseV6Characters(s)
    }

    /// Bytes an IPv6 address without a zone is made of: hex digits, `:` and `.`.
    private static let v6Byte: [Bool] = (0..<256).map { b in
        (48...57).contains(b) || (65...70).contains(b) || (97...102).contains(b) || b == 58 || b == 46
    }

    /// ``parseV6Characters(_:)``'s reading over bytes that are hex digits, colons and dots (each
    /// byte a character): halves split at each `::`, groups at each `:`, a dotted IPv4 tail.
    static func parseV6(bytes b: [UInt8]) -> [UInt8]? {
        guard b.count <= 45 else { return nil }
        let colon = UInt8(ascii: ":")
        var halves: [Range<Int>] = []
        var i = 0, start = 0
        while i < b.count {
            if b[i] == colon, i + 1 < b.count, b[i + 1] == colon {
                halves.append(start..<i)
                i += 2
                start = i
            } else { i += 1 }
        }
        halves.append(start..<b.count)
        guard halves.count <= 2 else { return nil }
        func groups(_ part: Range<Int>) -> [UInt8]? {
            if part.isEmpty { return [] }
            var out: [UInt8] = []
            var g = part.lowerBound
            while true {
                var end = g
                while end < part.upperBound, b[end] != colon { end += 1 }
                let last = end == part.upperBound
                let item = b[g..<end]
                if last, item.contains(UInt8(ascii: ".")), let v4 = parseV4(bytes: item) {
                    out += v4[12...]
                } else {
                    guard !item.isEmpty, item.count <= 4 else { return nil }
                    var v: UInt16 = 0
                    for c in item {
                        let d: UInt8
                        switch c {
                        case 48...57: d = c - 48
                        case 65...70: d = c - 55
                        case 97...102: d = c - 87
                        default: return nil
                        }
                        v = v << 4 | UInt16(d)
                    }
                    out += [UInt8(v >> 8), UInt8(v & 0xff)]
                }
                if last { return out }
                g = end + 1
            }
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// The reading by characters (zones, any text), which ``parseV6(bytes:)`` spares addresses
    /// without a zone; kept for them and for the differential test.
    static func parseV6Characters(_ s: Substring) -> [UInt8]? {
        guard s.utf8.contains(UInt8(ascii: ":")) else { return nil }
        var s = s
        if let pct = s.firstIndex(of: "%") { s = s[..<pct] }  // zone id
        guard s.contains(":"), s.count <= 45 else { return nil }
        var halves: [String] = []
        let chars = Array(s)
        var i = 0, start = 0
        while i < chars.count {
            if chars[i] == ":", i + 1 < chars.count, chars[i + 1] == ":" {
                halves.append(String(chars[start..<i]))
                i += 2
                start = i
            } else { i += 1 }
        }
        halves.append(String(chars[start...]))
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            if part.isEmpty { return [] }
            var out: [UInt8] = []
            let items = part.split(separator: ":", omittingEmptySubsequences: false)
            for (n, g) in items.enumerated() {
                if n == items.count - 1, g.contains("."), let v4 = parseV4(g) { out += v4[12...]; continue }
                guard !g.isEmpty, g.count <= 4, let v = UInt16(g, radix: 16) else { return nil }
                out += [UInt8(v >> 8), UInt8(v & 0xff)]
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}

/// An address prefix, such as `10.10.1.0/24`.
public struct IPNetwork: Hashable, Sendable, CustomStringConvertible {
    /// The network address (host bits cleared).
    public let address: IPAddress
    /// Prefix length in the address's own family (0–32 for IPv4, 0–128 for IPv6).
    public let prefix: Int

    /// Creates the network of `address` with `prefix` bits; host bits are cleared.
    public init(address: IPAddress, prefix: Int) {
        let bits = address.family == .v4 ? prefix + 96 : prefix
        var b = address.bytes
        for i in 0..<16 {
            let keep = max(0, min(8, bits - i * 8))
            b[i] &= keep == 0 ? 0 : UInt8(truncatingIfNeeded: 0xff << (8 - keep))
        }
        self.address = IPAddress(rawBytes: b, family: address.family)
        self.prefix = prefix
    }

    /// Parses `ADDRESS/PREFIX` (or a bare address, as a host network).
    public init?(_ text: some StringProtocol) {
        let parts = text.split(separator: "/", maxSplits: 1)
        guard let first = parts.first, let ip = IPAddress(first) else { return nil }
        let max = ip.family == .v4 ? 32 : 128
        var len = max
        if parts.count == 2 {
            guard let l = Int(parts[1]), (0...max).contains(l) else { return nil }
            len = l
        }
        self.init(address: ip, prefix: len)
    }

    /// Whether `ip` lies inside this network.
    public func contains(_ ip: IPAddress) -> Bool {
        ip.family == address.family && IPNetwork(address: ip, prefix: prefix).address == address
    }

    public var description: String { "\(address)/\(prefix)" }
}

extension IPAddress {
    init(rawBytes: [UInt8], family: Family) {
        self.bytes = rawBytes
        self.family = family
    }
}
