import ArgumentParser
import Foundation
import Hummingbird
import VigilConfig
import VigilConsole
import VigilStore

/// `vigil console`: the web console and REST API over a store filled by `vigil scan --db`.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console",
        abstract: "Serve the web console and REST API (/api/v1, /openapi.json) over a store.",
        discussion: """
            Serves the alerts, triage, analytics, coverage, accounts and ATT&CK knowledge that the store holds \
            (fill it with `vigil scan --db` and `vigil attack import --db`). Every route but /healthz needs an \
            API token (`Authorization: Bearer …`) or a console session (sign in at /login with a token or a \
            local user). On first start, when the store holds no token at all, an admin token is created and \
            printed once on standard output.

            Exit status: 0 stopped; 64 usage error; 66 the store does not exist; 74 it could not be opened; \
            78 the configuration is invalid.
            """)

    @Option(name: .long, help: "The SQLite store (vigil scan --db).")
    var db: String

    @Option(name: .long, help: "Organisation context (YAML): shown configured values, roster for accounts and coverage.")
    var config: String?

    @Option(name: .long, help: "Address and port to listen on.")
    var listen: String = "127.0.0.1:8080"

    @Flag(name: .long, help: "Mark the session cookie Secure (when a TLS proxy fronts the console).")
    var secureCookies = false

    func validate() throws {
        guard listenAddress() != nil else { throw ValidationError("--listen '\(listen)': expected HOST:PORT, e.g. 127.0.0.1:8080") }
    }

    func listenAddress() -> (host: String, port: Int)? {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65535).contains(port) else { return nil }
        let host = String(listen[..<colon]).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host.isEmpty ? nil : (host, port)
    }

    func run() async throws {
        let store = try openStore(db)
        let context = try loadConfig(config)
        let console = Console(store: store, context: context, configPath: config, secureCookies: secureCookies)
        // Unbuffered, so that a supervisor or script reading the output sees it at once.
        if let banner = try console.start() { FileHandle.standardOutput.write(Data(banner.utf8)) }
        let router = Router(context: ConsoleRequestContext.self)
        router.addRoutes(console.routes(context: ConsoleRequestContext.self))
        let (host, port) = listenAddress()!
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "vigil"))
        FileHandle.standardError.write(Data("vigil: console on http://\(listen)/ over \(db)\n".utf8))
        try await app.runService()
    }
}

/// Opens an existing store, or exits with 66 / 74.
func openStore(_ db: String) throws -> VigilStore {
    guard FileManager.default.fileExists(atPath: db) else {
        fail("no store at \(db) (fill one with: vigil scan --db \(db) LOGS)")
        throw ExitCodes.noInput
    }
    do {
        return try VigilStore(path: db)
    } catch {
        fail("cannot open the store \(db): \(error)")
        throw ExitCodes.ioError
    }
}

/// The organisation context from `path` (empty without one), or exit 78 after listing its errors.
func loadConfig(_ path: String?) throws -> OrgContext {
    guard let path else { return .empty }
    do {
        return try ConfigLoader.load(path: path)
    } catch {
        fail("configuration \(path) is invalid (\(error.errors.count) error\(error.errors.count == 1 ? "" : "s")):")
        for e in error.errors { FileHandle.standardError.write(Data("  \(e)\n".utf8)) }
        throw ExitCodes.configError
    }
}
