import ArgumentParser
import Foundation
import Logging
import VigilServe

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run as a service: receive syslog and HTTP telemetry, spool it durably, raise alerts continuously.",
        discussion: """
            The configuration's `serve:` section names the listeners (syslog over UDP, TCP and TLS; HTTP \
            ingest with /metrics, /healthz and /readyz), the spool, the store and the alert sinks; see \
            docs/serve.md. Every accepted record is on disk before it is acknowledged, and is processed \
            by the same analytics and state as `vigil scan --db`. SIGTERM or SIGINT stops the listeners, \
            processes what the spool holds, lets the sinks deliver, and exits.

            Exit status: 0 stopped by a signal after draining; 69 a listener could not be started; \
            74 the spool, store or a sink file could not be opened; 78 the configuration is invalid.
            """
    )

    @Option(name: .long, help: "Configuration (YAML) with a `serve:` section.")
    var config: String

    @Option(name: .long, help: "Write the bound listeners (JSON) to this file once all are listening (useful with port 0).")
    var readyFile: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    func validate() throws {
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level '\(logLevel)' is not a level (trace … critical)") }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var h = StreamLogHandler.standardError(label: label)
            h.logLevel = level
            return h
        }
        var logger = Logger(label: "vigil.serve")
        logger.logLevel = level
        let outcome = await ServeCommand.execute(configPath: config, readyFile: readyFile, logger: logger,
                                                 productVersion: VigilVersion.current, err: StandardError.write)
        switch outcome {
        case .stopped: return
        case .configInvalid: throw ExitCodes.configError
        case .storeFailed: throw ExitCodes.ioError
        case .unavailable: throw ExitCodes.unavailable
        }
    }
}

enum StandardError {
    static let write: @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
}
