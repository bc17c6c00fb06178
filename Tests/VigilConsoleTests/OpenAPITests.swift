import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import VigilConsole

/// The OpenAPI document and the router agree, both ways; it is valid enough to be served; the
/// checker the other suites run on every response does catch a response that breaks it.
@Suite struct OpenAPITests {
    @Test func everyRouteIsDocumentedAndEveryOperationIsARoute() throws {
        let console = ConsoleFixture.shared.console()
        let checker = try OpenAPIChecker()
        let routes = Set(console.routeTable.map { "\($0.method) \($0.path)" })
        #expect(routes.subtracting(checker.operations).isEmpty, "routes missing from openapi.json: \(routes.subtracting(checker.operations).sorted())")
        #expect(checker.operations.subtracting(routes).isEmpty, "documented but not routed: \(checker.operations.subtracting(routes).sorted())")
        #expect(checker.doc["openapi"] as? String == "3.1.0")
        // Open routes are documented as such; every other operation needs the bearer scheme.
        for route in console.routeTable {
            let op = try #require(checker.paths[route.path]?[route.method.lowercased()] as? [String: Any])
            let security = op["security"] as? [Any]
            #expect((route.role == nil) == (security?.isEmpty == true), "\(route.method) \(route.path): security does not match its role")
            let responses = try #require(op["responses"] as? [String: Any])
            if route.role != nil {
                #expect(responses["401"] != nil || responses["303"] != nil, "\(route.method) \(route.path) does not document 401")
            }
        }
    }

    @Test func servedDocumentIsTheRepositoryOne() async throws {
        let console = ConsoleFixture.shared.console()
        let token = try console.auth.createToken(name: "doc", role: .viewer, by: "test").token
        try await application(console).test(.router) { client async throws in
            let r = try await client.execute(uri: "/openapi.json", method: .get, headers: .bearer(token))
            #expect(r.status == .ok)
            let file = try String(contentsOfFile: #filePath.replacingOccurrences(of: "Tests/VigilConsoleTests/OpenAPITests.swift",
                                                                                 with: "Sources/VigilConsole/Resources/openapi.json"), encoding: .utf8)
            #expect(String(buffer: r.body) == file)
        }
    }

    @Test func theCheckerCatchesBrokenResponses() throws {
        let checker = try OpenAPIChecker()
        func problems(_ value: Any, _ schema: String) -> [String] {
            var out: [String] = []
            checker.validate(value, ["$ref": "#/components/schemas/\(schema)"], at: "$", into: &out)
            return out
        }
        #expect(problems(["alerts": []], "AlertPage").isEmpty)
        #expect(!problems(["alerts": 3], "AlertPage").isEmpty)
        #expect(!problems([:] as [String: Any], "AlertPage").isEmpty)
        #expect(!problems(["alerts": [["id": "x"]]], "AlertPage").isEmpty, "an alert without its required members")
        #expect(!problems(["error": ["message": 1]], "Error").isEmpty)
        #expect(checker.template("/api/v1/alerts/abc/close") == "/api/v1/alerts/{id}/close")
        #expect(checker.template("/api/v1/nothing") == nil)
    }
}
