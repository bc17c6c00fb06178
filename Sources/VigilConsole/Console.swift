import Foundation
public import Hummingbird
import HTTPTypes
import Synchronization
public import VigilConfig
public import VigilStore

/// The web console and its REST API over one store and one organisation context. Add its routes
/// to a Hummingbird router with `routes(context:)` (as `vigil console` does, and `vigil serve` can).
public final class Console: Sendable {
    public let store: VigilStore
    public let context: OrgContext
    /// The configuration file the context was read from (shown on analytic pages).
    public let configPath: String?
    public let auth: Authenticator
    /// Set the session cookie's Secure attribute (the server runs behind TLS).
    public let secureCookies: Bool
    /// Live input, spool and sink figures, when the console runs inside `vigil serve`.
    let liveIngest: (@Sendable () -> LiveIngest)?
    let throttle: LoginThrottle
    /// The last overview and the alerts version it was computed at.
    let overviewCache = Mutex<(version: String, overview: Overview)?>(nil)

    /// A console over `store`, with `context` (configured values, roster) from `configPath`;
    /// `liveIngest` gives the live figures of the service it runs in, if any.
    public init(store: VigilStore, context: OrgContext, configPath: String? = nil, secureCookies: Bool = false,
                throttle: LoginThrottle = LoginThrottle(), sessionSeconds: Int = 8 * 3600,
                liveIngest: (@Sendable () -> LiveIngest)? = nil) {
        self.liveIngest = liveIngest
        self.store = store
        self.context = context
        self.configPath = configPath
        self.auth = Authenticator(store: store, sessionSeconds: sessionSeconds)
        self.secureCookies = secureCookies
        self.throttle = throttle
    }

    /// Every route, as a collection to add to a router (`router.addRoutes(console.routes(context: C.self))`).
    /// Authentication, roles, CSRF and the security headers are applied by each route itself, so
    /// they hold wherever the collection is mounted. `omitting` names routes (`"GET /healthz"`)
    /// the host server answers itself.
    public func routes<Context: ConsoleRequestContextProtocol>(context: Context.Type = ConsoleRequestContext.self,
                                                               omitting: Set<String> = []) -> RouteCollection<Context> {
        var r = Registrar<Context>(console: self)
        r.omitted = omitting
        addAPIRoutes(&r)
        addAdminRoutes(&r)
        addLoginRoutes(&r)
        addPageRoutes(&r)
        return r.collection
    }

    /// The routes `routes(context:)` adds: method, path (OpenAPI `{param}` style) and who may call it.
    public var routeTable: [ConsoleRoute] {
        var r = Registrar<ConsoleRequestContext>(console: self)
        addAPIRoutes(&r)
        addAdminRoutes(&r)
        addLoginRoutes(&r)
        addPageRoutes(&r)
        return r.table
    }
}

/// One route of the console.
public struct ConsoleRoute: Sendable, Hashable {
    /// `GET`, `POST`, `DELETE`.
    public var method: String
    /// `/api/v1/alerts/{id}`.
    public var path: String
    /// The least role that may call it; nil: no authentication (`/healthz`, the login page).
    public var role: ConsoleRole?
    /// JSON (API) or HTML (page).
    public var isAPI: Bool
}

/// What a handler gets: the request, its caller, path parameters, query and form fields.
struct Call: Sendable {
    var request: Request
    var identity: ConsoleIdentity?
    var parameters: [String: String]
    var query: [String: String]
    var form: [String: String]
    var cookies: [String: String]

    func parameter(_ name: String) throws -> String {
        guard let v = parameters[name] else { throw ConsoleError(.badRequest, "missing path parameter \(name)") }
        return v
    }

    var principal: String { identity?.principal ?? "anonymous" }
}

/// An error with the status it answers with and a message for the caller.
struct ConsoleError: Error {
    var status: HTTPResponse.Status
    var message: String
    var headers: HTTPFields = [:]
    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }
}

/// Adds routes to a collection and records them in the route table.
struct Registrar<Context: ConsoleRequestContextProtocol> {
    let console: Console
    let collection = RouteCollection(context: Context.self)
    var table: [ConsoleRoute] = []
    /// `METHOD /path` of routes not to add.
    var omitted: Set<String> = []

    /// Adds a route. `path` uses Hummingbird's `:param` syntax.
    mutating func add(_ method: HTTPRequest.Method, _ path: String, role: ConsoleRole?, api: Bool,
                      _ handler: @escaping @Sendable (Call) async throws -> Response) {
        if omitted.contains("\(method.rawValue) \(path)") { return }
        let names = path.split(separator: "/").filter { $0.hasPrefix(":") }.map { String($0.dropFirst()) }
        let openAPIPath = "/" + path.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
        table.append(ConsoleRoute(method: method.rawValue, path: path == "/" ? "/" : openAPIPath, role: role, isAPI: api))
        let console = self.console
        collection.on(RouterPath(path), method: method) { request, context -> Response in
            var params: [String: String] = [:]
            for n in names { params[n] = context.parameters.get(n) }
            var context = context
            return await console.respond(request, &context, params: params, role: role, api: api, handler)
        }
    }
}

extension Console {
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

