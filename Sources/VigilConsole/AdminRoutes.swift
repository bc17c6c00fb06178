import HTTPTypes
import Foundation
import Hummingbird
import VigilStore

/// A token just created: shown once, never again.
struct CreatedToken: Codable, Sendable {
    var id: Int64
    var name: String
    var role: String
    var token: String
}

extension Console {
    func addAdminRoutes<C>(_ r: inout Registrar<C>) {
        r.add(.get, "/api/v1/tokens", role: .admin, api: true) { _ in Self.json(["tokens": try self.store.tokens()]) }
        r.add(.post, "/api/v1/tokens", role: .admin, api: true) { call in
            let name = (call.form["name"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.count <= 100 else { throw ConsoleError(.badRequest, "name: 1 to 100 characters") }
            guard let role = ConsoleRole(rawValue: call.form["role"] ?? "") else {
                throw ConsoleError(.badRequest, "role: expected viewer, analyst or admin")
            }
            let (id, token) = try self.auth.createToken(name: name, role: role, by: call.principal)
            return Self.json(CreatedToken(id: id, name: name, role: role.rawValue, token: token), status: .created)
        }
        r.add(.post, "/api/v1/tokens/:id/revoke", role: .admin, api: true) { call in
            let text = try call.parameter("id")
            guard let id = Int64(text) else { throw ConsoleError(.badRequest, "token id: expected a number, got \(text)") }
            guard try self.store.revokeToken(id: id, by: call.principal, at: Date()) else {
                throw ConsoleError(.notFound, "no unrevoked token \(id)")
            }
            return Self.json(["revoked": true])
        }
        r.add(.get, "/api/v1/audit", role: .admin, api: true) { call in
            Self.json(["entries": try self.store.auditLog(target: call.query["target"], limit: try Self.limit(call.query, 200))])
        }
    }
}
