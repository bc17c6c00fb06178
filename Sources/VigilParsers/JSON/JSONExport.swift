import CVigilJSON
import VigilCore
#if canImport(Glibc)
import Glibc
#endif

/// Rebuilds a ``JSONValue`` from the pre-order nodes `vj_export` produces.
enum JSONExport {
    static func value(_ nodes: UnsafePointer<vj_node>, count: Int) -> JSONValue? {
        guard count > 0 else { return nil }
        var i = 0
        return build(nodes, count, &i)
    }

    private static func build(_ nodes: UnsafePointer<vj_node>, _ count: Int, _ i: inout Int) -> JSONValue {
        let n = nodes[i]
        i += 1
        switch Int32(n.type) {
        case Int32(VJ_NULL.rawValue): return .null
        case Int32(VJ_BOOL.rawValue): return .bool(n.boolean != 0)
        case Int32(VJ_NUMBER.rawValue): return .number(n.number)
        case Int32(VJ_STRING.rawValue): return .string(n.string.text ?? "")
        case Int32(VJ_ARRAY.rawValue):
            var items: [JSONValue] = []
            items.reserveCapacity(Int(n.count))
            for _ in 0..<n.count where i < count { items.append(build(nodes, count, &i)) }
            return .array(items)
        default:
            var members: [(key: String, value: JSONValue)] = []
            members.reserveCapacity(Int(n.count))
            for _ in 0..<n.count where i < count {
                let key = nodes[i].key.text ?? ""
                members.append((key, build(nodes, count, &i)))
            }
            return .object(members)
        }
    }
}

extension vj_str {
    /// The string, or nil when absent.
    @inline(__always)
    var text: String? {
        guard let ptr else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: ptr, count: len), as: UTF8.self)
    }

    /// Whether the string is present and is `s`, byte for byte (no string is made).
    @inline(__always)
    func equals(_ s: String) -> Bool {
        guard let ptr else { return false }
        return s.utf8.withContiguousStorageIfAvailable { u in
            u.count == len && (len == 0 || memcmp(u.baseAddress!, ptr, len) == 0)
        } ?? (String(decoding: UnsafeRawBufferPointer(start: ptr, count: len), as: UTF8.self) == s)
    }
}
