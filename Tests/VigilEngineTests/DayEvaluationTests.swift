import Foundation
import Testing
import VigilConfig
import VigilCore
@testable import VigilEngine
import VigilIngest
import VigilTestSupport

/// A tree of day folders is read a day at a time, each day's changes evaluated while the next
/// days are read: the same alerts as reading it whole, without holding every change.
@Suite struct DayEvaluationTests {
    /// A snapshot made public by alice at `time`, as CloudTrail records it.
    func share(_ id: String, at time: String) -> String {
        """
        {"eventVersion":"1.09","userIdentity":{"type":"IAMUser","principalId":"AIDAALICE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice"},"eventTime":"\(time)","eventSource":"ec2.amazonaws.com","eventName":"ModifySnapshotAttribute","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.23","userAgent":"aws-cli/2.15.0","requestParameters":{"snapshotId":"snap-\(id)","attributeType":"CREATE_VOLUME_PERMISSION","createVolumePermission":{"add":{"items":[{"group":"all"}]}}},"responseElements":{"_return":true},"requestID":"r-\(id)","eventID":"\(id)","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333"}
        """
    }

    func file(_ records: String...) -> String { "{\"Records\":[" + records.joined(separator: ",") + "]}" }

    func scan(_ path: String, byDay: Bool, context: OrgContext = .empty, inMemory: Int? = nil) -> ScanEngine.Result {
        var options = ScanOptions(paths: [path], workers: 2)
        options.byDay = byDay
        if let inMemory { options.changesInMemory = inMemory }
        return ScanEngine(context: context, options: options).run()
    }

    @Test func dayFolderNames() {
        func utcDay(_ iso: String) -> Int32 { Int32(ISO8601DateFormatter().date(from: iso)!.timeIntervalSince1970 / 86_400) }
        #expect(DayFolders.day(of: "/b/AWSLogs/1/CloudTrail/eu-west-1/2026/03/17") == utcDay("2026-03-17T00:00:00Z"))
        #expect(DayFolders.day(of: "2024/02/29") == utcDay("2024-02-29T00:00:00Z"))
        #expect(DayFolders.day(of: "x/1969/12/31") == -1)
        #expect(DayFolders.day(of: "x/2000/01/01/") == utcDay("2000-01-01T00:00:00Z"))
        for bad in ["x/2025/02/29", "x/2100/02/29", "x/2026/13/01", "x/2026/00/10", "x/2026/04/31", "x/2026/3/17", "x/20a6/03/17",
                    "x/2026/03/1x", "03/17", "x/2026/03/170"] {
            #expect(DayFolders.day(of: bad) == nil, "\(bad)")
        }
    }

    @Test func dayFoldersAreGroupedByDayInOrder() throws {
        let dir = TemporaryDirectory()
        for (region, day) in [("eu-west-1", "02"), ("us-east-1", "01"), ("eu-west-1", "01")] {
            try dir.write("AWSLogs/111122223333/CloudTrail/\(region)/2026/03/\(day)/f.json", file(share("\(region)\(day)", at: "2026-03-\(day)T10:00:00Z")))
        }
        let days = try #require(DayFolders.find([.directory(dir.path)]))
        #expect(days.map(\.day) == [DayFolders.day(of: "2026/03/01")!, DayFolders.day(of: "2026/03/02")!])
        #expect(days[0].folders.map { $0.hasSuffix("eu-west-1/2026/03/01") || $0.hasSuffix("us-east-1/2026/03/01") } == [true, true])
        #expect(days[1].folders.count == 1)

        // A file beside the folders above the days: the tree is not laid out by day.
        try dir.write("AWSLogs/111122223333/CloudTrail/notes.json", file(share("n", at: "2026-03-01T11:00:00Z")))
        #expect(DayFolders.find([.directory(dir.path)]) == nil)
        let empty = TemporaryDirectory()
        #expect(DayFolders.find([.directory(empty.path)]) == nil)
    }

    /// The example tree (ten days, every behaviour's scenarios) and the test tree: read by day,
    /// the alerts, counts and coverage are those of the whole scan, spilled or not, and nothing
    /// is spilled.
    @Test(arguments: ["examples", "fixture"])
    func sameAlertsAsTheWholeScan(_ tree: String) throws {
        let path = tree == "examples" ? Golden.packageRoot() + "/examples/data/cloudtrail" : Fixtures.path("s3tree")
        let context = try exampleContext()
        let daily = scan(path, byDay: true, context: context, inMemory: 1)
        let whole = scan(path, byDay: false, context: context)
        let spilled = scan(path, byDay: false, context: context, inMemory: 1)
        #expect(!daily.alerts.isEmpty)
        #expect(daily.alerts == whole.alerts)
        #expect(daily.alerts == spilled.alerts)
        #expect(spilled.summary.changesSpilled > 0)
        #expect(daily.summary.changesSpilled == 0, "a day's changes are held in memory, whatever the limit")
        #expect(daily.summary.changesEvaluated == whole.summary.changesEvaluated)
        #expect(daily.summary.records == whole.summary.records)
        #expect(daily.summary.principalsBaselined == whole.summary.principalsBaselined)
        #expect(daily.summary.malformed == whole.summary.malformed)
        #expect(daily.summary.skipped == whole.summary.skipped)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(daily.coverage) == encoder.encode(whole.coverage))
    }

    /// A change found in a folder two days after its own day: the evaluation has passed its
    /// time, so it is reported and evaluated on its own, and still alerts.
    @Test func aChangeMoreThanADayLateIsReportedAndStillJudged() throws {
        let dir = TemporaryDirectory()
        let base = "AWSLogs/111122223333/CloudTrail/eu-west-1/2026/03"
        try dir.write("\(base)/01/a.json", file(share("first", at: "2026-03-01T10:00:00Z")))
        try dir.write("\(base)/02/b.json", file(share("second", at: "2026-03-02T10:00:00Z")))
        // Minutes late (the day before, in the next day's folder): in time.
        try dir.write("\(base)/03/c.json", file(share("minutes", at: "2026-03-02T23:58:00Z"), share("late", at: "2026-03-01T05:00:00Z")))
        let daily = scan(dir.path, byDay: true)
        let whole = scan(dir.path, byDay: false)
        #expect(daily.summary.changesEvaluated == 4)
        #expect(daily.summary.malformed["change-late"] == 1)
        let problem = try #require(daily.summary.problems.first { $0.code == "change-late" })
        #expect(problem.file.hasSuffix("/03/c.json"))
        #expect(problem.message.contains("2026-03-01T05:00:00"))
        let cited = daily.alerts.map(evidenceIDs).reduce(Set<String>()) { $0.union($1) }
        #expect(cited == ["first", "second", "minutes", "late"])
        #expect(whole.summary.malformed["change-late"] == nil)
        #expect(whole.alerts.map(evidenceIDs).reduce(Set<String>()) { $0.union($1) } == cited)
        // The change minutes late joined its day's evaluation: it is not reported.
        #expect(daily.summary.problems.filter { $0.code == "change-late" }.count == 1)
    }
}
