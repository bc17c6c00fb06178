import Testing
import VigilAnalytics
import VigilConfig
import VigilCore

// Each behaviour of AN0861 on its own state machine: change records and a baseline built by
// hand, time passed in. No files, no clock.

let owner = "111122223333"

func at(_ text: String) -> Timestamp { Timestamp(iso8601: text)! }

/// A change record.
func change(
    _ kind: EventKind, _ time: String, by principal: String = "ops", id: String, resources: [Resource] = [],
    exposures: [Exposure] = [], network: String = "198.51.100.0/24", client: String = "aws-cli", region: String = "us-east-1",
    succeeded: Bool = true, operation: String? = nil
) -> ChangeRecord {
    let actor = Actor(type: .user, name: principal, arn: "arn:aws:iam::\(owner):user/\(principal)", account: owner)
    let event = Event(
        time: at(time), kind: kind, actor: actor, source: Endpoint(sourceText: "198.51.100.23"),
        userAgent: "aws-cli/2.15.30", api: APIOperation(service: "ec2.amazonaws.com", operation: operation ?? "\(kind)"),
        cloud: CloudContext(provider: .aws, account: owner, region: region), resources: resources,
        outcome: succeeded ? .success : .failure(code: "Client.UnauthorizedOperation", message: nil),
        raw: RawRef(file: "f", offset: 0, index: 0, eventID: id), exposures: exposures)
    let r = ChangeRecord(event, client: client)
    r.network = network
    return r
}

/// A principal active every day from `from` to `to` (exclusive), `perDay` events a day at 10:00,
/// from `network` with `client`.
func history(
    _ principal: String = "ops", from: String = "2026-03-01T10:00:00Z", days: Int = 28, perDay: Int = 50,
    network: String = "198.51.100.0/24", client: String = "aws-cli", region: String = "us-east-1", hours: [Int] = [10]
) -> PrincipalBaseline {
    let start = at(from)
    var b = PrincipalBaseline(key: PrincipalKey(account: owner, name: principal), type: .user, activity: Sighting(start, count: 0))
    for d in 0..<days {
        let t = Timestamp(milliseconds: start.milliseconds + Int64(d) * 86_400_000)
        b.activity.merge(Sighting(t, count: perDay))
        b.days[PrincipalBaseline.day(t), default: 0] += perDay
        for h in hours { b.hours[h] += perDay / hours.count }
        for (map, key) in [(\PrincipalBaseline.networks, network), (\.clients, client), (\.regions, region)] {
            if var s = b[keyPath: map][key] { s.merge(Sighting(t, count: perDay)); b[keyPath: map][key] = s } else { b[keyPath: map][key] = Sighting(t, count: perDay) }
        }
    }
    return b
}

func baseline(_ bs: PrincipalBaseline...) -> ActivityBaseline {
    var out = ActivityBaseline()
    for b in bs { out.merge(b) }
    return out
}

/// Adds the sightings a change itself makes (the scan's baseline sees every record).
func seen(_ b: PrincipalBaseline, _ changes: [ChangeRecord]) -> PrincipalBaseline {
    var b = b
    for c in changes where c.principal == b.key {
        b.activity.merge(Sighting(c.time))
        b.days[PrincipalBaseline.day(c.time), default: 0] += 1
        for (map, key) in [(\PrincipalBaseline.networks, c.network ?? ""), (\.clients, c.client), (\.regions, c.evidence.region ?? "")] {
            if var s = b[keyPath: map][key] { s.merge(Sighting(c.time)); b[keyPath: map][key] = s } else { b[keyPath: map][key] = Sighting(c.time) }
        }
    }
    return b
}

func context(_ yaml: String) throws -> OrgContext { try ConfigLoader.parse(yaml: yaml, file: "t.yaml") }

let snapshot = Resource(type: .snapshot, id: "snap-1")
let volume = Resource(type: .volume, id: "vol-1")
let instance = Resource(type: .instance, id: "i-1")

@Suite struct ExposureTests {
    let analytic = ComputeChangeAnalytic()

    @Test func publicSnapshotIsCritical() throws {
        let c = change(.snapshotModifyAttribute, "2026-03-16T22:18:05Z", id: "e-1", resources: [snapshot],
                       exposures: [Exposure(resource: snapshot, grantee: .everyone, permission: "createVolumePermission")])
        let alerts = analytic.evaluate([c], baseline: ActivityBaseline(), context: .empty)
        let a = try #require(alerts.first)
        #expect(alerts.count == 1)
        #expect(a.attack.analytic == "AN0861")
        #expect(a.target == "public")
        #expect(a.severity == .critical)
        #expect(a.principal.name == "ops")
        #expect(a.reasons.map(\.code) == ["shared-publicly"])
        #expect(a.evidence.map(\.eventID) == ["e-1"])
    }

