import Foundation
import NIOCore
import NIOEmbedded
import Testing
@testable import VigilServe

/// RFC 6587 framing, detected per frame, and HTTP ingest bodies.
@Suite struct FramingTests {
    func frames(_ chunks: [String], max: Int = 100) throws -> [String] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(SyslogFrameDecoder(maxMessageBytes: max)))
        for c in chunks { try channel.writeInbound(ByteBuffer(string: c)) }
        _ = try? channel.finish()
        var out: [String] = []
        while let f = try channel.readInbound(as: SyslogFrameDecoder.Frame.self) {
            switch f {
            case .message(let b): out.append(String(buffer: b))
            case .oversized(let n): out.append("OVERSIZED \(n)")
            case .malformed(let why): out.append("MALFORMED \(why)")
            }
        }
        return out
    }

    @Test func octetCountingAndNewlinesMixPerFrame() throws {
        let got = try frames(["11 <13>hello\nx", "<14>second line\r\n5 <1>ab", "<15>last\n"])
        #expect(got == ["<13>hello\nx", "<14>second line", "<1>ab", "<15>last"])
    }

    @Test func framesSplitAcrossReadsAreJoined() throws {
        let got = try frames(["1", "1 <13>a", "bcdefg", "<1", "4>tail\n"])
        #expect(got == ["<13>abcdefg", "<14>tail"])
    }

    @Test func oversizedFramesAreSkippedWhole() throws {
        let long = String(repeating: "x", count: 300)
        let got = try frames(["300 \(long)<13>after\n", "<13>\(long)\n<13>next\n"])
        #expect(got == ["OVERSIZED 300", "<13>after", "OVERSIZED 304", "<13>next"])
    }

    @Test func badOctetCountsResynchroniseAtTheNextNewline() throws {
        let got = try frames(["12x garbage\n<13>ok\n", "12345678901 y\n<13>ok2\n"])
        #expect(got == ["MALFORMED octet count not followed by a space", "<13>ok",
                        "MALFORMED octet count longer than 10 digits", "<13>ok2"])
    }

    @Test func lastLineWithoutNewlineAtCloseIsAMessage() throws {
        #expect(try frames(["<13>one\n<13>two"]) == ["<13>one", "<13>two"])
        #expect(try frames(["20 <13>cut"]) == ["MALFORMED connection closed inside a frame"])
    }

    @Test func ingestBodies() throws {
        let ndjson = Array("{\"a\":1}\n\n{\"b\":2}\r\n".utf8)
        #expect(try HTTPIngest.split(ndjson, syslog: false).map { String(decoding: $0, as: UTF8.self) } == ["{\"a\":1}", "{\"b\":2}"])
        let doc = Array("{\n  \"Records\": [\n    {\"eventName\": \"RunInstances\"}\n  ]\n}\n".utf8)
        let one = try HTTPIngest.split(doc, syslog: false)
        #expect(one.count == 1)
        #expect(!one[0].contains(0x0A))
        let bad = Array("{\"a\":1}\nnot json\n".utf8)
        #expect(throws: HTTPIngest.Refusal.self) { try HTTPIngest.split(bad, syslog: false) }
        do {
            _ = try HTTPIngest.split(bad, syslog: false)
        } catch let HTTPIngest.Refusal.status(status, why) {
            #expect("\(status)".hasPrefix("400"))
            #expect(why.hasPrefix("line 2:"))
        }
        #expect(try HTTPIngest.split(Array("<13>a\n<13>b\n".utf8), syslog: true).count == 2)
    }

    @Test func gunzipStopsAtTheLimit() throws {
        let dir = NSTemporaryDirectory() + "gz-\(UUID().uuidString)"
        let text = String(repeating: "<13>line of syslog text\n", count: 2000)
        #expect(FileManager.default.createFile(atPath: dir, contents: Data(text.utf8)))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-f", dir]
        try p.run()
        p.waitUntilExit()
        let gz = try Array(Data(contentsOf: URL(fileURLWithPath: dir + ".gz")))
        #expect(try Gunzip.inflate(gz, limit: 1 << 20) == Array(text.utf8))
        #expect(throws: Gunzip.Failure.tooLarge) { try Gunzip.inflate(gz, limit: 1000) }
        #expect(throws: Gunzip.Failure.self) { try Gunzip.inflate(Array(gz.prefix(20)), limit: 1 << 20) }
    }
}
