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
}