    /// Authenticates, checks the role and the CSRF token, runs the handler, and answers errors in
    /// the route's own format; every answer carries the security headers.
    func respond<Context: ConsoleRequestContextProtocol>(
        _ request: Request, _ context: inout Context, params: [String: String], role: ConsoleRole?, api: Bool,
        _ handler: @Sendable (Call) async throws -> Response
    ) async -> Response {
        var response: Response
        var identity: ConsoleIdentity?
        do {
            let cookies = Self.cookies(request)
            // Routes open to all (health, sign-in) ignore a bad credential; the others refuse it.
            identity = role == nil ? try? authenticate(request, cookies: cookies) : try authenticate(request, cookies: cookies)
            context.consoleIdentity = identity
            var call = Call(request: request, identity: identity, parameters: params,
                            query: Self.query(request), form: [:], cookies: cookies)
            if let role {
                guard let identity else {
                    throw api ? ConsoleError(.unauthorized, "authentication required: an API token as `Authorization: Bearer …`")
                        : ConsoleError(.seeOther, "/login")
                }
                guard identity.role >= role else {
                    throw ConsoleError(.forbidden, "the \(identity.role.rawValue) role may not do this; it needs \(role.rawValue)")
                }
            }
            if request.method == .post || request.method == .delete || request.method == .put || request.method == .patch {
                call.form = try await Self.fields(request)
                // Requests authenticated by the session cookie must carry the session's CSRF token
                // (a form field or the X-CSRF-Token header); bearer tokens are never sent by a
                // browser on its own.
                if let expected = identity?.sessionCSRF, role != nil {
                    let given = call.form["csrf"] ?? request.headers[HTTPField.Name("X-CSRF-Token")!] ?? ""
                    guard ConsoleCrypto.constantTimeEquals(given, expected) else {
                        throw ConsoleError(.forbidden, "missing or wrong CSRF token")
                    }
                }
            }
            response = try await handler(call)
        } catch let e as ConsoleError {
            response = errorResponse(e, api: api, identity: identity)
        } catch {
            response = errorResponse(ConsoleError(.internalServerError, "internal error: \(error)"), api: api, identity: identity)
        }
        response.headers[.contentSecurityPolicy] = Self.contentSecurityPolicy
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }

    /// The caller: a bearer token, else the session cookie.
    /// The caller of `request` by API token or console session (any role), or nil: for routes
    /// outside the console that need authentication too (`vigil serve`'s `/metrics`, `/readyz`).
    public func caller(of request: Request) -> ConsoleIdentity? {
        (try? authenticate(request, cookies: Self.cookies(request))) ?? nil
    }

    func authenticate(_ request: Request, cookies: [String: String]) throws -> ConsoleIdentity? {
        if let h = request.headers[.authorization] {
            let parts = h.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer", let id = try auth.identify(token: String(parts[1]))
            else { throw ConsoleError(.unauthorized, "unknown or revoked API token") }
            return id
        }
        if let c = cookies[Self.sessionCookie] { return try auth.identify(session: c) }
        return nil
    }

    func errorResponse(_ e: ConsoleError, api: Bool, identity: ConsoleIdentity?) -> Response {
        if e.status == .seeOther { return Self.redirect(e.message) }
        var r: Response
        if api {
            r = Self.json(["error": ["message": e.message]], status: e.status)
            if e.status == .unauthorized { r.headers[.wwwAuthenticate] = "Bearer realm=\"vigil\"" }
        } else {
            r = Self.html(HTML.page(title: "\(e.status.code) \(e.status.reasonPhrase)", identity: identity, active: "",
                                    body: "<p class=\"error\">\(HTML.text(e.message))</p>"), status: e.status)
        }
        r.headers.append(contentsOf: e.headers)
        return r
    }

    static let sessionCookie = "vigil_session"
    static let loginCSRFCookie = "vigil_login"

    // MARK: Responses

    static func json(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func jsonText(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func redirect(_ location: String) -> Response {
        Response(status: .seeOther, headers: [.location: location.hasPrefix("/") && !location.hasPrefix("//") ? location : "/"])
    }

    // MARK: Request parts

    static func cookies(_ request: Request) -> [String: String] {
        var out: [String: String] = [:]
        for header in request.headers[values: .cookie] {
            for pair in header.split(separator: ";") {
                let kv = pair.split(separator: "=", maxSplits: 1)
                guard kv.count == 2 else { continue }
                out[kv[0].trimmingCharacters(in: .whitespaces)] = String(kv[1]).trimmingCharacters(in: .whitespaces)
            }
        }
        return out
    }

    static func query(_ request: Request) -> [String: String] {
        var out: [String: String] = [:]
        for (k, v) in request.uri.queryParameters { out[String(k)] = String(v) }
        return out
    }

    /// Form fields (url-encoded) or a JSON object's scalar members.
    static func fields(_ request: Request) async throws -> [String: String] {
        let body = request.body
        let buffer = try await body.collect(upTo: 1 << 20)
        let text = String(buffer: buffer)
        guard !text.isEmpty else { return [:] }
        let type = request.headers[.contentType] ?? ""
        if type.hasPrefix("application/json") {
            guard let o = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw ConsoleError(.badRequest, "the body is not a JSON object")
            }
            var out: [String: String] = [:]
            for (k, v) in o {
                switch v {
                case let s as String: out[k] = s
                case let n as NSNumber: out[k] = n.stringValue
                default: throw ConsoleError(.badRequest, "\(k): expected a string or a number")
                }
            }
            return out
        }
        return formDecode(text)
    }

    static func formDecode(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            // "=" alone splits into two empty parts, never into none.
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ s: Substring) -> String { s.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            guard let key = kv.first else { continue }
            out[decode(key)] = kv.count > 1 ? decode(kv[1]) : ""
        }
        return out
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
