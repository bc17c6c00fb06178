import HTTPTypes
import Foundation
import Hummingbird

extension Console {
    func addLoginRoutes<C>(_ r: inout Registrar<C>) {
        r.add(.get, "/static/console.css", role: nil, api: false) { _ in
            guard let url = Bundle.module.url(forResource: "Resources/console", withExtension: "css") ?? Bundle.module.url(forResource: "console", withExtension: "css"),
                  let css = try? String(contentsOf: url, encoding: .utf8)
            else { throw ConsoleError(.notFound, "console.css is missing from the bundle") }
            return Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: css)))
        }
        r.add(.get, "/login", role: nil, api: false) { call in
            if call.identity != nil { return Self.redirect("/") }
            return self.loginPage(message: nil, status: .ok)
        }
        r.add(.post, "/login", role: nil, api: false) { call in try self.login(call) }
        r.add(.post, "/logout", role: .viewer, api: false) { call in
            if let c = call.cookies[Self.sessionCookie] { try self.auth.endSession(c) }
            var r = Self.redirect("/login")
            r.headers[values: .setCookie] = [self.cookie(Self.sessionCookie, "", maxAge: 0)]
            return r
        }
    }

    /// A Set-Cookie value: HttpOnly, SameSite=Strict, Secure behind TLS.
    func cookie(_ name: String, _ value: String, maxAge: Int, path: String = "/") -> String {
        "\(name)=\(value); Path=\(path); Max-Age=\(maxAge); HttpOnly; SameSite=Strict" + (secureCookies ? "; Secure" : "")
    }

    /// The login form, with a fresh login CSRF nonce (also sent as a cookie: the POST must bring both).
    func loginPage(message: String?, status: HTTPResponse.Status) -> Response {
        let nonce = ConsoleCrypto.newSecret()
        let body = """
            \(message.map { "<p class=\"error\">\(HTML.text($0))</p>" } ?? "")
            <form class="login" method="post" action="/login">
            \(HTML.csrfField(nonce))
            <p>Sign in with an API token (<code>vigil token create</code>) or a local user.</p>
            <label>API token <input type="password" name="token" autocomplete="off"></label>
            <p>or</p>
            <label>User <input type="text" name="user" autocomplete="username"></label>
            <label>Password <input type="password" name="password" autocomplete="current-password"></label>
            <button type="submit">Sign in</button>
            </form>
            """
        var r = Self.html(HTML.page(title: "Sign in", identity: nil, active: "", body: body), status: status)
        r.headers[values: .setCookie] = [cookie(Self.loginCSRFCookie, nonce, maxAge: 900, path: "/login")]
        return r
    }

    func login(_ call: Call) throws -> Response {
        guard let nonce = call.cookies[Self.loginCSRFCookie], let given = call.form["csrf"],
              ConsoleCrypto.constantTimeEquals(nonce, given) else {
            throw ConsoleError(.forbidden, "missing or wrong CSRF token: reload the sign-in page")
        }
        let token = (call.form["token"] ?? "").trimmingCharacters(in: .whitespaces)
        let user = (call.form["user"] ?? "").trimmingCharacters(in: .whitespaces)
        let key = token.isEmpty ? "user:" + user : "token:" + token.prefix(12)
        guard throttle.allows(key) else {
            return loginPage(message: "Too many failed sign-ins; wait a few minutes.", status: .tooManyRequests)
        }
        let identity = token.isEmpty
            ? (user.isEmpty ? nil : try auth.identify(user: user, password: call.form["password"] ?? ""))
            : try auth.identify(token: token)
        guard let identity else {
            throttle.failed(key)
            return loginPage(message: "Unknown token, or wrong user or password.", status: .unauthorized)
        }
        let (session, _) = try auth.startSession(identity)
        var r = Self.redirect("/")
        r.headers[values: .setCookie] = [cookie(Self.sessionCookie, session, maxAge: auth.sessionSeconds),
                                         cookie(Self.loginCSRFCookie, "", maxAge: 0, path: "/login")]
        return r
    }
}
