public import Foundation

/// Test fixtures shipped with the package (see Fixtures/SOURCE.md for provenance).
public enum Fixtures {
    /// The fixtures folder.
    public static var root: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures")
    }

    /// The path of a fixture, relative to the fixtures folder.
    public static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// A fixture's lines.
    public static func lines(_ relative: String) throws -> [String] {
        try String(contentsOfFile: path(relative), encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// A gzip file's bytes as gzip(1) decompresses them: an oracle independent of Vigil's readers.
    public static func gunzip(_ path: String) throws -> Data {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-dc", path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return data
    }

    /// Every CloudTrail file of the `s3tree` fixture (as AWS writes them to S3), decompressed.
    public static func s3TreeTexts() throws -> [String] {
        let tree = URL(fileURLWithPath: path("s3tree"))
        var texts: [String] = []
        for case let url as URL in FileManager.default.enumerator(at: tree, includingPropertiesForKeys: nil)! where url.path.hasSuffix(".json.gz") {
            texts.append(String(decoding: try gunzip(url.path), as: UTF8.self))
        }
        return texts
    }
}