    @Test func externalAccountShareNamesTheAccount() throws {
        let image = Resource(type: .image, id: "ami-0abc")
        let c = change(.imageModifyAttribute, "2026-03-16T22:18:05Z", id: "e-1", resources: [image],
                       exposures: [Exposure(resource: image, grantee: .account("999988887777"), permission: "launchPermission")])
        let a = try #require(analytic.evaluate([c], baseline: ActivityBaseline(), context: .empty).first)
        #expect(a.target == "999988887777")
        #expect(a.severity == .high)
        #expect(a.reasons.first?.summary == "AMI ami-0abc shared with account 999988887777")
        #expect(a.reasons.first?.facts.contains(Fact("grantee_account", "999988887777")) == true)
    }

    @Test func failedSharesAndRemovalsExposeNothing() {
        let x = Exposure(resource: snapshot, grantee: .everyone, permission: "createVolumePermission")
        var removed = x
        removed.added = false
        let quiet = [
            change(.snapshotModifyAttribute, "2026-03-16T22:18:05Z", id: "e-1", exposures: [x], succeeded: false),
            change(.snapshotModifyAttribute, "2026-03-16T22:18:05Z", id: "e-2", exposures: [removed]),
        ]
        for c in quiet { #expect(analytic.evaluate([c], baseline: ActivityBaseline(), context: .empty).isEmpty, "\(c.evidence.eventID!)") }
    }

    @Test func sasExportAndPublicIAMBindings() throws {
        let disk = Resource(type: .volume, id: "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/disks/d1")
        let azure = change(.volumeExport, "2026-03-16T10:00:00Z", id: "az-1", resources: [disk],
                           exposures: [Exposure(resource: disk, grantee: .linkHolder, permission: "Read")])
        azure.provider = .azure
        let a = try #require(analytic.evaluate([azure], baseline: ActivityBaseline(), context: .empty).first)
        #expect(a.reasons.map(\.code) == ["exported-by-link"])
        #expect(a.reasons[0].summary.hasPrefix("disk /subscriptions/s/"))
        let image = Resource(type: .image, id: "projects/p/global/images/i1")
        let gcp = change(.imageModifyAttribute, "2026-03-16T10:00:00Z", id: "gcp-1", resources: [image],
                         exposures: [Exposure(resource: image, grantee: .anyAuthenticated, permission: "roles/compute.imageUser")])
        let b = try #require(analytic.evaluate([gcp], baseline: ActivityBaseline(), context: .empty).first)
        #expect(b.reasons.map(\.code) == ["shared-publicly"])
        #expect(b.target == "allAuthenticatedUsers")
    }

    @Test func alertIdsAreStable() throws {
        let x = [Exposure(resource: snapshot, grantee: .everyone, permission: "p")]
        let one = analytic.evaluate([change(.snapshotModifyAttribute, "2026-03-16T22:18:05Z", id: "e-1", exposures: x)],
                                    baseline: ActivityBaseline(), context: .empty)
        let again = analytic.evaluate([change(.snapshotModifyAttribute, "2026-03-16T22:18:05Z", id: "e-1", exposures: x)],
                                      baseline: ActivityBaseline(), context: .empty)
        let other = analytic.evaluate([change(.snapshotModifyAttribute, "2026-03-16T22:18:05Z", id: "e-2", exposures: x)],
                                      baseline: ActivityBaseline(), context: .empty)
        #expect(one.map(\.id) == again.map(\.id))
        #expect(one.map(\.id) != other.map(\.id))
    }
}

@Suite struct ChangeWindowBehaviourTests {
    let analytic = ComputeChangeAnalytic()
    let windows = """
        change_windows:
          - name: ops-changes
            scope: { principals: [ops] }
            weekly: [{ days: [Mon], start: "22:00", end: "23:00" }]
          - name: others
            scope: { principals: [someone-else] }
            weekly: [{ days: [Tue], start: "09:00", end: "10:00" }]
        """

