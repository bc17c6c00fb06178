import Foundation
import Testing
import VigilAnalytics
import VigilConfig
import VigilCore
import VigilEngine
import VigilTestSupport

/// Compute changes beyond what a worker holds in memory go to disk in sorted runs and come back
/// merged: the alerts are the same as with everything in memory, and the runs are removed.
@Suite struct SpillTests {
    func run(_ limit: Int?, prior: ScanEngine.State? = nil, spill: String) throws -> ScanEngine.Result {
        var options = ScanOptions(paths: [Golden.packageRoot() + "/examples/data/cloudtrail"], workers: 2)
        options.byDay = false  // the whole-scan path, which spills (a tree of day folders is otherwise read by day)
        if let limit { options.changesInMemory = limit }
        options.spillDirectory = spill
        var engine = ScanEngine(context: try exampleContext(), options: options)
        engine.prior = prior
        return engine.run()
    }

    @Test func spilledChangesGiveTheSameAlerts() throws {
        let dir = TemporaryDirectory()
        let memory = try run(nil, spill: dir.path)
        let spilled = try run(1, spill: dir.path)
        #expect(memory.summary.changesSpilled == 0)
        #expect(spilled.summary.changesSpilled > 0)
        #expect(spilled.summary.changesSpilled <= spilled.summary.changesEvaluated)
        #expect(spilled.summary.changesEvaluated == memory.summary.changesEvaluated)
        #expect(!memory.alerts.isEmpty)
        #expect(spilled.alerts == memory.alerts)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "runs are removed")
    }

    @Test func carriedChangesMergeWithSpilledOnes() throws {
        let dir = TemporaryDirectory()
        let first = try run(nil, prior: ScanEngine.State(), spill: dir.path)
        var state = try #require(first.state)
        state.ingested = []  // read the same files again: their changes meet the carried ones
        let again = try run(nil, prior: state, spill: dir.path)
        let againSpilled = try run(1, prior: state, spill: dir.path)
        #expect(!(first.state?.pending.isEmpty ?? true))
        #expect(againSpilled.alerts == again.alerts)
        #expect(againSpilled.summary.changesEvaluated == again.summary.changesEvaluated)
        #expect(againSpilled.state?.pending.map(\.identity) == again.state?.pending.map(\.identity))
    }

    @Test func anUnwritableFolderKeepsChangesInMemoryAndSaysSo() throws {
        let memory = try run(nil, spill: "/nonexistent/vigil")
        let failed = try run(1, spill: "/nonexistent/vigil")
        #expect(failed.alerts == memory.alerts)
        #expect(failed.summary.malformed["spill-failed"] != nil)
        #expect(failed.summary.problems.contains { $0.code == "spill-failed" && $0.message.contains("/nonexistent/vigil") })
    }
}
