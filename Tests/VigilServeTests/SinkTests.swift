import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
@testable import VigilServe
import VigilTestSupport

/// A real HTTP server on loopback that records request bodies, answering 500 to the first
/// `failFirst` requests.
final class WebhookReceiver: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let lock = NSLock()
    var bodies: [String] = []
    var requests = 0
    var failFirst: Int
    private var body = ""
    var channel: (any Channel)?

    init(failFirst: Int) { self.failFirst = failFirst }

    func start() async throws -> Int {
        let me = self
        let ch = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { c in
                c.eventLoop.makeCompletedFuture {
                    try c.pipeline.syncOperations.configureHTTPServerPipeline()
                    try c.pipeline.syncOperations.addHandler(me)
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        channel = ch
        return ch.localAddress!.port!
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: body = ""
        case .body(let b): body += String(buffer: b)
        case .end:
            let fail = lock.withLock { () -> Bool in
                requests += 1
                if requests <= failFirst { return true }
                bodies.append(body)
                return false
            }
            var headers = HTTPHeaders()
            headers.add(name: "Content-Length", value: "0")
            headers.add(name: "Connection", value: "close")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: fail ? .internalServerError : .ok, headers: headers))),
                          promise: nil)
            let bound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in bound.value.close(promise: nil) }
        }
    }

    var received: [String] { lock.withLock { bodies } }
}


/// Sinks with real receivers: a webhook server that fails at first (retries, backoff), a Slack
/// body, and a syslog (RFC 5424 / CEF over UDP) receiver.
@Suite(.serialized) struct SinkTests {
    @Test func webhookRetriesUntilTheReceiverAccepts() async throws {
        let receiver = WebhookReceiver(failFirst: 2)
        let port = try await receiver.start()
        let slackReceiver = WebhookReceiver(failFirst: 0)
        let slackPort = try await slackReceiver.start()
        let h = try await ServeHarness(sinks: """
                - {type: webhook, url: "http://127.0.0.1:\(port)/hook", max_attempts: 5}
                - {type: webhook, url: "http://127.0.0.1:\(slackPort)/slack", slack: true}
            """)
        let fd = try connectTCP(h.port("syslog-tcp"))
        let line = "<189>Nov 23 10:00:00 core-rtr-01 \(accountCreation("hookuser"))\n"
        _ = line.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        let end = Date().addingTimeInterval(20)
        while Date() < end, receiver.received.isEmpty || slackReceiver.received.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        let body = try #require(receiver.received.first)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(isAccountAlert(json, "hookuser"))
        #expect(receiver.requests == 3)  // two 500s, then accepted
        #expect(h.metric("vigil_sink_failures_total{sink=\"webhook-1\"}") == 0)
        let slack = try #require(try JSONSerialization.jsonObject(with: Data(slackReceiver.received.first!.utf8)) as? [String: Any])
        #expect((slack["text"] as? String)?.contains("hookuser") == true)
        #expect((slack["text"] as? String)?.contains("AN1240") == true)
        // The file sink got it too: one slow sink does not hold the others back.
        #expect(await h.waitForAlert { isAccountAlert($0, "hookuser") } != nil)
        try await h.stop()
        try await receiver.channel?.close()
        try await slackReceiver.channel?.close()
    }

    @Test func webhookThatStaysDownIsRetriedWhileTheFileSinkDelivers() async throws {
        let receiver = WebhookReceiver(failFirst: 1000)
        let port = try await receiver.start()
        let h = try await ServeHarness(sinks: "    - {type: webhook, url: \"http://127.0.0.1:\(port)/hook\", max_attempts: 2}")
        let fd = try connectTCP(h.port("syslog-tcp"))
        _ = "<189>Nov 23 10:00:00 core-rtr-01 \(accountCreation("downhook"))\n".withCString { write(fd, $0, strlen($0)) }
        close(fd)
        #expect(await h.waitForAlert { isAccountAlert($0, "downhook") } != nil)
        let end = Date().addingTimeInterval(10)
        while Date() < end, h.metric("vigil_sink_retries_total{sink=\"webhook-1\"}") < 1 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(h.metric("vigil_sink_failures_total{sink=\"webhook-1\"}") >= 1)
        #expect(h.metric("vigil_sink_retries_total{sink=\"webhook-1\"}") >= 1)
        #expect(receiver.received.isEmpty)
        try await receiver.channel?.close()
        try await h.stop()
    }

    @Test(arguments: ["rfc5424", "cef"])
    func syslogForwardOverUDP(format: String) async throws {
        let collected = DatagramCollector()
        let ch = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { c in c.eventLoop.makeCompletedFuture { try c.pipeline.syncOperations.addHandler(collected) } }
            .bind(host: "127.0.0.1", port: 0).get()
        let h = try await ServeHarness(sinks: "    - {type: syslog, address: \"127.0.0.1:\(ch.localAddress!.port!)\", format: \(format)}")
        let fd = try connectTCP(h.port("syslog-tcp"))
        _ = "<189>Nov 23 10:00:00 core-rtr-01 \(accountCreation("fwd\(format)"))\n".withCString { write(fd, $0, strlen($0)) }
        close(fd)
        let end = Date().addingTimeInterval(20)
        while Date() < end, collected.messages.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        let m = try #require(collected.messages.first)
        #expect(m.hasPrefix("<108>1 "))  // facility 13 (log audit), syslog severity warning for a medium alert
        #expect(m.contains("fwd\(format)"))
        if format == "cef" { #expect(m.contains("CEF:0|Vigil|Vigil|test|AN1240:local-account|")) } else { #expect(m.contains(#""analytic":"AN1240""#)) }
        try await h.stop()
        try await ch.close()
    }
}

final class DatagramCollector: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    private let lock = NSLock()
    private var got: [String] = []
    var messages: [String] { lock.withLock { got } }
    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let s = String(buffer: unwrapInboundIn(data).data)
        lock.withLock { got.append(s) }
    }
}
