public import Foundation

/// A directory under the system's temporary folder, removed when the value goes away.
public final class TemporaryDirectory {
    /// Its path.
    public let path: String

    /// Creates an empty directory.
    public init(_ label: String = "vigil-test") {
        path = NSTemporaryDirectory() + "/\(label)-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    /// Writes `data` to `name` (creating folders) and returns the file's path.
    @discardableResult
    public func write(_ name: String, _ data: Data) throws -> String {
        let full = path + "/" + name
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try data.write(to: URL(fileURLWithPath: full))
        return full
    }

    /// Writes text.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        try write(name, Data(text.utf8))
    }
}
