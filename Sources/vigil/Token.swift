import ArgumentParser
import Foundation
import VigilConsole
import VigilStore

/// `vigil token`: API tokens of the console and REST API.
struct Token: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create, list and revoke the API tokens of the console and REST API.",
        discussion: """
            A token is shown once, when it is created; the store keeps only its SHA-256. Roles: viewer (reads), \
            analyst (also triages alerts), admin (also manages tokens and reads the audit log).
            """,
        subcommands: [TokenCreate.self, TokenList.self, TokenRevoke.self, UserSet.self])
}

struct TokenStoreOption: ParsableArguments {
    @Option(name: .long, help: "The SQLite store the console serves.")
    var db: String
}

struct TokenCreate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "create", abstract: "Create a token and print it (once).")
    @OptionGroup var store: TokenStoreOption
    @Option(name: .long, help: "What the token is for (shown in lists and the audit log).")
    var name: String
    @Option(name: .long, help: "viewer, analyst or admin.")
    var role: String = "viewer"

    func validate() throws {
        guard ConsoleRole(rawValue: role) != nil else { throw ValidationError("--role '\(role)': expected viewer, analyst or admin") }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 100 else { throw ValidationError("--name: 1 to 100 characters") }
    }

    func run() throws {
        let auth = Authenticator(store: try openStore(store.db))
        let (id, token) = try auth.createToken(name: name, role: ConsoleRole(rawValue: role)!, by: "cli:\(NSUserName())")
        FileHandle.standardError.write(Data("vigil: token \(id) (\(role)) created; it is shown once:\n".utf8))
        print(token)
    }
}

struct TokenList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (never the tokens themselves).")
    @OptionGroup var store: TokenStoreOption
    @Option(name: .long, help: "Output: table or json.")
    var format: ReportFormat = .table

    func run() throws {
        let tokens = try openStore(store.db).tokens()
        if format == .json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(tokens), as: UTF8.self))
            return
        }
        print(["ID", "NAME", "ROLE", "PREFIX", "CREATED", "BY", "LAST USED", "REVOKED"].joined(separator: "\t"))
        for t in tokens {
            print([String(t.id), t.name, t.role, t.prefix + "…", t.createdAt, t.createdBy, t.lastUsedAt ?? "-", t.revokedAt ?? "-"].joined(separator: "\t"))
        }
    }
}

struct TokenRevoke: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token (its console sessions end too).")
    @OptionGroup var store: TokenStoreOption
    @Argument(help: "The token's id (vigil token list).")
    var id: Int64

    func run() throws {
        guard try openStore(store.db).revokeToken(id: id, by: "cli:\(NSUserName())", at: Date()) else {
            fail("no unrevoked token \(id)")
            throw ExitCodes.noInput
        }
        FileHandle.standardError.write(Data("vigil: token \(id) revoked\n".utf8))
    }
}

struct UserSet: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Create or reset a local console user; the password is read from the first line of standard input.")
    @OptionGroup var store: TokenStoreOption
    @Argument(help: "The user name.")
    var name: String
    @Option(name: .long, help: "viewer, analyst or admin.")
    var role: String = "viewer"

    func validate() throws {
        guard ConsoleRole(rawValue: role) != nil else { throw ValidationError("--role '\(role)': expected viewer, analyst or admin") }
    }

    func run() throws {
        guard let password = readLine(strippingNewline: true), password.count >= 12 else {
            fail("give the password (at least 12 characters) on the first line of standard input")
            throw ExitCode.validationFailure
        }
        try Authenticator(store: try openStore(store.db)).saveUser(name: name, password: password, role: ConsoleRole(rawValue: role)!,
                                                                   by: "cli:\(NSUserName())")
        FileHandle.standardError.write(Data("vigil: user \(name) (\(role)) saved\n".utf8))
    }
}
