import Foundation
import Testing
import VigilCore
import VigilIngest
import VigilParsers
import VigilTestSupport

/// Decodes one JSON text held in a padded buffer.
func decode(_ json: String, file: String = "t.json") -> (kind: CloudTrailDecoder.TextKind, events: [Event], problems: [RecordProblem], brokeOff: RecordProblem?) {
    let decoder = CloudTrailDecoder()
    let buffer = PaddedBuffer(capacity: json.utf8.count + 1)
    json.utf8.withContiguousStorageIfAvailable { buffer.base.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    buffer.count = json.utf8.count
    var events: [Event] = [], problems: [RecordProblem] = []
    var index = 0
    let span = TextSpan(pointer: UnsafeRawPointer(buffer.base), count: buffer.count, readable: buffer.capacity + PaddedBuffer.padding, offset: 0, line: 1)
    let (kind, broke) = decoder.decode(span) { r in
        defer { index += 1 }
        if let p = r.problem { problems.append(p) } else { events.append(r.event(file: file, index: index)) }
    }
    return (kind, events, problems, broke?.problem)
}

let shareRecord = """
{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:s1","arn":"arn:aws:sts::111122223333:assumed-role/ops/s1","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"arn:aws:iam::111122223333:role/ops","accountId":"111122223333","userName":"ops"},"attributes":{"creationDate":"2026-03-01T00:00:00Z","mfaAuthenticated":"true"}}},"eventTime":"2026-03-16T22:18:05Z","eventSource":"ec2.amazonaws.com","eventName":"ModifySnapshotAttribute","awsRegion":"us-east-1","sourceIPAddress":"45.155.205.17","userAgent":"Boto3/1.34.69","requestParameters":{"snapshotId":"snap-0abc","attributeType":"CREATE_VOLUME_PERMISSION","createVolumePermission":{"add":{"items":[{"userId":"999988887777"}]}}},"responseElements":{"requestId":"r1","_return":true},"requestID":"r1","eventID":"e-1","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
"""

@Suite struct CloudTrailDecoderTests {
    @Test func extractsTheEventModel() throws {
        let r = decode(shareRecord)
        #expect(r.kind == .records)
        let e = try #require(r.events.first)
        #expect(e.kind == .snapshotModifyAttribute)
        #expect(e.time == Timestamp(iso8601: "2026-03-16T22:18:05Z"))
        #expect(e.actor.type == .assumedRole)
        #expect(e.actor.principalName == "ops")
        #expect(e.actor.name == "s1")
        #expect(e.actor.sessionIssuer?.arn == "arn:aws:iam::111122223333:role/ops")
        #expect(e.actor.mfa == true)
        #expect(e.actor.accessKeyID == "ASIAEXAMPLE")
        #expect(e.source.ip == IPAddress("45.155.205.17"))
        #expect(e.userAgent == "Boto3/1.34.69")
        #expect(e.api == APIOperation(service: "ec2.amazonaws.com", operation: "ModifySnapshotAttribute", requestID: "r1", readOnly: false))
        #expect(e.cloud == CloudContext(provider: .aws, account: "111122223333", region: "us-east-1"))
        #expect(e.outcome == .success)
        #expect(e.raw == RawRef(file: "t.json", offset: 0, line: 1, index: 0, eventID: "e-1"))
        #expect(e.request?["createVolumePermission", "add"]?.items.first?["userId"]?.string == "999988887777")
        #expect(e.resources == [Resource(type: .snapshot, id: "snap-0abc")])
        #expect(e.response?["_return"] == .bool(true))
    }

    /// Resource ids carried in requests and responses, for the corpus's own record shapes.
    @Test func extractsResourcesOfComputeCalls() throws {
        let lines = try Fixtures.lines("aws/panther-cloudtrail.ndjson")
        let run = try #require(lines.compactMap { decode($0).events.first }.first { $0.kind == .instanceRun && $0.response != nil })
        #expect(run.resources.contains { $0.type == .instance })
        let attach = """
            {"eventTime":"2026-03-16T22:26:00Z","eventSource":"ec2.amazonaws.com","eventName":"AttachVolume","requestParameters":{"volumeId":"vol-1","instanceId":"i-1","device":"/dev/sdf"},"responseElements":{"volumeId":"vol-1","instanceId":"i-1"}}
            """
        #expect(try #require(decode(attach).events.first).resources == [Resource(type: .volume, id: "vol-1"), Resource(type: .instance, id: "i-1")])
        let create = """
            {"eventTime":"2026-03-16T22:25:00Z","eventSource":"ec2.amazonaws.com","eventName":"CreateVolume","requestParameters":{"snapshotId":"snap-9","size":100},"responseElements":{"volumeId":"vol-2","snapshotId":"snap-9"}}
            """
        #expect(try #require(decode(create).events.first).resources == [Resource(type: .volume, id: "vol-2"), Resource(type: .snapshot, id: "snap-9")])
    }

    @Test func readsRecordsContainersWithOffsets() throws {
        let json = "{\"Records\":[" + shareRecord + "," + shareRecord.replacingOccurrences(of: "e-1", with: "e-2") + "]}"
        let r = decode(json)
        #expect(r.kind == .records)
        #expect(r.events.map(\.raw.eventID) == ["e-1", "e-2"])
        #expect(r.events.map(\.raw.offset) == [12, Int64(12 + shareRecord.utf8.count + 1)])
        #expect(r.events.map(\.raw.index) == [0, 1])
        #expect(r.events[1].request?["snapshotId"]?.string == "snap-0abc")
    }

    @Test func recordsKeyNeedNotComeFirst() {
        let r = decode("{\"Other\":1,\"Records\":[" + shareRecord + "]}")
        #expect(r.events.count == 1)
    }

    @Test func readsEventBridgeEnvelopes() throws {
        let json = "{\"version\":\"0\",\"id\":\"x\",\"detail-type\":\"AWS API Call via CloudTrail\",\"source\":\"aws.ec2\",\"time\":\"2026-03-16T22:18:06Z\",\"detail\":" + shareRecord + "}"
        let e = try #require(decode(json).events.first)
        #expect(e.raw.eventID == "e-1")
        #expect(e.request?["snapshotId"]?.string == "snap-0abc")
    }

    @Test func readsTopLevelArrays() {
        #expect(decode("[" + shareRecord + "," + shareRecord + "]").events.count == 2)
    }

    @Test func recognisesDigestFiles() {
        let digest = try! String(contentsOfFile: Fixtures.path("cloudtrail-digest.json"), encoding: .utf8)
        #expect(decode(digest).kind == .digest)
    }

    @Test func failedCallsKeepTheirErrorCode() throws {
        let json = shareRecord.replacingOccurrences(of: "\"eventType\"", with: "\"errorCode\":\"Client.UnauthorizedOperation\",\"errorMessage\":\"no\",\"eventType\"")
        #expect(try #require(decode(json).events.first).outcome == .failure(code: "Client.UnauthorizedOperation", message: "no"))
    }

    @Test func logstashTimestampStandsInForEventTime() throws {
        let line = try #require(Fixtures.lines("aws/otrf-ec2-proxy-s3-exfiltration.ndjson").first)
        let e = try #require(decode(line).events.first)
        #expect(e.time == Timestamp(iso8601: "2020-09-14T00:44:23.000Z"))
    }

    @Test(arguments: [
        ("{\"Records\":null}", RecordProblem.recordsNotArray),
        ("{\"Records\":\"x\"}", .recordsNotArray),
        ("{\"eventName\":\"X\",\"eventSource\":\"s\"}", .missingTime),
        ("{\"eventTime\":\"yesterday\",\"eventName\":\"X\",\"eventSource\":\"s\"}", .badTime("yesterday")),
        ("{\"eventTime\":\"2026-03-16T22:18:05Z\"}", .missingName),
        ("42", .notAnObject),
    ])
    func reportsUnusableRecords(json: String, problem: RecordProblem) {
        let r = decode(json)
        if case .failed(let p, _) = r.kind { #expect(p == problem) } else { #expect(r.problems == [problem]) }
    }

    @Test func rejectsBrokenJSONWithoutCrashing() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        var invalidUTF8 = shareRecord
        invalidUTF8 = invalidUTF8.replacingOccurrences(of: "Boto3", with: "Bo\u{FFFD}to3")
        for json in [deep, "{\"a\":", "{\"eventTime\":\"2026-03-16T22:18:05Z\",,}", "\u{0}\u{1}\u{2}garbage"] {
            let r = decode(json)
            if case .failed(let p, _) = r.kind {
                if case .invalidJSON = p {} else { Issue.record("\(p) for \(json.prefix(20))") }
            } else {
                #expect(r.events.isEmpty)
                #expect(!r.problems.isEmpty || r.brokeOff != nil)
            }
        }
    }

    @Test func containerBrokenMidwayKeepsEarlierRecords() {
        let r = decode("{\"Records\":[" + shareRecord + ",{\"eventTime\":}]}")
        #expect(r.events.count == 1)
        #expect(r.brokeOff != nil)
    }

    @Test func decodesEveryRealSampleRecord() throws {
        let lines = try Fixtures.lines("aws/panther-cloudtrail.ndjson")
        var decoded = 0, problems: [RecordProblem] = [], expectedUsable = 0
        for l in lines {
            // Oracle: Foundation's parser says which records have a time, a name and a source,
            // in CloudTrail's camelCase or the lower-case form of Athena-style exports.
            let o = try #require(try JSONSerialization.jsonObject(with: Data(l.utf8)) as? [String: Any])
            let value = { (k: String) in o[k] ?? o[k.lowercased()] }
            let time = (value("eventTime") ?? o["@timestamp"]) as? String
            if let time, Timestamp(iso8601: time) != nil, value("eventName") != nil, value("eventSource") != nil { expectedUsable += 1 }
            let r = decode(l)
            decoded += r.events.count
            problems += r.problems
            if case .failed(let p, _) = r.kind { problems.append(p) }
        }
        #expect(decoded == expectedUsable)
        #expect(decoded + problems.count == lines.count)
        #expect(problems.allSatisfy { if case .badTime = $0 { true } else { $0 == .missingName || $0 == .missingTime } }, "\(problems)")
    }

    /// The ids the reader collects while it parses give the same resources as reading the
    /// materialised request and response, for every real and corpus record of a compute kind.
    @Test func resourcesFromCollectedIdsMatchTheMaterialisedRequest() throws {
        var texts = try Fixtures.lines("aws/panther-cloudtrail.ndjson") + Fixtures.lines("aws/otrf-ec2-proxy-s3-exfiltration.ndjson")
        texts += try Fixtures.s3TreeTexts()
        var compared = 0, withResources = 0
        for json in texts {
            let decoder = CloudTrailDecoder()
            let buffer = PaddedBuffer(capacity: json.utf8.count + 1)
            json.utf8.withContiguousStorageIfAvailable { buffer.base.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
            buffer.count = json.utf8.count
            let span = TextSpan(pointer: UnsafeRawPointer(buffer.base), count: buffer.count, readable: buffer.capacity + PaddedBuffer.padding, offset: 0, line: 1)
            decoder.decode(span) { r in
                guard r.problem == nil, r.kind != .other else { return }
                let event = r.event(file: "t", index: 0)
                #expect(r.resources == event.resources, "\(event.api.operation) \(event.raw.eventID ?? "")")
                #expect(r.exposures == event.exposures)
                compared += 1
                if !event.resources.isEmpty { withResources += 1 }
            }
        }
        #expect(compared == 32)  // every compute record of the fixtures
        #expect(withResources == 30)
    }
}
