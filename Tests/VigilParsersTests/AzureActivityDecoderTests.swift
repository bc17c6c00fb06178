import Foundation
import Testing
import VigilCore
import VigilParsers
import VigilTestSupport

@Suite struct AzureActivityDecoderTests {
    let decoder = AzureActivityDecoder()
    static let sub = "11111111-2222-3333-4444-555555555555"
    static let tenant = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
    static let rg = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-prod/providers/Microsoft.Compute"

    func raw(_ index: Int = 0) -> RawRef { RawRef(file: "azure.json", offset: 0, index: index, eventID: nil) }

    /// Parses a JSON text with simdjson.
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

    /// The events of one of the authored fixtures (a container, or one record per line).
    func fixtureEvents(_ name: String) throws -> [Event] {
        let text = try String(contentsOfFile: Fixtures.path("azure/\(name)"), encoding: .utf8)
        let records: [JSONValue]
        if name.hasSuffix(".jsonl") {
            records = try text.split(separator: "\n").map { try parse(String($0)) }
        } else {
            records = AzureActivityDecoder.records(in: try parse(text))
        }
        #expect(records.allSatisfy(AzureActivityDecoder.recognises))
        return try records.enumerated().map { try event($1, index: $0) }
    }

    /// The real records: the `event` of each upstream test.
    func pantherEvents() throws -> [(name: String, record: JSONValue)] {
        try Fixtures.lines("azure/panther-azure-activity.jsonl").map { line in
            let wrapper = try parse(line)
            return (try #require(wrapper["_test_name"]?.string), try #require(wrapper["event"]))
        }
    }

    // MARK: Real samples

    @Test func everyRealSampleDecodesAndComputeOperationsAreClassified() throws {
        let samples = try pantherEvents()
        #expect(samples.count == 214)
        var kinds: [EventKind: Int] = [:]
        for (i, s) in samples.enumerated() {
            #expect(AzureActivityDecoder.recognises(s.record), "\(s.name)")
            let e = try event(s.record, index: i)
            kinds[e.kind, default: 0] += 1
        }
        #expect(kinds == [.other: 200, .instanceRun: 2, .instanceTerminate: 2, .volumeCreate: 1, .volumeDelete: 2,
                          .volumeExport: 4, .snapshotCreate: 1, .snapshotDelete: 2])
    }

    @Test func realVirtualMachineWriteIsMappedFieldByField() throws {
        let s = try #require(try pantherEvents().first { $0.record["operationName"]?.string == "Microsoft.Compute/virtualMachines/write" })
        let e = try event(s.record)
        #expect(e.kind == .instanceRun)
        #expect(e.time == Timestamp(iso8601: "2024-12-17T13:30:00Z"))
        #expect(e.actor == Actor(type: .unknown, account: "87654321-4321-4321-4321-210987654321"))
        #expect(e.source == Endpoint(ip: IPAddress("203.0.113.75")))
        #expect(e.userAgent == nil)
        #expect(e.api == APIOperation(service: "Microsoft.Compute", operation: "Microsoft.Compute/virtualMachines/write",
                                      requestID: "d4e5f6a7-b8c9-0123-def0-234567890123", readOnly: false))
        #expect(e.cloud == CloudContext(provider: .azure, account: "12345678-1234-1234-1234-123456789abc", region: "westus"))
        #expect(e.resources == [Resource(type: .instance, id: "/subscriptions/12345678-1234-1234-1234-123456789abc/resourceGroups/myresourcegroup/providers/Microsoft.Compute/virtualMachines/myvm")])
        #expect(e.outcome == .success)
        #expect(e.raw.eventID == "d4e5f6a7-b8c9-0123-def0-234567890123")
        #expect(e.exposures.isEmpty)
    }

    @Test func realUpperCaseOperationsClassifyAndKeepTheirSpelling() throws {
        let s = try #require(try pantherEvents().first { $0.record["operationName"]?.string == "MICROSOFT.COMPUTE/SNAPSHOTS/WRITE" })
        let e = try event(s.record)
        #expect(e.kind == .snapshotCreate)
        #expect(e.api.operation == "MICROSOFT.COMPUTE/SNAPSHOTS/WRITE")
        #expect(e.api.service == "Microsoft.Compute")
        #expect(e.resources.map(\.type) == [.snapshot])
    }

    @Test func realDiskSASExportIsALinkHolderExposure() throws {
        let s = try #require(try pantherEvents().first { $0.name == "SAS URI Generated for Disk" })
        let e = try event(s.record)
        #expect(e.kind == .volumeExport)
        let disk = Resource(type: .volume, id: "/subscriptions/12345678-1234-1234-1234-123456789abc/resourceGroups/vm-rg/providers/Microsoft.Compute/disks/vm-prod-osdisk")
        #expect(e.exposures == [Exposure(resource: disk, grantee: .linkHolder, permission: "SAS")])
        #expect(e.api.readOnly == nil)
    }

    @Test func realIdentities() throws {
        let samples = try pantherEvents()
        // A UPN claim: a user, in the record's tenant.
        let user = try event(try #require(samples.first { $0.name == "Resource Lock Deleted Successfully" }).record)
        #expect(user.actor == Actor(type: .user, name: "compromised-admin@company.com", account: "87654321-4321-4321-4321-111111111111"))
        // Only an application id: a service principal, named by it.
        let app = try event(try #require(samples.first { $0.name == "Certificate Accessed Successfully" }).record)
        #expect(app.actor.type == .servicePrincipal)
        #expect(app.actor.name == "12345678-1234-1234-1234-123456789abc")
        // Role-assignment evidence without claims: the caller's object id and type.
        let evidence = try event(try #require(samples.first { $0.name == "Owner Role Assignment" }).record)
        #expect(evidence.actor.type == .user)
        #expect(evidence.actor.uid == "6b6d44f0-b13a-46a0-bfde-161324d4c34d")
    }

    @Test func realLocalizableOperationNameAndStatus() throws {
        let s = try #require(try pantherEvents().first { $0.name == "Elevate Access to All Azure Subscriptions" })
        let e = try event(s.record)
        #expect(e.api.operation == "Microsoft.Authorization/elevateAccess/action")
        #expect(e.api.service == "Microsoft.Authorization")
        #expect(e.kind == .other)
        #expect(e.outcome == .success)
        #expect(e.actor.name == "attacker@example.com")
        #expect(e.cloud?.account == nil)  // `/providers/Microsoft.Authorization` names no subscription
    }

    @Test func realFailures() throws {
        let samples = try pantherEvents()
        let failed = try event(try #require(samples.first { $0.name == "Failed Lock Deletion" }).record)
        #expect(failed.outcome == .failure(code: "403", message: nil))
        // A storage resource log: an HTTP status instead of a result type.
        let denied = try event(try #require(samples.first { $0.name == "Different Error Code" }).record)
        #expect(denied.outcome == .failure(code: "AuthorizationPermissionMismatch", message: nil))
    }

    @Test func realResourceLogCallerWithPortAndUserAgent() throws {
        let s = try #require(try pantherEvents().first { $0.name == "Successful Blob Extraction" })
        let e = try event(s.record)
        #expect(e.source == Endpoint(ip: IPAddress("8.8.8.8")))
        #expect(e.userAgent == "python-requests/2.31.0")
        #expect(e.api.service == "Microsoft.Storage")
        #expect(e.kind == .other)
        #expect(e.request == nil)
    }

    // MARK: Storage export, container form

    @Test func storageExportContainerClassifiesEveryComputeOperation() throws {
        let events = try fixtureEvents("storage-export-compute.json")
        #expect(events.map(\.kind) == [
            .other, .other, .instanceRun,          // VM create: start and accept phases, then the outcome
            .instanceModify,                        // VM write answered `Succeeded.OK`: an update
            .instanceStart, .instanceStop, .instanceStop,
            .volumeCreate, .volumeModify,          // disk write: created, then updated (OK)
            .snapshotCreate, .snapshotExport, .imageCreate, .imageDeregister,
            .volumeDelete,                          // failed
            .other,                                 // a network security group
        ])
        #expect(events.map(\.outcome.succeeded) == Array(repeating: true, count: 13) + [false, true])
    }

    @Test func storageExportUserCreatesAVirtualMachine() throws {
        let e = try fixtureEvents("storage-export-compute.json")[2]
        #expect(e.time == Timestamp(iso8601: "2025-03-04T09:16:41.900Z"))
        #expect(e.actor == Actor(type: .user, name: "alice@contoso.com", uid: "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0", account: Self.tenant))
        #expect(e.source.ip == IPAddress("203.0.113.10"))
        #expect(e.api == APIOperation(service: "Microsoft.Compute", operation: "MICROSOFT.COMPUTE/VIRTUALMACHINES/WRITE",
                                      requestID: "5f0c1d2e-0001-4000-8000-000000000001", readOnly: false))
        #expect(e.cloud == CloudContext(provider: .azure, account: Self.sub, region: "westeurope"))
        #expect(e.resources == [Resource(type: .instance, id: "\(Self.rg)/virtualMachines/web-01")])
        #expect(e.raw == RawRef(file: "azure.json", offset: 0, index: 2, eventID: "5f0c1d2e-0001-4000-8000-000000000001"))
    }

    @Test func storageExportDiskFromSnapshotNamesItsSource() throws {
        let e = try fixtureEvents("storage-export-compute.json")[7]
        #expect(e.kind == .volumeCreate)
        #expect(e.resources == [Resource(type: .volume, id: "\(Self.rg)/disks/disk-from-snap"),
                                Resource(type: .snapshot, id: "\(Self.rg)/snapshots/nightly-snap")])
        // The request body ARM logged as a JSON string, parsed.
        #expect(e.request?["properties", "creationData", "createOption"]?.string == "Copy")
    }

    @Test func storageExportImageFromVirtualMachineNamesItsSource() throws {
        let e = try fixtureEvents("storage-export-compute.json")[11]
        #expect(e.resources.map(\.type) == [.image, .instance])
        #expect(e.actor == Actor(type: .servicePrincipal, name: "3c9f5f2e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
                                 uid: "7d6c5b4a-3928-1716-0504-f3e2d1c0b9a8", account: Self.tenant))
    }

    @Test func storageExportSnapshotSASExportNamesItsAccess() throws {
        let e = try fixtureEvents("storage-export-compute.json")[10]
        #expect(e.kind == .snapshotExport)
        #expect(e.exposures == [Exposure(resource: Resource(type: .snapshot, id: "\(Self.rg)/snapshots/nightly-snap"),
                                         grantee: .linkHolder, permission: "Read")])
        #expect(e.actor.name == "mallory@contoso.com")
        #expect(e.source.ip == IPAddress("198.51.100.77"))
    }

    @Test func storageExportFailureKeepsARMsError() throws {
        let e = try fixtureEvents("storage-export-compute.json")[13]
        guard case .failure(let code, let message) = e.outcome else { Issue.record("expected a failure"); return }
        #expect(code == "AuthorizationFailed")
        #expect(message?.hasPrefix("The client 'mallory@contoso.com' with object id") == true)
    }

    @Test func requestAndResponseAreKeptOnlyForClassifiedEvents() throws {
        let events = try fixtureEvents("storage-export-compute.json")
        #expect(events[0].request == nil)   // the start phase carried the body, but is `.other`
        #expect(events[14].request == nil)
        #expect(events[8].request?["properties", "diskSizeGB"] == .number(256))
    }

    // MARK: Storage export, one record per line

    @Test func storageExportLines() throws {
        let events = try fixtureEvents("storage-export-lines.jsonl")
        #expect(events.map(\.kind) == [.snapshotDelete, .volumeExport, .instanceTerminate])
        #expect(events[1].exposures.map(\.permission) == ["SAS"])  // no request body: the link's access is unknown
        #expect(events[1].exposures.map(\.grantee) == [.linkHolder])
        #expect(events[2].source.ip == IPAddress("2001:db8::77"))
    }

    // MARK: REST API (EventData) form

    @Test func restEventData() throws {
        let events = try fixtureEvents("rest-eventdata.jsonl")
        let stop = events[0]
        #expect(stop.kind == .instanceStop)
        #expect(stop.time == Timestamp(iso8601: "2025-03-06T07:45:00.456Z"))
        #expect(stop.api.operation == "Microsoft.Compute/virtualMachines/deallocate/action")
        #expect(stop.api.requestID == "7b0c1d2e-0001-4000-8000-000000000001")
        #expect(stop.raw.eventID == "e1d2c3b4-0001-4000-8000-000000000001")  // eventDataId, not the correlation id
        #expect(stop.source.ip == IPAddress("203.0.113.10"))              // httpRequest.clientIpAddress
        #expect(stop.cloud == CloudContext(provider: .azure, account: Self.sub, region: nil))
        #expect(stop.actor.name == "alice@contoso.com")

        let export = events[1]
        #expect(export.kind == .snapshotExport)
        #expect(export.outcome == .failure(code: "OperationNotAllowed", message: "The snapshot is already being exported."))
        #expect(export.exposures.map(\.grantee) == [.linkHolder])
    }

    // MARK: Azure Monitor Logs (AzureActivity table) form

    @Test func azureActivityRows() throws {
        let events = try fixtureEvents("azureactivity-rows.jsonl")
        #expect(events.map(\.kind) == [.instanceTerminate, .snapshotCreate, .instanceStart])
        let delete = events[0]
        #expect(delete.time == Timestamp(iso8601: "2025-03-07T06:00:01.123Z"))
        #expect(delete.actor == Actor(type: .user, name: "bob@contoso.com", uid: "44444444-3333-2222-1111-000000000000", account: Self.tenant))
        #expect(delete.api.operation == "MICROSOFT.COMPUTE/VIRTUALMACHINES/DELETE")
        #expect(delete.raw.eventID == "f1e2d3c4-0001-4000-8000-000000000001")
        #expect(delete.cloud?.account == Self.sub)
        #expect(delete.resources.map(\.type) == [.instance])
        #expect(delete.source.ip == IPAddress("192.0.2.44"))

        // `Caller` is the service principal's object id; its claims name the application.
        #expect(events[1].actor == Actor(type: .servicePrincipal, name: "3c9f5f2e-1a2b-4c3d-8e9f-0a1b2c3d4e5f",
                                         uid: "7d6c5b4a-3928-1716-0504-f3e2d1c0b9a8", account: Self.tenant))
        #expect(events[2].outcome == .failure(code: "OperationNotAllowed",
                                              message: "Operation 'start' is not allowed on VM 'web-01' since the VM is marked for deletion."))
    }

    @Test func azureActivityRowWithoutClaimsIsNotInTheWorkspacesTenant() throws {
        let row = """
            {"TimeGenerated":"2025-03-07T06:00:01Z","OperationNameValue":"MICROSOFT.COMPUTE/DISKS/DELETE","OperationName":"Delete Disk",
             "Caller":"5e6f7a8b-1c2d-4e3f-9a0b-1c2d3e4f5a6b","CallerIpAddress":"192.0.2.45","ActivityStatusValue":"Success",
             "TenantId":"0b5a7e9c-1111-4222-8333-444455556666","SubscriptionId":"11111111-2222-3333-4444-555555555555",
             "_ResourceId":"/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg-prod/providers/microsoft.compute/disks/d1","Type":"AzureActivity"}
            """
        let e = try event(try parse(row))
        #expect(e.kind == .volumeDelete)
        #expect(e.actor == Actor(type: .servicePrincipal, name: "5e6f7a8b-1c2d-4e3f-9a0b-1c2d3e4f5a6b", uid: "5e6f7a8b-1c2d-4e3f-9a0b-1c2d3e4f5a6b"))
        #expect(e.resources == [Resource(type: .volume, id: "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg-prod/providers/microsoft.compute/disks/d1")])
    }

    // MARK: Create or update

    @Test(arguments: [
        ("\"resultSignature\":\"Succeeded.Created\"", EventKind.instanceRun),
        ("\"resultSignature\":\"Succeeded.OK\"", .instanceModify),
        ("\"resultSignature\":\"201\"", .instanceRun),
        ("\"resultSignature\":\"200\"", .instanceModify),
        ("\"ActivitySubstatusValue\":\"OK (HTTP Status Code: 200)\"", .instanceModify),
        ("\"properties\":{\"statusCode\":\"OK\"}", .instanceModify),
        ("\"properties\":{\"responseBody\":\"{\\\"properties\\\":{\\\"provisioningState\\\":\\\"Updating\\\"}}\"}", .instanceModify),
        ("\"resultDescription\":\"nothing said\"", .instanceRun),
    ])
    func virtualMachineWriteCreateOrUpdate(fields: String, kind: EventKind) throws {
        let text = """
            {"time":"2025-03-04T10:00:00Z","operationName":"Microsoft.Compute/virtualMachines/write","resultType":"Success",
             "resourceId":"\(Self.rg)/virtualMachines/vm","category":"Administrative",\(fields)}
            """
        #expect(try event(try parse(text)).kind == kind)
    }

    // MARK: Problems

    @Test func malformedRecordsAreProblemsNotCrashes() throws {
        #expect(try problem(#"{"operationName":"Microsoft.Compute/disks/delete","resourceId":"/x"}"#) == .missingTime)
        #expect(try problem(#"{"time":"yesterday","operationName":"Microsoft.Compute/disks/delete"}"#) == .badTime("yesterday"))
        #expect(try problem(#"{"time":"2025-03-04T10:00:00Z","resourceId":"/x"}"#) == .missingName)
        #expect(try problem(#"{"time":"2025-03-04T10:00:00Z","operationName":42}"#) == .missingName)
        #expect(try problem(#"{"time":"2025-03-04T10:00:00Z","operationName":{"localizedValue":"Delete"}}"#) == .missingName)
        #expect(try problem(#"[1,2]"#) == .notAnObject)
        #expect(try problem(#""text""#) == .notAnObject)
        // Fields of the wrong type are ignored, not trusted.
        let odd = try event(try parse(#"{"time":"2025-03-04T10:00:00Z","operationName":"Microsoft.Compute/disks/beginGetAccess/action","resourceId":7,"identity":"x","properties":"{not json","callerIpAddress":["1.2.3.4"]}"#))
        #expect(odd.kind == .volumeExport)
        #expect(odd.resources.isEmpty)
        #expect(odd.exposures.isEmpty)
        #expect(odd.source == Endpoint())
    }

    @Test func invalidJSONIsAProblem() {
        guard case .failure(.invalidJSON(let message)) = JSONDocument.parse(#"{"records":[{"time":"#) else {
            Issue.record("expected invalid JSON"); return
        }
        #expect(!message.isEmpty)
        #expect(JSONDocument.parse(" \n\t") == .failure(.empty))
        #expect(JSONDocument.parse("") == .failure(.empty))
    }

    // MARK: Recognising and unwrapping

    @Test func recognisesAzureRecordsOnly() throws {
        #expect(AzureActivityDecoder.recognises(try parse(#"{"time":"2025-03-04T10:00:00Z","operationName":"x/y","resourceId":"/s"}"#)))
        #expect(!AzureActivityDecoder.recognises(try parse(#"{"eventTime":"2025-03-04T10:00:00Z","eventSource":"ec2.amazonaws.com","eventName":"RunInstances"}"#)))
        #expect(!AzureActivityDecoder.recognises(try parse(#"{"timestamp":"2025-03-04T10:00:00Z","protoPayload":{"methodName":"v1.compute.instances.insert"},"operationName":"x"}"#)))
        #expect(!AzureActivityDecoder.recognises(try parse(#"{"operationName":"x"}"#)))
        #expect(!AzureActivityDecoder.recognises(.array([])))
        let gcp = try #require(try Fixtures.lines("gcp/compute-documented.jsonl").first)
        #expect(!AzureActivityDecoder.recognises(try parse(gcp)))
    }

    @Test func recordsUnwrapsTheStorageContainerOnly() throws {
        let one = try parse(#"{"time":"2025-03-04T10:00:00Z","operationName":"x/y","resourceId":"/s"}"#)
        #expect(AzureActivityDecoder.records(in: one) == [one])
        let container = try parse(#"{"records":[{"time":"t1"},{"time":"t2"}]}"#)
        #expect(AzureActivityDecoder.records(in: container).map { $0["time"]?.string } == ["t1", "t2"])
        #expect(AzureActivityDecoder.records(in: try parse("[]")).isEmpty)
    }
}
