import Testing
import VigilCore
import VigilNetwork
import VigilTestSupport

@Suite struct SyslogFramingTests {
    @Test func rfc3164WithTagAndPID() throws {
        let m = try frame("<189>Nov 23 10:01:02 core-rtr-01 mgd[1234]: UI_COMMIT: User 'admin' requested 'commit' operation")
        #expect(m.format == .bsd)
        #expect(m.priority?.facility == 23 && m.priority?.severity == 5)
        #expect(m.hostname == "core-rtr-01")
        #expect(m.appName == "mgd" && m.procID == "1234")
        #expect(m.message == "UI_COMMIT: User 'admin' requested 'commit' operation")
        #expect(iso(m.timestamp) == "2026-11-23T10:01:02Z")
        #expect(m.timestamp?.yearInferred == true && m.timestamp?.zoneMissing == true)
    }

    @Test func rfc5424WithStructuredDataEscapesAndBOM() throws {
        let line = "<165>1 2026-11-23T10:01:02.123Z host01 app 42 ID47 [ex@32473 iut=\"3\" eventSource=\"App\\\"x\\\\y\\]z\"][junos@2636.1.1.1.2.18 username=\"admin\"] \u{FEFF}An application event"
        let m = try frame(line)
        #expect(m.format == .rfc5424 && m.version == 1)
        #expect(m.hostname == "host01" && m.appName == "app" && m.procID == "42" && m.msgID == "ID47")
        #expect(m.timestamp?.instant == Timestamp(iso8601: "2026-11-23T10:01:02.123Z"))
        #expect(m.timestamp?.isExact == true)
        #expect(m.structuredData["ex@32473"] == [SDParameter(name: "iut", value: "3"), SDParameter(name: "eventSource", value: "App\"x\\y]z")])
        #expect(m.structuredValue("username", inElementWithPrefix: "junos@") == "admin")
        #expect(m.message == "An application event")
    }

    @Test func rfc5424NilValues() throws {
        let m = try frame("<14>1 - - - - - - message only")
        #expect(m.timestamp == nil && m.hostname == nil && m.appName == nil && m.procID == nil && m.msgID == nil)
        #expect(m.structuredData.isEmpty)
        #expect(m.message == "message only")
        let offset = try frame("<190>1 2026-11-23T10:01:02.123456+01:00 fw - - - -")
        #expect(offset.timestamp?.instant == Timestamp(iso8601: "2026-11-23T09:01:02.123Z"))
        #expect(offset.message.isEmpty)
    }

    @Test func ciscoSequenceHostUnsynchronisedClockAndZone() throws {
        let m = try frame("<189>123: core-rtr-01: *Nov 23 10:01:02.123 UTC: %SYS-5-CONFIG_I: Configured from console by admin on vty0 (10.1.1.5)")
        #expect(m.sequenceNumber == 123)
        #expect(m.hostname == "core-rtr-01")
        #expect(m.timestamp?.clockState == .unsynchronised)
        #expect(m.timestamp?.zone == .utc)
        #expect(iso(m.timestamp) == "2026-11-23T10:01:02.123Z")
        #expect(m.message.hasPrefix("%SYS-5-CONFIG_I: Configured"))
    }

    @Test func ciscoSequenceWithoutHostAndLostSync() throws {
        let m = try frame("000123: .Nov 23 10:01:02.123 CET: %PARSER-5-CFGLOG_LOGGEDCMD: User:admin  logged command:!exec: enable")
        #expect(m.priority == nil)
        #expect(m.sequenceNumber == 123 && m.hostname == nil)
        #expect(m.timestamp?.clockState == .synchronisationLost)
        #expect(m.timestamp?.zone == .unknown("CET"))
        #expect(m.timestamp?.zoneUnknown == true)
        #expect(iso(m.timestamp) == "2026-11-23T10:01:02.123Z")  // unknown zone taken as UTC
    }

    @Test func zoneAbbreviationsTheCallerMaps() throws {
        let p = SyslogParser(options: .init(reference: reference, zoneAbbreviations: ["CET": 3600]))
        guard case .success(let m) = p.parse("<189>1: Nov 23 10:01:02 CET: %SYS-5-CONFIG_I: Configured from console by console") else {
            Issue.record("did not frame"); return
        }
        #expect(m.timestamp?.zone == .offset(seconds: 3600, written: "CET"))
        #expect(iso(m.timestamp) == "2026-11-23T09:01:02Z")
    }

