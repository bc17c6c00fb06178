import Testing
import VigilAnalytics
import VigilConfig
import VigilCore

// AN0861's evaluation as a stream: bounded memory over long streams, incidents that merge keep
// the same firsts, and the binary form change records take when a scan writes them to disk.

@Suite struct ChangeStreamTests {
    /// Three weeks of one change every 20 s from sixteen principals (90,720 changes), with a public
    /// share every 500th change: the evaluation holds a few thousand changes at most, and every
    /// share is its own alert (the changes around it are in the same incident but quiet).
    @Test func memoryIsBoundedByTheWindowsNotTheStream() throws {
        let start = at("2026-03-01T00:00:00Z").milliseconds
        let run = ComputeChangeAnalytic().evaluation(baseline: ActivityBaseline(), context: .empty)
        let principals = (0..<16).map { "p\($0)" }
        let n = 21 * 86_400 / 20
        var shares = 0
        for i in 0..<n {
            let t = Timestamp(milliseconds: start + Int64(i) * 20_000).iso8601
            let by = principals[i % 16]
            if i % 500 == 250 {
                shares += 1
                // Each share is preceded by a pause of the incident gap, so it starts an incident.
                run.add(change(.snapshotModifyAttribute, t, by: "sharer", id: "s\(i)", resources: [snapshot],
                               exposures: [Exposure(resource: Resource(type: .snapshot, id: "snap-\(i)"), grantee: .everyone, permission: "createVolumePermission")]))
            } else {
                run.add(change(.instanceStart, t, by: by, id: "e\(i)", resources: [Resource(type: .instance, id: "i-\(i % 50)")]))
            }
        }
        let alerts = run.finish()
        // Two batches (one judged in the background while the next is gathered) and the window's changes.
        #expect(run.peakHeld < 2 * 4096 + 1000, "held \(run.peakHeld) of \(n) changes")
        // `sharer` shares every 500 × 20 s = 2.8 h, longer than the 60-min gap: one alert each.
        #expect(alerts.count == shares)
        #expect(alerts.allSatisfy { $0.reasons.first?.code == "shared-publicly" && $0.evidence.count == 1 })
    }

    /// Two incidents that a chain joins keep the first evidence, by time, across both.
    @Test func mergedIncidentsKeepTheFirstEvidence() throws {
        var settings = AN0861Settings()
        settings.incidentGapMinutes = 1
        settings.maxEvidence = 2
        let share = Exposure(resource: snapshot, grantee: .account("999988887777"), permission: "createVolumePermission")
        let changes = [
            change(.snapshotCreate, "2026-03-16T22:14:00Z", by: "dave", id: "c1", resources: [snapshot]),
            change(.snapshotModifyAttribute, "2026-03-16T22:18:00Z", by: "dave", id: "c2", resources: [snapshot], exposures: [share]),
            change(.volumeCreate, "2026-03-16T22:25:00Z", by: "erin", id: "c3", resources: [volume, snapshot]),
            change(.volumeAttach, "2026-03-16T22:40:00Z", by: "mallory", id: "c4", resources: [volume, instance]),
        ]
        let alerts = ComputeChangeAnalytic(settings: settings).evaluate(changes.reversed(), baseline: ActivityBaseline(), context: .empty)
        #expect(alerts.count == 1)
        let a = try #require(alerts.first)
        #expect(a.evidence.map(\.eventID) == ["c1", "c2"])
        #expect(a.principal.name == "dave")
        #expect(a.reasons.last?.code == "more-evidence")
        #expect(a.reasons.last?.facts == [Fact("changes", "4")])
        #expect(Set(a.reasons.map(\.code)) == ["snapshot-mount-chain", "shared-with-external-account", "more-evidence"])
        #expect(a.resources.map(\.id) == ["snap-1", "vol-1", "i-1"])
        #expect(a.target == "999988887777")
    }

    /// An instance launched long before the mount is not a new instance.
    @Test func anOldInstanceIsNotNew() throws {
        let changes = [
            change(.instanceRun, "2026-03-16T08:00:00Z", by: "dave", id: "c0", resources: [instance]),
            change(.snapshotCreate, "2026-03-16T22:14:00Z", by: "dave", id: "c1", resources: [snapshot]),
            change(.volumeCreate, "2026-03-16T22:25:00Z", by: "dave", id: "c2", resources: [volume, snapshot]),
            change(.volumeAttach, "2026-03-16T22:30:00Z", by: "dave", id: "c3", resources: [volume, instance]),
        ]
        let alerts = ComputeChangeAnalytic().evaluate(changes, baseline: ActivityBaseline(), context: .empty)
        let r = try #require(alerts.flatMap(\.reasons).first { $0.code == "snapshot-mount-chain" })
        #expect(r.summary.contains("attached to instance i-1"))
        #expect(!r.facts.contains(Fact("new_instance", "true")))
    }

