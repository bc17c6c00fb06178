import Foundation
import Testing
import VigilCore
import VigilEngine
import VigilTestSupport

/// `vigil scan` on Azure Activity Log and GCP Cloud Audit Logs records, in the forms those logs
/// are exported in, beside CloudTrail: each record is recognised by its own schema, counted per
/// source, learned by the baselines and judged by AN0861.
@Suite struct MultiCloudTests {
    func reasons(_ a: Alert) -> Set<String> { Set(a.reasons.map(\.code)) }

    @Test func azureStorageExportAndLines() {
        let r = scan([Fixtures.path("azure/storage-export-compute.json"), Fixtures.path("azure/storage-export-lines.jsonl")])
        #expect(r.summary.records == 18)
        #expect(r.summary.sources == ["azure-activity": 18])
        #expect(r.summary.malformedTotal == 0, "\(r.summary.problems)")
        // Two SAS exports (a snapshot in the container, a disk in the per-line file).
        let exports = r.alerts.filter { reasons($0).contains("exported-by-link") }
        #expect(exports.count == 2)
        #expect(Set(exports.map(\.principal.name)) == ["mallory@contoso.com"])
        #expect(exports.contains { $0.evidence.contains { $0.operation == "Microsoft.Compute/snapshots/beginGetAccess/action" } })
        #expect(exports.contains { $0.evidence.contains { $0.operation == "Microsoft.Compute/disks/beginGetAccess/action" } })
        // Records of a container are told apart by their index, and keep their own event ids.
        let snapshot = exports.first { $0.evidence.contains { $0.operation.contains("snapshots") } }
        #expect(snapshot?.evidence.first?.raw.index == 10)
        #expect(snapshot?.evidence.first?.eventID == "5f0c1d2e-0009-4000-8000-000000000009")
        #expect(r.alerts.allSatisfy { $0.attack.analytic == "AN0861" })
    }

    @Test func azureRESTAndLogAnalyticsForms() {
        let r = scan([Fixtures.path("azure/rest-eventdata.jsonl"), Fixtures.path("azure/azureactivity-rows.jsonl")])
        #expect(r.summary.records == 5)
        #expect(r.summary.sources == ["azure-activity": 5])
        #expect(r.summary.malformedTotal == 0, "\(r.summary.problems)")
        // The REST form's snapshot export failed: an attempt, not an exposure.
        #expect(!r.alerts.contains { reasons($0).contains("exported-by-link") })
        #expect(r.summary.changesEvaluated == 5)
    }

    @Test func gcpChainPublicShareAndOperations() {
        let r = scan([Fixtures.path("gcp/compute-documented.jsonl")])
        #expect(r.summary.records == 15)
        #expect(r.summary.sources == ["gcp-audit": 15])
        #expect(r.summary.malformedTotal == 0, "\(r.summary.problems)")
        // The first and last entries of one long-running insert are one change.
        #expect(r.summary.changesEvaluated == 14)
        let chain = r.alerts.first { reasons($0).contains("snapshot-mount-chain") }
        #expect(chain?.principal.name == "mallory@evil.example")
        #expect(chain.map(reasons)?.isSuperset(of: ["shared-publicly", "snapshot-mount-chain"]) == true)
        #expect(chain?.evidence.map(\.operation).prefix(4) == [
            "v1.compute.disks.createSnapshot", "v1.compute.snapshots.setIamPolicy", "v1.compute.disks.insert", "v1.compute.instances.attachDisk",
        ])
        let image = r.alerts.first { $0.evidence.contains { $0.operation == "v1.compute.images.setIamPolicy" } }
        #expect(image.map(reasons) == ["shared-publicly", "shared-with-member"])
        #expect(image?.severity == .critical)
    }

    /// Real (sanitised) Azure and GCP records: every one that is a whole record of its log is
    /// read as one (the upstream files also hold fragments, which stay located problems).
    @Test func realAzureAndGCPRecords() throws {
        let dir = TemporaryDirectory()
        for (fixture, name) in [("azure/panther-azure-activity.jsonl", "azure.jsonl"), ("gcp/panther-gcp-audit.jsonl", "gcp.jsonl")] {
            var out = ""
            for line in try Fixtures.lines(fixture) {
                let wrapper = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                let event = try JSONSerialization.data(withJSONObject: try #require(wrapper?["event"]), options: [.sortedKeys])
                out += String(decoding: event, as: UTF8.self) + "\n"
            }
            try dir.write(name, out)
        }
        let r = scan([dir.path])
        #expect(r.summary.sources["azure-activity"] == 214)
        #expect(r.summary.sources["gcp-audit"] == 128)
        #expect(r.summary.records == 214 + 128)
        #expect(r.summary.malformedTotal == 15, "\(r.summary.malformed)")
        #expect(r.summary.problems.allSatisfy { $0.file.hasSuffix("gcp.jsonl") })
        // Panther's disk-export rule tests: both SAS exports alert.
        let exports = r.alerts.filter { reasons($0).contains("exported-by-link") }
        #expect(exports.flatMap(\.evidence).compactMap(\.eventID).sorted().filter { $0.hasSuffix("333333333333") || $0.hasSuffix("444444444444") }.count == 2)
    }

    /// CloudTrail, Azure and GCP in one folder, one scan.
    @Test func mixedFolder() throws {
        let dir = TemporaryDirectory()
        try dir.write("aws.ndjson", goodRecord("mixed-1") + "\n")
        try dir.write("azure.json", String(decoding: try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("azure/storage-export-compute.json"))), as: UTF8.self))
        try dir.write("gcp.jsonl", String(decoding: try Data(contentsOf: URL(fileURLWithPath: Fixtures.path("gcp/compute-documented.jsonl"))), as: UTF8.self))
        let r = scan([dir.path])
        #expect(r.summary.sources == ["aws-cloudtrail": 1, "azure-activity": 15, "gcp-audit": 15])
        #expect(r.summary.malformedTotal == 0)
        let providers = Set(r.alerts.flatMap(\.evidence).map { $0.raw.file.components(separatedBy: "/").last ?? "" })
        #expect(providers == ["aws.ndjson", "azure.json", "gcp.jsonl"])
    }

    /// A JSON record of no known log keeps CloudTrail's located problem.
    @Test func unknownRecordStaysAProblem() throws {
        let dir = TemporaryDirectory()
        let path = try dir.write("other.ndjson", "{\"hello\":\"world\",\"time\":\"2026-01-01T00:00:00Z\"}\n" + goodRecord("ok-1") + "\n")
        let r = scan([dir.path])
        #expect(r.summary.malformed == ["missing-event-time": 1])
        #expect(r.summary.problems.first?.file == path)
        #expect(r.summary.problems.first?.line == 1)
        #expect(r.summary.sources == ["aws-cloudtrail": 1])
    }
}
