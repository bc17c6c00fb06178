import Foundation
import Testing
@testable import VigilConsole
import VigilConfig
import VigilStore
import VigilTestSupport

/// The first admin token: created once, on an empty token table only.
@Suite struct BootstrapTests {
    @Test func onlyOnAnEmptyTokenTable() throws {
        let dir = TemporaryDirectory()
        let store = try VigilStore(path: dir.path + "/vigil.db")
        let auth = Authenticator(store: store)
        let first = try #require(try auth.bootstrapAdminToken())
        #expect(try auth.identify(token: first)?.role == .admin)
        #expect(try auth.bootstrapAdminToken() == nil)
        // Revoking every token does not bring a new bootstrap token: the table is not empty.
        #expect(try store.revokeToken(id: 1, by: "test", at: Date()))
        #expect(try auth.bootstrapAdminToken() == nil)
        #expect(try auth.identify(token: first) == nil)
        #expect(try store.auditLog().map(\.action) == ["token.revoke", "token.create"])
    }

    @Test func passwords() throws {
        let dir = TemporaryDirectory()
        let auth = Authenticator(store: try VigilStore(path: dir.path + "/vigil.db"))
        try auth.saveUser(name: "bob", password: "a long passphrase", role: .analyst, by: "test", iterations: 200_000)
        #expect(try auth.identify(user: "bob", password: "a long passphrase")?.principal == "user:bob")
        #expect(try auth.identify(user: "bob", password: "a long passphrasE") == nil)
        #expect(try auth.identify(user: "nobody", password: "a long passphrase") == nil)
    }
}
