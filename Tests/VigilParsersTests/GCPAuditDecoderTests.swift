import Foundation
import Testing
import VigilCore
import VigilParsers
import VigilTestSupport

@Suite struct GCPAuditDecoderTests {
    let decoder = GCPAuditDecoder()
    static let zone = "europe-west1-b"
    static let project = "acme-prod"
    static func instance(_ n: String) -> Resource { Resource(type: .instance, id: "projects/acme-prod/zones/europe-west1-b/instances/\(n)") }
    static func disk(_ n: String) -> Resource { Resource(type: .volume, id: "projects/acme-prod/zones/europe-west1-b/disks/\(n)") }
    static func snapshot(_ n: String) -> Resource { Resource(type: .snapshot, id: "projects/acme-prod/global/snapshots/\(n)") }
    static func image(_ n: String) -> Resource { Resource(type: .image, id: "projects/acme-prod/global/images/\(n)") }

    func raw(_ index: Int = 0) -> RawRef { RawRef(file: "gcp.jsonl", offset: 0, line: index + 1, index: index, eventID: nil) }

    func parse(_ text: String) throws -> JSONValue {
        switch JSONDocument.parse(text) {
        case .success(let v): return v
        case .failure(let p): throw p
        }
    }

    func event(_ value: JSONValue, index: Int = 0) throws -> Event {
        switch decoder.decode(value, raw: raw(index)) {
        case .success(let e): return e
        case .failure(let p): throw p
        }
    }

    func problem(_ text: String) throws -> RecordProblem? {
        if case .failure(let p) = decoder.decode(try parse(text), raw: raw()) { return p }
        return nil
    }

    /// The entries written after Google's documented schema (see Fixtures/SOURCE.md).
    func documented() throws -> [Event] {
        try Fixtures.lines("gcp/compute-documented.jsonl").enumerated().map { i, line in
            let value = try parse(line)
            #expect(GCPAuditDecoder.recognises(value))
            return try event(value, index: i)
        }
    }

    /// The real entries: the `event` of each upstream test.
    func pantherEntries() throws -> [(name: String, entry: JSONValue)] {
        try Fixtures.lines("gcp/panther-gcp-audit.jsonl").map { line in
            let wrapper = try parse(line)
            return (try #require(wrapper["_test_name"]?.string), try #require(wrapper["event"]))
        }
    }

    func panther(_ name: String) throws -> Event {
        try event(try #require(try pantherEntries().first { $0.name == name }).entry)
    }

    // MARK: Real samples

    @Test func everyRealEntryDecodesOrIsAProblem() throws {
        let entries = try pantherEntries()
        #expect(entries.count == 143)
        var kinds: [EventKind: Int] = [:], problems: [RecordProblem: Int] = [:], unrecognised = 0
        for (i, s) in entries.enumerated() {
            guard GCPAuditDecoder.recognises(s.entry) else { unrecognised += 1; continue }
            switch decoder.decode(s.entry, raw: raw(i)) {
            case .success(let e): kinds[e.kind, default: 0] += 1
            case .failure(let p): problems[p, default: 0] += 1
            }
        }
        // Upstream test fragments (`{"methodName": …}` alone, a protoPayload with only authorizationInfo).
        #expect(unrecognised == 8)
        // Entries whose timestamp the upstream sanitising moved inside the payload; entries with no
        // method; one whose every field upstream replaced by `...`.
        #expect(problems == [.missingTime: 4, .missingName: 2, .badTime("..."): 1])
        #expect(kinds == [.other: 120, .instanceRun: 3, .instanceTerminate: 1, .snapshotCreate: 2,
                          .volumeSetPolicy: 1, .imageModifyAttribute: 1])
    }

