import Foundation
import Testing
@testable import VigilServe
import VigilTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Each input with a real client, each proved by the AN1240 alert coming out of the file sink.
@Suite(.serialized) struct LiveInputTests {
    @Test(arguments: ["--rfc3164", "--rfc5424"], ["--tcp", "--udp"])
    func loggerOverTCPAndUDP(format: String, transport: String) async throws {
        let h = try await ServeHarness()
        let account = "lg\(format.dropFirst(5))\(transport.dropFirst(2))"
        let port = h.port(transport == "--tcp" ? "syslog-tcp" : "syslog-udp")
        var args = [format, transport, "--server", "127.0.0.1", "--port", "\(port)", "-p", "local7.notice", "-t", "core-rtr-01"]
        if transport == "--tcp" && format == "--rfc5424" { args.append("--octet-count") }
        let run = try runTool("/usr/bin/logger", args + [accountCreation(account)])
        #expect(run.status == 0, "\(run.err)")
        let alert = await h.waitForAlert { isAccountAlert($0, account) }
        #expect(alert != nil, "no AN1240 alert for \(account) from logger \(format) \(transport)")
        #expect(alert?["detection"] as? String == "local-account")
        let input = transport == "--tcp" ? "syslog-tcp" : "syslog-udp"
        #expect(h.metric("vigil_input_parsed_total{input=\"\(input)\"}") >= 1)
        try await h.stop()
    }

