import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import VigilAttack
import VigilConfig
@testable import VigilConsole
import VigilEngine
import VigilStore
import VigilTestSupport

/// Hostile text placed in log fields: none of it may reach a page as markup.
enum Hostile {
    static let principal = "<img src=x onerror=alert(1)>"
    static let userAgent = "javascript:alert(document.cookie)"
    static let snapshot = "snap-<script>alert(2)</script>"
    static let eventID = "\"><svg onload=alert(3)>"

    /// A CloudTrail record that makes AN0861 fire (a snapshot shared publicly), carrying them.
    static var record: String {
        func j(_ s: String) -> String { String(decoding: try! JSONEncoder().encode(s), as: UTF8.self) }
        return """
            {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAHOSTILE","arn":\(j("arn:aws:iam::111122223333:user/" + principal)),\
            "accountId":"111122223333","userName":\(j(principal))},"eventTime":"2026-03-17T11:33:00Z","eventSource":"ec2.amazonaws.com",\
            "eventName":"ModifySnapshotAttribute","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.23","userAgent":\(j(userAgent)),\
            "requestParameters":{"snapshotId":\(j(snapshot)),"attributeType":"CREATE_VOLUME_PERMISSION",\
            "createVolumePermission":{"add":{"items":[{"group":"all"}]}}},"responseElements":{"_return":true},"requestID":"r-hostile",\
            "eventID":\(j(eventID)),"readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
            """
    }
}

/// A store filled the way an operator fills one: `vigil scan --db` of the bundled example data
/// (plus one record with hostile fields) and `vigil attack import` of the fixture bundles. Built
/// once per test process; tests that change it work on alerts of their own.
final class ConsoleFixture: @unchecked Sendable {
    static let shared = try! ConsoleFixture()

    let dir: TemporaryDirectory
    let dbPath: String
    let configPath: String
    let store: VigilStore
    let context: OrgContext

    init() throws {
        let dir = TemporaryDirectory("vigil-console")
        self.dir = dir
        dbPath = dir.path + "/vigil.db"
        configPath = Golden.packageRoot() + "/examples/vigil.yaml"
        let hostile = try dir.write("hostile/hostile.ndjson", Hostile.record + "\n")
        let request = ScanRequest(paths: [Golden.packageRoot() + "/examples/data", hostile], configPath: configPath, since: nil, until: nil,
                                  workers: nil, maxRecordBytes: 256 << 20, dbPath: dbPath)
        let outcome = ScanCommand.execute(request, format: .json, summary: .none, progress: false, productVersion: "test",
                                          out: { _ in }, err: { _ in })
        guard case .completed = outcome else { throw FixtureError.scan("\(outcome)") }
        store = try VigilStore(path: dbPath)
        let kb = AttackKnowledgeBase(store: store)
        _ = try kb.importBundle(path: Fixtures.path("attack/enterprise-attack-18.0-subset.json"))
        _ = try kb.importBundle(path: Fixtures.path("attack/enterprise-attack-18.1-subset.json.gz"))
        context = try ConfigLoader.load(path: configPath)
    }

    enum FixtureError: Error { case scan(String) }

    /// A console over the shared store (its own login throttle).
    func console(secureCookies: Bool = false) -> Console {
        Console(store: store, context: context, configPath: configPath, secureCookies: secureCookies)
    }

    /// A token of each role, created for one test.
    func tokens(_ console: Console) throws -> [ConsoleRole: String] {
        var out: [ConsoleRole: String] = [:]
        for role in ConsoleRole.allCases { out[role] = try console.auth.createToken(name: "test \(role)", role: role, by: "test").token }
        return out
    }
}

/// The application for in-process tests.
func application(_ console: Console) -> some ApplicationProtocol {
    let router = Router(context: ConsoleRequestContext.self)
    router.addRoutes(console.routes(context: ConsoleRequestContext.self))
    return Application(router: router)
}

extension HTTPFields {
    static func bearer(_ token: String) -> HTTPFields { [.authorization: "Bearer \(token)"] }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    func json() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text.prefix(300))")
    }
}
