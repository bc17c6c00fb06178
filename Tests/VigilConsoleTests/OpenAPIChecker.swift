import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import VigilConsole

/// The served OpenAPI document, and checks of real responses against it: the status must be one
/// the operation documents, and a JSON body must match the documented schema (types, required
/// members, enums), members the schema names checked all the way down.
struct OpenAPIChecker: @unchecked Sendable {
    let doc: [String: Any]
    let paths: [String: [String: Any]]

    init() throws {
        doc = try #require(try JSONSerialization.jsonObject(with: Data(try OpenAPIDocument.text().utf8)) as? [String: Any])
        paths = try #require(doc["paths"] as? [String: [String: Any]])
    }

    /// Every (method, path template) the document lists.
    var operations: Set<String> {
        Set(paths.flatMap { path, ops in ops.keys.map { "\($0.uppercased()) \(path)" } })
    }

    /// The template a concrete path matches (`/api/v1/alerts/abc` → `/api/v1/alerts/{id}`).
    func template(_ path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        return paths.keys.sorted().first { t in
            let tp = t.split(separator: "/", omittingEmptySubsequences: false)
            return tp.count == parts.count && zip(tp, parts).allSatisfy { $0.hasPrefix("{") || $0 == $1 }
        }
    }

    /// Problems with this response (empty: it conforms).
    func problems(method: HTTPRequest.Method, uri: String, _ r: TestResponse) -> [String] {
        let path = String(uri.split(separator: "?", maxSplits: 1)[0])
        guard let t = template(path), let op = paths[t]?[method.rawValue.lowercased()] as? [String: Any],
              let responses = op["responses"] as? [String: Any] else { return ["\(method) \(path) is not in the document"] }
        guard let documented = responses[String(r.status.code)] as? [String: Any] else {
            return ["\(method) \(t) answered \(r.status.code), which the document does not list (\(responses.keys.sorted()))"]
        }
        let type = r.headers[.contentType] ?? ""
        guard type.hasPrefix("application/json"),
              let schema = ((documented["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"] else { return [] }
        guard let value = try? JSONSerialization.jsonObject(with: Data(String(buffer: r.body).utf8), options: [.fragmentsAllowed]) else {
            return ["\(method) \(t) \(r.status.code): body is not JSON"]
        }
        var out: [String] = []
        validate(value, schema, at: "\(method) \(t) \(r.status.code) $", into: &out)
        return out
    }

    func resolve(_ schema: Any) -> [String: Any] {
        guard let s = schema as? [String: Any] else { return [:] }
        if let ref = s["$ref"] as? String {
            let name = String(ref.split(separator: "/").last!)
            return resolve(((doc["components"] as? [String: Any])?["schemas"] as? [String: Any])?[name] ?? [:])
        }
        return s
    }

    func validate(_ value: Any, _ schema: Any, at path: String, into out: inout [String]) {
        let s = resolve(schema)
        if let any = s["anyOf"] as? [Any] {
            for option in any { var o: [String] = []; validate(value, option, at: path, into: &o); if o.isEmpty { return } }
            out.append("\(path): matches none of anyOf"); return
        }
        let types: [String] = (s["type"] as? String).map { [$0] } ?? (s["type"] as? [String]) ?? []
        if !types.isEmpty && !types.contains(where: { Self.kind(value, is: $0) }) {
            out.append("\(path): expected \(types.joined(separator: "|")), got \(type(of: value)) \(String(describing: value).prefix(80))")
            return
        }
        if let e = s["enum"] as? [Any], let v = value as? String, !e.contains(where: { ($0 as? String) == v }) {
            out.append("\(path): \(v) is not one of \(e)")
        }
        if let o = value as? [String: Any] {
            for key in s["required"] as? [String] ?? [] where o[key] == nil { out.append("\(path).\(key): required, missing") }
            for (key, sub) in s["properties"] as? [String: Any] ?? [:] { if let v = o[key], !(v is NSNull) { validate(v, sub, at: "\(path).\(key)", into: &out) } }
        }
        if let a = value as? [Any], let items = s["items"] {
            for (i, v) in a.prefix(50).enumerated() { validate(v, items, at: "\(path)[\(i)]", into: &out) }
        }
    }

    static func kind(_ v: Any, is t: String) -> Bool {
        switch t {
        case "object": return v is [String: Any]
        case "array": return v is [Any]
        case "string": return v is String
        case "null": return v is NSNull
        case "boolean":
            if v is Bool { return true }
            return (v as? NSNumber).map { $0 == 0 || $0 == 1 } ?? false
        case "integer":
            guard let n = v as? NSNumber else { return false }
            return n.doubleValue == n.doubleValue.rounded()
        case "number": return v is NSNumber
        default: return true
        }
    }
}

/// A client that checks every response it gets against the document and records what it saw.
final class CheckedClient: @unchecked Sendable {
    let client: any TestClientProtocol
    let checker: OpenAPIChecker
    private(set) var problems: [String] = []
    private let lock = NSLock()

    init(_ client: any TestClientProtocol, checker: OpenAPIChecker) {
        self.client = client
        self.checker = checker
    }

    @discardableResult
    func call(_ method: HTTPRequest.Method, _ uri: String, headers: HTTPFields = [:], json: [String: Any]? = nil, form: String? = nil,
              sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestResponse {
        var headers = headers
        var body: ByteBuffer?
        if let json {
            headers[.contentType] = "application/json"
            body = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: json))
        } else if let form {
            headers[.contentType] = "application/x-www-form-urlencoded"
            body = ByteBuffer(string: form)
        }
        let r = try await client.execute(uri: uri, method: method, headers: headers, body: body)
        let p = checker.problems(method: method, uri: uri, r)
        #expect(p.isEmpty, "\(p.joined(separator: "\n"))", sourceLocation: sourceLocation)
        #expect(r.headers[.contentSecurityPolicy] == Console.contentSecurityPolicy, "\(method) \(uri): no CSP", sourceLocation: sourceLocation)
        #expect(r.status.code < 500, "\(method) \(uri): \(r.status.code) \(String(buffer: r.body).prefix(300))", sourceLocation: sourceLocation)
        lock.withLock { problems += p }
        return r
    }
}