    @Test func insideTheWindowIsQuietOutsideIsAReason() throws {
        let ctx = try context(windows)
        // 2026-03-16 is a Monday.
        #expect(analytic.evaluate([change(.volumeDelete, "2026-03-16T22:18:05Z", id: "in")], baseline: ActivityBaseline(), context: ctx).isEmpty)
        let a = try #require(analytic.evaluate([change(.volumeDelete, "2026-03-17T22:18:05Z", id: "out")], baseline: ActivityBaseline(),
                                               context: ctx).first)
        #expect(a.reasons.map(\.code) == ["outside-change-window"])
        #expect(a.reasons[0].summary == "ops changed at Tue 2026-03-17 22:18 UTC, outside its change window ops-changes")
        #expect(a.severity == .low)
    }

    @Test func aPrincipalNoWindowCoversIsOutside() throws {
        let a = try #require(analytic.evaluate([change(.volumeDelete, "2026-03-16T22:18:05Z", by: "bob", id: "x")],
                                               baseline: ActivityBaseline(), context: try context(windows)).first)
        #expect(a.reasons[0].summary == "no approved change window covers bob; change at Mon 2026-03-16 22:18 UTC")
    }

    @Test func withoutAnyWindowsConfiguredThereIsNoWindowJudgement() {
        #expect(analytic.evaluate([change(.volumeDelete, "2026-03-16T22:18:05Z", id: "x")], baseline: ActivityBaseline(), context: .empty).isEmpty)
    }
}

@Suite struct ChainTests {
    let analytic = ComputeChangeAnalytic()
    let share = Exposure(resource: snapshot, grantee: .account("999988887777"), permission: "createVolumePermission")

    func chain(minutesToAttach: Int, attachBy: String = "dave") -> [ChangeRecord] {
        [
            change(.snapshotCreate, "2026-03-16T22:14:00Z", by: "dave", id: "c1", resources: [snapshot, Resource(type: .volume, id: "vol-src")]),
            change(.snapshotModifyAttribute, "2026-03-16T22:18:00Z", by: "dave", id: "c2", resources: [snapshot], exposures: [share]),
            change(.instanceRun, "2026-03-16T22:23:00Z", by: "dave", id: "c3", resources: [instance]),
            change(.volumeCreate, "2026-03-16T22:25:00Z", by: "dave", id: "c4", resources: [volume, snapshot]),
            change(.volumeAttach, Timestamp(milliseconds: at("2026-03-16T22:14:00Z").milliseconds + Int64(minutesToAttach) * 60_000).iso8601,
                   by: attachBy, id: "c5", resources: [volume, instance]),
        ]
    }

    @Test func snapshotSharedMadeIntoAVolumeAndMountedOnANewInstance() throws {
        let alerts = analytic.evaluate(chain(minutesToAttach: 12), baseline: ActivityBaseline(), context: .empty)
        #expect(alerts.count == 1)
        let a = try #require(alerts.first)
        #expect(a.evidence.map(\.eventID) == ["c1", "c2", "c3", "c4", "c5"])
        let r = try #require(a.reasons.first { $0.code == "snapshot-mount-chain" })
        #expect(r.summary == "snapshot snap-1 created by dave, shared with 999988887777, made into volume vol-1, attached to new instance i-1 within 12.0 min")
        #expect(r.facts.contains(Fact("new_instance", "true")))
        #expect(a.severity == .high)
    }

    @Test func chainsLinkAcrossPrincipals() throws {
        // The attach comes from another principal, long after dave's other changes would have
        // closed his incident: the chain still makes it one incident.
        var settings = AN0861Settings()
        settings.incidentGapMinutes = 1
        let alerts = ComputeChangeAnalytic(settings: settings).evaluate(chain(minutesToAttach: 40, attachBy: "mallory"),
                                                                        baseline: ActivityBaseline(), context: .empty)
        #expect(alerts.count == 1)
        #expect(alerts.first?.evidence.count == 5)
    }

    @Test func aChainSlowerThanTheWindowIsNoChain() {
        let alerts = analytic.evaluate(chain(minutesToAttach: 61), baseline: ActivityBaseline(), context: .empty)
        #expect(alerts.allSatisfy { !$0.reasons.contains { $0.code == "snapshot-mount-chain" } })
        #expect(alerts.contains { $0.reasons.contains { $0.code == "shared-with-external-account" } })
    }

    @Test func runInstancesFromTheSnapshotCompletesAChain() throws {
        let changes = [
            change(.snapshotCreate, "2026-03-16T22:14:00Z", by: "dave", id: "c1", resources: [snapshot]),
            change(.instanceRun, "2026-03-16T22:20:00Z", by: "dave", id: "c2", resources: [instance, snapshot]),
        ]
        let a = try #require(analytic.evaluate(changes, baseline: ActivityBaseline(), context: .empty).first)
        #expect(a.reasons.map(\.code) == ["snapshot-mount-chain"])
        #expect(a.reasons[0].summary == "snapshot snap-1 created by dave, launched as instance i-1 within 6.0 min")
    }
}

