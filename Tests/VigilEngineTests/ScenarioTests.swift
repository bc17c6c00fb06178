import Foundation
import Testing
import VigilConfig
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
    var why: [String]?
    var device: String?
    var created: String?
    var line: String?
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

/// The organisation context shipped in examples/, equivalent to the corpus generator's context.json.
func exampleContext() throws -> OrgContext {
    try ConfigLoader.load(path: Golden.packageRoot() + "/examples/vigil.yaml")
}

func scan(_ paths: [String], context: OrgContext, workers: Int = 2) -> ScanEngine.Result {
    ScanEngine(context: context, options: ScanOptions(paths: paths, workers: workers)).run()
}

/// The reason codes that say what a truth entry's `why` says.
let reasonsForWhy: [String: Set<String>] = [
    "snapshot created, shared with outside account, mounted on new instance within 15 min": ["snapshot-mount-chain", "shared-with-external-account"],
    "rarely used account": ["rarely-used-account|dormant-account"],
    "new source IP": ["new-source-network"],
    "new API client (scripted)": ["new-api-client"],
    "new API client": ["new-api-client"],
    "outside change window": ["outside-change-window"],
    "snapshot shared with all": ["shared-publicly"],
    "burst of deletions": ["change-burst"],
    "new source network/geolocation": ["new-source-network|new-country"],
]

/// Every evidence event id of an alert.
func evidenceIDs(_ a: Alert) -> Set<String> { Set(a.evidence.compactMap(\.eventID)) }

@Suite struct ScenarioTests {
    /// Three S3-layout files from the corpus and a digest file: both sharing scenarios alert
    /// with the right principal and target, the digest is skipped, nothing else alerts.
    @Test func s3TreeFixture() throws {
        let r = scan([Fixtures.path("s3tree")], context: try exampleContext())
        let scenarios = sharingScenarios(try truth(Fixtures.path("s3tree-truth.jsonl")))
        #expect(r.summary.skipped["cloudtrail-digest"] == 1)
        #expect(r.summary.malformedTotal == 0)
        #expect(r.alerts.count == 2, "\(r.alerts.map(\.title))")
        let chain = try #require(scenarios["snapshot-share-mount-chain"])
        let pub = try #require(scenarios["snapshot-made-public"])
        let a = try #require(r.alerts.first { !evidenceIDs($0).isDisjoint(with: chain.events) })
        #expect(a.principal.name == chain.principal)
        #expect(a.target == "999988887777")
        let b = try #require(r.alerts.first { !evidenceIDs($0).isDisjoint(with: pub.events) })
        #expect(b.principal.name == pub.principal)
        #expect(b.target == "public")
    }

    /// Without baselines, the exposure scenarios still alert (they need no history), and nothing
    /// that needs history is claimed.
    @Test func withoutBaselines() throws {
        var context = try exampleContext()
        context.an0861.baselines = false
        let r = scan([Fixtures.path("s3tree")], context: context)
        #expect(Set(r.alerts.map(\.principal.name)) == ["dave-legacy", "alice"])
        #expect(r.summary.principalsBaselined == 0)
        let codes = Set(r.alerts.flatMap { $0.reasons.map(\.code) })
        #expect(codes.isDisjoint(with: ["rarely-used-account", "dormant-account", "new-source-network", "new-api-client", "new-region"]))
    }

