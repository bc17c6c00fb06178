import Foundation
import Testing
import VigilAnalytics
import VigilConfig
import VigilCore
@testable import VigilEngine
import VigilIngest
import VigilParsers
import VigilTestSupport

/// A scan worker makes each CloudTrail change's record straight from the reader's record, from
/// texts it has cached, without making the event. Every change must be the record its event makes
/// (``ChangeRecord/init(_:client:)``), field for field: the evidence alerts cite, the principal,
/// the network, the client, the resources, the exposures, the outcome.
@Suite struct ChangeRecordTests {
    /// The example data, the S3 tree fixture, and real records (failed calls, shares).
    static let roots = [Golden.packageRoot() + "/examples/data/cloudtrail", Fixtures.path("s3tree"), Fixtures.path("aws")]

    static func files() -> [String] {
        roots.flatMap { root in
            FileManager.default.enumerator(atPath: root)!.compactMap { $0 as? String }
                .filter { $0.hasSuffix(".json.gz") || $0.hasSuffix(".json") || $0.hasSuffix(".ndjson") || $0.hasSuffix(".jsonl") }
                .sorted().map { root + "/" + $0 }
        }
    }

    static func unit(_ path: String) throws -> WorkUnit {
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! NSNumber
        return WorkUnit(file: InputFile(path: path, size: size.int64Value))
    }

    /// Every change of the data, made from its full event, by its place (test samples reuse event ids).
    static func fromEvents() throws -> [String: ChangeRecord] {
        var out: [String: ChangeRecord] = [:]
        let decoder = CloudTrailDecoder(wanted: ComputeChangeAnalytic.kinds, profile: true)
        let reader = TextReader()
        for path in files() {
            var index = 0
            reader.read(try unit(path), onText: { text in
                _ = decoder.decode(text) { r in
                    defer { index += 1 }
                    guard r.problem == nil, r.kind != .other else { return }
                    let e = r.event(file: path, index: index)
                    let c = ChangeRecord(e, client: ClientFamilies.family(of: e.userAgent))
                    out[Self.place(c)] = c
                }
            }, onIssue: { _ in })
        }
        return out
    }

    static func place(_ c: ChangeRecord) -> String { "\(c.evidence.raw.file)#\(c.evidence.raw.offset)" }

    @Test func changesAreTheRecordsTheirEventsMake() throws {
        let expected = try Self.fromEvents()
        var options = ScanOptions(paths: Self.roots, workers: 1)
        options.changesInMemory = 1 << 30
        let worker = ScanWorker(analytics: .standard, compute: ComputeChangeAnalytic(), context: try exampleContext(), options: options)
        for path in Self.files() {
            worker.run(try Self.unit(path))
            worker.finishUnit()
        }
        worker.sortChanges()
        let read = worker.changes.memory
        #expect(read.count == expected.count, "one change per change event")
        #expect(Set(read.map(Self.place)) == Set(expected.keys))
        #expect(read.count > 20)
        #expect(zip(read, read.dropFirst()).allSatisfy { !ChangeRecord.precedes($1, $0) }, "in the evaluation's order")
        var kinds = Set<EventKind>(), failed = 0, exposed = 0
        for c in read {
            let id = Self.place(c)
            let e = try #require(expected[id])
            #expect(c.evidence == e.evidence, "\(id)")
            #expect(c.kind == e.kind && c.principal == e.principal && c.summary == e.summary && c.provider == e.provider, "\(id)")
            #expect(c.network == e.network && c.client == e.client && c.succeeded == e.succeeded, "\(id)")
            #expect(c.resources == e.resources && c.exposures == e.exposures, "\(id)")
            kinds.insert(c.kind)
            if !c.succeeded { failed += 1 }
            if !c.exposures.isEmpty { exposed += 1 }
        }
        // The data holds what the comparison must cover.
        #expect(kinds.count >= 5 && failed > 0 && exposed > 0, "kinds \(kinds.count), failed \(failed), exposed \(exposed)")
    }
}
