import Foundation
import Testing
import VigilAnalytics
import VigilConfig
import VigilCore
import VigilTestSupport

/// Builds a ModifySnapshotAttribute / ModifyImageAttribute event.
func modifyEvent(
    image: Bool = false, items: [JSONValue], remove: [JSONValue] = [], owner: String = "111122223333",
    principal: String = "ops", outcome: Outcome = .success, time: String = "2026-03-16T22:18:05Z", eventID: String = "e-1"
) -> Event {
    let key = image ? "launchPermission" : "createVolumePermission"
    let request: JSONValue = .object([
        (image ? "imageId" : "snapshotId", .string(image ? "ami-0abc" : "snap-0abc")),
        ("attributeType", .string(image ? "launchPermission" : "CREATE_VOLUME_PERMISSION")),
        (key, .object([("add", .object([("items", .array(items))])), ("remove", .object([("items", .array(remove))]))])),
    ])
    return Event(
        time: Timestamp(iso8601: time)!, kind: image ? .imageModifyAttribute : .snapshotModifyAttribute,
        actor: Actor(type: .user, name: principal, arn: "arn:aws:iam::\(owner):user/\(principal)", account: owner),
        source: Endpoint(sourceText: "198.51.100.23"), userAgent: "aws-cli/2.15.30",
        api: APIOperation(service: "ec2.amazonaws.com", operation: image ? "ModifyImageAttribute" : "ModifySnapshotAttribute"),
        cloud: CloudContext(provider: .aws, account: owner, region: "us-east-1"), outcome: outcome,
        raw: RawRef(file: "f", offset: 0, index: 0, eventID: eventID), request: request)
}

let publicItem: JSONValue = .object([("group", .string("all"))])
func accountItem(_ id: String) -> JSONValue { .object([("userId", .string(id))]) }

@Suite struct SnapshotSharingDetectorTests {
    let detector = SnapshotSharingDetector()

    @Test func publicSnapshotIsCritical() throws {
        let alerts = detector.evaluate(modifyEvent(items: [publicItem]), context: .empty)
        let a = try #require(alerts.first)
        #expect(alerts.count == 1)
        #expect(a.attack.analytic == "AN0861")
        #expect(a.target == "public")
        #expect(a.severity == .critical)
        #expect(a.principal.name == "ops")
        #expect(a.resources == [Resource(type: .snapshot, id: "snap-0abc")])
        #expect(a.reasons.map(\.code) == ["shared-publicly", "outside-change-window"])
        #expect(a.evidence.map(\.eventID) == ["e-1"])
    }

    @Test func externalAccountShareNamesTheAccount() throws {
        let a = try #require(detector.evaluate(modifyEvent(image: true, items: [accountItem("999988887777")]), context: .empty).first)
        #expect(a.target == "999988887777")
        #expect(a.severity == .critical)  // high, raised once for being outside any approved window
        #expect(a.resources == [Resource(type: .image, id: "ami-0abc")])
        #expect(a.reasons.first?.facts.contains(Fact("grantee_account", "999988887777")) == true)
        #expect(a.title == "AMI ami-0abc shared with 999988887777 by ops")
    }

    @Test func noAlertWithoutAnOutsideGrantee() {
        let quiet: [Event] = [
            modifyEvent(items: []),
            modifyEvent(items: [accountItem("111122223333")]),           // its own account
            modifyEvent(items: [.object([("group", .string("none"))])]),  // not a real group
            modifyEvent(items: [accountItem("bob")]),                    // not an account id
            modifyEvent(items: [], remove: [publicItem]),                // un-sharing
            modifyEvent(items: [publicItem], outcome: .failure(code: "UnauthorizedOperation", message: nil)),
        ]
        for e in quiet { #expect(detector.evaluate(e, context: .empty).isEmpty, "\(String(describing: e.request))") }
    }

    @Test func alertIdIsStableAndEvidenceBound() throws {
        let a = try #require(detector.evaluate(modifyEvent(items: [publicItem]), context: .empty).first)
        let b = try #require(detector.evaluate(modifyEvent(items: [publicItem]), context: .empty).first)
        let c = try #require(detector.evaluate(modifyEvent(items: [publicItem], eventID: "e-2"), context: .empty).first)
        #expect(a.id == b.id)
        #expect(a.id != c.id)
    }

    @Test func insideAnApprovedWindowDropsTheWindowReason() throws {
        let yaml = """
            change_windows:
              - name: ops-changes
                scope: { principals: [ops] }
                weekly: [{ days: [Mon], start: "22:00", end: "23:00" }]
            """
        let context = try ConfigLoader.parse(yaml: yaml, file: "t.yaml")
        // 2026-03-16 is a Monday.
        let inside = try #require(detector.evaluate(modifyEvent(items: [accountItem("999988887777")]), context: context).first)
        #expect(inside.reasons.map(\.code) == ["shared-with-external-account"])
        #expect(inside.severity == .high)
        let outside = try #require(detector.evaluate(modifyEvent(items: [accountItem("999988887777")], time: "2026-03-17T22:18:05Z"),
                                                     context: context).first)
        #expect(outside.reasons.map(\.code) == ["shared-with-external-account", "outside-change-window"])
    }

    /// The real records: the upstream rules' verdicts (snapshot or AMI shared outside the account,
    /// successfully) are the truth for this detection.
    @Test func realSamplesAlertExactlyWhenTheyShare() throws {
        for line in try Fixtures.lines("aws/panther-sharing-labelled.jsonl") {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let shares = try #require(o["shares"] as? Bool)
            let name = try #require(o["test_name"] as? String)
            let event = try #require(o["event"] as? [String: Any])
            let e = try eventFromFoundation(event)
            let alerts = detector.evaluate(e, context: .empty)
            #expect(!alerts.isEmpty == shares, "\(name)")
        }
    }
}

/// An independent path from raw JSON to the event fields this detection reads (Foundation, not
/// simdjson), so the real-sample test does not rest on the decoder it is meant to check.
func eventFromFoundation(_ o: [String: Any]) throws -> Event {
    func json(_ v: Any?) -> JSONValue? {
        switch v {
        case let s as String: return .string(s)
        case let n as NSNumber: return .number(n.doubleValue)  // booleans too: the detector reads none
        case let a as [Any]: return .array(a.compactMap(json))
        case let d as [String: Any]: return .object(d.sorted { $0.key < $1.key }.map { ($0.key, json($0.value) ?? .null) })
        default: return nil
        }
    }
    let identity = o["userIdentity"] as? [String: Any] ?? [:]
    let name = o["eventName"] as? String ?? ""
    return Event(
        time: Timestamp(iso8601: o["eventTime"] as? String ?? "")!,
        kind: name == "ModifyImageAttribute" ? .imageModifyAttribute : .snapshotModifyAttribute,
        actor: Actor(type: PrincipalType(cloudTrail: identity["type"] as? String), arn: identity["arn"] as? String,
                     account: identity["accountId"] as? String),
        source: Endpoint(sourceText: o["sourceIPAddress"] as? String),
        api: APIOperation(service: "ec2.amazonaws.com", operation: name),
        cloud: CloudContext(provider: .aws, account: o["recipientAccountId"] as? String, region: o["awsRegion"] as? String),
        outcome: o["errorCode"] is String ? .failure(code: o["errorCode"] as! String, message: nil) : .success,
        raw: RawRef(file: "f", offset: 0, index: 0, eventID: o["eventID"] as? String),
        request: json(o["requestParameters"]))
}
