import Foundation
import Testing
import VigilConsole
import VigilTestSupport
@testable import VigilServe
#if canImport(Glibc)
import Glibc
#endif

/// The web console and REST API mounted in `vigil serve`: the same listener, the same store the
/// live inputs fill, every route but `/healthz` behind a console token, ingest health from the
/// live inputs, spool and sinks.
@Suite struct ConsoleInServeTests {
    /// `curl` a path with an optional bearer token: status code and body.
    /// Runs off the cooperative pool (curl blocks; the server's handlers need the pool).
    static func get(_ port: Int, _ path: String, token: String? = nil) async throws -> (status: Int, body: String, headers: String) {
        try await offPool { try getBlocking(port, path, token: token) }
    }

    static func getBlocking(_ port: Int, _ path: String, token: String? = nil) throws -> (status: Int, body: String, headers: String) {
        var args = ["-s", "-D", "-", "-w", "\n%{http_code}"]
        if let token { args += ["-H", "Authorization: Bearer \(token)"] }
        args.append("http://127.0.0.1:\(port)\(path)")
        let r = try runTool("/usr/bin/curl", args)
        let status = Int(r.out.split(separator: "\n").last ?? "") ?? 0
        let parts = r.out.components(separatedBy: "\r\n\r\n")
        let body = parts.dropFirst().joined(separator: "\r\n\r\n").split(separator: "\n").dropLast().joined(separator: "\n")
        return (status, body, parts.first ?? "")
    }

    @Test func liveAlertsAndIngestHealthBehindConsoleTokens() async throws {
        let h = try await ServeHarness()
        let port = h.port("http")
        let console = try #require(h.service.console)
        let viewer = try console.auth.createToken(name: "grafana", role: .viewer, by: "test").token

        // Open: /healthz only. The service's own health answer, not the console's.
        #expect(try await Self.get(port, "/healthz").status == 200)
        for path in ["/metrics", "/readyz", "/api/v1/alerts", "/api/v1/ingest"] {
            let r = try await Self.get(port, path)
            #expect(r.status == 401, "\(path) without a token: \(r.status)")
        }
        #expect(try await Self.get(port, "/metrics", token: "not-a-token-0123456789").status == 401)
        #expect(try await Self.get(port, "/alerts").status == 303, "a page without a session goes to the sign-in page")

        // A device creates an account over TCP syslog; the alert reaches the sink and the console.
        let fd = try connectTCP(h.port("syslog-tcp"))
        let line = "<189>Nov 23 10:00:00 core-rtr-01 \(accountCreation("consolelive"))\n"
        _ = line.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        #expect(await h.waitForAlert { isAccountAlert($0, "consolelive") } != nil)
        let alerts = try await Self.get(port, "/api/v1/alerts?analytic=AN1240", token: viewer)
        #expect(alerts.status == 200)
        #expect(alerts.body.contains("consolelive"), "\(alerts.body.prefix(400))")

        // Ingest health: the configured inputs and sink, with what they did.
        let ingest = try await Self.get(port, "/api/v1/ingest", token: viewer)
        #expect(ingest.status == 200)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(ingest.body.utf8)) as? [String: Any])
        #expect(doc["source"] as? String == "serve")
        let live = try #require(doc["live"] as? [String: Any])
        let inputs = (live["inputs"] as? [[String: Any]] ?? []).reduce(into: [String: [String: Any]]()) { $0[$1["name"] as! String] = $1 }
        #expect(Set(inputs.keys) == ["http", "syslog-tcp", "syslog-udp"])
        #expect(inputs["syslog-tcp"]?["received"] as? Int == 1)
        #expect(inputs["syslog-tcp"]?["accepted"] as? Int == 1)
        #expect(inputs["syslog-tcp"]?["lastReceived"] is String)
        #expect(inputs["syslog-udp"]?["received"] as? Int == 0)
        #expect(inputs["syslog-udp"]?["lastReceived"] == nil)
        let sinks = live["sinks"] as? [[String: Any]] ?? []
        #expect(sinks.count == 1 && sinks[0]["name"] as? String == "file-0")
        #expect((sinks.first?["delivered"] as? Int ?? 0) >= 1)
        #expect((live["recordsProcessed"] as? Int ?? 0) >= 1)
        #expect((live["batches"] as? Int ?? 0) >= 1)

        // The page shows the same, with the console's security headers.
        let page = try await Self.get(port, "/ingest", token: viewer)
        #expect(page.status == 200)
        #expect(page.body.contains("<td>syslog-tcp</td>") && page.body.contains("<td>file-0</td>"))
        #expect(page.headers.lowercased().contains("content-security-policy: default-src 'none'"))

        // Operations endpoints with a token.
        let metrics = try await Self.get(port, "/metrics", token: viewer)
        #expect(metrics.status == 200 && metrics.body.contains("vigil_input_received_total{input=\"syslog-tcp\"} 1"))
        #expect(try await Self.get(port, "/readyz", token: viewer).status == 200)
        // Ingest keeps its own tokens: a console token does not ingest, and an ingest token does not read.
        #expect(try await Self.get(port, "/api/v1/alerts", token: ServeHarness.token).status == 401)
        try await h.stop()
    }

