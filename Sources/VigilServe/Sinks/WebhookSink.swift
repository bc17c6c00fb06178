import Foundation
import NIOCore
import VigilCore
import VigilOutput

/// Alerts POSTed one by one as JSON (Vigil's alert shape, or with `slack` a Slack-compatible
/// `{"text": …}` body) to an http:// URL. A failed POST (no answer, or not 2xx) is retried with
/// exponential backoff up to `maxAttempts` times before the batch is given back to its runner,
/// which tries again later from the first alert not yet delivered.
final class WebhookSink: AlertSink, @unchecked Sendable {
    let name: String
    let host: String
    let port: Int
    let path: String
    let slack: Bool
    let maxAttempts: Int
    let timeout: TimeAmount
    /// Alerts of the current batch already delivered (so a retried batch does not resend them).
    private var progress: (batch: UInt64, delivered: Int) = (0, 0)

    init(name: String, url: String, slack: Bool, maxAttempts: Int, timeoutSeconds: Int) throws {
        guard let u = URL(string: url), let host = u.host else { throw ServeError.setup("\(url) is not an http:// URL") }
        self.name = name
        self.host = host
        self.port = u.port ?? 80
        self.path = u.path.isEmpty ? "/" : u.path + (u.query.map { "?\($0)" } ?? "")
        self.slack = slack
        self.maxAttempts = maxAttempts
        self.timeout = .seconds(Int64(timeoutSeconds))
    }

    func deliver(_ batch: OutboxBatch) async throws {
        if progress.batch != batch.batch { progress = (batch.batch, 0) }
        for e in batch.entries.dropFirst(progress.delivered) {
            let body = slack ? Self.slackBody(e.alert) : JSONLines.line(e.alert)
            var attempt = 0
            while true {
                attempt += 1
                do {
                    let status = try await HTTPPost.post(host: host, port: port, path: path, hostHeader: port == 80 ? host : "\(host):\(port)",
                                                         json: body, timeout: timeout)
                    if (200..<300).contains(status) { break }
                    throw ServeError.io("webhook answered \(status)")
                } catch {
                    if attempt >= maxAttempts { throw error }
                    try await Task.sleep(for: .milliseconds(min(10_000, 50 << min(attempt, 8))))
                }
            }
            progress.delivered += 1
        }
    }

    /// A Slack incoming-webhook message.
    static func slackBody(_ a: Alert) -> String {
        let text = "*[\(a.severity)] \(a.attack.analytic.rawValue) \(a.detection)*: \(a.title) — principal `\(a.principal.name)` at \(a.time.iso8601) (alert \(a.id))"
        let data = try? JSONSerialization.data(withJSONObject: ["text": text], options: [.sortedKeys, .withoutEscapingSlashes])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }
}
