import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import VigilConsole
import VigilStore
import VigilTestSupport

/// The REST API on the example store: filters, paging, detail, triage with its audit trail,
/// suppressions, and the reports the CLI prints.
@Suite struct APITests {
    let fixture = ConsoleFixture.shared

    func run(_ body: @escaping @Sendable (CheckedClient, [ConsoleRole: String]) async throws -> Void) async throws {
        let console = fixture.console()
        let tokens = try fixture.tokens(console)
        let checker = try OpenAPIChecker()
        try await application(console).test(.router) { client async throws in try await body(CheckedClient(client, checker: checker), tokens) }
    }

    @Test func pagesThroughEveryAlertOnce() async throws {
        try await run { c, t in
            var seen: [String] = [], times: [String] = []
            var uri = "/api/v1/alerts?limit=7"
            while true {
                let o = try await c.call(.get, uri, headers: .bearer(t[.viewer]!)).json()
                let alerts = try #require(o["alerts"] as? [[String: Any]])
                seen += alerts.map { $0["id"] as! String }
                times += alerts.map { $0["time"] as! String }
                guard let next = o["next"] as? String else { break }
                uri = "/api/v1/alerts?limit=7&cursor=\(next)"
            }
            #expect(seen.count == (try fixture.store.alertCount()))
            #expect(Set(seen).count == seen.count)
            #expect(times == times.sorted(by: >))
            #expect(seen.count > 7)
        }
    }

    @Test func filters() async throws {
        try await run { c, t in
            let h = HTTPFields.bearer(t[.viewer]!)
            let an1240 = try #require(try await c.call(.get, "/api/v1/alerts?analytic=AN1240&limit=500", headers: h).json()["alerts"] as? [[String: Any]])
            #expect(!an1240.isEmpty)
            #expect(an1240.allSatisfy { $0["analytic"] as? String == "AN1240" })
            let high = try #require(try await c.call(.get, "/api/v1/alerts?severity=high&limit=500", headers: h).json()["alerts"] as? [[String: Any]])
            #expect(high.allSatisfy { $0["severity"] as? String == "high" })
            let hostile = try #require(try await c.call(.get, "/api/v1/alerts?entity=\(HTML.component(Hostile.principal))", headers: h).json()["alerts"] as? [[String: Any]])
            #expect(hostile.count == 1)
            #expect(hostile.first?["principal"] as? String == Hostile.principal)
            let window = try #require(try await c.call(.get, "/api/v1/alerts?from=2026-03-17&to=2026-03-18&limit=500", headers: h).json()["alerts"] as? [[String: Any]])
            #expect(window.contains { $0["principal"] as? String == Hostile.principal })
            #expect(window.allSatisfy { ($0["time"] as! String).hasPrefix("2026-03-17") })
            for bad in ["severity=urgent", "status=gone", "from=yesterday", "limit=0", "cursor=nope"] {
                let r = try await c.call(.get, "/api/v1/alerts?\(bad)", headers: h)
                #expect(r.status == .badRequest, "\(bad)")
                #expect((try r.json()["error"] as? [String: Any])?["message"] != nil)
            }
        }
    }

    @Test func detailCarriesReasonsFactsAndEvidence() async throws {
        try await run { c, t in
            let id = try #require(try fixture.store.alerts({ var f = AlertFilter(nowMs: Console.nowMs()); f.entity = Hostile.principal; return f }()).rows.first?.id)
            let o = try await c.call(.get, "/api/v1/alerts/\(id)", headers: .bearer(t[.viewer]!)).json()
            let doc = try #require(o["document"] as? [String: Any])
            let reasons = try #require(doc["reasons"] as? [[String: Any]])
            #expect(!reasons.isEmpty)
            #expect(reasons.contains { !(($0["facts"] as? [Any]) ?? []).isEmpty })
            let evidence = try #require(doc["evidence"] as? [[String: Any]])
            #expect(evidence.first?["user_agent"] as? String == Hostile.userAgent)
            #expect(try await c.call(.get, "/api/v1/alerts/no-such-alert", headers: .bearer(t[.viewer]!)).status == .notFound)
        }
    }

