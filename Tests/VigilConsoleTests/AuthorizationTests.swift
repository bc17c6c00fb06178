import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import VigilConsole
import VigilStore

/// Every route, every role: unauthenticated API calls get 401 and pages a redirect to the login
/// page; a role below the route's gets 403; the route's role and those above get through.
@Suite struct AuthorizationTests {
    let fixture = ConsoleFixture.shared

    func concrete(_ path: String, alertID: String) -> String {
        var p = path.replacingOccurrences(of: "/alerts/{id}", with: "/alerts/\(alertID)")
        p = p.replacingOccurrences(of: "/analytics/{id}", with: "/analytics/AN0861")
        p = p.replacingOccurrences(of: "/attack/objects/{id}", with: "/attack/objects/AN0861")
        p = p.replacingOccurrences(of: "{n}", with: "0")
        p = p.replacingOccurrences(of: "{id}", with: "999999")
        if p.hasSuffix("/attack/diff") { p += "?from=18.0&to=18.1" }
        return p
    }

    @Test func everyRouteEveryRole() async throws {
        let console = fixture.console()
        let tokens = try fixture.tokens(console)
        let alertID = try #require(try fixture.store.alerts(AlertFilter(nowMs: Console.nowMs())).rows.last?.id)
        let checker = try OpenAPIChecker()
        try await application(console).test(.router) { client async throws in
            let c = CheckedClient(client, checker: checker)
            for route in console.routeTable {
                let method = HTTPRequest.Method(route.method)!
                let uri = concrete(route.path, alertID: alertID)
                guard let needed = route.role else {
                    continue
                }
                let anonymous = try await c.call(method, uri)
                if route.isAPI {
                    #expect(anonymous.status == .unauthorized, "\(route.method) \(uri) without credentials: \(anonymous.status)")
                    #expect(anonymous.headers[.wwwAuthenticate] != nil)
                } else {
                    #expect(anonymous.status == .seeOther && anonymous.headers[.location] == "/login",
                            "\(route.method) \(uri) without credentials: \(anonymous.status)")
                }
                let forged = try await c.call(method, uri, headers: .bearer("vgl_not-a-token"))
                #expect(forged.status == .unauthorized, "\(route.method) \(uri) with an unknown token: \(forged.status)")
                for role in ConsoleRole.allCases {
                    let r = try await c.call(method, uri, headers: .bearer(tokens[role]!))
                    if role < needed {
                        #expect(r.status == .forbidden, "\(route.method) \(uri) as \(role): \(r.status), expected 403")
                    } else {
                        #expect(r.status != .forbidden && r.status != .unauthorized, "\(route.method) \(uri) as \(role): \(r.status) \(r.text.prefix(200))")
                    }
                }
            }
        }
    }

    @Test func openRoutesNeedNothing() async throws {
        let console = fixture.console()
        let checker = try OpenAPIChecker()
        try await application(console).test(.router) { client async throws in
            let c = CheckedClient(client, checker: checker)
            #expect(try await c.call(.get, "/healthz").status == .ok)
            #expect(try await c.call(.get, "/login").status == .ok)
            #expect(try await c.call(.get, "/static/console.css").status == .ok)
            let open = console.routeTable.filter { $0.role == nil }.map { "\($0.method) \($0.path)" }.sorted()
            #expect(open == ["GET /healthz", "GET /login", "GET /static/console.css", "POST /login"])
        }
    }

    @Test func revokedTokensStopWorking() async throws {
        let console = fixture.console()
        let (id, token) = try console.auth.createToken(name: "short-lived", role: .analyst, by: "test")
        let checker = try OpenAPIChecker()
        try await application(console).test(.router) { client async throws in
            let c = CheckedClient(client, checker: checker)
            #expect(try await c.call(.get, "/api/v1/alerts", headers: .bearer(token)).status == .ok)
            #expect(try fixture.store.revokeToken(id: id, by: "test", at: Date()))
            #expect(try await c.call(.get, "/api/v1/alerts", headers: .bearer(token)).status == .unauthorized)
        }
    }
}