    @Test func consoleOffLeavesOperationsOpenAndNoAPI() async throws {
        let h = try await ServeHarness(extra: "  console: false")
        #expect(h.service.console == nil)
        let port = h.port("http")
        #expect(try await Self.get(port, "/metrics").status == 200)
        #expect(try await Self.get(port, "/readyz").status == 200)
        #expect(try await Self.get(port, "/api/v1/alerts").status == 404)
        try await h.stop()
    }

    /// The built binary prints an admin token on the first start with an empty store, and never again.
    @Test func firstStartPrintsAnAdminTokenOnce() async throws {
        let dir = TemporaryDirectory("vigil-serve-console")
        let config = try dir.write("vigil.yaml", """
            serve:
              http: 127.0.0.1:0
              spool_dir: \(dir.path)/spool
              db: \(dir.path)/vigil.db
            """)
        let path = dir.path
        @Sendable func start() throws -> (Process, Int, String) {
            let out = path + "/stdout-\(UUID().uuidString)"
            _ = FileManager.default.createFile(atPath: out, contents: nil)
            let ready = path + "/ready.json"
            try? FileManager.default.removeItem(atPath: ready)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: VigilBinary.path)
            p.arguments = ["serve", "--config", config, "--ready-file", ready, "--log-level", "error"]
            p.standardOutput = FileHandle(forWritingAtPath: out)
            p.standardError = FileHandle.nullDevice
            try p.run()
            let end = Date().addingTimeInterval(30)
            while Date() < end {
                if let d = FileManager.default.contents(atPath: ready),
                   let o = try? JSONSerialization.jsonObject(with: d) as? [String: Any], let ls = o["listeners"] as? [[String: String]],
                   let port = ls.first.flatMap({ Int($0["port"]!) }) {
                    return (p, port, String(decoding: FileManager.default.contents(atPath: out) ?? Data(), as: UTF8.self))
                }
                usleep(20_000)
            }
            p.terminate()
            throw ServeError.setup("vigil serve did not become ready")
        }
        @Sendable func stop(_ p: Process) {
            kill(p.processIdentifier, SIGTERM)
            p.waitUntilExit()
        }
        let (first, port, out) = try await offPool { try start() }
        defer { if first.isRunning { stop(first) } }
        let lines = out.split(separator: "\n")
        #expect(lines.first?.hasPrefix("Initial admin token") == true, "\(out)")
        let token = String(lines.last ?? "")
        #expect(try await Self.get(port, "/api/v1/tokens", token: token).status == 200)
        try await offPool { stop(first) }
        #expect(first.terminationStatus == 0)
        let (second, port2, out2) = try await offPool { try start() }
        defer { stop(second) }
        #expect(out2.isEmpty, "a second start prints no token: \(out2)")
        #expect(try await Self.get(port2, "/api/v1/tokens", token: token).status == 200)
    }
}

/// Runs blocking work on a Dispatch thread, leaving the cooperative pool to the service.
func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (c: CheckedContinuation<T, any Error>) in
        DispatchQueue.global().async { c.resume(with: Result { try work() }) }
    }
}
