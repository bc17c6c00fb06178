import Foundation
import Testing
@testable import VigilServe
import VigilTestSupport

/// Directory watch: CloudTrail objects landing in an S3-layout tree, and a syslog file through
/// rotation; positions survive a restart (nothing read again, nothing missed).
@Suite(.serialized) struct DirectoryWatchTests {
    @Test func s3TreeAndRotatedSyslogWithoutGapsOrRereads() async throws {
        let dir = TemporaryDirectory("vigil-watch")
        let watched = dir.path + "/watched"
        let fm = FileManager.default
        try fm.createDirectory(atPath: watched + "/logs", withIntermediateDirectories: true)
        let extra = "  watch: [\(watched)]\n  watch_interval_seconds: 0.1\n  allowed_lateness_seconds: 31536000"
        var h: ServeHarness? = try await ServeHarness(extra: extra, in: dir)
        // CloudTrail objects land (copied in, as an S3 sync would).
        try fm.copyItem(atPath: Fixtures.path("s3tree/AWSLogs"), toPath: watched + "/AWSLogs")
        let batch = try VigilBinary.run(["scan", "--format", "json", "--summary", "none", Fixtures.path("s3tree")])
        let expected = batch.stdout.split(separator: "\n").count
        #expect(expected > 0)
        let log = watched + "/logs/messages"
        func append(_ path: String, _ line: String) throws {
            if !fm.fileExists(atPath: path) { #expect(fm.createFile(atPath: path, contents: nil)) }
            let f = try #require(FileHandle(forWritingAtPath: path))
            f.seekToEndOfFile()
            f.write(Data((line + "\n").utf8))
            try f.close()
        }
        try append(log, "<189>Nov 23 10:00:00 core-rtr-01 \(accountCreation("beforerot"))")
        #expect(await h!.waitForAlert { isAccountAlert($0, "beforerot") } != nil)
        // Rotation: the writer's last line lands in the renamed file, the next in a new file.
        try fm.moveItem(atPath: log, toPath: log + ".1")
        try append(log + ".1", "<189>Nov 23 10:00:01 core-rtr-01 \(accountCreation("lastinold"))")
        try append(log, "<189>Nov 23 10:00:02 core-rtr-01 \(accountCreation("firstinnew"))")
        #expect(await h!.waitForAlert { isAccountAlert($0, "lastinold") } != nil)
        #expect(await h!.waitForAlert { isAccountAlert($0, "firstinnew") } != nil)
        // (March's CloudTrail and November's syslog are months apart: the lateness allows a year.)
        let cloud = await h!.waitForAlert { $0["analytic"] as? String == "AN0861" }
        #expect(cloud != nil)
        #expect(h!.metric("vigil_events_late_total") == 0)
        try await h!.stop()
        let alertsBefore = h!.alerts().count
        #expect(h!.alerts().filter { $0["analytic"] as? String == "AN0861" }.count == expected)
        h = nil

        // A restart reads nothing again, and picks up what arrived while it was down.
        try append(log, "<189>Nov 23 10:00:03 core-rtr-01 \(accountCreation("whiledown"))")
        let again = try await ServeHarness(extra: extra, in: dir)
        #expect(await again.waitForAlert { isAccountAlert($0, "whiledown") } != nil)
        try await Task.sleep(for: .milliseconds(500))
        #expect(again.metric("vigil_input_parsed_total{input=\"watch\"}") == 1)
        try await again.stop()
        #expect(again.alerts().count == alertsBefore + 1)
    }
}