@Suite struct RarelyUsedTests {
    let analytic = ComputeChangeAnalytic()

    @Test func rareDormantAndBusyPrincipals() throws {
        let t = "2026-03-29T22:00:00Z"
        let rare = history("dave", days: 28, perDay: 2)
        let busy = history("alice", days: 28, perDay: 500)
        let dormant = history("carl", days: 3, perDay: 100)           // active 1–3 March, then silent
        let changes = [change(.volumeDelete, t, by: "dave", id: "d"), change(.volumeDelete, t, by: "alice", id: "a"),
                       change(.volumeDelete, t, by: "carl", id: "c")]
        let base = baseline(seen(rare, changes), seen(busy, changes), seen(dormant, changes))
        let alerts = analytic.evaluate(changes, baseline: base, context: .empty)
        let codes = Dictionary(uniqueKeysWithValues: alerts.map { ($0.principal.name, $0.reasons.map(\.code)) })
        #expect(codes["dave"] == ["rarely-used-account"])
        #expect(codes["carl"] == ["dormant-account"])
        #expect(codes["alice"] == nil)
        let r = try #require(alerts.first { $0.principal.name == "dave" }?.reasons.first)
        #expect(r.summary == "dave is rarely used: 56 events on 28 of the 30 days before this change (2.0 a day)")
    }

    @Test func silenceInSparseDataIsNotDormancy() {
        // Two samples a year apart: nobody was watched in between.
        let t = "2026-03-29T22:00:00Z"
        let old = history("ops", from: "2025-03-01T10:00:00Z", days: 2, perDay: 10)
        let c = change(.volumeDelete, t, id: "x")
        #expect(analytic.evaluate([c], baseline: baseline(seen(old, [c])), context: .empty).isEmpty)
    }
}

@Suite struct RateTests {
    func deletions(_ n: Int, spacingSeconds: Int) -> [ChangeRecord] {
        (0..<n).map { i in
            change(.volumeDelete, Timestamp(milliseconds: at("2026-03-21T03:12:00Z").milliseconds + Int64(i * spacingSeconds) * 1000).iso8601,
                   by: "bob", id: "d\(i)", operation: "DeleteVolume")
        }
    }

    @Test func moreThanTheThresholdIsABurst() throws {
        let a = try #require(ComputeChangeAnalytic().evaluate(deletions(10, spacingSeconds: 20), baseline: ActivityBaseline(), context: .empty).first)
        #expect(a.reasons.map(\.code) == ["change-burst"])
        #expect(a.reasons[0].summary == "10 changes by bob in 3.0 min (threshold: more than 5 in 10 min): 10 DeleteVolume")
        #expect(a.evidence.count == 10)
    }

    @Test func atTheThresholdOrSpreadOutIsNot() {
        #expect(ComputeChangeAnalytic().evaluate(deletions(5, spacingSeconds: 20), baseline: ActivityBaseline(), context: .empty).isEmpty)
        #expect(ComputeChangeAnalytic().evaluate(deletions(8, spacingSeconds: 150), baseline: ActivityBaseline(), context: .empty).isEmpty)
    }

    @Test func theThresholdIsConfigurable() {
        var s = AN0861Settings()
        s.rateChanges = 2
        s.rateMinutes = 1
        #expect(!ComputeChangeAnalytic(settings: s).evaluate(deletions(3, spacingSeconds: 20), baseline: ActivityBaseline(), context: .empty).isEmpty)
    }
}

@Suite struct UnusualSourceTests {
    let t = "2026-03-30T10:40:00Z"

    @Test func newNetworkClientAndRegionAfterTheLearningPeriod() throws {
        let c = change(.instanceRun, t, by: "carol", id: "r1", network: "103.75.118.0/24", client: "boto3", region: "ap-southeast-2")
        let b = seen(history("carol", days: 28), [c])
        let a = try #require(ComputeChangeAnalytic().evaluate([c], baseline: baseline(b), context: .empty).first)
        #expect(a.reasons.map(\.code) == ["new-source-network", "new-api-client", "new-region"])
        #expect(a.reasons[1].summary == "first time carol used client boto3 in 29 days of history")
        #expect(a.reasons[1].facts.contains(Fact("known", "aws-cli")))
    }