    @Test func curlNDJSONAndGzipSyslogWithBearerToken() async throws {
        let h = try await ServeHarness()
        let url = "http://127.0.0.1:\(h.port("http"))/ingest"
        // No token, a wrong token: refused, counted.
        let noAuth = try runTool("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "--data-binary", "{}", url])
        #expect(noAuth.out == "401")
        let wrong = try runTool("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Authorization: Bearer nope-nope-nope-nope",
                                                   "--data-binary", "{}", url])
        #expect(wrong.out == "401")
        #expect(h.metric("vigil_input_malformed_total{input=\"http\",reason=\"unauthorised\"}") == 2)
        // Device lines as text/plain, gzip-compressed.
        let lines = "<189>Nov 23 10:00:00 core-rtr-01 \(accountCreation("curlgz"))\n<189>Nov 23 10:00:01 core-rtr-01 %SYS-5-CONFIG_I: Configured from console\n"
        let raw = try h.dir.write("lines.txt", lines)
        _ = try runTool("/bin/gzip", ["-k", raw])
        let ok = try runTool("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(ServeHarness.token)",
                                                "-H", "Content-Encoding: gzip", "-H", "Content-Type: text/plain",
                                                "--data-binary", "@\(raw).gz", url])
        #expect(ok.out.hasSuffix("200"), "\(ok.out)")
        #expect(ok.out.contains(#""accepted":2"#))
        #expect(await h.waitForAlert { isAccountAlert($0, "curlgz") } != nil)
        // A malformed NDJSON body: 400 with the line, nothing accepted.
        let bad = try runTool("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(ServeHarness.token)",
                                                 "--data-binary", "{\"eventName\":\"x\"}\nnot json\n", url])
        #expect(bad.out.hasSuffix("400"))
        #expect(bad.out.contains("line 2"))
        // CloudTrail records (NDJSON from the corpus fixtures) are accepted and processed.
        let ct = try runTool("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(ServeHarness.token)",
                                                "-H", "Content-Type: application/x-ndjson",
                                                "--data-binary", "@\(Fixtures.path("aws/otrf-ec2-proxy-s3-exfiltration.ndjson"))", url])
        #expect(ct.out.hasSuffix("200"), "\(ct.out)")
        try await h.stop()
        #expect(h.metric("vigil_input_parsed_total{input=\"http\"}") > 2)
    }

    @Test func fullSpoolAnswers503WithRetryAfter() async throws {
        let h = try await ServeHarness(extra: "  spool_max_bytes: 65536\n  segment_bytes: 8192", batchSeconds: 3600)
        let url = "http://127.0.0.1:\(h.port("http"))/ingest"
        let body = try h.dir.write("big.txt", String(repeating: "<13>Nov 23 10:00:00 host app: \(String(repeating: "y", count: 200))\n", count: 100))
        var codes: [String] = []
        for _ in 0..<10 {
            let r = try runTool("/usr/bin/curl", ["-s", "-D", "-", "-o", "/dev/null", "-H", "Authorization: Bearer \(ServeHarness.token)",
                                                   "-H", "Content-Type: text/plain", "--data-binary", "@\(body)", url])
            codes.append(r.out)
        }
        #expect(codes.first?.hasPrefix("HTTP/1.1 200") == true)
        let refused = try #require(codes.first { $0.hasPrefix("HTTP/1.1 503") })
        #expect(refused.lowercased().contains("retry-after: 1"))
        #expect(h.metric("vigil_input_backpressure_total{input=\"http\"}") >= 1)
        try await h.stop()
    }

    @Test func bodiesOverTheLimitAre413EvenWhenSmallGzipInflatesPastIt() async throws {
        let h = try await ServeHarness(extra: "  max_body_bytes: 4096")
        let url = "http://127.0.0.1:\(h.port("http"))/ingest"
        let big = try h.dir.write("big.txt", String(repeating: "<13>Nov 23 10:00:00 host app: zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\n", count: 2000))
        _ = try runTool("/bin/gzip", ["-k", big])
        #expect(Spool_fileSize(big + ".gz") < 4096)  // small on the wire, 140 kB inflated
        for (file, encoding) in [(big, "identity"), (big + ".gz", "gzip")] {
            let r = try runTool("/usr/bin/curl", ["-s", "-w", "\n%{http_code}", "-H", "Authorization: Bearer \(ServeHarness.token)",
                                                   "-H", "Content-Encoding: \(encoding)", "-H", "Content-Type: text/plain",
                                                   "--data-binary", "@\(file)", url])
            #expect(r.out.hasSuffix("413"), "\(encoding): \(r.out)")
        }
        #expect(h.metric("vigil_input_malformed_total{input=\"http\",reason=\"oversized\"}") == 2)
        #expect(h.metric("vigil_input_parsed_total{input=\"http\"}") == 0)
        try await h.stop()
    }

    @Test func tlsWithOpenSSLAndABadHandshakeDoesNotStopOthers() async throws {
        let dir = TemporaryDirectory("vigil-tls")
        let gen = try runTool("/usr/bin/openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                                                   "-keyout", dir.path + "/key.pem", "-out", dir.path + "/cert.pem", "-days", "1",
                                                   "-subj", "/CN=localhost"])
        #expect(gen.status == 0, "\(gen.err)")
        let h = try await ServeHarness(extra: """
              syslog_tls:
                - {address: "127.0.0.1:0", certificate: \(dir.path)/cert.pem, key: \(dir.path)/key.pem}
            """)
        let port = h.port("syslog-tls")
        // Not TLS at all: the handshake fails, is counted, and the listener goes on.
        let fd = try connectTCP(port)
        _ = "<13>plain text to a TLS port\n".withCString { write(fd, $0, strlen($0)) }
        var b = [UInt8](repeating: 0, count: 256)
        _ = read(fd, &b, b.count)
        close(fd)
        // A real TLS client, octet-counted frames.
        let msg = "<189>Nov 23 10:00:00 core-rtr-01 \(accountCreation("tlsuser"))"
        let framed = "\(msg.utf8.count) \(msg)"
        let client = try runTool("/usr/bin/openssl", ["s_client", "-connect", "127.0.0.1:\(port)", "-quiet", "-no_ign_eof"],
                                 stdin: Data(framed.utf8))
        #expect(await h.waitForAlert { isAccountAlert($0, "tlsuser") } != nil, "\(client.err)")
        #expect(h.metric("vigil_input_malformed_total{input=\"syslog-tls\",reason=\"tls-handshake\"}") >= 1)
        #expect(h.metric("vigil_input_parsed_total{input=\"syslog-tls\"}") >= 1)
        try await h.stop()
    }

    @Test func slowLorisAndOversizedFramesAreCutOffWhileOthersAreServed() async throws {
        let h = try await ServeHarness(extra: "  idle_timeout_seconds: 1\n  max_message_bytes: 1024")
        let port = h.port("syslog-tcp")
        // A client that dribbles a frame and never finishes it.
        let slow = try connectTCP(port)
        _ = "<13>Nov 23 10:00:00 host never-ends".withCString { write(slow, $0, strlen($0)) }
        // Meanwhile, another client sends an oversized frame then a good one.
        let good = try connectTCP(port)
        let big = "<13>" + String(repeating: "z", count: 5000) + "\n"
        let line = "<189>Nov 23 10:00:00 core-rtr-01 \(accountCreation("afterbig"))\n"
        _ = (big + line).withCString { write(good, $0, strlen($0)) }
        #expect(await h.waitForAlert { isAccountAlert($0, "afterbig") } != nil)
        #expect(h.metric("vigil_input_malformed_total{input=\"syslog-tcp\",reason=\"oversized\"}") == 1)
        // The slow client is closed after its idle time: read sees the end.
        var b = [UInt8](repeating: 0, count: 16)
        var tv = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(slow, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let n = read(slow, &b, b.count)
        #expect(n == 0, "the slow client should have been closed")
        #expect(h.metric("vigil_input_idle_closed_total{input=\"syslog-tcp\"}") >= 1)
        close(slow)
        close(good)
        try await h.stop()
    }
}

/// A connected TCP socket to 127.0.0.1:`port`.
func connectTCP(_ port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = in_port_t(UInt16(port).bigEndian)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    let r = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
    if r != 0 { close(fd); throw ServeError.io("connect: \(String(cString: strerror(errno)))") }
    return fd
}
