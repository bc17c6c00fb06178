public import Hummingbird
public import Logging
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
public import ServiceLifecycle
import UnixSignals
public import VigilConfig
public import VigilConsole
public import VigilStore

/// `vigil serve`: listeners into the durable spool, the batch processor, the sinks and the HTTP
/// server (ingest, `/metrics`, `/healthz`, `/readyz`, and any routes added by the caller, such
/// as the web console's), run as one group of services under swift-service-lifecycle. Graceful
/// shutdown stops the listeners first, then processes what the spool holds, then lets every sink
/// deliver what is waiting.
public final class VigilService: @unchecked Sendable {
    /// Adds routes to the HTTP server's router.
    public typealias Routes = @Sendable (Router<ConsoleRequestContext>) -> Void

    /// The settings served.
    public let settings: ServeSettings
    /// The organisation's context the analytics use.
    public let context: OrgContext
    /// The service's metrics.
    public let metrics = ServeMetrics()
    /// The store (alerts, state), shared with routes that read it.
    public let store: VigilStore
    /// The web console and REST API on the HTTP listener (`serve.console`, on by default).
    public let console: Console?
    let logger: Logger
    let spool: Spool
    let processor: BatchProcessor
    let runners: [SinkRunner]
    let routes: [Routes]
    private let lock = NSLock()
    private var boundListeners: [BoundListener] = []
    private var boundWaiters: [CheckedContinuation<Void, Never>] = []
    private var lastTick = Date()
    private var ready = false
    private var group: ServiceGroup?

    /// Opens the spool (recovering a crash's torn tails), the store and the sinks. Throws when
    /// the configuration has no `serve:` section or a file cannot be opened. `configPath` is the
    /// file `context` came from (the console shows it).
    public init(context: OrgContext, logger: Logger, productVersion: String, configPath: String? = nil, routes: [Routes] = []) throws {
        guard let settings = context.serve else { throw ServeError.setup("the configuration has no `serve:` section") }
        self.settings = settings
        self.context = context
        self.logger = logger
        self.routes = routes
        let checkpoint = try Checkpoint.load("\(settings.spoolDirectory)/checkpoint.json")
        spool = try Spool(directory: settings.spoolDirectory, maxBytes: settings.spoolMaxBytes, segmentBytes: settings.segmentBytes,
                          firstSegment: checkpoint.next)
        if spool.recovery.tornTails > 0 {
            logger.warning("spool recovery cut torn tails", metadata: ["segments": "\(spool.recovery.tornTails)", "bytes": "\(spool.recovery.tornBytes)"])
        }
        metrics.tornTails(spool.recovery.tornTails)
        store = try VigilStore(path: settings.database)
        processor = try BatchProcessor(spool: spool, store: store, context: context, settings: settings, metrics: metrics, logger: logger)
        var runners: [SinkRunner] = []
        for (i, sink) in settings.sinks.enumerated() {
            let made: any AlertSink
            switch sink {
            case .file(let path, let format, let maxBytes, let keep):
                made = try FileSink(name: "file-\(i)", path: path, ocsf: format == "ocsf", maxBytes: maxBytes, keep: keep, productVersion: productVersion)
            case .webhook(let url, let slack, let attempts, let timeout):
                made = try WebhookSink(name: "webhook-\(i)", url: url, slack: slack, maxAttempts: attempts, timeoutSeconds: timeout)
            case .syslog(let address, let transport, let format):
                made = SyslogForwardSink(name: "syslog-\(i)", host: address.host, port: address.port, tcp: transport == "tcp",
                                         cef: format == "cef", productVersion: productVersion)
            }
            let p = processor
            runners.append(try SinkRunner(sink: made, outbox: processor.outbox, metrics: metrics, logger: logger, committed: { p.committedNext }))
        }
        self.runners = runners
        var inputs: [String] = []
        if !settings.syslogUDP.isEmpty { inputs.append("syslog-udp") }
        if !settings.syslogTCP.isEmpty { inputs.append("syslog-tcp") }
        if !settings.syslogTLS.isEmpty { inputs.append("syslog-tls") }
        if settings.http != nil, !settings.ingestTokens.isEmpty { inputs.append("http") }
        if !settings.watch.isEmpty { inputs.append("watch") }
        metrics.declare(inputs: inputs, sinks: runners.map(\.sink.name))
        if settings.console, settings.http != nil {
            let (metrics, spool, bound) = (metrics, spool, settings.spoolMaxBytes)
            console = Console(store: store, context: context, configPath: configPath, secureCookies: settings.secureCookies,
                              liveIngest: { metrics.live(spoolBytes: spool.depthBytes, spoolMaxBytes: bound) })
        } else {
            console = nil
        }
    }

