import Foundation
public import VigilCore

/// Builds small MaxMind DB (`.mmdb`, format 2.0) files for tests, so geolocation code can be
/// exercised against real libmaxminddb without downloading a database.
///
/// The file follows the MaxMind DB File Format Specification:
/// 1. a binary search tree over the 128 bits of an IPv6 address (or 32 of an IPv4 address when
///    `ipVersion` is 4), one node per level, each node two big-endian records of 24, 28 or 32 bits;
///    a record below `node_count` is a node, equal to it "no data", above it a pointer into the
///    data section (`record − node_count − 16`);
/// 2. 16 zero bytes separating tree and data;
/// 3. the data section, one encoded value per distinct record;
/// 4. `\xAB\xCD\xEFMaxMind.com` and the metadata map.
///
/// In an IPv6 database, IPv4 networks are stored at `::a.b.c.d` (`::/96`, where libmaxminddb looks
/// IPv4 addresses up) and `::ffff:0:0/96` is an alias of that subtree (the same node), so IPv4-mapped
/// IPv6 addresses find the same data — as in MaxMind's own databases. Nested networks give
/// longest-prefix matches: a more specific network overrides the part of a broader one it covers,
/// whatever the insertion order; of two equal networks the later wins.
///
/// ```swift
/// var w = MMDBWriter(databaseType: "GeoLite2-ASN")
/// try w.insert("192.0.2.0/24", ["autonomous_system_number": 64500, "autonomous_system_organization": "Example"])
/// try w.write(to: dir.path + "/asn.mmdb")
/// ```
public struct MMDBWriter: Sendable {
    /// A value in the data section.
    public indirect enum Value: Hashable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral,
        ExpressibleByBooleanLiteral, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral {
        /// UTF-8 string (type 2).
        case string(String)
        /// Double (type 3).
        case double(Double)
        /// Unsigned 16-bit integer (type 5).
        case uint16(UInt16)
        /// Unsigned 32-bit integer (type 6); integer literals become this.
        case uint32(UInt32)
        /// Unsigned 64-bit integer (type 9).
        case uint64(UInt64)
        /// Map with string keys (type 7), written in key order.
        case map([String: Value])
        /// Array (type 11).
        case array([Value])
        /// Boolean (type 14).
        case bool(Bool)

        public init(stringLiteral value: String) { self = .string(value) }
        public init(integerLiteral value: UInt32) { self = .uint32(value) }
        public init(booleanLiteral value: Bool) { self = .bool(value) }
        public init(floatLiteral value: Double) { self = .double(value) }
        public init(arrayLiteral elements: Value...) { self = .array(elements) }
        public init(dictionaryLiteral elements: (String, Value)...) {
            self = .map(Dictionary(elements, uniquingKeysWith: { _, last in last }))
        }

        /// The value as the data section stores it: control byte(s), size, payload.
        public var encoded: [UInt8] {
            var out: [UInt8] = []
            MMDBWriter.encode(self, into: &out)
            return out
        }
    }

    /// Bits per search-tree record.
    public enum RecordSize: Int, Sendable {
        /// 6-byte nodes; up to 2²⁴ nodes plus data.
        case bits24 = 24
        /// 7-byte nodes, the high nibbles of both records sharing the middle byte.
        case bits28 = 28
        /// 8-byte nodes.
        case bits32 = 32
    }

    /// Why a database could not be built.
    public enum Failure: Error, Sendable, Equatable {
        /// Not `ADDRESS/PREFIX` (or a bare address).
        case invalidNetwork(String)
        /// An IPv6 network given to an IPv4 (`ipVersion` 4) database.
        case ipv6NetworkInIPv4Database(String)
        /// The tree and data do not fit the requested record size.
        case tooLargeForRecordSize(RecordSize)
    }

    /// `database_type`, e.g. `GeoLite2-ASN`.
    public var databaseType: String
    /// `ip_version`: 6 (default; IPv4 networks go under `::/96`, aliased at `::ffff:0:0/96`) or 4.
    public var ipVersion: Int
    /// `languages`.
    public var languages: [String]
    /// `description`: locale → text.
    public var description: [String: String]
    /// `build_epoch`, seconds since 1970.
    public var buildEpoch: UInt64
    /// The record size; nil picks the smallest of 24, 28 and 32 bits that fits.
    public var recordSize: RecordSize?

    /// The networks inserted so far, with their records, in insertion order.
    public private(set) var entries: [(network: IPNetwork, record: [String: Value])] = []

    /// Creates an empty database description.
    public init(databaseType: String = "Vigil-Test", ipVersion: Int = 6, languages: [String] = ["en"],
                description: [String: String] = ["en": "Vigil test database"], buildEpoch: UInt64 = 1_700_000_000,
                recordSize: RecordSize? = nil) {
        precondition(ipVersion == 4 || ipVersion == 6, "ip_version is 4 or 6")
        self.databaseType = databaseType
        self.ipVersion = ipVersion
        self.languages = languages
        self.description = description
        self.buildEpoch = buildEpoch
        self.recordSize = recordSize
    }

