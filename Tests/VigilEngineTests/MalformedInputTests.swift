import Foundation
import Testing
import VigilCore
import VigilEngine
import VigilTestSupport

/// A share-to-public record that must always come out as an alert, whatever sits beside it.
func goodRecord(_ id: String) -> String {
    """
    {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"2026-03-17T11:33:00Z","eventSource":"ec2.amazonaws.com","eventName":"ModifySnapshotAttribute","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.23","userAgent":"AWS Internal","requestParameters":{"snapshotId":"snap-\(id)","attributeType":"CREATE_VOLUME_PERMISSION","createVolumePermission":{"add":{"items":[{"group":"all"}]}}},"responseElements":{"_return":true},"requestID":"r-\(id)","eventID":"\(id)","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
    """
}

func scan(_ paths: [String], workers: Int = 2) -> ScanEngine.Result {
    ScanEngine(options: ScanOptions(paths: paths, workers: workers)).run()
}

func gzipData(_ data: Data) throws -> Data {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/gzip")
    p.arguments = ["-n", "-c"]
    let input = Pipe(), output = Pipe()
    p.standardInput = input
    p.standardOutput = output
    try p.run()
    input.fileHandleForWriting.write(data)
    try input.fileHandleForWriting.close()
    let out = output.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return out
}

/// Each kind of bad input is reported with its location and counted, and the good record in the
/// same scan still alerts.
@Suite struct MalformedInputTests {
    func check(_ name: String, _ bad: Data, code: String, count: Int = 1, line: Int?? = nil, alsoAlerting: [String] = []) throws -> ScanSummary {
        let dir = TemporaryDirectory()
        let badPath = try dir.write(name, bad)
        try dir.write("good.ndjson", goodRecord("good-1") + "\n")
        let r = scan([dir.path])
        // Good records by one principal at one time form one incident: one alert, every record as evidence.
        #expect(r.alerts.flatMap { $0.evidence.compactMap(\.eventID) }.sorted() == (alsoAlerting + ["good-1"]).sorted(),
                "the scan went on past \(name)")
        #expect(r.summary.malformed[code] == count, "\(name): \(r.summary.malformed)")
        let problem = r.summary.problems.first { $0.file == badPath }
        #expect(problem?.code == code, "\(name): \(r.summary.problems)")
        if let line { #expect(problem?.line == line, "\(name)") }
        #expect(problem?.offset != nil)
        return r.summary
    }

    @Test func truncatedGzip() throws {
        var body = ""
        for i in 0..<3000 { body += goodRecord("t\(i)").replacingOccurrences(of: "ModifySnapshotAttribute", with: "DescribeSnapshots") + "\n" }
        let gz = try gzipData(Data(body.utf8))
        let s = try check("cut.json.gz", gz.prefix(gz.count * 2 / 3), code: "truncated-gzip")
        #expect(s.records > 1000)  // what came before the cut was read
        #expect(s.malformed["invalid-json"] == 1)  // the record cut in half
    }

    @Test func invalidUTF8() throws {
        var bad = Data(goodRecord("u1").utf8)
        bad[200] = 0xFF
        bad[201] = 0xFE
        _ = try check("utf8.ndjson", Data((goodRecord("u0") + "\n").utf8) + bad + Data("\n".utf8), code: "invalid-json", line: 2,
                      alsoAlerting: ["u0"])
    }

    @Test func tenMegabyteLine() throws {
        let line = "{\"eventTime\":\"2026-03-17T11:33:00Z\",\"junk\":\"" + String(repeating: "a", count: 10 << 20) + "\""  // unterminated
        _ = try check("huge.ndjson", Data((line + "\n").utf8), code: "invalid-json", line: 1)
    }

    /// simdjson's On-Demand front end reads lazily: a record nested 100,000 deep is skipped over,
    /// not descended into, and is reported for what it lacks.
    @Test func deeplyNestedJSON() throws {
        let arrays = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        _ = try check("deep-array.json", Data((arrays + "\n").utf8), code: "not-an-object", line: 1)
        let objects = String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        _ = try check("deep-object.json", Data((objects + "\n").utf8), code: "missing-event-time", line: 1)
        let unbalanced = String(repeating: "{\"a\":", count: 100_000)
        _ = try check("deep-unbalanced.json", Data((unbalanced + "\n").utf8), code: "invalid-json", line: 1)
    }

    @Test func emptyFile() throws {
        let dir = TemporaryDirectory()
        let empty = try dir.write("empty.json", "")
        try dir.write("good.ndjson", goodRecord("good-1") + "\n")
        let r = scan([dir.path])
        #expect(r.alerts.count == 1)
        #expect(r.summary.skipped["empty-input"] == 1)
        #expect(r.summary.problems.contains { $0.file == empty && $0.code == "empty-input" })
    }

    @Test func binaryGarbage() throws {
        var rng = SystemRandomNumberGenerator()
        // One line of random bytes (no newline, so it is exactly one bad text).
        let garbage = Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }.map { $0 == 0x0A ? 0 : $0 })
        _ = try check("garbage.bin", Data([0x00, 0x01]) + garbage, code: "invalid-json", line: 1)
    }

    @Test func recordsNull() throws {
        _ = try check("null.json", Data("{\"Records\": null}".utf8), code: "records-not-array", line: 1)
    }

    @Test func recordMissingEventTime() throws {
        let noTime = goodRecord("nt").replacingOccurrences(of: "\"eventTime\":\"2026-03-17T11:33:00Z\",", with: "")
        let s = try check("notime.json", Data(("{\"Records\":[" + goodRecord("in-1") + "," + noTime + "]}").utf8),
                          code: "missing-event-time", line: 1, alsoAlerting: ["in-1"])
        #expect(s.changesEvaluated == 2)  // the container's other record still counts
    }

    @Test func everyProblemAtOnceDoesNotStopTheScan() throws {
        let dir = TemporaryDirectory()
        try dir.write("a.json", "{\"Records\": null}")
        try dir.write("b.json", "")
        try dir.write("c.json", "\u{0}\u{1}\u{2}")
        try dir.write("d.ndjson", goodRecord("d1") + "\nnot json\n" + goodRecord("d2") + "\n")
        let r = scan([dir.path, dir.path + "/missing"])
        #expect(Set(r.alerts.flatMap { $0.evidence.compactMap(\.eventID) }) == ["d1", "d2"])
        #expect(r.summary.malformed == ["records-not-array": 1, "not-an-object": 1, "invalid-json": 1, "not-found": 1])
        let d = r.summary.problems.first { $0.file.hasSuffix("d.ndjson") }
        #expect(d?.line == 2)
    }
}
