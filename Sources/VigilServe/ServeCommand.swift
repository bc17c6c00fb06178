import Foundation
public import Logging
import VigilConfig
import VigilConsole

/// `vigil serve` as library code: what the executable calls.
public enum ServeCommand {
    /// How the service ended.
    public enum Outcome: Sendable, Equatable {
        /// Stopped by SIGTERM/SIGINT after draining.
        case stopped
        /// The configuration is invalid, or has no `serve:` section.
        case configInvalid
        /// The spool, store or a sink's file could not be opened.
        case storeFailed
        /// A listener could not be bound (address in use, bad certificate…).
        case unavailable
    }

    /// Loads `configPath`, runs the service until a signal, and reports how it ended. Errors are
    /// written to `err`; `readyFile` (when given) receives the bound listeners as JSON once all
    /// are listening.
    public static func execute(configPath: String, readyFile: String?, logger: Logger, productVersion: String,
                               err: @Sendable (String) -> Void) async -> Outcome {
        let context: OrgContext
        do {
            context = try ConfigLoader.load(path: configPath)
        } catch {
            err("vigil: configuration \(configPath) is invalid (\(error.errors.count) error\(error.errors.count == 1 ? "" : "s")):\n")
            for e in error.errors { err("  \(e)\n") }
            return .configInvalid
        }
        guard context.serve != nil else {
            err("vigil: configuration \(configPath) has no `serve:` section (see docs/serve.md)\n")
            return .configInvalid
        }
        let service: VigilService
        do {
            service = try VigilService(context: context, logger: logger, productVersion: productVersion, configPath: configPath)
            // First start with an empty store: an admin token, printed once on standard output.
            if let banner = try service.console?.start() { FileHandle.standardOutput.write(Data(banner.utf8)) }
        } catch {
            err("vigil: cannot open the spool, store or sinks: \(error)\n")
            return .storeFailed
        }
        if let readyFile {
            Task {
                await service.waitUntilListening()
                let listeners = service.bound.map { ["input": $0.input, "host": $0.host, "port": "\($0.port)"] }
                if let data = try? JSONSerialization.data(withJSONObject: ["listeners": listeners], options: [.sortedKeys]) {
                    try? DurableFile.replace(readyFile, with: data)
                }
            }
        }
        do {
            try await service.run(signals: true)
            return .stopped
        } catch {
            err("vigil: serve stopped: \(error)\n")
            return .unavailable
        }
    }
}
