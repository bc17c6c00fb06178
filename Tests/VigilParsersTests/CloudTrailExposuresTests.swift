import Foundation
import Testing
import VigilCore
import VigilParsers
import VigilTestSupport

/// A `ModifySnapshotAttribute` / `ModifyImageAttribute` request.
func permissionRequest(image: Bool = false, add: [JSONValue], remove: [JSONValue] = []) -> JSONValue {
    .object([
        (image ? "imageId" : "snapshotId", .string(image ? "ami-0abc" : "snap-0abc")),
        ("attributeType", .string(image ? "launchPermission" : "CREATE_VOLUME_PERMISSION")),
        (image ? "launchPermission" : "createVolumePermission",
         .object([("add", .object([("items", .array(add))])), ("remove", .object([("items", .array(remove))]))])),
    ])
}

let everyoneItem: JSONValue = .object([("group", .string("all"))])
func userItem(_ id: String) -> JSONValue { .object([("userId", .string(id))]) }

@Suite struct CloudTrailExposuresTests {
    func exposures(image: Bool = false, add: [JSONValue], remove: [JSONValue] = []) -> [Exposure] {
        CloudTrailExposures.extract(kind: image ? .imageModifyAttribute : .snapshotModifyAttribute,
                                    request: permissionRequest(image: image, add: add, remove: remove), owner: "111122223333")
    }

    @Test func publicSnapshot() {
        #expect(exposures(add: [everyoneItem]) == [Exposure(resource: Resource(type: .snapshot, id: "snap-0abc"), grantee: .everyone,
                                                            permission: "createVolumePermission")])
    }

    @Test func imageSharedWithAnAccountAndAnOrganisation() {
        let org: JSONValue = .object([("organizationArn", .string("arn:aws:organizations::123456789012:organization/o-abc"))])
        #expect(exposures(image: true, add: [userItem("999988887777"), org]).map(\.grantee) ==
                [.account("999988887777"), .organization("arn:aws:organizations::123456789012:organization/o-abc")])
        #expect(exposures(image: true, add: [userItem("999988887777")]).first?.permission == "launchPermission")
    }

    @Test func nothingExposedWithoutAnOutsideGrantee() {
        #expect(exposures(add: []).isEmpty)
        #expect(exposures(add: [userItem("111122223333")]).isEmpty)                     // its own account
        #expect(exposures(add: [.object([("group", .string("none"))])]).isEmpty)        // not a real group
        #expect(exposures(add: [userItem("bob")]).isEmpty)                              // not an account id
        #expect(CloudTrailExposures.extract(kind: .snapshotCreate, request: permissionRequest(add: [everyoneItem]), owner: nil).isEmpty)
    }

    @Test func removalIsRecordedAsRemoval() {
        let x = exposures(add: [], remove: [everyoneItem])
        #expect(x.count == 1)
        #expect(x.first?.added == false)
    }

    /// The real records: the upstream rules' verdicts (snapshot or AMI shared outside the account,
    /// successfully) are the truth. The decoder reads them with simdjson; the verdict comes from
    /// the labels, not from this code.
    @Test func realSamplesExposeExactlyWhenTheyShare() throws {
        var checked = 0
        for line in try Fixtures.lines("aws/panther-sharing-labelled.jsonl") {
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let shares = try #require(o["shares"] as? Bool)
            let name = try #require(o["test_name"] as? String)
            let record = try #require(o["event"] as? [String: Any])
            let text = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
            let events = try decodeAll(text)
            let e = try #require(events.first, "\(name)")
            let exposed = e.outcome.succeeded && e.exposures.contains { $0.added }
            #expect(exposed == shares, "\(name): \(e.exposures)")
            checked += 1
        }
        #expect(checked == 10)
    }
}

/// Every full event of one JSON text.
func decodeAll(_ text: String) throws -> [Event] {
    let events = decode(text).events
    return events
}