    @Test(arguments: [
        ("Nov 23 10:01:02 UTC+2: %SYS-5-X: y", "2026-11-23T08:01:02Z"),
        ("Nov 23 10:01:02 GMT-05:00: %SYS-5-X: y", "2026-11-23T15:01:02Z"),
        ("Nov 23 10:01:02 +0100: %SYS-5-X: y", "2026-11-23T09:01:02Z"),
        ("Nov 23 10:01:02 GMT: %SYS-5-X: y", "2026-11-23T10:01:02Z"),
    ])
    func numericAndNamedZones(line: String, expected: String) throws {
        #expect(iso(try frame("<189>" + line).timestamp) == expected)
    }

    @Test func missingYearIsTheNearestNotFarInTheFuture() throws {
        // Reference 2026-11-23: December is last year's, November this year's.
        #expect(iso(try frame("<13>Dec 31 23:59:59 h p: x").timestamp) == "2025-12-31T23:59:59Z")
        #expect(iso(try frame("<13>Nov 24 01:00:00 h p: x").timestamp) == "2026-11-24T01:00:00Z")  // within tolerance
        #expect(iso(try frame("<13>Jan  2 03:04:05 h p: x").timestamp) == "2026-01-02T03:04:05Z")
        let newYear = SyslogParser(options: .init(reference: Timestamp(iso8601: "2027-01-01T00:10:00Z")!))
        guard case .success(let m) = newYear.parse("<13>Dec 31 23:59:00 h p: x") else { Issue.record("did not frame"); return }
        #expect(iso(m.timestamp) == "2026-12-31T23:59:00Z")
        // 29 February only exists in leap years: 2024 is the nearest past one.
        #expect(iso(try frame("<13>Feb 29 12:00:00 h p: x").timestamp) == "2024-02-29T12:00:00Z")
    }

    @Test func explicitYearsAreNotInferred() throws {
        let asa = try frame("<166>Nov 23 2026 10:01:02 fw01 : %ASA-5-111008: User 'a' executed the 'x' command.")
        #expect(asa.timestamp?.yearInferred == false && asa.hostname == "fw01")
        #expect(iso(asa.timestamp) == "2026-11-23T10:01:02Z")
        let nxos = try frame("<189>: 2025 Nov 23 10:01:02 EDT: %DAEMON-3-SYSTEM_MSG: ftp disabled")
        #expect(nxos.timestamp?.yearInferred == false && nxos.timestamp?.zone == .unknown("EDT"))
        #expect(iso(nxos.timestamp) == "2025-11-23T10:01:02Z")
    }

    @Test func nxosInnerTimestampWins() throws {
        let m = try frame("<189>Mar  2 08:14:41 dc-sw-07 : 2026 Mar 02 08:14:41 UTC: %ACCOUNTING-6-MESSAGE: update:10.10.1.10@pts/1:u:show version")
        #expect(m.hostname == "dc-sw-07")
        #expect(m.timestamp?.yearInferred == false && m.timestamp?.zone == .utc)
        #expect(m.message.hasPrefix("%ACCOUNTING-6-MESSAGE:"))
    }

    @Test func isoTimestampAfterPRI() throws {
        let m = try frame("<190>2026-11-23T10:01:02.123456+00:00 leaf-12 ConfigAgent: %SYS-5-CONFIG_I: Configured from console by admin on vty3 (10.1.1.5)")
        #expect(m.hostname == "leaf-12" && m.appName == "ConfigAgent")
        #expect(iso(m.timestamp) == "2026-11-23T10:01:02.123Z")
        #expect(m.timestamp?.isExact == true)
        let noHost = try frame("<111> 2026-11-23T10:01:02.123456Z Ebra: %AGENT-6-INITIALIZED: Agent 'x' initialized")
        #expect(noHost.hostname == nil && noHost.appName == "Ebra")
    }

    @Test func missingHostnameAndNoPRI() throws {
        let m = try frame("Nov 23 10:01:02 sshd[99]: Accepted publickey for admin")
        #expect(m.priority == nil && m.hostname == nil && m.appName == "sshd" && m.procID == "99")
        let forti = try frame("<189>date=2026-11-23 time=10:01:02 devname=\"fgt\" logid=\"0100044547\"")
        #expect(forti.format == .noHeader && forti.timestamp == nil)
        #expect(forti.message.hasPrefix("date=2026-11-23"))
        #expect(forti.messageOffset == 5)
    }

