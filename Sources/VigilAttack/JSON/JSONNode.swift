/// A JSON value as a STIX bundle writes it, keeping what canonical hashing needs and
/// ``VigilCore/JSONValue`` drops: member order as written (so duplicates and order can be
/// judged) and each number's literal text (so no precision is lost before it is formatted).
public enum JSONNode: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number, as its literal was written (`1`, `-0.5e3`).
    case number(String)
    case string(String)
    case array([JSONNode])
    /// Members in the order they were written.
    case object([Member])

    /// One member of an object.
    public struct Member: Sendable, Hashable {
        /// The key, unescaped.
        public var key: String
        /// The value.
        public var value: JSONNode
        /// A member.
        public init(_ key: String, _ value: JSONNode) {
            self.key = key
            self.value = value
        }
    }

    /// The value of member `key` of an object (the last one, as most JSON readers take it).
    public subscript(key: String) -> JSONNode? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key == key }?.value
    }

    /// The text, when this is a string.
    public var string: String? { if case .string(let s) = self { s } else { nil } }

    /// The boolean, when this is `true` or `false`.
    public var bool: Bool? { if case .bool(let b) = self { b } else { nil } }

    /// The elements, when this is an array.
    public var array: [JSONNode]? { if case .array(let a) = self { a } else { nil } }

    /// The members, when this is an object.
    public var members: [Member]? { if case .object(let m) = self { m } else { nil } }

    /// The strings of an array of strings (others skipped); empty when this is not an array.
    public var strings: [String] { array?.compactMap(\.string) ?? [] }
}

extension JSONNode {
    /// Parses one JSON text.
    public static func parse(_ text: String) throws(JSONSyntaxError) -> JSONNode {
        var text = text
        let result: Result<JSONNode, JSONSyntaxError> = text.withUTF8 { bytes in
            var p = JSONParser(bytes)
            do throws(JSONSyntaxError) {
                let v = try p.value()
                guard p.atEnd() else { throw p.error("text after the value") }
                return .success(v)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }
}
