import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import ServiceLifecycle

/// A bound listener's address, reported once it is listening (port 0 becomes a real port).
public struct BoundListener: Sendable, Equatable {
    /// `syslog-udp`, `syslog-tcp`, `syslog-tls` or `http`.
    public var input: String
    /// The host it is bound to.
    public var host: String
    /// The port it is bound to.
    public var port: Int
}

/// A syslog listener (UDP, TCP or TLS) as a service: binds, serves until graceful shutdown, then
/// stops accepting.
struct SyslogListener: Service {
    enum Kind { case udp, tcp, tls(NIOSSLContext) }

    let kind: Kind
    let host: String
    let port: Int
    let spool: Spool
    let metrics: ServeMetrics
    let logger: Logger
    let maxMessageBytes: Int
    let idleTimeout: TimeAmount
    let group: any EventLoopGroup
    let onBound: @Sendable (BoundListener) -> Void

    var input: String {
        switch kind {
        case .udp: "syslog-udp"
        case .tcp: "syslog-tcp"
        case .tls: "syslog-tls"
        }
    }

    /// Binds now (so a bad address fails the start), returning the channel.
    func bind() async throws -> any Channel {
        let channel: any Channel
        switch kind {
        case .udp:
            let handler = SyslogDatagramHandler(spool: spool, metrics: metrics, logger: logger, maxMessageBytes: maxMessageBytes)
            channel = try await DatagramBootstrap(group: group)
                .channelOption(.socketOption(.so_reuseaddr), value: 1)
                .channelOption(.socketOption(.so_rcvbuf), value: 4 << 20)
                .channelInitializer { ch in ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHandler(handler) } }
                .bind(host: host, port: port).get()
        case .tcp, .tls:
            let tls: NIOSSLContext? = if case .tls(let ctx) = kind { ctx } else { nil }
            let (input, spool, metrics, logger, max, idle) = (self.input, spool, metrics, logger, maxMessageBytes, idleTimeout)
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.autoRead, value: false)
                .childChannelInitializer { ch in
                    ch.eventLoop.makeCompletedFuture {
                        let ops = ch.pipeline.syncOperations
                        if let tls { try ops.addHandler(NIOSSLServerHandler(context: tls)) }
                        try ops.addHandler(ByteToMessageHandler(SyslogFrameDecoder(maxMessageBytes: max)))
                        try ops.addHandler(SyslogStreamHandler(input: input, spool: spool, metrics: metrics, logger: logger, idleTimeout: idle))
                    }
                }
                .bind(host: host, port: port).get()
        }
        onBound(BoundListener(input: input, host: host, port: channel.localAddress?.port ?? port))
        logger.info("listening", metadata: ["input": "\(input)", "address": "\(host):\(channel.localAddress?.port ?? port)"])
        return channel
    }

    func run() async throws {
        let channel = try await bind()
        try? await gracefulShutdown()
        try? await channel.close()
    }
}

/// Syslog over UDP: one message per datagram (a trailing newline dropped). UDP cannot push back:
/// with the spool full, datagrams are dropped and counted.
final class SyslogDatagramHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let spool: Spool
    let metrics: ServeMetrics
    let logger: Logger
    let maxMessageBytes: Int

    init(spool: Spool, metrics: ServeMetrics, logger: Logger, maxMessageBytes: Int) {
        self.spool = spool
        self.metrics = metrics
        self.logger = logger
        self.maxMessageBytes = maxMessageBytes
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        var view = envelope.data.readableBytesView
        metrics.received("syslog-udp")
        while let last = view.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") || last == 0 { view = view.dropLast() }
        guard !view.isEmpty else {
            metrics.malformed("syslog-udp", "empty")
            return
        }
        guard view.count <= maxMessageBytes else {
            metrics.malformed("syslog-udp", "oversized")
            logger.warning("syslog datagram over the size limit dropped", metadata: ["peer": "\(envelope.remoteAddress)", "bytes": "\(view.count)"])
            return
        }
        let payload = BatchProcessor.payload(view, receivedMs: Int64(Date().timeIntervalSince1970 * 1000))
        spool.append([payload]) { [metrics, logger] error in
            switch error {
            case nil: metrics.parsed("syslog-udp")
            case .full?:
                metrics.pushedBack("syslog-udp")
                logger.warning("spool full: syslog datagram dropped")
            case let e?: logger.error("spool refused a syslog datagram", metadata: ["error": "\(e)"])
            }
        }
    }
}