    @Test func binaryFormRoundTrips() throws {
        let grantees: [Exposure.Grantee] = [.everyone, .anyAuthenticated, .account("999988887777"), .organization("o-abc"),
                                            .member("user:x@example.com"), .linkHolder]
        let c = change(.snapshotModifyAttribute, "2026-03-16T22:18:00Z", by: "dävé", id: "c2", resources: [snapshot, volume],
                       exposures: grantees.map { Exposure(resource: snapshot, grantee: $0, permission: "p", added: true) }, succeeded: false)
        c.evidence.raw.line = 7
        let plain = change(.instanceRun, "2026-03-16T22:19:00Z", id: "c3")
        plain.network = nil
        plain.evidence.source = nil
        plain.evidence.raw.eventID = nil
        var bytes: [UInt8] = []
        ChangeRecordCoding.encode(c, into: &bytes)
        ChangeRecordCoding.encode(plain, into: &bytes)
        var decoded: [ChangeRecord] = []
        try bytes.withUnsafeBytes { b in
            var at = 0
            while at < b.count {
                let n = try #require(ChangeRecordCoding.length(UnsafeRawBufferPointer(rebasing: b[at...])))
                decoded.append(try #require(ChangeRecordCoding.decode(UnsafeRawBufferPointer(rebasing: b[at + 4..<at + 4 + n]))))
                at += 4 + n
            }
            // A record cut short, or with a stray byte after it, is not a record.
            let n = ChangeRecordCoding.length(b)!
            #expect(ChangeRecordCoding.decode(UnsafeRawBufferPointer(rebasing: b[4..<4 + n - 1])) == nil)
            #expect(ChangeRecordCoding.decode(UnsafeRawBufferPointer(rebasing: b[4..<4 + n + 1])) == nil)
        }
        #expect(decoded.count == 2)
        for (x, y) in zip([c, plain], decoded) {
            #expect(x.evidence == y.evidence)
            #expect((x.kind, x.principal, x.summary, x.provider) == (y.kind, y.principal, y.summary, y.provider))
            #expect((x.network, x.client, x.resources, x.exposures, x.succeeded) == (y.network, y.client, y.resources, y.exposures, y.succeeded))
        }
    }

    /// Within a run, a text written once (a file, a principal, a user agent) is referred back to:
    /// the run is smaller, and reads back the same, in order; out of its run a back-reference is
    /// not a record.
    @Test func runsWriteRepeatedTextsOnce() throws {
        let file = "/var/log/cloudtrail/AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/16/file.json.gz"
        let changes = (0..<50).map { i in
            let c = change(.snapshotCreate, "2026-03-16T22:\(i / 10)\(i % 10):00Z", by: "automation-role-long-name", id: "e-\(i)",
                           resources: [Resource(type: .snapshot, id: "snap-0123456789abcdef\(i)")])
            c.evidence.raw.file = file  // one text, as a worker's records of one file share it
            return c
        }
        var plain: [UInt8] = [], shared: [UInt8] = []
        for c in changes { ChangeRecordCoding.encode(c, into: &plain) }
        let writing = ChangeRecordCoding.Run()
        for c in changes { ChangeRecordCoding.encode(c, into: &shared, run: writing) }
        // At least the file's text is written once, not fifty times.
        #expect(shared.count <= plain.count - (changes.count - 1) * (file.utf8.count - 2), "\(shared.count) bytes with back-references, \(plain.count) without")
        let reading = ChangeRecordCoding.Run()
        var decoded: [ChangeRecord] = []
        try shared.withUnsafeBytes { b in
            var at = 0
            while at < b.count {
                let n = try #require(ChangeRecordCoding.length(UnsafeRawBufferPointer(rebasing: b[at...])))
                let record = UnsafeRawBufferPointer(rebasing: b[at + 4..<at + 4 + n])
                if at > 0 { #expect(ChangeRecordCoding.decode(record) == nil) }  // refers to texts it does not have
                decoded.append(try #require(ChangeRecordCoding.decode(record, run: reading)))
                at += 4 + n
            }
        }
        #expect(decoded.count == changes.count)
        for (x, y) in zip(changes, decoded) {
            #expect(x.evidence == y.evidence)
            #expect((x.kind, x.principal, x.summary, x.provider) == (y.kind, y.principal, y.summary, y.provider))
            #expect((x.network, x.client, x.resources, x.exposures, x.succeeded) == (y.network, y.client, y.resources, y.exposures, y.succeeded))
        }
    }
}