    @Test func realInstanceDeleteIsMappedFieldByField() throws {
        let e = try panther("GCE Instance Terminated")
        #expect(e.kind == .instanceTerminate)
        #expect(e.time == Timestamp(iso8601: "2020-05-15T17:55:19.303Z"))
        #expect(e.actor == Actor(type: .user, name: "jack.naglieri@runpanther.io"))
        #expect(e.source == Endpoint(ip: IPAddress("136.24.229.58")))
        #expect(e.userAgent?.hasPrefix("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_4)") == true)
        #expect(e.api == APIOperation(service: "compute.googleapis.com", operation: "v1.compute.instances.delete",
                                      requestID: "operation-1589565287793-5a5b382538481-3da9816c-ce929997"))
        #expect(e.cloud == CloudContext(provider: .gcp, account: "western-verve-225918", region: "europe-north1-a"))
        #expect(e.resources == [Resource(type: .instance, id: "projects/western-verve-225918/zones/europe-north1-a/instances/instance-3")])
        #expect(e.outcome == .success)
        #expect(e.raw == RawRef(file: "gcp.jsonl", offset: 0, line: 1, index: 0, eventID: "81xwjyd5vh0"))
        #expect(e.request?["@type"]?.string == "type.googleapis.com/compute.instances.delete")
    }

    @Test func realBetaInsertIsClassified() throws {
        let e = try panther("GCE Create Instance in SouthAmerica")
        #expect(e.kind == .instanceRun)
        #expect(e.api.operation == "beta.compute.instances.insert")
        #expect(e.source.ip == IPAddress("136.24.229.58"))
        #expect(e.cloud?.region == "southamerica-east1-b")  // the resource's labels, as Logging recorded them
    }

    @Test func realDiskPolicyExposesToTheBoundMember() throws {
        let e = try panther("IAM policy update on a Compute Disk")
        #expect(e.kind == .volumeSetPolicy)
        let disk = Resource(type: .volume, id: "projects/test-project/zones/us-central1-a/disks/disk-1")
        #expect(e.exposures == [Exposure(resource: disk, grantee: .member("user:anonymized@example.com"), permission: "roles/owner")])
        #expect(e.actor == Actor(type: .servicePrincipal, name: "user@example.com", uid: "serviceAccount:user@example.com",
                                 accessKeyID: "//iam.googleapis.com/projects/test-project/serviceAccounts/user@example.com/keys/key-id"))
        #expect(e.userAgent == "google-cloud-sdk")
        #expect(e.cloud == CloudContext(provider: .gcp, account: "test-project", region: "us-central1-a"))
        #expect(e.raw.eventID == "1abcd23efg456")
    }

    @Test func realImagePolicyAndSnapshotInsert() throws {
        let image = try panther("IAM policy update on a Compute Image")
        #expect(image.kind == .imageModifyAttribute)
        #expect(image.exposures.map(\.grantee) == [.member("user:anonymized@example.com")])
        #expect(image.exposures.map(\.resource) == [Resource(type: .image, id: "projects/test-project/global/images/image-1")])
        let snapshot = try panther("Snapshot creation by user with unexpected domain")
        #expect(snapshot.kind == .snapshotCreate)
        #expect(snapshot.resources == [Resource(type: .snapshot, id: "projects/test-project/global/snapshots/snapshot-1")])
        #expect(snapshot.source == Endpoint())
    }

    @Test func realFailures() throws {
        #expect(try panther("GCP Run Service Not Created").outcome == .failure(code: "ALREADY_EXISTS", message: "Resource 'cloudrun-exfil' already exists."))
        let denied = try panther("VPC control violation")
        guard case .failure(let code, let message) = denied.outcome else { Issue.record("expected a failure"); return }
        #expect(code == "PERMISSION_DENIED")
        #expect(message?.hasPrefix("Request is prohibited by organization's policy.") == true)
        #expect(try panther("small query").outcome == .success)  // `"status": {}`
        let insert = try panther("GCP compute.instances - Error")
        #expect(insert.kind == .instanceRun)  // an attempt, kept as one
        #expect(insert.outcome == .failure(code: "NOT_FOUND", message: "The resource 'abc' was not found"))
        #expect(insert.source == Endpoint())  // `requestMetadata` upstream replaced by `...`
    }

    @Test func realUnrelatedEntriesAreOtherWithoutExposures() throws {
        // A bucket made public: not a compute resource, so no kind and no exposure here.
        let bucket = try panther("GCS AllUsers Read Permission")
        #expect(bucket.kind == .other)
        #expect(bucket.exposures.isEmpty)
        #expect(bucket.request == nil)
        #expect(bucket.resources == [Resource(type: .other, id: "projects/_/buckets/jacks-test-bucket")])
        #expect(try panther("Non-IAM policy update on a Compute Disk").kind == .other)  // `disks.create` is no Compute Engine method
        #expect(try panther("Other Event").kind == .other)  // v1.compute.subnetworks.patch
    }

    @Test func realLowerCasedExportReadsTheSame() throws {
        let e = try panther("appengine.firewall.create-should-alert")
        #expect(e.api.operation == "google.appengine.v1.Firewall.CreateIngressRule")
        #expect(e.api.service == "appengine.googleapis.com")
        #expect(e.raw.eventID == "-xxxxxxxxxxxx")
        #expect(e.time == Timestamp(iso8601: "2023-05-23T19:28:35.049Z"))
        #expect(e.source.ip == IPAddress("12.12.12.12"))
        #expect(e.cloud == CloudContext(provider: .gcp, account: "test-project-123456", region: nil))
    }

    // MARK: Documented shapes of every classified method

    @Test func everyClassifiedMethod() throws {
        #expect(try documented().map(\.kind) == [
            .instanceStart, .instanceStop, .volumeAttach, .volumeDetach, .volumeCreate, .volumeDelete, .snapshotCreate,
            .snapshotDelete, .snapshotModifyAttribute, .imageCreate, .imageDeregister, .imageModifyAttribute,
            .instanceRun, .instanceRun, .instanceRun,
        ])
    }

    @Test func instanceStartIsMappedFieldByField() throws {
        let e = try documented()[0]
        #expect(e.time == Timestamp(iso8601: "2025-03-04T09:15:02.345Z"))
        #expect(e.actor == Actor(type: .user, name: "alice@acme.example", uid: "user:alice@acme.example"))
        #expect(e.source.ip == IPAddress("203.0.113.10"))
        #expect(e.userAgent?.hasPrefix("google-cloud-sdk gcloud/512.0.0") == true)
        #expect(e.api == APIOperation(service: "compute.googleapis.com", operation: "v1.compute.instances.start",
                                      requestID: "operation-1741079702000-start-1"))
        #expect(e.cloud == CloudContext(provider: .gcp, account: Self.project, region: Self.zone))
        #expect(e.resources == [Self.instance("web-01")])
        #expect(e.raw.eventID == "-a1b2c3d4e5f6")
        #expect(e.response?["status"]?.string == "RUNNING")
    }

    @Test func serviceAccountWithAKey() throws {
        let e = try documented()[1]
        #expect(e.actor == Actor(type: .servicePrincipal, name: "deployer@acme-prod.iam.gserviceaccount.com",
                                 uid: "serviceAccount:deployer@acme-prod.iam.gserviceaccount.com", account: "acme-prod",
                                 accessKeyID: "//iam.googleapis.com/projects/acme-prod/serviceAccounts/deployer@acme-prod.iam.gserviceaccount.com/keys/6f1b2c3d4e5f60718293a4b5c6d7e8f901234567"))
    }

    @Test func relatedResourcesLinkTheSnapshotChain() throws {
        let events = try documented()
        #expect(events[2].resources == [Self.instance("web-01"), Self.disk("restored-1")])     // attachDisk: the URL, normalised
        #expect(events[3].resources == [Self.instance("web-01")])
        #expect(events[4].resources == [Self.disk("restored-1"), Self.snapshot("nightly-1")])  // a disk made from a snapshot
        #expect(events[6].resources == [Self.disk("db-01"), Self.snapshot("nightly-1")])      // createSnapshot: disk and snapshot
        #expect(events[9].resources == [Self.image("golden-2025-03"), Self.disk("packer-build-1")])
        #expect(events[13].resources == [
            Self.instance("exfil-1"),
            Resource(type: .image, id: "projects/debian-cloud/global/images/family/debian-12"),
            Self.disk("restored-1"),                                                             // `zones/…/disks/…`, relative
            Self.snapshot("nightly-1"),                                                          // `global/snapshots/…`, relative
        ])
    }

    @Test func policyDeltasAddAndRemove() throws {
        let e = try documented()[8]
        let snap = Self.snapshot("nightly-1")
        #expect(e.exposures == [
            Exposure(resource: snap, grantee: .anyAuthenticated, permission: "roles/compute.storageAdmin"),
            Exposure(resource: snap, grantee: .member("user:carol@acme.example"), permission: "roles/compute.storageAdmin", added: false),
        ])
    }

    @Test func requestPolicyWhenNoDeltaWasRecorded() throws {
        let e = try documented()[11]
        let image = Self.image("golden-2025-03")
        // `projectOwner:acme-prod` is the image's own project: no exposure.
        #expect(e.exposures == [
            Exposure(resource: image, grantee: .everyone, permission: "roles/compute.imageUser"),
            Exposure(resource: image, grantee: .member("domain:partner.example"), permission: "roles/compute.imageUser"),
        ])
    }

    @Test func failedInsert() throws {
        let e = try documented()[12]
        #expect(e.kind == .instanceRun)
        #expect(e.outcome == .failure(code: "PERMISSION_DENIED",
                                      message: "Required 'compute.instances.create' permission for 'projects/acme-prod/zones/us-central1-a/instances/miner-1'"))
        #expect(e.api.requestID == nil)
        #expect(e.cloud?.region == "us-central1-a")
        #expect(e.exposures.isEmpty)
    }

    @Test func firstAndLastEntriesOfOneOperationShareItsID() throws {
        let events = try documented()
        #expect(events[13].api.requestID == "operation-1741081500000-run-11")
        #expect(events[14].api.requestID == events[13].api.requestID)
        #expect(events[14].raw.eventID != events[13].raw.eventID)
    }

    // MARK: Members and methods

    @Test(arguments: [
        ("allUsers", Exposure.Grantee.everyone),
        ("allAuthenticatedUsers", .anyAuthenticated),
        ("user:eve@example.com", .member("user:eve@example.com")),
        ("group:ops@example.com", .member("group:ops@example.com")),
        ("serviceAccount:x@other.iam.gserviceaccount.com", .member("serviceAccount:x@other.iam.gserviceaccount.com")),
        ("domain:example.com", .member("domain:example.com")),
        ("projectViewer:other-project", .account("other-project")),
    ])
    func bindingMembers(member: String, grantee: Exposure.Grantee) throws {
        let text = """
            {"timestamp":"2025-03-04T10:00:00Z","resource":{"labels":{"project_id":"acme-prod"}},"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog",
             "serviceName":"compute.googleapis.com","methodName":"v1.compute.disks.setIamPolicy","resourceName":"projects/acme-prod/zones/z/disks/d",
             "serviceData":{"policyDelta":{"bindingDeltas":[{"action":"ADD","role":"roles/compute.viewer","member":"\(member)"}]}}}}
            """
        let e = try event(try parse(text))
        #expect(e.exposures.map(\.grantee) == [grantee])
        #expect(e.exposures.map(\.permission) == ["roles/compute.viewer"])
    }

    @Test(arguments: [
        ("v1.compute.snapshots.insert", String?("compute.googleapis.com"), EventKind.snapshotCreate),
        ("alpha.compute.images.insert", "compute.googleapis.com", .imageCreate),
        ("compute.instances.start", nil, .instanceStart),
        ("v1.compute.instances.setMetadata", "compute.googleapis.com", .other),
        ("v1.compute.instances.insert", "...", .other),
        ("randomservice.compute.v1.Firewall.UpdateIngressRule", nil, .other),
        ("appengine.compute.v1.instances.insert", nil, .other),
    ])
    func methods(method: String, service: String?, kind: EventKind) throws {
        let serviceField = service.map { #""serviceName":"\#($0)","# } ?? ""
        let text = #"{"timestamp":"2025-03-04T10:00:00Z","protoPayload":{\#(serviceField)"methodName":"\#(method)"}}"#
        #expect(try event(try parse(text)).kind == kind)
    }

    // MARK: Problems

    @Test func malformedEntriesAreProblemsNotCrashes() throws {
        #expect(try problem(#"{"protoPayload":{"methodName":"v1.compute.disks.delete"}}"#) == .missingTime)
        #expect(try problem(#"{"timestamp":"not a time","protoPayload":{"methodName":"v1.compute.disks.delete"}}"#) == .badTime("not a time"))
        #expect(try problem(#"{"timestamp":"2025-03-04T10:00:00Z","protoPayload":{"serviceName":"compute.googleapis.com"}}"#) == .missingName)
        #expect(try problem(#"{"timestamp":"2025-03-04T10:00:00Z","protoPayload":"v1.compute.disks.delete"}"#) == .missingName)
        #expect(try problem(#"{"timestamp":"2025-03-04T10:00:00Z","protoPayload":{"methodName":["v1"]}}"#) == .missingName)
        #expect(try problem("[]") == .notAnObject)
        #expect(try problem("null") == .notAnObject)
        // Fields of the wrong type are ignored, not trusted.
        let odd = try event(try parse(#"""
            {"timestamp":"2025-03-04T10:00:00Z","resource":"x","operation":7,"protoPayload":{"methodName":"v1.compute.images.setIamPolicy",
             "serviceName":"compute.googleapis.com","resourceName":"projects/p/global/images/i","status":{"code":"x"},"authenticationInfo":[],
             "serviceData":{"policyDelta":{"bindingDeltas":[{"action":"ADD","member":"allUsers"},{"action":"GRANT","role":"r","member":"allUsers"},7]}},
             "request":{"policy":{"bindings":"all"}}}}
            """#))
        #expect(odd.kind == .imageModifyAttribute)
        #expect(odd.exposures.isEmpty)
        #expect(odd.outcome == .failure(code: "-1", message: nil))
        #expect(odd.actor == Actor(type: .unknown))
        #expect(odd.cloud?.account == "p")
    }

    @Test func recognisesAuditLogEntriesOnly() throws {
        #expect(GCPAuditDecoder.recognises(try parse(#"{"protoPayload":{"@type":"type.googleapis.com/google.cloud.audit.AuditLog"}}"#)))
        #expect(GCPAuditDecoder.recognises(try parse(#"{"protopayload":{"methodName":"m"}}"#)))
        #expect(!GCPAuditDecoder.recognises(try parse(#"{"methodName":"v1.compute.firewalls.insert"}"#)))
        #expect(!GCPAuditDecoder.recognises(try parse(#"{"protoPayload":{"authorizationInfo":[]}}"#)))
        #expect(!GCPAuditDecoder.recognises(try parse(#"{"protoPayload":"x"}"#)))
        let azure = try #require(try Fixtures.lines("azure/storage-export-lines.jsonl").first)
        #expect(!GCPAuditDecoder.recognises(try parse(azure)))
    }
}
