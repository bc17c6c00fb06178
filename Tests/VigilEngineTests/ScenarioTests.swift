import Foundation
import Testing
import VigilCore
import VigilEngine
import VigilTestSupport

/// Ground truth written by the corpus generator.
struct TruthEntry: Decodable {
    var scenario: String
    var analytic: String
    var expect: String
    var principal: String?
    var events: [String]?
}

func truth(_ path: String) throws -> [TruthEntry] {
    try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
        try JSONDecoder().decode(TruthEntry.self, from: Data($0.utf8))
    }
}

/// The sharing scenarios of the corpus: which principal shared, and the share event.
func sharingScenarios(_ entries: [TruthEntry]) -> [String: (principal: String, events: Set<String>)] {
    var out: [String: (String, Set<String>)] = [:]
    for t in entries where t.scenario == "snapshot-share-mount-chain" || t.scenario == "snapshot-made-public" {
        out[t.scenario] = (t.principal ?? "", Set(t.events ?? []))
    }
    return out
}

@Suite struct ScenarioTests {
    /// Three S3-layout files from the corpus and a digest file: both sharing scenarios alert
    /// with the right principal, the digest is skipped, nothing else alerts.
    @Test func s3TreeFixture() throws {
        let r = scan([Fixtures.path("s3tree")])
        let scenarios = sharingScenarios(try truth(Fixtures.path("s3tree-truth.jsonl")))
        #expect(r.summary.skipped["cloudtrail-digest"] == 1)
        #expect(r.summary.malformedTotal == 0)
        #expect(r.alerts.count == 2)
        let chain = try #require(scenarios["snapshot-share-mount-chain"])
        let pub = try #require(scenarios["snapshot-made-public"])
        let a = try #require(r.alerts.first { chain.events.contains($0.evidence[0].eventID ?? "") })
        #expect(a.principal.name == chain.principal)
        #expect(a.target == "999988887777")
        let b = try #require(r.alerts.first { pub.events.contains($0.evidence[0].eventID ?? "") })
        #expect(b.principal.name == pub.principal)
        #expect(b.target == "public")
    }

    @Test func parallelAndSequentialScansAgree() throws {
        let paths = [Fixtures.path("s3tree"), Fixtures.path("aws")]
        let one = scan(paths, workers: 1), two = scan(paths, workers: 2)
        #expect(one.alerts == two.alerts)
        #expect(one.summary.records == two.summary.records)
        #expect(one.summary.malformed == two.summary.malformed)
        #expect(one.summary.bytes == two.summary.bytes)
    }

    @Test func sinceAndUntilFilter() throws {
        var options = ScanOptions(paths: [Fixtures.path("s3tree")])
        options.since = Timestamp(iso8601: "2026-03-17")
        let r = ScanEngine(options: options).run()
        #expect(r.alerts.map(\.principal.name) == ["alice"])
        #expect(r.summary.outsideTimeRange > 0)
    }

    static let generator = URL(fileURLWithPath: Golden.packageRoot()).deletingLastPathComponent()
        .appendingPathComponent("shared/bench/gen_corpus.py").path

    /// The generated corpus (when the generator is beside the project): NDJSON and the S3 gzip
    /// tree give the same alerts, every sharing scenario alerts with its principal, and the
    /// benign look-alikes raise nothing from this detection.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: generator)))
    func generatedCorpus() throws {
        let dir = TemporaryDirectory()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.generator, dir.path, "--events", "20000", "--ndjson"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let entries = try truth(dir.path + "/truth.jsonl")
        let ndjson = scan([dir.path + "/cloudtrail.ndjson"])
        let tree = scan([dir.path + "/cloudtrail"])
        #expect(ndjson.alerts.map(\.id) == tree.alerts.map(\.id))
        #expect(ndjson.summary.records == tree.summary.records)
        #expect(ndjson.summary.malformedTotal == 0 && tree.summary.malformedTotal == 0)
        let scenarios = sharingScenarios(entries)
        #expect(scenarios.count == 2)
        for (name, s) in scenarios {
            let hits = tree.alerts.filter { s.events.contains($0.evidence[0].eventID ?? "") }
            #expect(hits.count == 1, "\(name)")
            #expect(hits.first?.principal.name == s.principal, "\(name)")
        }
        #expect(tree.alerts.count == 2, "only the sharing scenarios share: \(tree.alerts.map(\.title))")
        let benign = Set(entries.filter { $0.expect == "none" }.flatMap { $0.events ?? [] })
        #expect(tree.alerts.allSatisfy { !benign.contains($0.evidence[0].eventID ?? "") })
    }
}
