import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import VigilConsole
import VigilStore
import VigilTestSupport

/// Evidence raw records: read again from the scanned file (plain or gzip) at the alert's offset,
/// redacted, shown inert; a file that is gone or changed says so.
@Suite struct RawRecordTests {
    let fixture = ConsoleFixture.shared

    @Test func jsonRecordsAreFoundByOffsetInGzipAndRedacted() throws {
        let dir = TemporaryDirectory("vigil-raw")
        let first = #"{"eventName":"CreateSnapshot","eventID":"e-1","requestParameters":{"volumeId":"vol-1"}}"#
        let second = #"{"eventName":"AssumeRole","eventID":"e-2","requestParameters":{"password":"hunter2","note":"username bob secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0"},"# +
            #""responseElements":{"credentials":{"accessKeyId":"ASIAEXAMPLE","sessionToken":"FwoGZXIvYXdzEXAMPLE","expiration":"Mar 17, 2026"}},"# +
            #""userIdentity":{"accessKeyId":"AKIAEXAMPLE","sessionContext":{"attributes":{"mfaAuthenticated":"false"}}},"list":[{"apiKey":"k-123"}],"masked":{"password":"****"}}"#
        let text = "{\"Records\":[" + first + ",\n" + second + "]}"
        let plain = try dir.write("ct.json", text)
        _ = try runGzip(plain)
        let offset = Int64(text.utf8.count - second.utf8.count - 2)
        for path in [plain + ".gz", try dir.write("ct-plain.json", text)] {
            let r = RawRecordReader.read(file: path, offset: offset, line: nil)
            #expect(r.available, "\(r.reason ?? "")")
            #expect(r.format == "json")
            let t = try #require(r.text)
            #expect(t.contains("\"eventID\" : \"e-2\"") && !t.contains("e-1"))
            for secret in ["hunter2", "FwoGZXIvYXdzEXAMPLE", "$1$mERr", "k-123"] { #expect(!t.contains(secret), "\(secret) shown") }
            for kept in ["ASIAEXAMPLE", "AKIAEXAMPLE", "Mar 17, 2026", "username bob secret 5 <redacted>", "****"] {
                #expect(t.contains(kept), "\(kept) missing from \(t)")
            }
            #expect(r.redactions == 4)
        }
        // The first record, at offset 12 in the stream.
        let r0 = RawRecordReader.read(file: plain + ".gz", offset: 12, line: nil)
        #expect(r0.text?.contains("\"e-1\"") == true && r0.redactions == 0)
    }

    @Test func logLinesAreRedactedLikeDeviceCommands() throws {
        let dir = TemporaryDirectory("vigil-raw")
        let lines = "<189>Mar 16 01:00:00 r1 %SYS-5-CONFIG_I: Configured from console\n" +
            "<189>Mar 16 01:37:00 r1 %PARSER-5-CFGLOG_LOGGEDCMD: User:ops  logged command:username eve privilege 15 secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0\r\n"
        let path = try dir.write("device.log", lines)
        let offset = Int64(Array(lines.utf8).firstIndex(of: 0x0a)! + 1)
        let r = RawRecordReader.read(file: path, offset: offset, line: 2)
        #expect(r.format == "line" && r.redactions == 1)
        #expect(r.text == "<189>Mar 16 01:37:00 r1 %PARSER-5-CFGLOG_LOGGEDCMD: User:ops  logged command:username eve privilege 15 secret 5 <redacted>")
    }

    @Test func goneOrChangedFilesSaySo() throws {
        let dir = TemporaryDirectory("vigil-raw")
        let gone = RawRecordReader.read(file: dir.path + "/rotated-away.log", offset: 0, line: 1)
        #expect(!gone.available && gone.reason?.contains("no longer there") == true)
        let short = try dir.write("short.json", #"{"eventName":"x"}"#)
        let past = RawRecordReader.read(file: short, offset: 4096, line: nil)
        #expect(!past.available && past.reason?.contains("changed") == true)
        let cut = try dir.write("cut.json", #"{"eventName":"x","requestParameters":{"#)
        let broken = RawRecordReader.read(file: cut, offset: 0, line: nil)
        #expect(!broken.available && broken.reason?.contains("no complete JSON object") == true)
        #expect(!RawRecordReader.read(file: dir.path, offset: 0, line: nil).available, "a directory is not a record")
    }

    @Test func evidenceRoutesShowTheRecordRedactedAndInert() async throws {
        let console = fixture.console()
        let tokens = try fixture.tokens(console)
        let viewer = HTTPFields.bearer(tokens[.viewer]!)
        let rows = try fixture.store.alerts(AlertFilter(nowMs: Console.nowMs())).rows
        let device = try #require(rows.first { $0.analytic == "AN1240" })
        let hostile = try #require(try fixture.store.alerts({ var f = AlertFilter(nowMs: Console.nowMs()); f.entity = Hostile.principal; return f }()).rows.first)
        let checker = try OpenAPIChecker()
        try await application(console).test(.router) { client async throws in
            let c = CheckedClient(client, checker: checker)
            // A device account creation, from the gzip network log: the secret never shown.
            let raw = try await c.call(.get, "/api/v1/alerts/\(device.id)/evidence/0", headers: viewer)
            #expect(raw.status == .ok)
            let doc = try raw.json()
            #expect(doc["available"] as? Bool == true && doc["format"] as? String == "line", "\(doc)")
            let line = try #require(doc["text"] as? String)
            #expect(!line.isEmpty && !line.contains("$1$") && !line.contains("$9$") && !line.contains("$6$"), "\(line)")
            // The hostile record: JSON on the API, escaped text on the page.
            let h = try await c.call(.get, "/api/v1/alerts/\(hostile.id)/evidence/0", headers: viewer)
            let hostileText = try h.json()["text"] as? String ?? ""
            #expect(hostileText.contains(Hostile.snapshot) && hostileText.contains("ModifySnapshotAttribute"), "\(hostileText)")
            let page = try await c.call(.get, "/alerts/\(hostile.id)/evidence/0", headers: viewer)
            #expect(page.status == .ok)
            #expect(!page.text.contains("<script>alert") && !page.text.contains("<img src=x") && page.text.contains("&lt;script&gt;alert(2)"))
            #expect(page.headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            // The alert page links each evidence to its record.
            let detail = try await c.call(.get, "/alerts/\(hostile.id)", headers: viewer)
            #expect(detail.text.contains("/evidence/0\""))
            // No such evidence.
            #expect(try await c.call(.get, "/api/v1/alerts/\(hostile.id)/evidence/99", headers: viewer).status == .notFound)
            #expect(try await c.call(.get, "/alerts/\(hostile.id)/evidence/x", headers: viewer).status == .notFound)
        }
    }

    private func runGzip(_ path: String) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-k", path]
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }
}
