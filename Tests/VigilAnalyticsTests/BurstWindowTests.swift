import Testing
@testable import VigilAnalytics
import VigilConfig
import VigilCore
import VigilTestSupport

// The rate behaviour against its definition: for every change that counts, the largest window of
// more than `RateThreshold.changes` counting changes spanning less than `RateThreshold.minutes`
// that holds it (the first of the largest), with that window's size, span and operations. The
// evaluation finds it in constant time per change; the reference below looks at every window.

@Suite struct BurstWindowTests {
    struct Expected: Equatable {
        var size: Int
        var minutes: Double
        var operations: [String: Int]
    }

    /// Every window by definition: the one ending at each counting change k holds the counting
    /// changes j ≤ k less than `rate` before it.
    static func reference(times: [Int64], operations: [String], counts: [Bool], rate: Int64, threshold: Int) -> [Int: Expected] {
        let counting = times.indices.filter { counts[$0] }
        var windows: [(members: ArraySlice<Int>, size: Int)] = []
        var lo = 0
        for (k, i) in counting.enumerated() {
            while times[i] - times[counting[lo]] >= rate { lo += 1 }
            windows.append((counting[lo...k], k - lo + 1))
        }
        var out: [Int: Expected] = [:]
        for i in counting {
            var best: (members: ArraySlice<Int>, size: Int)?
            for w in windows where w.size > threshold && w.members.first! <= i && i <= w.members.last! {
                if w.size > (best?.size ?? 0) { best = w }
            }
            guard let best else { continue }
            var ops: [String: Int] = [:]
            for j in best.members { ops[operations[j], default: 0] += 1 }
            out[i] = Expected(size: best.size, minutes: Double(times[best.members.last!] - times[best.members.first!]) / 60_000, operations: ops)
        }
        return out
    }

    /// Random streams (seeded): gaps from 0 to 40 s, three operations, thresholds and windows of
    /// several sizes; an automation principal whose changes inside its window do not count. Each
    /// change is its own incident (a gap of 0), so each alert shows the burst of its one change.
    @Test(arguments: [(2, 1), (5, 10), (12, 3), (40, 10)])
    func everyChangeGetsItsLargestWindow(threshold: Int, minutes: Int) throws {
        var rng = SplitMix64(seed: UInt64(threshold * 100 + minutes))
        var settings = AN0861Settings()
        settings.rateChanges = threshold
        settings.rateMinutes = minutes
        settings.incidentGapMinutes = 0
        settings.behaviours = [.rate, .changeWindow]
        let context = try context("""
            automation_principals: [backup-role]
            change_windows:
              - { name: backups, scope: { principals: [backup-role] }, weekly: [{ days: [Mon], start: "02:00", end: "03:00" }] }
            """)
        let ops = ["DeleteVolume", "DeleteSnapshot", "TerminateInstances"]
        // 2026-03-16 is a Monday: the stream runs from 01:00 across the 02:00-03:00 window.
        var t = at("2026-03-16T01:00:00Z").milliseconds
        var times: [Int64] = [], operations: [String] = [], counts: [Bool] = [], changes: [ChangeRecord] = []
        for i in 0..<1500 {
            t += Int64.random(in: 1...40_000, using: &rng)
            let op = ops[Int.random(in: 0..<3, using: &rng)]
            times.append(t)
            operations.append(op)
            let inWindow = t >= at("2026-03-16T02:00:00Z").milliseconds && t < at("2026-03-16T03:00:00Z").milliseconds
            counts.append(!inWindow)
            changes.append(change(.volumeDelete, Timestamp(milliseconds: t).iso8601, by: "backup-role", id: "c\(i)", operation: op))
        }
        let expected = Self.reference(times: times, operations: operations, counts: counts, rate: Int64(minutes) * 60_000,
                                      threshold: threshold)
        #expect(expected.count > 30, "the stream must hold bursts")
        var found: [Int: String] = [:]
        for a in ComputeChangeAnalytic(settings: settings).evaluate(changes, baseline: ActivityBaseline(), context: context) {
            guard let r = a.reasons.first(where: { $0.code == "change-burst" }), a.evidence.count == 1,
                  let id = a.evidence[0].eventID, let i = Int(id.dropFirst()) else { continue }
            found[i] = r.summary
        }
        #expect(found.count == expected.count)
        for (i, e) in expected {
            let breakdown = e.operations.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
            let summary = "\(e.size) changes by backup-role in \(ComputeChangeAnalytic.minutes(e.minutes)) (threshold: more than \(threshold) in \(minutes) min): \(breakdown)"
            #expect(found[i] == summary, "change \(i)")
        }
    }

    /// A burst longer than its window (one change every 100 ms for 20 minutes) is one incident
    /// whose burst is the first full window. (How the time per change stays constant is measured
    /// in BENCHMARKS.md, not here.)
    @Test func aBurstLongerThanItsWindow() {
        var settings = AN0861Settings()
        settings.behaviours = [.rate]
        let start = at("2026-03-21T03:00:00Z").milliseconds
        let n = 12_000
        let changes = (0..<n).map { i in
            change(.volumeDelete, Timestamp(milliseconds: start + Int64(i) * 100).iso8601, by: "bob", id: "d\(i)", operation: "DeleteVolume")
        }
        let alerts = ComputeChangeAnalytic(settings: settings).evaluate(changes, baseline: ActivityBaseline(), context: .empty)
        // One incident (the changes are 100 ms apart); its first burst is the window the first
        // change is in: 6,000 changes in 10 minutes less 100 ms.
        #expect(alerts.count == 1)
        #expect(alerts.first?.reasons.first?.summary.hasPrefix("6000 changes by bob in 10.0 min") == true, "\(alerts.first?.reasons.first?.summary ?? "")")
    }
}
