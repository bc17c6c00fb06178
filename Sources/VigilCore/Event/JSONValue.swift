/// A JSON value, for the parts of a record whose shape varies by operation (request parameters,
/// response elements). Only built for events an analytic looks into.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The member `key` of an object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The value at a path of object keys.
    public subscript(path: String...) -> JSONValue? {
        var v: JSONValue? = self
        for k in path { v = v?[k] }
        return v
    }

    /// The string, when this is a string.
    public var string: String? { if case .string(let s) = self { s } else { nil } }

    /// The elements, when this is an array.
    public var array: [JSONValue]? { if case .array(let a) = self { a } else { nil } }

    /// The elements of an array, or of CloudTrail's `{"items": [...]}` wrapper.
    public var items: [JSONValue] {
        if let a = array { return a }
        return self["items"]?.array ?? []
    }

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return x == y
        case (.string(let x), .string(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case .bool(let b): h.combine(b)
        case .number(let n): h.combine(n)
        case .string(let s): h.combine(s)
        case .array(let a): h.combine(a)
        case .object(let m): for (k, v) in m { h.combine(k); h.combine(v) }
        }
    }
}
