import HTTPTypes
import Foundation
import Hummingbird
import VigilAttack
import VigilCore
import VigilEngine
import VigilStore

extension Console {
    func addAPIRoutes<C>(_ r: inout Registrar<C>) {
        r.add(.get, "/healthz", role: nil, api: true) { _ in Self.json(["status": "ok"]) }
        r.add(.get, "/openapi.json", role: .viewer, api: true) { _ in Self.jsonText(try OpenAPIDocument.text()) }
        r.add(.get, "/api/v1/overview", role: .viewer, api: true) { _ in Self.json(try self.overview()) }
        r.add(.get, "/api/v1/alerts", role: .viewer, api: true) { call in
            let (rows, next) = try self.alertPage(call.query)
            return Self.json(AlertPage(alerts: rows.map(AlertItem.init), next: next))
        }
        r.add(.get, "/api/v1/alerts/:id", role: .viewer, api: true) { call in Self.json(try self.alertDetail(call.parameter("id"))) }
        r.add(.get, "/api/v1/alerts/:id/evidence/:n", role: .viewer, api: true) { call in
            Self.json(try self.rawRecord(call.parameter("id"), call.parameter("n")))
        }
        for action in TriageAction.allCases {
            r.add(.post, "/api/v1/alerts/:id/\(action.rawValue)", role: .analyst, api: true) { call in
                let outcome = try self.triage(action, alertID: call.parameter("id"), fields: call.form, actor: call.principal)
                return Self.json(outcome, status: action == .suppress ? .created : .ok)
            }
        }
        r.add(.get, "/api/v1/suppressions", role: .viewer, api: true) { call in
            let active = call.query["active"].map { $0 == "true" || $0 == "1" } ?? false
            return Self.json(["suppressions": try self.store.suppressions(activeAtMs: active ? Self.nowMs() : nil)])
        }
        r.add(.post, "/api/v1/suppressions/:id/lift", role: .analyst, api: true) { call in
            try self.lift(call.parameter("id"), reason: call.form["reason"], actor: call.principal)
            return Self.json(["lifted": true])
        }
        r.add(.get, "/api/v1/analytics", role: .viewer, api: true) { _ in
            Self.json(try AnalyticsCatalogueReport.build(AttackKnowledgeBase(store: self.store)))
        }
        r.add(.get, "/api/v1/analytics/:id", role: .viewer, api: true) { call in Self.json(try self.analyticPage(call.parameter("id"))) }
        r.add(.get, "/api/v1/coverage", role: .viewer, api: true) { _ in Self.json(try self.coverageReport()) }
        r.add(.get, "/api/v1/accounts", role: .viewer, api: true) { _ in Self.json(try StoredReports.accounts(self.store, context: self.context)) }
        r.add(.get, "/api/v1/attack/releases", role: .viewer, api: true) { _ in
            Self.json(["releases": try AttackKnowledgeBase(store: self.store).releases()])
        }
        r.add(.get, "/api/v1/attack/objects", role: .viewer, api: true) { call in
            Self.json(["objects": try self.searchAttack(call.query["q"] ?? "", release: call.query["release"], limit: Self.limit(call.query, 50))])
        }
        r.add(.get, "/api/v1/attack/objects/:id", role: .viewer, api: true) { call in
            Self.json(try self.attackObject(call.parameter("id"), release: call.query["release"]))
        }
        r.add(.get, "/api/v1/attack/objects/:id/raw", role: .viewer, api: true) { call in
            Self.jsonText(try self.attackRaw(call.parameter("id"), release: call.query["release"]))
        }
        r.add(.get, "/api/v1/attack/diff", role: .viewer, api: true) { call in
            guard let from = call.query["from"], let to = call.query["to"] else {
                throw ConsoleError(.badRequest, "give the releases to compare: ?from=18.0&to=18.1")
            }
            return Self.json(try self.attackDiff(from, to))
        }
        r.add(.get, "/api/v1/ingest", role: .viewer, api: true) { _ in Self.json(try self.ingestHealth()) }
    }

    static func limit(_ q: [String: String], _ fallback: Int) throws -> Int {
        guard let t = q["limit"] else { return fallback }
        guard let n = Int(t), (1...500).contains(n) else { throw ConsoleError(.badRequest, "limit: expected a number from 1 to 500, got \(t)") }
        return n
    }

    /// Converts knowledge-base errors (unknown id, unknown release) to 404 / 400.
    func knowledge<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as KnowledgeError {
            switch e {
            case .empty, .unknownObject: throw ConsoleError(.notFound, e.description)
            case .unknownRelease, .ambiguousRelease: throw ConsoleError(.badRequest, e.description)
            }
        }
    }
}

/// A page of alerts and the cursor of the next one.
struct AlertPage: Codable, Sendable {
    var alerts: [AlertItem]
    var next: String?
}
