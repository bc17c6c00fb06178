import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import VigilConsole
import VigilStore

/// The console's pages: each loads, sends the strict CSP, and shows hostile log fields as text.
@Suite struct PageTests {
    let fixture = ConsoleFixture.shared

    static let pages = ["/", "/alerts", "/alerts?analytic=AN0861&severity=high", "/suppressions", "/analytics", "/analytics/AN0861",
                        "/analytics/AN1240", "/coverage", "/accounts", "/ingest", "/attack", "/attack?q=T1578", "/attack/objects/AN0861",
                        "/attack/objects/T1578", "/attack/objects/DET0308", "/attack/diff?from=18.0&to=18.1"]

    @Test func everyPageLoadsWithAToken() async throws {
        let console = fixture.console()
        let token = try console.auth.createToken(name: "pages", role: .viewer, by: "test").token
        let alertID = try #require(try fixture.store.alerts(AlertFilter(nowMs: Console.nowMs())).rows.first?.id)
        let checker = try OpenAPIChecker()
        try await application(console).test(.router) { client async throws in
            let c = CheckedClient(client, checker: checker)
            for page in Self.pages + ["/alerts/\(alertID)"] {
                let r = try await c.call(.get, page, headers: .bearer(token))
                #expect(r.status == .ok, "\(page): \(r.status) \(r.text.prefix(300))")
                #expect(r.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                #expect(r.text.hasPrefix("<!DOCTYPE html>"))
                // Nothing outside the console: no script, no external URL in src/href.
                #expect(!r.text.contains("<script"), "\(page)")
                #expect(!r.text.contains("src=\"http"), "\(page)")
                #expect(!r.text.contains("href=\"http"), "\(page)")
                #expect(!r.text.contains(" style="), "\(page): inline style attributes are blocked by the CSP")
            }
        }
    }

    @Test func hostileLogFieldsRenderInert() async throws {
        let console = fixture.console()
        let token = try console.auth.createToken(name: "xss", role: .analyst, by: "test").token
        var f = AlertFilter(nowMs: Console.nowMs())
        f.entity = Hostile.principal
        let id = try #require(try fixture.store.alerts(f).rows.first?.id)
        let checker = try OpenAPIChecker()
        try await application(console).test(.router) { client async throws in
            let c = CheckedClient(client, checker: checker)
            for page in ["/alerts/\(id)", "/alerts", "/", "/alerts?entity=\(HTML.component(Hostile.principal))"] {
                let html = try await c.call(.get, page, headers: .bearer(token)).text
                #expect(!html.contains("<img src=x"), "\(page)")
                #expect(!html.contains("<script>alert"), "\(page)")
                #expect(!html.contains("<svg onload"), "\(page)")
                #expect(!html.contains("href=\"javascript:"), "\(page)")
                #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "\(page): the principal is shown, escaped")
            }
            let detail = try await c.call(.get, "/alerts/\(id)", headers: .bearer(token)).text
            #expect(detail.contains(HTML.text(Hostile.userAgent)))
            #expect(detail.contains("&lt;script&gt;alert(2)&lt;/script&gt;"), "the snapshot id, in the entity chain")
            #expect(detail.contains("&quot;&gt;&lt;svg onload=alert(3)&gt;"), "the event id")
        }
    }

    @Test func escapingRules() {
        #expect(HTML.text("<a href='x' onclick=\"y\">&</a>") == "&lt;a href=&#39;x&#39; onclick=&quot;y&quot;&gt;&amp;&lt;/a&gt;")
        #expect(HTML.url("javascript:alert(1)") == "#")
        #expect(HTML.url("//evil.example/x") == "#")
        #expect(HTML.url("/alerts?x=\"><script>") == "/alerts?x=&quot;&gt;&lt;script&gt;")
        #expect(HTML.link("/a", "<b>") == "<a href=\"/a\">&lt;b&gt;</a>")
        #expect(HTML.component("a b/<c>") == "a%20b%2F%3Cc%3E")
    }
}