    /// Exposure alone (`behaviours: [exposure]`), the lightest scan: every record is still read
    /// and counted, no baseline is learned, only sharing, export and policy calls are decoded as
    /// changes; both sharing scenarios and the real sharing samples alert with exposure reasons
    /// only, as the full analytic's exposure reasons say.
    @Test func exposureAlone() throws {
        let paths = [Fixtures.path("s3tree"), Fixtures.path("aws")]
        let full = scan(paths, context: try exampleContext())
        var context = try exampleContext()
        context.an0861.behaviours = [.exposure]
        let r = scan(paths, context: context)
        #expect(r.summary.records == full.summary.records)
        #expect(r.summary.principalsBaselined == 0)
        #expect(r.summary.changesEvaluated > 0 && r.summary.changesEvaluated * 2 < full.summary.changesEvaluated,
                "\(r.summary.changesEvaluated) of \(full.summary.changesEvaluated)")
        let exposure: Set<String> = ["shared-publicly", "shared-with-external-account", "shared-with-organization", "shared-with-member",
                                     "exported-by-link"]
        func shares(_ alerts: [Alert]) -> [String: Set<String>] {
            var out: [String: Set<String>] = [:]
            for a in alerts {
                for e in a.evidence where ["ModifySnapshotAttribute", "ModifyImageAttribute"].contains(e.operation) { out[e.eventID ?? "", default: []].formUnion(a.reasons.map(\.code)) }
            }
            return out.mapValues { $0.intersection(exposure) }.filter { !$0.value.isEmpty }
        }
        #expect(r.alerts.allSatisfy { Set($0.reasons.map(\.code)).isSubset(of: exposure) }, "\(r.alerts.map(\.title))")
        #expect(Set(r.alerts.map(\.principal.name)).isSuperset(of: ["dave-legacy", "alice"]))
        #expect(!shares(r.alerts).isEmpty)
        #expect(shares(r.alerts) == shares(full.alerts))
    }

    @Test func parallelAndSequentialScansAgree() throws {
        let paths = [Fixtures.path("s3tree"), Fixtures.path("aws")]
        let context = try exampleContext()
        let one = scan(paths, context: context, workers: 1), two = scan(paths, context: context, workers: 2)
        #expect(one.alerts == two.alerts)
        #expect(one.summary.records == two.summary.records)
        #expect(one.summary.malformed == two.summary.malformed)
        #expect(one.summary.bytes == two.summary.bytes)
    }

    @Test func sinceAndUntilFilter() throws {
        var options = ScanOptions(paths: [Fixtures.path("s3tree")])
        options.since = Timestamp(iso8601: "2026-03-17")
        let r = ScanEngine(context: try exampleContext(), options: options).run()
        #expect(r.alerts.map(\.principal.name) == ["alice"])
        #expect(r.summary.outsideTimeRange > 0)
    }

    static let generator = URL(fileURLWithPath: Golden.packageRoot()).deletingLastPathComponent()
        .appendingPathComponent("shared/bench/gen_corpus.py").path

    /// The default corpus (when the generator is beside the project), with the shipped example
    /// configuration: NDJSON and the S3 gzip tree give the same alerts; every AN0861 `expect:
    /// alert` scenario raises one alert for its principal, holding the scenario's events and a
    /// reason for each of its `why`; no alert touches an `expect: none` event; nothing else alerts.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: generator)))
    func generatedCorpus() throws {
        let dir = TemporaryDirectory()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.generator, dir.path, "--ndjson"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        let entries = try truth(dir.path + "/truth.jsonl").filter { $0.analytic == "AN0861" }
        let context = try exampleContext()
        let ndjson = scan([dir.path + "/cloudtrail.ndjson"], context: context)
        let tree = scan([dir.path + "/cloudtrail"], context: context)
        #expect(ndjson.alerts.map(\.id) == tree.alerts.map(\.id))
        #expect(ndjson.summary.records == tree.summary.records)
        #expect(ndjson.summary.malformedTotal == 0 && tree.summary.malformedTotal == 0)
        let expected = entries.filter { $0.expect == "alert" }
        #expect(expected.count == 4)
        for s in expected {
            let events = Set(s.events ?? [])
            let hits = tree.alerts.filter { !evidenceIDs($0).isDisjoint(with: events) }
            #expect(hits.count == 1, "\(s.scenario): \(hits.map(\.title))")
            guard let hit = hits.first else { continue }
            #expect(hit.principal.name == s.principal, "\(s.scenario)")
            #expect(events.isSubset(of: evidenceIDs(hit)), "\(s.scenario): every scenario event is evidence")
            let codes = Set(hit.reasons.map(\.code))
            for why in s.why ?? [] {
                let wanted = try #require(reasonsForWhy[why], "no reason mapping for '\(why)'")
                for alternatives in wanted {
                    #expect(!codes.isDisjoint(with: alternatives.split(separator: "|").map(String.init)),
                            "\(s.scenario): '\(why)' needs \(alternatives); alert has \(codes.sorted())")
                }
            }
        }
        #expect(tree.alerts.count == expected.count, "nothing else alerts: \(tree.alerts.map(\.title))")
        let benign = Set(entries.filter { $0.expect == "none" }.flatMap { $0.events ?? [] })
        #expect(benign.count > 30)
        #expect(tree.alerts.allSatisfy { evidenceIDs($0).isDisjoint(with: benign) })
    }

    /// Scanning the corpus in two runs that share a store (the boundary falls inside the snapshot
    /// chain) gives the same incidents, with the same reasons, as one run over everything; and
    /// scanning again adds nothing.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: generator)))
    func stateCarriesAcrossRuns() throws {
        let dir = TemporaryDirectory()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Self.generator, dir.path + "/corpus", "--events", "20000"]
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        // Split the S3 files at 2026-03-16T22:20Z, between the chain's share and its mount.
        let fm = FileManager.default
        let tree = dir.path + "/corpus/cloudtrail"
        for part in ["early", "late"] { try fm.createDirectory(atPath: dir.path + "/" + part, withIntermediateDirectories: true) }
        var files = 0
        for case let rel as String in fm.enumerator(atPath: tree)! where rel.hasSuffix(".json.gz") {
            let stamp = String(rel.split(separator: "_")[3].prefix(13))  // 20260316T2215
            let part = stamp < "20260316T2220" ? "early" : "late"
            try fm.copyItem(atPath: tree + "/" + rel, toPath: dir.path + "/\(part)/" + rel.replacingOccurrences(of: "/", with: "_"))
            files += 1
        }
        #expect(files > 1000)
        let config = Golden.packageRoot() + "/examples/vigil.yaml"
        func alerts(_ out: String) throws -> [String: Set<String>] {
            var byPrincipal: [String: Set<String>] = [:]
            for line in out.split(separator: "\n") {
                let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                let who = try #require((o["principal"] as? [String: Any])?["name"] as? String)
                for r in o["reasons"] as? [[String: Any]] ?? [] { byPrincipal[who, default: []].insert(r["code"] as? String ?? "") }
            }
            return byPrincipal
        }
        let whole = try VigilBinary.run(["scan", "--config", config, "--format", "json", "--summary", "none", tree])
        let db = dir.path + "/vigil.db"
        let early = try VigilBinary.run(["scan", "--config", config, "--db", db, "--format", "json", "--summary", "none", dir.path + "/early"])
        let late = try VigilBinary.run(["scan", "--config", config, "--db", db, "--format", "json", "--summary", "text", dir.path + "/late"])
        #expect(early.status == 0 && late.status == 0, "\(early.stderr) \(late.stderr)")
        let expected = try alerts(whole.stdout)
        #expect(expected.keys.sorted() == ["alice", "bob", "carol", "dave-legacy"])
        #expect(expected["dave-legacy"]?.contains("snapshot-mount-chain") == true)
        // The late run sees the chain completed across the boundary, and every incident of the
        // whole run is there with all its reasons.
        var split = try alerts(early.stdout)
        split.merge(try alerts(late.stdout)) { $0.union($1) }
        #expect(split == expected, "\(early.stdout)\n---\n\(late.stdout)")
        // Again: every file was scanned before, so none is read, learned from or alerted on twice.
        let again = try VigilBinary.run(["scan", "--config", config, "--db", db, "--format", "json", "--summary", "json", dir.path + "/late"])
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(again.stderr.split(separator: "\n")[0].utf8)) as? [String: Any])
        let lateFiles = try fm.contentsOfDirectory(atPath: dir.path + "/late").count
        #expect((summary["skipped"] as? [String: Int])?["already-scanned"] == lateFiles)
        #expect(summary["records"] as? Int == 0)
        #expect(again.stdout.isEmpty)
    }
}