    /// Listeners bound so far (ports resolved).
    public var bound: [BoundListener] {
        lock.lock(); defer { lock.unlock() }
        return boundListeners
    }

    /// Waits until every configured listener is bound.
    public func waitUntilListening() async {
        await withCheckedContinuation { c in
            lock.lock()
            if ready { lock.unlock(); c.resume(); return }
            boundWaiters.append(c)
            lock.unlock()
        }
    }

    private var expectedListeners: Int {
        settings.syslogUDP.count + settings.syslogTCP.count + settings.syslogTLS.count + (settings.http == nil ? 0 : 1)
    }

    private func noteBound(_ l: BoundListener) {
        lock.lock()
        boundListeners.append(l)
        var waiters: [CheckedContinuation<Void, Never>] = []
        if boundListeners.count >= expectedListeners {
            ready = true
            waiters = boundWaiters
            boundWaiters = []
        }
        lock.unlock()
        for w in waiters { w.resume() }
    }

    /// The services, in start order (shutdown runs in reverse).
    public func services() throws -> [any Service] {
        var out: [any Service] = [SinksService(owner: self), ProcessorService(owner: self)]
        if expectedListeners == 0 { noteBound(BoundListener(input: "none", host: "", port: 0)) }
        let group = MultiThreadedEventLoopGroup.singleton
        let idle = TimeAmount.seconds(Int64(settings.idleTimeoutSeconds))
        func listener(_ kind: SyslogListener.Kind, _ a: ServeSettings.Address) -> SyslogListener {
            SyslogListener(kind: kind, host: a.host, port: a.port, spool: spool, metrics: metrics, logger: logger,
                           maxMessageBytes: settings.maxMessageBytes, idleTimeout: idle, group: group,
                           onBound: { [weak self] in self?.noteBound($0) })
        }
        for a in settings.syslogUDP { out.append(listener(.udp, a)) }
        for a in settings.syslogTCP { out.append(listener(.tcp, a)) }
        for t in settings.syslogTLS {
            let chain = try NIOSSLCertificate.fromPEMFile(t.certificate).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: t.key, format: .pem)
            let ctx = try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
            out.append(listener(.tls(ctx), t.address))
        }
        if !settings.watch.isEmpty {
            out.append(DirectoryWatch(roots: settings.watch, interval: settings.watchIntervalSeconds, spool: spool, metrics: metrics,
                                      logger: logger, maxMessageBytes: settings.maxMessageBytes))
        }
        if let http = settings.http { out.append(makeHTTP(http)) }
        return out
    }

    /// Runs every service until SIGTERM/SIGINT (when `signals`) or cancellation; graceful.
    public func run(signals: Bool = true) async throws {
        let group = ServiceGroup(configuration: .init(
            services: try services().map { .init(service: $0) },
            gracefulShutdownSignals: signals ? [.sigterm, .sigint] : [],
            logger: logger))
        lock.withLock { self.group = group }
        // The group holds the services, whose routes hold this service: let go when done.
        defer {
            lock.withLock { self.group = nil }
            try? store.close()
        }
        try await group.run()
    }

    /// Starts a graceful shutdown, as SIGTERM does; ``run(signals:)`` returns once it is done.
    public func shutdown() async {
        await lock.withLock { group }?.triggerGracefulShutdown()
    }

    private func makeHTTP(_ address: ServeSettings.Address) -> some Service {
        let router = Router(context: ConsoleRequestContext.self)
        let ingest = HTTPIngest(spool: spool, metrics: metrics, logger: logger, tokens: settings.ingestTokens.map { Array($0.utf8) },
                                maxBodyBytes: settings.maxBodyBytes)
        router.post("/ingest") { request, _ in await ingest.handle(request) }
        router.get("/metrics") { [self] request, _ in
            if let refused = refuseWithoutToken(request) { return refused }
            metrics.spoolDepth(spool.depthBytes)
            return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                            body: .init(byteBuffer: ByteBuffer(string: metrics.render())))
        }
        router.get("/healthz") { [self] _, _ in
            let tick = lock.withLock { lastTick }
            let alive = Date().timeIntervalSince(tick) < max(30, settings.batchSeconds * 10)
            return HTTPIngest.answer(alive ? .ok : .serviceUnavailable, alive ? #"{"status":"ok"}"# : #"{"status":"processing stalled"}"#)
        }
        router.get("/readyz") { [self] request, _ in
            if let refused = refuseWithoutToken(request) { return refused }
            let r = lock.withLock { ready }
            let depth = spool.depthBytes
            let roomy = depth < settings.spoolMaxBytes * 9 / 10
            return HTTPIngest.answer(r && roomy ? .ok : .serviceUnavailable,
                                     #"{"listening":\#(r),"spool_bytes":\#(depth),"spool_max_bytes":\#(settings.spoolMaxBytes)}"#)
        }
        if let console {
            // The service answers /healthz itself (it knows whether processing stalls).
            router.addRoutes(console.routes(context: ConsoleRequestContext.self, omitting: ["GET /healthz"]))
        }
        for add in routes { add(router) }
        return Application(router: router, configuration: .init(address: .hostname(address.host, port: address.port), serverName: "vigil"),
                           onServerRunning: { [weak self] channel in
                               self?.noteBound(BoundListener(input: "http", host: address.host, port: channel.localAddress?.port ?? address.port))
                           },
                           logger: logger)
    }

    /// With the console mounted, every route but `/healthz` needs a console token or session:
    /// `/metrics` and `/readyz` answer 401 without one (Prometheus sends it as a bearer token).
    private func refuseWithoutToken(_ request: Request) -> Response? {
        guard let console, console.caller(of: request) == nil else { return nil }
        var r = HTTPIngest.answer(.unauthorized, #"{"error":"authentication required: a console API token as `Authorization: Bearer …`"}"#)
        r.headers[.wwwAuthenticate] = "Bearer realm=\"vigil\""
        return r
    }

    /// Removes outbox batches that every sink has delivered.
    func collectOutbox() {
        let done = runners.map(\.cursor).min() ?? UInt64.max
        for b in processor.outbox.batches() where b <= done { processor.outbox.remove(b) }
    }

    /// One processing round: seals the open segment if it is old enough, processes sealed ones.
    func tick(final: Bool) {
        if final { spool.close() } else { spool.seal(olderThan: .milliseconds(Int64(settings.batchSeconds * 1000))) }
        do {
            try processor.processSealed()
        } catch {
            logger.error("batch failed; it will be retried", metadata: ["error": "\(error)"])
        }
        lock.lock(); lastTick = Date(); lock.unlock()
    }
}

/// The processor's loop as a service.
struct ProcessorService: Service {
    let owner: VigilService

    func run() async throws {
        let interval = Duration.milliseconds(Int64(min(250, max(20, owner.settings.batchSeconds * 250))))
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await onWorkerThread { owner.tick(final: false) }
            try? await Task.sleep(for: interval)
        }
        // Drain: everything the spool accepted is processed before the process ends.
        await onWorkerThread { owner.tick(final: true) }
    }
}

/// The sinks, each delivering on its own task.
struct SinksService: Service {
    let owner: VigilService

    func run() async throws {
        await withTaskGroup(of: Void.self) { group in
            for runner in owner.runners {
                group.addTask {
                    while !Task.isShuttingDownGracefully && !Task.isCancelled {
                        await runner.drain(stop: { Task.isShuttingDownGracefully || Task.isCancelled })
                        try? await Task.sleep(for: .milliseconds(50))
                    }
                    // The processor has drained (it shuts down first): deliver what it left, with
                    // one try per batch; what a sink cannot take now waits in the outbox for the
                    // next start.
                    await runner.drain(stop: { true })
                }
            }
            group.addTask {
                // Batches every sink has delivered leave the outbox.
                while !Task.isShuttingDownGracefully && !Task.isCancelled {
                    owner.collectOutbox()
                    try? await Task.sleep(for: .milliseconds(500))
                }
            }
        }
        owner.collectOutbox()
    }
}

/// Runs blocking work (the batch engine, file syncs) off the cooperative pool.
func onWorkerThread(_ work: @escaping @Sendable () -> Void) async {
    await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
        DispatchQueue.global().async {
            work()
            c.resume()
        }
    }
}
