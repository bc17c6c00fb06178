import Foundation
import Logging
import NIOCore
import NIOSSL

/// One TCP or TLS syslog connection: frames from ``SyslogFrameDecoder`` go to the spool, and the
/// next read is asked for only once they are durable, so a client is read no faster than the spool
/// accepts (`autoRead` is off). A full spool stops reading until it has room again. A connection
/// that completes no frame within the idle timeout (silent, or dribbling bytes) is closed.
final class SyslogStreamHandler: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = SyslogFrameDecoder.Frame

    let input: String
    let spool: Spool
    let metrics: ServeMetrics
    let logger: Logger
    let idleTimeout: TimeAmount
    private var pending: [[UInt8]] = []
    private var lastFrame = NIODeadline.now()
    private var idleCheck: RepeatedTask?
    private var peer = "?"

    init(input: String, spool: Spool, metrics: ServeMetrics, logger: Logger, idleTimeout: TimeAmount) {
        self.input = input
        self.spool = spool
        self.metrics = metrics
        self.logger = logger
        self.idleTimeout = idleTimeout
    }

    func channelActive(context: ChannelHandlerContext) {
        peer = context.remoteAddress?.description ?? "?"
        lastFrame = .now()
        let loop = NIOLoopBound(context, eventLoop: context.eventLoop)
        let interval = TimeAmount.nanoseconds(max(idleTimeout.nanoseconds / 4, 10_000_000))
        idleCheck = context.eventLoop.scheduleRepeatedTask(initialDelay: interval, delay: interval) { [self] _ in
            if NIODeadline.now() - lastFrame > idleTimeout {
                metrics.idleClosed(input)
                logger.info("closing idle or slow syslog connection", metadata: ["input": "\(input)", "peer": "\(peer)"])
                loop.value.close(promise: nil)
            }
        }
        context.read()
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        idleCheck?.cancel()
        idleCheck = nil
        // A last frame without its newline, decoded at the close.
        if !pending.isEmpty {
            let batch = pending
            pending = []
            appendEventually(batch, on: context.eventLoop)
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        switch unwrapInboundIn(data) {
        case .message(let buffer):
            lastFrame = .now()
            metrics.received(input)
            pending.append(BatchProcessor.payload(buffer.readableBytesView, receivedMs: now))
        case .oversized(let n):
            lastFrame = .now()
            metrics.received(input)
            metrics.malformed(input, "oversized")
            logger.warning("syslog frame over the size limit skipped", metadata: ["input": "\(input)", "peer": "\(peer)", "bytes": "\(n)"])
        case .malformed(let why):
            metrics.received(input)
            metrics.malformed(input, "bad-frame")
            logger.warning("malformed syslog frame skipped", metadata: ["input": "\(input)", "peer": "\(peer)", "problem": "\(why)"])
        }
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        flush(context: context)
        context.fireChannelReadComplete()
    }

    private func flush(context: ChannelHandlerContext) {
        guard !pending.isEmpty else {
            context.read()
            return
        }
        let batch = pending
        pending = []
        let loop = NIOLoopBound(context, eventLoop: context.eventLoop)
        let eventLoop = context.eventLoop
        spool.append(batch) { [self] error in
            eventLoop.execute { [self] in
                let context = loop.value
                switch error {
                case nil:
                    metrics.parsed(input, batch.count)
                    context.read()
                case .full?:
                    // Push back: stop reading and try again shortly; the client's sends block.
                    metrics.pushedBack(input)
                    pending = batch + pending
                    eventLoop.scheduleTask(in: .milliseconds(50)) { [self] in
                        let context = loop.value
                        if context.channel.isActive {
                            flush(context: context)
                        } else if !pending.isEmpty {
                            // Read from the socket before it closed: still to be kept.
                            let rest = pending
                            pending = []
                            appendEventually(rest, on: eventLoop)
                        }
                    }
                case let error?:
                    logger.error("spool refused syslog records; closing the connection", metadata: ["input": "\(input)", "error": "\(error)"])
                    context.close(promise: nil)
                }
            }
        }
    }

    /// Appends records read from a connection that has closed, waiting for room as long as it
    /// takes (they were read, so they are not dropped); gives up only when the spool is closed.
    private func appendEventually(_ batch: [[UInt8]], on eventLoop: any EventLoop) {
        spool.append(batch) { [self] error in
            switch error {
            case nil: metrics.parsed(input, batch.count)
            case .full?:
                metrics.pushedBack(input)
                eventLoop.scheduleTask(in: .milliseconds(50)) { [self] in appendEventually(batch, on: eventLoop) }
            case let error?:
                logger.error("spool refused syslog records of a closed connection", metadata: ["input": "\(input)", "error": "\(error)"])
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if error is NIOSSLError || error is BoringSSLError {
            metrics.malformed(input, "tls-handshake")
            logger.warning("TLS failure; connection closed", metadata: ["input": "\(input)", "peer": "\(peer)", "error": "\(error)"])
        } else {
            metrics.malformed(input, "connection-error")
            logger.info("syslog connection error; closed", metadata: ["input": "\(input)", "peer": "\(peer)", "error": "\(error)"])
        }
        context.close(promise: nil)
    }
}
