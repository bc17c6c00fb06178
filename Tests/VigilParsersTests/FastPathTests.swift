import Foundation
import Testing
import VigilCore
import VigilIngest
import VigilParsers
import VigilTestSupport

/// What a lean decode of one text yields, record by record, in a form two decoders can be compared
/// on: every problem and offset, every classified field, the profile keys, and for wanted records
/// the whole event.
func leanDecode(_ bytes: [UInt8], fastPath: Bool, profile: Bool) -> [String] {
    leanDecodeCounting(bytes, fastPath: fastPath, profile: profile).records
}

/// ``leanDecode``, with how often the fast path handed work to On-Demand.
func leanDecodeCounting(_ bytes: [UInt8], fastPath: Bool, profile: Bool) -> (records: [String], handedOver: UInt64) {
    let decoder = CloudTrailDecoder(wanted: [.snapshotModifyAttribute, .instanceRun, .volumeAttach, .snapshotCreate],
                                    profile: profile, fastPath: fastPath)
    let buffer = PaddedBuffer(capacity: bytes.count + 1)
    bytes.withUnsafeBytes { buffer.base.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    buffer.count = bytes.count
    let span = TextSpan(pointer: UnsafeRawPointer(buffer.base), count: buffer.count, readable: buffer.capacity + PaddedBuffer.padding,
                        offset: 0, line: 1)
    var out: [String] = []
    let (kind, broke) = decoder.decode(span) { r in
        var s = "\(r.problem.map { "\($0)" } ?? "ok") @\(r.offset) line \(r.line ?? -1)"
        if r.problem == nil {
            s += " t=\(r.time.milliseconds) kind=\(r.kind) \(r.service ?? "-")/\(r.operation ?? "-") keys=\(r.profileKeys)"
            if r.kind != .other { s += " event=\(r.event(file: "f", index: 0)) raw=\(r.rawJSON ?? "-")" }
        }
        out.append(s)
    }
    out.append("text: \(kind) broke: \(broke.map { "\($0.problem) @\($0.offset)" } ?? "-")")
    return (out, decoder.handedToOnDemand)
}

/// The fast path (simdjson's structural index walked directly) against On-Demand: the same
/// records, fields, problems and offsets, on real records and on texts built to trip it.
@Suite struct FastPathTests {
    static let record = shareRecord

    static var edgeCases: [String] {
        let r = record
        let other = #"{"eventTime":"2026-03-16T22:19:00Z","eventSource":"s3.amazonaws.com","eventName":"GetObject","userIdentity":{"type":"IAMUser","principalId":"AIDA1","arn":"","accountId":"1"},"sourceIPAddress":"10.0.0.1","userAgent":"aws-cli/2.15","awsRegion":"eu-west-1","recipientAccountId":"1"}"#
        return [
            r, other,
            "{\"Records\":[\(r),\(other)]}",
            "{\"Records\":[]}",
            "{ \"Records\" : [ \(r) , \(other) ] }\n",
            "\u{FEFF}{\"Records\":[\(r)]}",
            "{\"Records\":[\(r),]}",                       // trailing comma
            "{\"Records\":[\(r),\(other)",                  // truncated
            "{\"Records\":[\(r),42,\(other)]}",             // an element that is not an object
            "{\"Records\":[\(r),{\"eventTime\":}]}",        // broken midway
            "{\"Records\":[\(r) \(other)]}",                // missing comma
            "{\"Records\":null}",
            "{\"Records\":[\(r)],\"x\":1}",
            "{\"x\":1,\"Records\":[\(r)]}",                 // Records not first
            "[\(r),\(other)]",                              // top-level array
            "{\"version\":\"0\",\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":\(r)}",  // EventBridge
            "{\"digestStartTime\":\"2026-03-16T21:00:00Z\",\"digestS3Object\":\"x\"}",
            r + " " + other,                                // two objects in one text
            r.replacingOccurrences(of: "\"eventName\":\"ModifySnapshotAttribute\"", with: "\"eventName\":\"Modify\\u0053napshotAttribute\""),
            r.replacingOccurrences(of: "\"eventTime\":\"2026-03-16T22:18:05Z\"", with: "\"eventTime\":20260316"),
            r.replacingOccurrences(of: "\"userAgent\":\"Boto3/1.34.69\"", with: "\"userAgent\":\"Boto3 \\\"quoted\\\" /1.34\""),
            r.replacingOccurrences(of: "\"userIdentity\":{", with: "\"userIdentity\":{\"arn\":null,"),
            r.replacingOccurrences(of: "\"userIdentity\":{", with: "\"userIdentity\":[1,{\"a\":2}],\"u2\":{"),
            r.replacingOccurrences(of: "\"eventTime\"", with: "\"eventtime\"").replacingOccurrences(of: "\"eventName\"", with: "\"eventname\""),
            r.replacingOccurrences(of: "\"requestParameters\":{", with: "\"requestParameters\":{\"deep\":" + String(repeating: "[", count: 600)
                                   + String(repeating: "]", count: 600) + ","),
            r.replacingOccurrences(of: "\"readOnly\":false", with: "\"readOnly\":false,\"eventTime\":\"2026-03-17T00:00:00Z\""),  // duplicate key
            r.replacingOccurrences(of: "\"eventVersion\":\"1.09\",", with: "\"@timestamp\":\"2026-03-16T22:18:05Z\",")
                .replacingOccurrences(of: "\"eventTime\":\"2026-03-16T22:18:05Z\",", with: ""),
            r.replacingOccurrences(of: ":", with: " : ").replacingOccurrences(of: ",\"", with: " ,\n\t\"").replacingOccurrences(of: "{", with: "{ "),
            r.replacingOccurrences(of: "}}},", with: "}}", options: [], range: nil),  // unbalanced
            // Wanted records, read whole from the index: identity, session, flags, ids.
            r.replacingOccurrences(of: "\"mfaAuthenticated\":\"true\"", with: "\"mfaAuthenticated\":true"),
            r.replacingOccurrences(of: "\"mfaAuthenticated\":\"true\"", with: "\"mfaAuthenticated\":false"),
            r.replacingOccurrences(of: "\"mfaAuthenticated\":\"true\"", with: "\"mfaAuthenticated\":1"),
            r.replacingOccurrences(of: "\"mfaAuthenticated\":\"true\"", with: "\"mfaAuthenticated\":true-"),
            r.replacingOccurrences(of: "\"mfaAuthenticated\":\"true\"", with: "\"mfaAuthenticated\":\"tr\\u0075e\""),
            r.replacingOccurrences(of: "\"readOnly\":false", with: "\"readOnly\":\"true\""),
            r.replacingOccurrences(of: "\"readOnly\":false", with: "\"readOnly\":falsey"),
            r.replacingOccurrences(of: "\"readOnly\":false", with: "\"readOnly\":null"),
            r.replacingOccurrences(of: "\"sessionIssuer\":{", with: "\"sessionIssuer\":[],\"x\":{"),
            r.replacingOccurrences(of: "\"sessionContext\":{", with: "\"sessionContext\":\"none\",\"x\":{"),
            r.replacingOccurrences(of: "\"userName\":\"ops\"", with: "\"userName\":\"o\\\"ps\""),
            r.replacingOccurrences(of: "\"eventID\":\"e-1\"", with: "\"eventID\":\"e\\/1\""),
            r.replacingOccurrences(of: "\"snapshotId\":\"snap-0abc\"", with: "\"snapshotId\":\"snap-\\u00e9\""),
            r.replacingOccurrences(of: "\"snapshotId\":\"snap-0abc\"", with: "\"snapshotId\":\"\",\"volumeId\":7,\"SecondSnapshotId\":\"snap-2\""),
            r.replacingOccurrences(of: "\"requestParameters\":{", with: "\"requestParameters\":{\"blockDeviceMapping\":{\"items\":[{\"ebs\":{\"snapshotId\":\"snap-m\"}},3,[\"x\",{\"volumeId\":\"vol-1\"}]]},"),
            r.replacingOccurrences(of: "\"requestParameters\":{", with: "\"requestParameters\":{\"deep\":" + String(repeating: "{\"a\":", count: 30) + "{\"instanceId\":\"i-deep\"}" + String(repeating: "}", count: 30) + ","),
            r.replacingOccurrences(of: "\"requestParameters\":{", with: "\"requestParameters\":{\"many\":[" + (0..<30).map { "{\"volumeId\":\"vol-\($0)\"}" }.joined(separator: ",") + "],"),
            r.replacingOccurrences(of: "\"requestParameters\":{", with: "\"requestParameters\":null,\"x\":{"),
            r.replacingOccurrences(of: "\"responseElements\":{", with: "\"responseElements\":[{\"imageId\":\"ami-1\"},{\"instanceId\":\"i-2\"}],\"x\":{"),
            r.replacingOccurrences(of: "\"eventVersion\":\"1.09\",", with: "\"detail\":{},"),
            r.replacingOccurrences(of: "\"eventVersion\":\"1.09\",", with: "\"errorCode\":\"Client.UnauthorizedOperation\",\"errorMessage\":\"no\","),
            "{}", "{\"a\":}", "{\"a\" 1}", "{\"a\":1,}", "{\"\":,}", "{\"a\":]}", "{\"a\"::1}", "{\"a\":1:2}",
            "{\"Records\":[{\"a\":,}]}", "{\"userIdentity\":{\"arn\":\"ar\":\"1\",\"x\":2},\"eventTime\":\"2019-01-01T00:00:00Z\"}",
            "{\"userIdentity\":{\"arn\":\"a\"}}", "{\"userIdentity\":{\"arn\":\"a\" \"b\"}}", "{\"Records\":[{\"userIdentity\":{\"arn\":,}}]}", "{\"a\":[,]}", "{\"a\":{\"b\"}}",
            "{\"eventTime\":\"2026-03-16T22:18:05Z\"",
        ]
    }

    @Test func edgeCasesDecodeAsOnDemandDoes() {
        // What the fast path does not read itself goes to On-Demand: these must be handed over.
        for text in ["{\"Records\":[\(Self.record),]}", "{\"Records\":[\(Self.record) \(Self.record)]}", "{\"\":,}",
                     "{\"version\":\"0\",\"detail\":\(Self.record)}",
                     Self.record.replacingOccurrences(of: "\"eventID\":\"e-1\"", with: "\"eventID\":\"e\\/1\"")] {
            #expect(leanDecodeCounting(Array(text.utf8), fastPath: true, profile: true).handedOver > 0, "\(text.prefix(80))")
        }
        for text in Self.edgeCases {
            for profile in [false, true] {
                let bytes = Array(text.utf8)
                let fast = leanDecode(bytes, fastPath: true, profile: profile)
                let slow = leanDecode(bytes, fastPath: false, profile: profile)
                #expect(fast == slow, "profile \(profile): \(text.prefix(120))")
            }
        }
    }

    @Test func realRecordsDecodeAsOnDemandDoes() throws {
        var texts = try Fixtures.lines("aws/panther-cloudtrail.ndjson") + Fixtures.lines("aws/otrf-ec2-proxy-s3-exfiltration.ndjson")
        // The same records as one S3 container, and containers as AWS writes them to S3.
        texts.append("{\"Records\":[" + texts.joined(separator: ",") + "]}")
        texts += try Fixtures.s3TreeTexts()
        var records = 0
        for text in texts {
            let bytes = Array(text.utf8)
            let fast = leanDecodeCounting(bytes, fastPath: true, profile: true)
            #expect(fast.records == leanDecode(bytes, fastPath: false, profile: true), "\(text.prefix(120))")
            // Real CloudTrail (lines, containers, wanted records included) is the fast path's alone.
            #expect(fast.handedOver == 0, "\(text.prefix(120))")
            records += fast.records.count - 1
        }
        #expect(records > 100)
    }

    /// Random cuts and byte flips of a container: wherever the damage falls, both paths agree.
    @Test func damagedContainersDecodeAsOnDemandDoes() {
        let base = Array("{\"Records\":[\(Self.record),\(Self.record),\(Self.record)]}".utf8)
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("{}[]\",:\\ a0".utf8)
        for _ in 0..<400 {
            var bytes = base
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: bytes = Array(bytes.prefix(Int.random(in: 1..<bytes.count, using: &rng)))
            case 1: bytes[Int.random(in: 0..<bytes.count, using: &rng)] = alphabet.randomElement(using: &rng)!
            default: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &rng))
            }
            let fast = leanDecode(bytes, fastPath: true, profile: true)
            let slow = leanDecode(bytes, fastPath: false, profile: true)
            #expect(fast == slow, "\(String(decoding: bytes, as: UTF8.self))")
            if fast != slow { break }
        }
    }
}
