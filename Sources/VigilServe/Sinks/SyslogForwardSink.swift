import Foundation
import NIOCore
import NIOPosix
import VigilCore
import VigilOutput

/// Alerts forwarded to a SIEM as syslog: RFC 5424 (the alert's JSON as the message) or ArcSight
/// CEF, over UDP (one datagram each) or TCP (RFC 6587 octet counting, one connection per batch).
final class SyslogForwardSink: AlertSink, @unchecked Sendable {
    let name: String
    let host: String
    let port: Int
    let tcp: Bool
    let cef: Bool
    let productVersion: String
    let hostname = ProcessInfo.processInfo.hostName

    init(name: String, host: String, port: Int, tcp: Bool, cef: Bool, productVersion: String) {
        self.name = name
        self.host = host
        self.port = port
        self.tcp = tcp
        self.cef = cef
        self.productVersion = productVersion
    }

    /// One syslog message for an alert.
    func message(_ a: Alert) -> String {
        // Facility 13 (log audit) for RFC 5424; severity from the alert's.
        let sev = [1: 6, 2: 5, 3: 4, 4: 3, 5: 2][a.severity.rawValue] ?? 5
        let pri = 13 * 8 + sev
        let now = Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)).iso8601
        let body = cef ? Self.cef(a, version: productVersion) : JSONLines.line(a)
        return "<\(pri)>1 \(now) \(hostname) vigil - \(a.attack.analytic.rawValue) - \(body)"
    }

    /// ArcSight CEF: `CEF:0|Vigil|Vigil|VERSION|SIGNATURE|NAME|SEVERITY|EXTENSION`.
    static func cef(_ a: Alert, version: String) -> String {
        func header(_ s: String) -> String { s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "|", with: "\\|") }
        func ext(_ s: String) -> String {
            s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "=", with: "\\=").replacingOccurrences(of: "\n", with: " ")
        }
        let severity = [1: 1, 2: 3, 3: 5, 4: 8, 5: 10][a.severity.rawValue] ?? 5
        var e = ["rt=\(a.time.milliseconds)", "suser=\(ext(a.principal.name))", "cs1Label=analytic", "cs1=\(ext(a.attack.analytic.rawValue))",
                 "cs2Label=alertId", "cs2=\(a.id)"]
        if let target = a.target { e.append("duser=\(ext(target))") }
        if let device = a.resources.first { e.append("dhost=\(ext(device.id))") }
        return "CEF:0|Vigil|Vigil|\(header(version))|\(header(a.attack.analytic.rawValue + ":" + a.detection))|\(header(a.title))|\(severity)|"
            + e.joined(separator: " ")
    }

    func deliver(_ batch: OutboxBatch) async throws {
        let messages = batch.entries.map { message($0.alert) }
        let group = MultiThreadedEventLoopGroup.singleton
        if tcp {
            let channel = try await ClientBootstrap(group: group).connectTimeout(.seconds(5)).connect(host: host, port: port).get()
            var buffer = ByteBuffer()
            for m in messages { buffer.writeString("\(m.utf8.count) \(m)") }
            try await channel.writeAndFlush(buffer).get()
            try await channel.close()
        } else {
            let channel = try await DatagramBootstrap(group: group).bind(host: host.contains(":") ? "::" : "0.0.0.0", port: 0).get()
            let remote = try SocketAddress.makeAddressResolvingHost(host, port: port)
            for m in messages {
                try await channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: ByteBuffer(string: m))).get()
            }
            try await channel.close()
        }
    }
}
