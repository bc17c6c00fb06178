import Testing
@testable import VigilAnalytics
import VigilCore
import VigilTestSupport

// The rarely-used and dormant judgements ask every change for the principal's last active day
// before it, its active days and events in the lookback, and the days the baselines had data.
// The day index answers in logarithmic time; here it is held to the definitions, which look at
// every day.

@Suite struct DayIndexTests {
    /// The last day before `day` with activity, by definition.
    static func last(_ counts: [Int32: Int], before day: Int32) -> Int32? { counts.keys.filter { $0 < day }.max() }

    /// Active days and events in [start, end), by definition.
    static func span(_ counts: [Int32: Int], from start: Int32, to end: Int32) -> (days: Int, events: Int) {
        var d = 0, e = 0
        for (day, n) in counts where day >= start && day < end {
            d += 1
            e += n
        }
        return (d, e)
    }

    @Test func answersAsTheDefinitionsOnSeededRandomDays() {
        var rng = SplitMix64(seed: 0x0861_DA75)
        for round in 0..<300 {
            var counts: [Int32: Int] = [:]
            let base = Int32(Int(rng.next() % 40_000)) - 20_000  // days before and after 1970
            let spread = Int(rng.next() % 800) + 1
            for _ in 0..<Int(rng.next() % 120) { counts[base + Int32(Int(rng.next() % UInt64(spread))), default: 0] += Int(rng.next() % 50) + 1 }
            let index = DayIndex(counts)
            for _ in 0..<40 {
                let day = base + Int32(Int(rng.next() % UInt64(spread + 40))) - 20
                #expect(index.last(before: day) == Self.last(counts, before: day), "round \(round), day \(day)")
                let lookback = Int32(Int(rng.next() % 120))
                let got = index.span(from: day - lookback, to: day), want = Self.span(counts, from: day - lookback, to: day)
                #expect(got == want, "round \(round), [\(day - lookback), \(day))")
            }
        }
    }

    @Test func edges() {
        let index = DayIndex([10: 3, 12: 4, 20: 1])
        #expect(index.last(before: 10) == nil)
        #expect(index.last(before: 11) == 10)
        #expect(index.last(before: 12) == 10, "the day itself is not before it")
        #expect(index.last(before: 1_000) == 20)
        #expect(index.span(from: 10, to: 13) == (2, 7))
        #expect(index.span(from: 11, to: 20) == (1, 4), "the end is not counted")
        #expect(index.span(from: 13, to: 13) == (0, 0))
        #expect(index.span(from: 15, to: 12) == (0, 0), "an empty span")
        #expect(DayIndex([Int32: Int]()).last(before: 0) == nil)
        #expect(DayIndex([Int32: Int]()).span(from: -5, to: 5) == (0, 0))
        let covered = DayIndex(Set<Int32>([1, 2, 3, 7]))
        #expect(covered.span(from: 0, to: 7) == (3, 3))
        #expect(covered.span(from: 2, to: 8) == (3, 3))
    }

    /// Days with data in the `days` days before a change's day, as the judgements count them
    /// (at least the one day before), by definition.
    @Test func coverageCountsTheDaysBeforeTheChange() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let covered = Set((0..<Int(rng.next() % 60)).map { _ in Int32(Int(rng.next() % 90)) })
            let index = DayIndex(covered)
            let day = Int32(Int(rng.next() % 100))
            let days = Int(rng.next() % 40) - 5
            let t = Timestamp(milliseconds: Int64(day) * 86_400_000 + Int64(rng.next() % 86_400_000))
            let want = (1...max(1, days)).reduce(0) { $0 + (covered.contains(day - Int32($1)) ? 1 : 0) }
            #expect(ComputeChangeAnalytic.coverage(index, before: t, days: days) == want)
        }
    }
}