    /// Maps `network` (CIDR text such as `10.0.0.0/8` or `2001:db8::/32`; a bare address is a host
    /// network) to `record`.
    public mutating func insert(_ network: String, _ record: [String: Value]) throws(Failure) {
        guard let net = IPNetwork(network) else { throw .invalidNetwork(network) }
        try insert(net, record)
    }

    /// Maps `network` to `record`.
    public mutating func insert(_ network: IPNetwork, _ record: [String: Value]) throws(Failure) {
        if ipVersion == 4, network.address.family == .v6 { throw .ipv6NetworkInIPv4Database(network.description) }
        entries.append((network, record))
    }

    /// Writes the database file.
    public func write(to path: String) throws {
        try Data(bytes()).write(to: URL(fileURLWithPath: path))
    }

    /// The database file's bytes.
    public func bytes() throws(Failure) -> [UInt8] {
        // The tree, with data records naming indexes into `values`.
        var tree = Tree()
        var values: [Value] = [], valueIndex: [Value: Int] = [:]
        // Broader networks first, so a more specific one splits the record of the broader one.
        let ordered = entries.enumerated().sorted { a, b in
            let la = treeBits(a.element.network).count, lb = treeBits(b.element.network).count
            return la != lb ? la < lb : a.offset < b.offset
        }
        for (_, entry) in ordered {
            let value = Value.map(entry.record)
            let index: Int
            if let i = valueIndex[value] { index = i } else {
                index = values.count
                values.append(value)
                valueIndex[value] = index
            }
            tree.set(treeBits(entry.network), to: .data(index))
        }
        if ipVersion == 6, entries.contains(where: { $0.network.address.family == .v4 }) {
            // ::ffff:0:0/96 → the IPv4 subtree at ::/96 (the same node, not a copy).
            let mapped = Array(repeating: false, count: 80) + Array(repeating: true, count: 16)
            tree.set(mapped, to: tree.record(at: Array(repeating: false, count: 96)))
        }

        // Data section.
        var data: [UInt8] = [], offsets: [Int] = []
        for v in values {
            offsets.append(data.count)
            Self.encode(v, into: &data)
        }

        // Record size.
        let nodeCount = tree.nodes.count
        let maxRecord = UInt64(nodeCount) + 16 + UInt64(data.count)
        let size: RecordSize
        if let recordSize {
            guard maxRecord < UInt64(1) << UInt64(recordSize.rawValue) else { throw .tooLargeForRecordSize(recordSize) }
            size = recordSize
        } else {
            size = maxRecord < 1 << 24 ? .bits24 : maxRecord < 1 << 28 ? .bits28 : .bits32
            guard maxRecord < UInt64(1) << 32 else { throw .tooLargeForRecordSize(.bits32) }
        }

        // Search tree.
        var out: [UInt8] = []
        out.reserveCapacity(nodeCount * size.rawValue / 4 + 16 + data.count + 256)
        func number(_ r: Tree.Record) -> UInt32 {
            switch r {
            case .empty: return UInt32(nodeCount)
            case .node(let n): return UInt32(n)
            case .data(let i): return UInt32(nodeCount + 16 + offsets[i])
            }
        }
        for node in tree.nodes {
            let l = number(node.left), r = number(node.right)
            switch size {
            case .bits24:
                out += [UInt8(l >> 16 & 0xff), UInt8(l >> 8 & 0xff), UInt8(l & 0xff)]
                out += [UInt8(r >> 16 & 0xff), UInt8(r >> 8 & 0xff), UInt8(r & 0xff)]
            case .bits28:
                out += [UInt8(l >> 16 & 0xff), UInt8(l >> 8 & 0xff), UInt8(l & 0xff)]
                out.append(UInt8((l >> 24 & 0x0f) << 4 | (r >> 24 & 0x0f)))
                out += [UInt8(r >> 16 & 0xff), UInt8(r >> 8 & 0xff), UInt8(r & 0xff)]
            case .bits32:
                out += [UInt8(l >> 24), UInt8(l >> 16 & 0xff), UInt8(l >> 8 & 0xff), UInt8(l & 0xff)]
                out += [UInt8(r >> 24), UInt8(r >> 16 & 0xff), UInt8(r >> 8 & 0xff), UInt8(r & 0xff)]
            }
        }
        out += Array(repeating: 0, count: 16)  // data section separator
        out += data
        out += [0xAB, 0xCD, 0xEF] + Array("MaxMind.com".utf8)
        let metadata: [String: Value] = [
            "node_count": .uint32(UInt32(nodeCount)),
            "record_size": .uint16(UInt16(size.rawValue)),
            "ip_version": .uint16(UInt16(ipVersion)),
            "database_type": .string(databaseType),
            "languages": .array(languages.map { .string($0) }),
            "binary_format_major_version": .uint16(2),
            "binary_format_minor_version": .uint16(0),
            "build_epoch": .uint64(buildEpoch),
            "description": .map(description.mapValues { .string($0) }),
        ]
        Self.encode(.map(metadata), into: &out)
        return out
    }

