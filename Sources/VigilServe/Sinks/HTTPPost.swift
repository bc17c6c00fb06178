import NIOCore
import NIOHTTP1
import NIOPosix

/// A minimal HTTP/1.1 client: one POST per connection, answering the response status.
enum HTTPPost {
    enum Failure: Error, CustomStringConvertible {
        case timeout
        case closed
        var description: String { self == .timeout ? "timed out" : "connection closed before the response" }
    }

    static func post(host: String, port: Int, path: String, hostHeader: String, json: String, timeout: TimeAmount) async throws -> Int {
        let group = MultiThreadedEventLoopGroup.singleton
        let channel = try await ClientBootstrap(group: group)
            .connectTimeout(timeout)
            .channelInitializer { ch in
                ch.eventLoop.makeCompletedFuture { try ch.pipeline.syncOperations.addHTTPClientHandlers() }
            }
            .connect(host: host, port: port).get()
        // The promise exists only once connected, and every path below completes it.
        let promise = channel.eventLoop.makePromise(of: Int.self)
        let timer = channel.eventLoop.scheduleTask(in: timeout) { promise.fail(Failure.timeout) }
        defer {
            timer.cancel()
            promise.fail(Failure.closed)  // no effect once completed
            channel.close(promise: nil)
        }
        try await channel.pipeline.addHandler(StatusHandler(promise: promise)).get()
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: hostHeader)
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(json.utf8.count))
        headers.add(name: "Connection", value: "close")
        headers.add(name: "User-Agent", value: "vigil")
        let head = HTTPRequestHead(version: .http1_1, method: .POST, uri: path, headers: headers)
        channel.write(HTTPClientRequestPart.head(head), promise: nil)
        channel.write(HTTPClientRequestPart.body(.byteBuffer(ByteBuffer(string: json))), promise: nil)
        try await channel.writeAndFlush(HTTPClientRequestPart.end(nil)).get()
        return try await promise.futureResult.get()
    }

    final class StatusHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPClientResponsePart
        let promise: EventLoopPromise<Int>
        var status: Int?
        init(promise: EventLoopPromise<Int>) { self.promise = promise }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head): status = Int(head.status.code)
            case .body: break
            case .end: if let status { promise.succeed(status) }
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            promise.fail(Failure.closed)  // no effect once succeeded
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            promise.fail(error)
            context.close(promise: nil)
        }
    }
}
