import Testing
import VigilAnalytics
import VigilConfig
import VigilCore

// `analytics.AN0861.behaviours`: each behaviour alone still finds its own scenario and raises
// nothing of any other behaviour's; the scan learns baselines and decodes changes only as the
// behaviours in force need.

/// The reason codes each behaviour raises.
let families: [AN0861Behaviour: Set<String>] = [
    .changeWindow: ["outside-change-window"],
    .chain: ["snapshot-mount-chain"],
    .rarelyUsed: ["rarely-used-account", "dormant-account"],
    .rate: ["change-burst"],
    .unusualSource: ["new-source-network", "new-api-client", "new-region", "new-country", "new-asn"],
    .automation: ["automation-off-schedule"],
    .exposure: ["shared-publicly", "shared-with-external-account", "shared-with-organization", "shared-with-member", "exported-by-link"],
]

@Suite struct BehaviourSelectionTests {
    /// One scenario per behaviour: its changes, the baseline that holds them, and its context.
    struct Scenario {
        var behaviour: AN0861Behaviour
        var changes: [ChangeRecord]
        var baseline: ActivityBaseline
        var context: OrgContext
    }

    func scenarios() throws -> [Scenario] {
        let windows = try context("""
            change_windows:
              - { name: ops-changes, scope: { principals: [ops] }, weekly: [{ days: [Mon], start: "22:00", end: "23:00" }] }
            """)
        // 2026-03-17 is a Tuesday: outside ops' Monday window.
        let outside = [change(.volumeDelete, "2026-03-17T22:18:05Z", id: "w1")]

        // Created, shared with another account, made into a volume, mounted on a new instance.
        let chain = ChainTests().chain(minutesToAttach: 12)
        let published = [change(.snapshotModifyAttribute, "2026-03-16T22:18:05Z", id: "x1", resources: [snapshot],
                                exposures: [Exposure(resource: snapshot, grantee: .everyone, permission: "createVolumePermission")])]

        let rare = [change(.volumeDelete, "2026-03-29T22:00:00Z", by: "rare", id: "r1")]
        let burst = (0..<10).map { i in
            change(.volumeDelete, Timestamp(milliseconds: at("2026-03-21T03:12:00Z").milliseconds + Int64(i) * 20_000).iso8601,
                   by: "bob", id: "b\(i)", operation: "DeleteVolume")
        }
        let unusual = [change(.instanceRun, "2026-03-30T10:40:00Z", by: "carol", id: "u1", network: "103.75.118.0/24", client: "boto3",
                              region: "ap-southeast-2")]
        let automation = try context("automation_principals: [autoscaler]")
        let odd = [change(.instanceRun, "2026-03-25T03:00:00Z", by: "autoscaler", id: "a1", network: "autoscaling.amazonaws.com",
                          client: "aws-service")]
        let scaler = history("autoscaler", days: 20, perDay: 240, network: "autoscaling.amazonaws.com", client: "aws-service",
                             hours: Array(8..<20))
        return [
            Scenario(behaviour: .changeWindow, changes: outside, baseline: ActivityBaseline(), context: windows),
            Scenario(behaviour: .chain, changes: chain, baseline: ActivityBaseline(), context: .empty),
            Scenario(behaviour: .exposure, changes: published, baseline: ActivityBaseline(), context: .empty),
            Scenario(behaviour: .rarelyUsed, changes: rare, baseline: baseline(seen(history("rare", days: 28, perDay: 2), rare)), context: .empty),
            Scenario(behaviour: .rate, changes: burst, baseline: ActivityBaseline(), context: .empty),
            Scenario(behaviour: .unusualSource, changes: unusual, baseline: baseline(seen(history("carol", days: 28), unusual)), context: .empty),
            Scenario(behaviour: .automation, changes: odd, baseline: baseline(seen(scaler, odd)), context: automation),
        ]
    }

    func codes(_ s: Scenario, _ behaviours: Set<AN0861Behaviour>) -> Set<String> {
        var settings = AN0861Settings()
        settings.behaviours = behaviours
        let alerts = ComputeChangeAnalytic(settings: settings).evaluate(s.changes, baseline: s.baseline, context: s.context)
        return Set(alerts.flatMap { $0.reasons.map(\.code) }).subtracting(["more-evidence"])
    }

    /// Every behaviour has a scenario, and with every behaviour in force each scenario raises its
    /// own behaviour's reasons.
    @Test func eachScenarioFindsItsBehaviour() throws {
        let all = try scenarios()
        #expect(Set(all.map(\.behaviour)) == Set(AN0861Behaviour.allCases))
        for s in all {
            #expect(!codes(s, Set(AN0861Behaviour.allCases)).isDisjoint(with: families[s.behaviour]!), "\(s.behaviour)")
        }
    }

    /// A behaviour alone raises exactly its own share of what every behaviour raises, on every
    /// scenario: nothing of the others leaks in, and nothing of its own is lost.
    @Test func aBehaviourAloneRaisesOnlyItsOwnReasons() throws {
        let all = try scenarios()
        for s in all {
            let full = codes(s, Set(AN0861Behaviour.allCases))
            for b in AN0861Behaviour.allCases {
                #expect(codes(s, [b]) == full.intersection(families[b]!), "scenario \(s.behaviour), only \(b)")
            }
        }
    }

    /// Leaving a behaviour out removes its reasons (with the rest still in force).
    @Test func leavingABehaviourOutSilencesIt() throws {
        for s in try scenarios() {
            let without = codes(s, Set(AN0861Behaviour.allCases).subtracting([s.behaviour]))
            #expect(without.isDisjoint(with: families[s.behaviour]!), "\(s.behaviour): \(without.sorted())")
        }
    }

    @Test func baselinesAreLearnedOnlyWhenABehaviourNeedsThem() {
        var s = AN0861Settings()
        #expect(s.learnsBaselines)
        for b in AN0861Behaviour.allCases {
            s.behaviours = [b]
            #expect(s.learnsBaselines == [.rarelyUsed, .unusualSource, .automation].contains(b), "\(b)")
        }
        s.behaviours = [.unusualSource]
        s.baselines = false
        #expect(!s.learnsBaselines)
    }

    @Test func changeKindsFollowTheBehaviours() {
        let all = ComputeChangeAnalytic.kinds
        #expect(!all.contains(.other))
        #expect(ComputeChangeAnalytic.kinds(for: Set(AN0861Behaviour.allCases)) == all)
        #expect(ComputeChangeAnalytic.kinds(for: [.exposure]) == ComputeChangeAnalytic.exposureKinds)
        #expect(ComputeChangeAnalytic.kinds(for: [.chain]) == ComputeChangeAnalytic.chainKinds)
        #expect(ComputeChangeAnalytic.kinds(for: [.exposure, .chain])
                == ComputeChangeAnalytic.exposureKinds.union(ComputeChangeAnalytic.chainKinds))
        for b in AN0861Behaviour.allCases where b != .exposure && b != .chain {
            #expect(ComputeChangeAnalytic.kinds(for: [.exposure, b]) == all, "\(b)")
        }
        #expect(ComputeChangeAnalytic.exposureKinds.isSubset(of: all) && ComputeChangeAnalytic.chainKinds.isSubset(of: all))
    }
}