    /// The bits of `network`'s prefix, as the tree's path from the root (true = right).
    private func treeBits(_ network: IPNetwork) -> [Bool] {
        let isV4 = network.address.family == .v4
        let bytes = ipVersion == 4 ? Array(network.address.bytes[12...]) : network.address.bytes
        let count = network.prefix + (isV4 && ipVersion == 6 ? 96 : 0)
        return (0..<count).map { bytes[$0 / 8] & (0x80 >> UInt8($0 % 8)) != 0 }
    }

    // MARK: - Data section encoding

    /// Appends `value` (control byte, extended type, size, payload) to `out`.
    static func encode(_ value: Value, into out: inout [UInt8]) {
        switch value {
        case .string(let s):
            let utf8 = Array(s.utf8)
            control(type: 2, size: utf8.count, into: &out)
            out += utf8
        case .double(let d):
            control(type: 3, size: 8, into: &out)
            out += bigEndian(d.bitPattern, minimal: false)
        case .uint16(let v):
            let b = bigEndian(UInt64(v), minimal: true)
            control(type: 5, size: b.count, into: &out)
            out += b
        case .uint32(let v):
            let b = bigEndian(UInt64(v), minimal: true)
            control(type: 6, size: b.count, into: &out)
            out += b
        case .uint64(let v):
            let b = bigEndian(v, minimal: true)
            control(type: 9, size: b.count, into: &out)
            out += b
        case .map(let m):
            control(type: 7, size: m.count, into: &out)
            for key in m.keys.sorted() {
                encode(.string(key), into: &out)
                encode(m[key]!, into: &out)
            }
        case .array(let a):
            control(type: 11, size: a.count, into: &out)
            for v in a { encode(v, into: &out) }
        case .bool(let b):
            control(type: 14, size: b ? 1 : 0, into: &out)
        }
    }

    /// The control byte: type in the top 3 bits (0 = extended, type − 7 in the next byte) and the
    /// size in the low 5 bits, with 29/30/31 meaning 1/2/3 more size bytes after the type bytes.
    private static func control(type: Int, size: Int, into out: inout [UInt8]) {
        precondition(size <= 16_843_036, "MaxMind DB field too large")
        var first = UInt8(type <= 7 ? type << 5 : 0)
        var sizeBytes: [UInt8] = []
        switch size {
        case ..<29:
            first |= UInt8(size)
        case ..<285:
            first |= 29
            sizeBytes = [UInt8(size - 29)]
        case ..<65_821:
            first |= 30
            let v = size - 285
            sizeBytes = [UInt8(v >> 8), UInt8(v & 0xff)]
        default:
            first |= 31
            let v = size - 65_821
            sizeBytes = [UInt8(v >> 16), UInt8(v >> 8 & 0xff), UInt8(v & 0xff)]
        }
        out.append(first)
        if type > 7 { out.append(UInt8(type - 7)) }
        out += sizeBytes
    }

    /// Big-endian bytes of `v`; `minimal` drops leading zero bytes (zero becomes no bytes).
    private static func bigEndian(_ v: UInt64, minimal: Bool) -> [UInt8] {
        let all = (0..<8).map { UInt8(v >> UInt64(56 - 8 * $0) & 0xff) }
        return minimal ? Array(all.drop(while: { $0 == 0 })) : all
    }
}

/// The search tree while it is built: node 0 is the root.
private struct Tree {
    enum Record: Equatable { case empty, node(Int), data(Int) }
    var nodes: [(left: Record, right: Record)] = [(.empty, .empty)]

    /// Sets the record at the end of `path`, splitting data or empty records on the way into nodes
    /// whose two halves keep the old record. An empty path means the whole address space.
    mutating func set(_ path: [Bool], to record: Record) {
        guard !path.isEmpty else {
            nodes[0] = (record, record)
            return
        }
        var node = 0
        for (depth, right) in path.enumerated() {
            let current = right ? nodes[node].right : nodes[node].left
            if depth == path.count - 1 {
                if right { nodes[node].right = record } else { nodes[node].left = record }
                return
            }
            if case .node(let next) = current {
                node = next
            } else {
                nodes.append((current, current))
                let next = nodes.count - 1
                if right { nodes[node].right = .node(next) } else { nodes[node].left = .node(next) }
                node = next
            }
        }
    }

    /// The record a lookup of `path` ends on: the node at its end, or the data or empty record met
    /// first.
    func record(at path: [Bool]) -> Record {
        var r = Record.node(0)
        for right in path {
            guard case .node(let n) = r else { return r }
            r = right ? nodes[n].right : nodes[n].left
        }
        return r
    }
}