    @Test func iosHostBeforeMessageWithoutTimestamp() throws {
        let m = try frame("<189>core-rtr-01: %SYS-5-CONFIG_I: Configured from console by console")
        #expect(m.hostname == "core-rtr-01" && m.timestamp == nil)
        #expect(m.message.hasPrefix("%SYS-5-CONFIG_I"))
    }

    @Test(arguments: [
        ("", NetworkParseError.Reason.empty, 1),
        ("    ", .empty, 1),
        ("<999>Nov 23 10:01:02 h p: x", .invalidPriority, 1),
        ("<12 Nov 23 10:01:02 h p: x", .invalidPriority, 1),
        ("<>x", .invalidPriority, 1),
        ("<13>1 2026-13-45T10:01:02Z h a p m - x", .invalidTimestamp, 7),
        ("<13>1 2026-11-23T10:01:02Z h a p", .truncatedHeader, 33),
        ("<13>1 2026-11-23T10:01:02Z h a p m [id x=\"1] msg", .invalidStructuredData, 49),
        ("<13>1 2026-11-23T10:01:02Z h a p m [id x=1] msg", .invalidStructuredData, 42),
        ("<13>1 2026-11-23T10:01:02Z h a p m garbage msg", .invalidStructuredData, 36),
        ("<13>Nov 23 10:01:02 h p: a\u{0}b", .binaryContent, 27),
        ("abc\u{1b}[31m", .binaryContent, 4),
    ])
    func garbageGetsLocatedErrors(line: String, reason: NetworkParseError.Reason, column: Int) {
        let e = frameError(line)
        #expect(e?.reason == reason)
        #expect(e?.column == column)
    }

    @Test func tenMegabyteLineIsRejectedWithItsColumn() {
        let line = "<13>Nov 23 10:01:02 h p: " + String(repeating: "A", count: 10 * 1024 * 1024)
        let e = frameError(line)
        #expect(e?.reason == .tooLong(limit: 256 * 1024))
        #expect(e?.column == 256 * 1024 + 1)
        guard case .malformed(let viaNetwork) = network.parse(line, raw: raw()) else { Issue.record("not malformed"); return }
        #expect(viaNetwork.reason == .tooLong(limit: 256 * 1024))
    }

    @Test func longLinesWithinTheLimitFrame() throws {
        let p = SyslogParser(options: .init(reference: reference, maxLineLength: 11 * 1024 * 1024))
        let line = "<13>Nov 23 10:01:02 h p: " + String(repeating: "[\"=", count: 3 * 1024 * 1024)
        guard case .success(let m) = p.parse(line) else { Issue.record("did not frame"); return }
        #expect(m.message.utf8.count == 9 * 1024 * 1024)
    }

    @Test func invalidUTF8IsReplacedNotFatal() throws {
        var bytes = Array("<13>Nov 23 10:01:02 h p: caf".utf8)
        bytes += [0xC3, 0x28, 0xFF]
        guard case .success(let m) = framer.parse(bytes: bytes) else { Issue.record("did not frame"); return }
        #expect(m.message.hasPrefix("caf"))
    }

    @Test func randomBytesNeverTrapAndErrorsPointInsideTheLine() {
        var rng = SplitMix64(seed: 0x5EED)
        let alphabet = Array("<>[]=\" :*.-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz%@/\\\t".utf8)
        for round in 0..<3000 {
            let n = Int(rng.next() % 200)
            var bytes: [UInt8] = []
            for _ in 0..<n {
                let r = rng.next()
                bytes.append(round % 3 == 0 ? UInt8(truncatingIfNeeded: r) : alphabet[Int(r % UInt64(alphabet.count))])
            }
            if round % 5 == 0 { bytes = Array("<165>1 2026-11-23T10:01:02Z h a p m ".utf8) + bytes }
            if round % 7 == 0 { bytes = Array("<189>12: h: *Nov 23 10:01:02.1 UTC: %".utf8) + bytes }
            switch framer.parse(bytes: bytes) {
            case .failure(let e): #expect(e.column >= 1 && e.column <= max(bytes.count, 1) + 1)
            case .success(let m): #expect(m.messageOffset <= bytes.count)
            }
            // The whole pipeline too: never traps.
            _ = network.parse(String(decoding: bytes, as: UTF8.self), raw: raw())
        }
    }
}