    @Test func triageIsAuditedAndSuppressionsAreReversible() async throws {
        try await run { c, t in
            let rows = try fixture.store.alerts({ var f = AlertFilter(nowMs: Console.nowMs()); f.analytic = "AN1240"; f.limit = 500; return f }()).rows
            let alert = try #require(rows.first { $0.principal != Hostile.principal })
            let analyst = HTTPFields.bearer(t[.analyst]!)
            let base = "/api/v1/alerts/\(alert.id)"
            // A viewer may not triage.
            #expect(try await c.call(.post, base + "/acknowledge", headers: .bearer(t[.viewer]!), json: [:]).status == .forbidden)
            let ack = try await c.call(.post, base + "/acknowledge", headers: analyst, json: ["assignee": "alice", "reason": "looking"]).json()
            #expect((ack["alert"] as? [String: Any])?["status"] as? String == "acknowledged")
            #expect(try await c.call(.post, base + "/close", headers: analyst, json: [:]).status == .badRequest)
            let closed = try await c.call(.post, base + "/close", headers: analyst, json: ["reason": "approved change CHG-1"]).json()
            #expect((closed["alert"] as? [String: Any])?["status"] as? String == "closed")
            #expect(try await c.call(.post, base + "/reopen", headers: analyst, json: [:]).status == .ok)
            #expect(try await c.call(.post, base + "/suppress", headers: analyst, json: ["reason": "known", "hours": 0]).status == .badRequest)
            let s = try await c.call(.post, base + "/suppress", headers: analyst, json: ["reason": "maintenance", "hours": 48])
            #expect(s.status == .created)
            let suppression = try #require(try s.json()["suppression"] as? [String: Any])
            let sid = try #require(suppression["id"] as? Int)
            let suppressed = try #require(try await c.call(.get, "/api/v1/alerts?status=suppressed&limit=500", headers: analyst).json()["alerts"] as? [[String: Any]])
            #expect(suppressed.contains { $0["id"] as? String == alert.id })
            #expect(suppressed.allSatisfy { $0["principal"] as? String == alert.principal && $0["detection"] as? String == alert.detection })
            let active = try #require(try await c.call(.get, "/api/v1/suppressions?active=true", headers: analyst).json()["suppressions"] as? [[String: Any]])
            #expect(active.contains { $0["id"] as? Int == sid })
            #expect(try await c.call(.post, "/api/v1/suppressions/\(sid)/lift", headers: .bearer(t[.viewer]!), json: [:]).status == .forbidden)
            #expect(try await c.call(.post, "/api/v1/suppressions/\(sid)/lift", headers: analyst, json: ["reason": "done"]).status == .ok)
            #expect(try await c.call(.post, "/api/v1/suppressions/\(sid)/lift", headers: analyst, json: [:]).status == .notFound)
            let after = try await c.call(.get, base, headers: analyst).json()
            #expect((after["alert"] as? [String: Any])?["status"] as? String == "open")
            // Who, what and why, in order.
            let audit = try #require(after["audit"] as? [[String: Any]])
            #expect(audit.map { $0["action"] as! String }.reversed() == ["alert.acknowledged", "alert.closed", "alert.open"])
            #expect(audit.allSatisfy { ($0["actor"] as? String)?.hasPrefix("token:") == true })
            #expect(audit.contains { $0["reason"] as? String == "approved change CHG-1" })
            let log = try #require(try await c.call(.get, "/api/v1/audit?limit=500", headers: .bearer(t[.admin]!)).json()["entries"] as? [[String: Any]])
            #expect(log.contains { $0["action"] as? String == "suppression.create" && $0["reason"] as? String == "maintenance" })
            #expect(log.contains { $0["action"] as? String == "suppression.lift" && $0["target"] as? String == "suppression:\(sid)" })
        }
    }

