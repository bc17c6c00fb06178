import Foundation
import Testing
import VigilConfig
import VigilCore
import VigilEngine
import VigilTestSupport

/// `GeoLocation`: with a MaxMind database configured, a principal acting from a country and AS it
/// never used before gets those reasons; the same network in a known country does not.
@Suite struct GeoLocationTests {
    /// A CloudTrail record by carol.
    func record(_ time: String, _ name: String, ip: String, id: String, readOnly: Bool) -> String {
        let body = readOnly ? "null"
            : #"{"instancesSet":{"items":[{"imageId":"ami-1","minCount":1,"maxCount":1}]},"instanceType":"t3.micro"}"#
        let response = readOnly ? "null" : #"{"instancesSet":{"items":[{"instanceId":"i-\#(id)"}]}}"#
        return #"{"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDACAROL","arn":"arn:aws:iam::444455556666:user/carol","accountId":"444455556666","userName":"carol"},"eventTime":"\#(time)","eventSource":"ec2.amazonaws.com","eventName":"\#(name)","awsRegion":"eu-west-1","sourceIPAddress":"\#(ip)","userAgent":"aws-cli/2.15.30","requestParameters":\#(body),"responseElements":\#(response),"eventID":"\#(id)","readOnly":\#(readOnly),"eventType":"AwsApiCall","recipientAccountId":"444455556666"}"#
    }

    func scan(change ip: String) throws -> [Alert] {
        let dir = TemporaryDirectory()
        var writer = MMDBWriter(databaseType: "GeoLite2-City")
        try writer.insert("203.0.113.0/24", ["country": ["iso_code": "GB"], "autonomous_system_number": 64500])
        try writer.insert("198.51.100.0/24", ["country": ["iso_code": "GB"], "autonomous_system_number": 64500])
        try writer.insert("103.75.118.0/24", ["country": ["iso_code": "SG"], "autonomous_system_number": 64511])
        try writer.write(to: dir.path + "/geo.mmdb")
        // 30 days of carol reading from 203.0.113.7 (eight calls a day: not a rarely used
        // account), then one RunInstances.
        var lines: [String] = []
        for d in 1...30 {
            for h in 10..<18 {
                lines.append(record(String(format: "2026-03-%02dT%02d:00:00Z", d, h), "DescribeInstances", ip: "203.0.113.7", id: "r\(d)-\(h)",
                                    readOnly: true))
            }
        }
        lines.append(record("2026-03-31T10:00:00Z", "RunInstances", ip: ip, id: "change", readOnly: false))
        let logs = try dir.write("carol.ndjson", lines.joined(separator: "\n") + "\n")
        let config = try dir.write("vigil.yaml", "analytics:\n  AN0861:\n    GeoLocation: { databases: [geo.mmdb] }\n")
        let context = try ConfigLoader.load(path: config)
        #expect(context.an0861.geoDatabases.map { URL(fileURLWithPath: $0).lastPathComponent } == ["geo.mmdb"])
        return ScanEngine(context: context, options: ScanOptions(paths: [logs])).run().alerts
    }

    @Test func newCountryAndAS() throws {
        let alerts = try scan(change: "103.75.118.9")
        let a = try #require(alerts.first)
        #expect(alerts.count == 1)
        #expect(Set(a.reasons.map(\.code)) == ["new-source-network", "new-country", "new-asn"])
        #expect(a.reasons.contains { $0.summary == "first time carol acted from country SG in 30 days of history" })
    }

    @Test func aNewNetworkInAKnownCountryIsOnlyANewNetwork() throws {
        let a = try #require(try scan(change: "198.51.100.9").first)
        #expect(a.reasons.map(\.code) == ["new-source-network"])
    }

    @Test func anUnreadableDatabaseIsAConfigurationError() throws {
        let dir = TemporaryDirectory()
        try dir.write("geo.mmdb", "not a database")
        let config = try dir.write("vigil.yaml", "analytics:\n  AN0861:\n    GeoLocation: { databases: [geo.mmdb] }\n")
        let logs = try dir.write("x.ndjson", "\n")
        let run = try VigilBinary.run(["scan", "--config", config, logs])
        #expect(run.status == 78)
        #expect(run.stderr.contains("GeoLocation.databases"))
        #expect(run.stderr.contains("geo.mmdb"))
    }
}