    @Test func knownSourcesAreQuiet() {
        let c = change(.instanceRun, t, by: "carol", id: "r1")
        #expect(ComputeChangeAnalytic().evaluate([c], baseline: baseline(seen(history("carol", days: 28), [c])), context: .empty).isEmpty)
    }

    @Test func noFirstSeenJudgementDuringTheLearningPeriod() {
        let c = change(.instanceRun, t, by: "carol", id: "r1", network: "103.75.118.0/24", client: "boto3")
        let young = history("carol", from: "2026-03-25T10:00:00Z", days: 5)
        #expect(ComputeChangeAnalytic().evaluate([c], baseline: baseline(seen(young, [c])), context: .empty).isEmpty)
        var s = AN0861Settings()
        s.learningDays = 3
        #expect(!ComputeChangeAnalytic(settings: s).evaluate([c], baseline: baseline(seen(young, [c])), context: .empty).isEmpty)
    }
}

@Suite struct AutomationTests {
    let yaml = """
        change_windows:
          - name: backups
            scope: { principals: [backup-role] }
            weekly: [{ days: [Mon, Tue, Wed, Thu, Fri, Sat, Sun], start: "02:00", end: "03:00" }]
        automation_principals: [backup-role, autoscaler]
        """

    func burst(_ by: String, at start: String, client: String = "aws-service", network: String = "backup.amazonaws.com") -> [ChangeRecord] {
        (0..<25).map { i in
            change(.snapshotCreate, Timestamp(milliseconds: at(start).milliseconds + Int64(i) * 5000).iso8601, by: by, id: "\(by)-\(i)",
                   resources: [Resource(type: .snapshot, id: "snap-\(by)-\(i)")], network: network, client: client)
        }
    }

    @Test func automationInsideItsWindowIsQuietEvenInABurst() throws {
        let c = burst("backup-role", at: "2026-03-16T02:05:00Z")
        let b = seen(history("backup-role", days: 14, perDay: 90, network: "backup.amazonaws.com", client: "aws-service", hours: [2]), c)
        #expect(ComputeChangeAnalytic().evaluate(c, baseline: baseline(b), context: try context(yaml)).isEmpty)
    }

    @Test func automationOutsideItsWindowAlerts() throws {
        let c = burst("backup-role", at: "2026-03-16T05:05:00Z")
        let b = seen(history("backup-role", days: 14, perDay: 90, network: "backup.amazonaws.com", client: "aws-service", hours: [2]), c)
        let a = try #require(ComputeChangeAnalytic().evaluate(c, baseline: baseline(b), context: try context(yaml)).first)
        #expect(Set(a.reasons.map(\.code)) == ["outside-change-window", "change-burst"])
        #expect(a.severity == .medium)
    }

    @Test func automationWithoutAWindowFollowsItsLearnedHours() throws {
        let b = history("autoscaler", days: 20, perDay: 240, network: "autoscaling.amazonaws.com", client: "aws-service", hours: Array(8..<20))
        let usual = change(.instanceRun, "2026-03-25T12:00:00Z", by: "autoscaler", id: "u", network: "autoscaling.amazonaws.com", client: "aws-service")
        let odd = change(.instanceRun, "2026-03-25T03:00:00Z", by: "autoscaler", id: "o", network: "autoscaling.amazonaws.com", client: "aws-service")
        let ctx = try context(yaml)
        #expect(ComputeChangeAnalytic().evaluate([usual], baseline: baseline(seen(b, [usual])), context: ctx).isEmpty)
        let a = try #require(ComputeChangeAnalytic().evaluate([odd], baseline: baseline(seen(b, [odd])), context: ctx).first)
        #expect(a.reasons.map(\.code) == ["automation-off-schedule"])
    }

