import Foundation
import Logging
import Testing
import VigilConfig
@testable import VigilServe
import VigilTestSupport

/// A `VigilService` running in the test process on ephemeral loopback ports, with a file sink,
/// stopped gracefully at the end.
final class ServeHarness: @unchecked Sendable {
    let dir: TemporaryDirectory
    let service: VigilService
    private var task: Task<Void, any Error>?
    static let token = "test-token-0123456789abcdef"

    /// `serve` keys beyond the defaults (indented two spaces), and extra sinks (list items).
    init(extra: String = "", sinks: String = "", batchSeconds: Double = 0.1, in directory: TemporaryDirectory? = nil) async throws {
        let dir = directory ?? TemporaryDirectory("vigil-serve-test")
        self.dir = dir
        let yaml = """
            serve:
              syslog_tcp: 127.0.0.1:0
              syslog_udp: 127.0.0.1:0
              http: 127.0.0.1:0
              ingest_tokens: [\(Self.token)]
              spool_dir: \(dir.path)/spool
              db: \(dir.path)/vigil.db
              batch_seconds: \(batchSeconds)
            \(extra)
              sinks:
                - {type: file, path: \(dir.path)/out/alerts.ndjson}
            \(sinks)
            """
        let context = try ConfigLoader.parse(yaml: yaml, file: "test.yaml")
        var logger = Logger(label: "vigil.serve.test")
        logger.logLevel = .critical
        service = try VigilService(context: context, logger: logger, productVersion: "test")
        let s = service
        task = Task { try await s.run(signals: false) }
        await service.waitUntilListening()
    }

    func port(_ input: String) -> Int { service.bound.first { $0.input == input }!.port }

    var alertsPath: String { "\(dir.path)/out/alerts.ndjson" }

    /// Alerts in the file sink.
    func alerts() -> [[String: Any]] {
        guard let text = try? String(contentsOfFile: alertsPath, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Waits (up to `seconds`) for the file sink to hold an alert matching `where`.
    func waitForAlert(seconds: Double = 20, _ matching: ([String: Any]) -> Bool) async -> [String: Any]? {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if let a = alerts().first(where: matching) { return a }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return nil
    }

    /// A metric's value from the exposition text (the line starting with `series`).
    func metric(_ series: String) -> Double {
        for line in service.metrics.render().split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.split(separator: " ").last!) ?? 0
        }
        return 0
    }

    func stop() async throws {
        await service.shutdown()
        try await task?.value
    }
}

/// Runs a program to its end, feeding `stdin`.
@discardableResult
func runTool(_ exe: String, _ args: [String], stdin: Data? = nil, timeout: Double = 30) throws -> (status: Int32, out: String, err: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: exe)
    p.arguments = args
    let out = Pipe(), err = Pipe(), input = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = stdin == nil ? FileHandle.nullDevice : input
    try p.run()
    if let stdin {
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
    }
    let deadline = Date().addingTimeInterval(timeout)
    while p.isRunning && Date() < deadline { usleep(10_000) }
    if p.isRunning { p.terminate() }
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self),
            String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
}

/// The corpus line that creates a local account on a Cisco router (AN1240), as a device sends it,
/// without its PRI, with a distinct account name.
func accountCreation(_ account: String) -> String {
    "97663: core-rtr-01: Mar 16 01:37:00.039 UTC: %PARSER-5-CFGLOG_LOGGEDCMD: User:netops-akumar  logged command:username \(account) privilege 15 secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0"
}

/// Whether an alert is AN1240's for `account`.
func isAccountAlert(_ a: [String: Any], _ account: String) -> Bool {
    guard a["analytic"] as? String == "AN1240" else { return false }
    let resources = a["resources"] as? [[String: Any]] ?? []
    return resources.contains { $0["id"] as? String == account } || (a["title"] as? String ?? "").contains(account)
}
