import Foundation
import Testing
import VigilAnalytics
import VigilCore
@testable import VigilEngine
import VigilTestSupport

/// The evaluation reads merged changes from a thread that decodes and merges the runs ahead of
/// it: the stream must be the merge's, change for change, whatever the batch boundaries, and a
/// run that cannot be read must still be reported once the stream ends.
@Suite struct PrefetchedChangesTests {
    /// A change at `ms` with event id `id`, read from `file` at `offset`.
    static func change(_ ms: Int64, _ id: String, file: String = "f.json", offset: Int64 = 0) -> ChangeRecord {
        let evidence = Evidence(eventID: id, time: Timestamp(milliseconds: ms), service: "ec2.amazonaws.com", operation: "RunInstances",
                                source: "198.51.100.7", userAgent: "aws-cli/2.15.0", account: "111122223333", region: "us-east-1",
                                errorCode: nil, raw: RawRef(file: file, offset: offset, index: 0, eventID: id))
        return ChangeRecord(evidence: evidence, kind: .instanceRun, principal: PrincipalKey(account: "111122223333", name: "deployer"),
                            summary: PrincipalSummary(name: "deployer", type: .assumedRole, arn: nil, account: "111122223333"), provider: .aws,
                            network: "198.51.100.0/24", client: "aws-cli",
                            resources: [Resource(type: .instance, id: "i-\(id)")], exposures: [], succeeded: true)
    }

    /// Two workers' changes (seeded, interleaved in time, some at equal times), spilled in runs of
    /// `limit` with the rest in memory.
    static func runs(_ count: Int, limit: Int, in dir: String) -> [ChangeRuns] {
        var rng = SplitMix64(seed: UInt64(count * 31 + limit))
        let workers = [ChangeRuns(limit: limit, parent: dir), ChangeRuns(limit: limit, parent: dir)]
        for i in 0..<count {
            let w = workers[Int(rng.next() % 2)]
            w.append(change(Int64(rng.next() % 5_000), String(format: "%08d", i), offset: Int64(i)))
            w.spillIfFull()
        }
        workers.forEach { $0.sortMemory() }
        return workers
    }

    @Test(arguments: [0, 1, 7, 511, 512, 513, 1024, 2_500])
    func theStreamIsTheMergesWhateverTheBatches(count: Int) throws {
        let dir = TemporaryDirectory()
        let runs = Self.runs(count, limit: 300, in: dir.path)
        defer { runs.forEach { $0.remove() } }
        #expect(runs.reduce(0) { $0 + $1.count } == count)
        var plain = ChangeMerge(runs: runs, extra: [])
        var expected: [String] = []
        while let c = plain.next() { expected.append(c.identity) }
        let stream = PrefetchedChanges(ChangeMerge(runs: runs, extra: []), batch: 512, depth: 2)
        var read: [ChangeRecord] = []
        while let c = stream.next() { read.append(c) }
        #expect(stream.next() == nil, "the end stays the end")
        #expect(read.map(\.identity) == expected)
        #expect(read.count == count)
        #expect(zip(read, read.dropFirst()).allSatisfy { !ChangeRecord.precedes($1, $0) }, "in the evaluation's order")
        #expect(stream.problems.isEmpty)
        if count > 600 { #expect(runs.contains { $0.spilled > 0 }, "runs on disk were read back") }
    }

    @Test func aDamagedRunIsReportedAtTheEnd() throws {
        let dir = TemporaryDirectory()
        let runs = Self.runs(2_000, limit: 300, in: dir.path)
        defer { runs.forEach { $0.remove() } }
        let run = try #require(runs.first { $0.spilled > 0 }?.files.first)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: run)[.size] as? NSNumber).intValue
        #expect(truncate(run, off_t(size / 2)) == 0)
        let stream = PrefetchedChanges(ChangeMerge(runs: runs, extra: []), batch: 64, depth: 1)
        var read = 0
        while stream.next() != nil { read += 1 }
        #expect(read < 2_000 && read > 0)
        #expect(stream.problems.count == 1)
        #expect(stream.problems.first?.contains(run) == true)
    }
}