    @Test func automationOffScheduleWaitsForTheLearningPeriod() throws {
        // Three days of history: too little to say which hours are its own (as for first
        // sightings), so an odd hour is not judged; with the learning period behind it, it is.
        let ctx = try context(yaml)
        let odd = change(.instanceRun, "2026-03-25T03:00:00Z", by: "autoscaler", id: "o", network: "autoscaling.amazonaws.com", client: "aws-service")
        let young = history("autoscaler", from: "2026-03-22T10:00:00Z", days: 3, perDay: 240, network: "autoscaling.amazonaws.com",
                            client: "aws-service", hours: Array(8..<20))
        #expect(ctx.baselineLearningDays > 3)
        #expect(ComputeChangeAnalytic().evaluate([odd], baseline: baseline(seen(young, [odd])), context: ctx).isEmpty)
        let known = history("autoscaler", from: "2026-03-25T10:00:00Z", days: 1, perDay: 240, network: "autoscaling.amazonaws.com",
                            client: "aws-service", hours: Array(8..<20))
        var grown = young
        grown.merge(history("autoscaler", from: "2026-03-05T10:00:00Z", days: 17, perDay: 240, network: "autoscaling.amazonaws.com",
                            client: "aws-service", hours: Array(8..<20)))
        grown.merge(known)
        let a = try #require(ComputeChangeAnalytic().evaluate([odd], baseline: baseline(seen(grown, [odd])), context: ctx).first)
        #expect(a.reasons.map(\.code) == ["automation-off-schedule"])
    }

    @Test func automationFromANewNetworkAlertsInsideItsWindow() throws {
        let c = [change(.snapshotCreate, "2026-03-16T02:05:00Z", by: "backup-role", id: "n", network: "45.155.205.0/24", client: "aws-service")]
        let b = seen(history("backup-role", days: 14, perDay: 90, network: "backup.amazonaws.com", client: "aws-service", hours: [2]), c)
        let a = try #require(ComputeChangeAnalytic().evaluate(c, baseline: baseline(b), context: try context(yaml)).first)
        #expect(a.reasons.map(\.code) == ["new-source-network"])
    }

    @Test func automationIsLearnedFromItsClients() throws {
        // Not configured as automation, but every call comes from Terraform: learned automation,
        // judged by its usual hours rather than as a person outside a window.
        let b = history("deployer", days: 20, perDay: 40, network: "192.0.2.0/24", client: "terraform", hours: [14])
        let c = change(.instanceRun, "2026-03-25T14:10:00Z", by: "deployer", id: "t", network: "192.0.2.0/24", client: "terraform")
        let windows = try context("change_windows: [{ name: w, scope: { principals: [x] }, weekly: [{ days: [Mon], start: \"01:00\", end: \"02:00\" }] }]")
        #expect(ComputeChangeAnalytic().evaluate([c], baseline: baseline(seen(b, [c])), context: windows).isEmpty)
        var s = AN0861Settings()
        s.learnAutomation = false
        #expect(!ComputeChangeAnalytic(settings: s).evaluate([c], baseline: baseline(seen(b, [c])), context: windows).isEmpty)
    }
}

@Suite struct IncidentTests {
    @Test func oneAlertPerIncidentSplitByTheGap() {
        let x = { (id: String) in [Exposure(resource: Resource(type: .snapshot, id: id), grantee: .everyone, permission: "p")] }
        let changes = [
            change(.snapshotModifyAttribute, "2026-03-16T10:00:00Z", id: "a", exposures: x("s1")),
            change(.snapshotModifyAttribute, "2026-03-16T10:50:00Z", id: "b", exposures: x("s2")),
            change(.snapshotModifyAttribute, "2026-03-16T12:00:00Z", id: "c", exposures: x("s3")),
        ]
        let alerts = ComputeChangeAnalytic().evaluate(changes, baseline: ActivityBaseline(), context: .empty)
        #expect(alerts.map { $0.evidence.map(\.eventID!) } == [["a", "b"], ["c"]])
        #expect(alerts[0].reasons.first?.facts.contains(Fact("changes", "2")) == true)
    }

    @Test func evaluationFollowsEventTimeNotInputOrder() {
        let share = Exposure(resource: snapshot, grantee: .account("999988887777"), permission: "p")
        let inOrder = [
            change(.snapshotCreate, "2026-03-16T22:14:00Z", id: "c1", resources: [snapshot]),
            change(.snapshotModifyAttribute, "2026-03-16T22:18:00Z", id: "c2", resources: [snapshot], exposures: [share]),
            change(.volumeCreate, "2026-03-16T22:25:00Z", id: "c3", resources: [volume, snapshot]),
            change(.volumeAttach, "2026-03-16T22:26:00Z", id: "c4", resources: [volume, instance]),
        ]
        let a = ComputeChangeAnalytic().evaluate(inOrder, baseline: ActivityBaseline(), context: .empty)
        let b = ComputeChangeAnalytic().evaluate(inOrder.reversed(), baseline: ActivityBaseline(), context: .empty)
        #expect(a == b)
        #expect(a.first?.reasons.contains { $0.code == "snapshot-mount-chain" } == true)
    }
}