    @Test func tokensThroughTheAPI() async throws {
        try await run { c, t in
            let admin = HTTPFields.bearer(t[.admin]!)
            let created = try await c.call(.post, "/api/v1/tokens", headers: admin, json: ["name": "ci", "role": "viewer"])
            #expect(created.status == .created)
            let o = try created.json()
            let token = try #require(o["token"] as? String)
            #expect(try await c.call(.get, "/api/v1/overview", headers: .bearer(token)).status == .ok)
            let list = try await c.call(.get, "/api/v1/tokens", headers: admin)
            #expect(!list.text.contains(token))
            #expect(list.text.contains(String(token.prefix(12))))
            #expect(try await c.call(.post, "/api/v1/tokens", headers: admin, json: ["name": "x", "role": "root"]).status == .badRequest)
            #expect(try await c.call(.post, "/api/v1/tokens/\(o["id"] as! Int)/revoke", headers: admin).status == .ok)
            #expect(try await c.call(.get, "/api/v1/overview", headers: .bearer(token)).status == .unauthorized)
        }
    }

    /// The API serves the reports the CLI prints, from the same store.
    @Test func sameReportsAsTheCLI() async throws {
        try await run { c, t in
            let h = HTTPFields.bearer(t[.viewer]!)
            for (uri, args) in [("/api/v1/coverage", ["coverage", "--db", fixture.dbPath, "--config", fixture.configPath, "--format", "json"]),
                                ("/api/v1/accounts", ["accounts", "--db", fixture.dbPath, "--config", fixture.configPath, "--format", "json"]),
                                ("/api/v1/analytics", ["analytics", "--db", fixture.dbPath, "--format", "json"])] {
                let run = try VigilBinary.run(args)
                #expect(run.status == 0 || run.status == 1, "\(args): \(run.stderr)")
                let cli = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? NSDictionary
                let api = try JSONSerialization.jsonObject(with: Data(try await c.call(.get, uri, headers: h).text.utf8)) as? NSDictionary
                #expect(cli != nil && cli == api, "\(uri) differs from vigil \(args[0])")
            }
        }
    }

    @Test func analyticsAttackAndIngest() async throws {
        try await run { c, t in
            let h = HTTPFields.bearer(t[.viewer]!)
            let page = try await c.call(.get, "/api/v1/analytics/AN0861", headers: h).json()
            let configured = try #require(page["configured"] as? [[String: Any]])
            #expect(configured.contains { $0["field"] as? String == "ChangeWindow" && ($0["value"] as? String ?? "").contains("cloud-deploys") })
            #expect((page["coverage"] as? [String: Any])?["status"] != nil)
            #expect(try await c.call(.get, "/api/v1/analytics/AN9999", headers: h).status == .notFound)
            let releases = try #require(try await c.call(.get, "/api/v1/attack/releases", headers: h).json()["releases"] as? [[String: Any]])
            #expect(releases.count == 2)
            let hits = try #require(try await c.call(.get, "/api/v1/attack/objects?q=AN08", headers: h).json()["objects"] as? [[String: Any]])
            #expect(hits.contains { $0["attackID"] as? String == "AN0861" })
            let byName = try #require(try await c.call(.get, "/api/v1/attack/objects?q=local%20account", headers: h).json()["objects"] as? [[String: Any]])
            #expect(!byName.isEmpty)
            let object = try await c.call(.get, "/api/v1/attack/objects/AN0861", headers: h).json()
            #expect((object["history"] as? [Any])?.count == 2)
            let raw = try await c.call(.get, "/api/v1/attack/objects/AN0861/raw", headers: h).json()
            #expect(raw["type"] as? String == "x-mitre-analytic")
            #expect(try await c.call(.get, "/api/v1/attack/objects/T0000.999", headers: h).status == .notFound)
            let diff = try await c.call(.get, "/api/v1/attack/diff?from=18.0&to=18.1", headers: h).json()
            #expect(!(diff["counts"] as? [Any] ?? []).isEmpty)
            #expect(try await c.call(.get, "/api/v1/attack/diff?from=18.0", headers: h).status == .badRequest)
            #expect(try await c.call(.get, "/api/v1/attack/diff?from=17.0&to=18.1", headers: h).status == .badRequest)
            let ingest = try await c.call(.get, "/api/v1/ingest", headers: h).json()
            #expect(ingest["source"] as? String == "scans")
            #expect((ingest["scans"] as? [[String: Any]])?.first?["records"] as? Int ?? 0 > 0)
            let overview = try await c.call(.get, "/api/v1/overview", headers: h).json()
            #expect((overview["perDay"] as? [Any])?.count == 30)
            #expect(overview["total"] as? Int == (try fixture.store.alertCount()))
        }
    }
}
