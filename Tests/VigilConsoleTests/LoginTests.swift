import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import VigilConsole
import VigilStore

/// Sign-in with a token or a local user, the session cookie's attributes, CSRF on every
/// state-changing form, and the login rate limit.
@Suite struct LoginTests {
    let fixture = ConsoleFixture.shared

    /// GET /login: the nonce cookie and the form's CSRF field.
    func loginForm(_ c: CheckedClient) async throws -> (cookie: String, csrf: String) {
        let r = try await c.call(.get, "/login")
        let set = try #require(r.headers[values: .setCookie].first { $0.hasPrefix(Console.loginCSRFCookie + "=") })
        let cookie = String(set.split(separator: ";")[0])
        let csrf = try #require(r.text.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
        return (cookie, String(csrf))
    }

    func signIn(_ c: CheckedClient, _ fields: String) async throws -> TestResponse {
        let (cookie, csrf) = try await loginForm(c)
        return try await c.call(.post, "/login", headers: [.cookie: cookie], form: "csrf=\(csrf)&" + fields)
    }

    func session(_ r: TestResponse) throws -> String {
        let set = try #require(r.headers[values: .setCookie].first { $0.hasPrefix(Console.sessionCookie + "=") })
        return String(set.split(separator: ";")[0])
    }

    @Test func tokenSessionAndCSRF() async throws {
        let console = fixture.console()
        let token = try console.auth.createToken(name: "browser", role: .analyst, by: "test").token
        let alert = try #require(try fixture.store.alerts({ var f = AlertFilter(nowMs: Console.nowMs()); f.analytic = "AN0861"; return f }()).rows.first)
        let checker = try OpenAPIChecker()
        try await application(console).test(.router) { client async throws in
            let c = CheckedClient(client, checker: checker)
            let r = try await signIn(c, "token=\(HTML.component(token))")
            #expect(r.status == .seeOther && r.headers[.location] == "/")
            let set = try #require(r.headers[values: .setCookie].first { $0.hasPrefix(Console.sessionCookie + "=") })
            #expect(set.contains("HttpOnly") && set.contains("SameSite=Strict") && !set.contains("Secure"))
            let cookie = try session(r)
            #expect(!(try String(contentsOfFile: fixture.dbPath, encoding: .isoLatin1)).contains(String(cookie.dropFirst(Console.sessionCookie.count + 1))))
            let page = try await c.call(.get, "/alerts/\(alert.id)", headers: [.cookie: cookie])
            #expect(page.status == .ok)
            let csrf = try #require(page.text.firstMatch(of: /name="csrf" value="([^"]+)"/)?.1)
            #expect(!csrf.isEmpty)
            let action = "/alerts/\(alert.id)/triage"
            // No CSRF token, a wrong one: 403, nothing changes.
            #expect(try await c.call(.post, action, headers: [.cookie: cookie], form: "action=acknowledge").status == .forbidden)
            #expect(try await c.call(.post, action, headers: [.cookie: cookie], form: "action=acknowledge&csrf=forged").status == .forbidden)
            #expect(try fixture.store.triage(alertID: alert.id)?.status != "acknowledged")
            let ok = try await c.call(.post, action, headers: [.cookie: cookie], form: "action=acknowledge&assignee=me&csrf=\(HTML.component(String(csrf)))")
            #expect(ok.status == .seeOther)
            #expect(try fixture.store.triage(alertID: alert.id)?.status == "acknowledged")
            // The logout form needs it too; afterwards the cookie is worthless.
            #expect(try await c.call(.post, "/logout", headers: [.cookie: cookie], form: "").status == .forbidden)
            #expect(try await c.call(.post, "/logout", headers: [.cookie: cookie], form: "csrf=\(HTML.component(String(csrf)))").status == .seeOther)
            let after = try await c.call(.get, "/", headers: [.cookie: cookie])
            #expect(after.status == .seeOther && after.headers[.location] == "/login")
        }
    }

    @Test func loginFormNeedsItsNonce() async throws {
        let console = fixture.console()
        let token = try console.auth.createToken(name: "n", role: .viewer, by: "test").token
        try await application(console).test(.router) { client async throws in
            let c = CheckedClient(client, checker: try OpenAPIChecker())
            #expect(try await c.call(.post, "/login", form: "token=\(token)").status == .forbidden)
            #expect(try await c.call(.post, "/login", headers: [.cookie: "\(Console.loginCSRFCookie)=abc"], form: "csrf=abd&token=\(token)").status == .forbidden)
        }
    }

    @Test func localUsersAndTheRateLimit() async throws {
        let console = fixture.console(secureCookies: true)
        try console.auth.saveUser(name: "alice", password: "correct horse battery", role: .viewer, by: "test")
        let stored = try #require(try fixture.store.user(named: "alice"))
        #expect(stored.iterations >= 200_000)
        #expect(!(try String(contentsOfFile: fixture.dbPath, encoding: .isoLatin1)).contains("correct horse battery"))
        try await application(console).test(.router) { client async throws in
            let c = CheckedClient(client, checker: try OpenAPIChecker())
            let r = try await signIn(c, "user=alice&password=correct+horse+battery")
            #expect(r.status == .seeOther)
            #expect(r.headers[values: .setCookie].contains { $0.hasPrefix(Console.sessionCookie + "=") && $0.contains("; Secure") })
            let me = try await c.call(.get, "/", headers: [.cookie: try session(r)])
            #expect(me.status == .ok && me.text.contains("alice (viewer)"))
            for _ in 0..<5 {
                #expect(try await signIn(c, "user=alice&password=wrong").status == .unauthorized)
            }
            // Past the limit even the right password is refused for a while.
            #expect(try await signIn(c, "user=alice&password=correct+horse+battery").status == .tooManyRequests)
        }
    }
}

/// Form bodies the fuzzer (schemathesis) sent: an empty name (`=`), a name without `=`, bytes that
/// are not percent-encoded UTF-8. Once, `=` crashed the server (index out of range).
@Suite struct FormBodyTests {
    @Test func oddFormBodiesAreFieldsNotCrashes() async throws {
        #expect(Console.formDecode("=&=x&a&b=1") == ["": "x", "a": "", "b": "1"])
        #expect(Console.formDecode("%ZZ=%C3") == ["": ""])
        let console = ConsoleFixture.shared.console()
        let token = try console.auth.createToken(name: "forms", role: .analyst, by: "test").token
        try await application(console).test(.router) { client async throws in
            let c = CheckedClient(client, checker: try OpenAPIChecker())
            for body in ["=", "=&=", "&&", "%", "csrf=%C3%BAh&=-57.0&=&=true"] {
                #expect(try await c.call(.post, "/login", form: body).status == .forbidden)
                #expect(try await c.call(.post, "/api/v1/alerts/x/close", headers: .bearer(token), form: body).status != .internalServerError)
            }
        }
    }
}
