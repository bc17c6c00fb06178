import Foundation
import Testing
import VigilStore
import VigilTestSupport

/// `vigil token` and `vigil console` through the built binary.
@Suite struct CommandTests {
    @Test func tokensAreShownOnceAndStoredAsHashes() throws {
        let dir = TemporaryDirectory()
        let db = dir.path + "/vigil.db"
        _ = try VigilStore(path: db)
        let created = try VigilBinary.run(["token", "create", "--db", db, "--name", "ci", "--role", "analyst"])
        #expect(created.status == 0, "\(created.stderr)")
        let token = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(token.hasPrefix("vgl_") && token.count == 47)
        let list = try VigilBinary.run(["token", "list", "--db", db, "--format", "json"])
        #expect(list.status == 0)
        #expect(!list.stdout.contains(token))
        #expect(list.stdout.contains(String(token.prefix(12))))
        #expect(list.stdout.contains("\"role\":\"analyst\""))
        // Neither the database nor its write-ahead log holds the token.
        for f in [db, db + "-wal"] where FileManager.default.fileExists(atPath: f) {
            #expect(!(try String(contentsOfFile: f, encoding: .isoLatin1)).contains(token))
        }
        #expect(try VigilBinary.run(["token", "revoke", "--db", db, "1"]).status == 0)
        #expect(try VigilBinary.run(["token", "revoke", "--db", db, "1"]).status == 66)
        #expect(try VigilBinary.run(["token", "create", "--db", db, "--name", "x", "--role", "root"]).status == 64)
        #expect(try VigilBinary.run(["token", "list", "--db", dir.path + "/none.db"]).status == 66)
    }

    @Test func consoleUsage() throws {
        let dir = TemporaryDirectory()
        #expect(try VigilBinary.run(["console", "--db", dir.path + "/none.db"]).status == 66)
        let db = dir.path + "/vigil.db"
        _ = try VigilStore(path: db)
        #expect(try VigilBinary.run(["console", "--db", db, "--listen", "nonsense"]).status == 64)
        let bad = try dir.write("bad.yaml", "change_windows: 3\n")
        #expect(try VigilBinary.run(["console", "--db", db, "--config", bad]).status == 78)
    }
}
