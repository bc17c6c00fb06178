/// Why a bundle could not be imported, located in its file.
public enum BundleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadable(file: String, reason: String)
    /// The gzip data is corrupt or truncated.
    case badCompression(file: String, reason: String)
    /// The text is not JSON.
    case syntax(file: String, JSONSyntaxError)
    /// The JSON is not a STIX bundle (no `objects` array, no `x-mitre-collection`…).
    case notABundle(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let file, let reason): "\(file): cannot read: \(reason)"
        case .badCompression(let file, let reason): "\(file): bad gzip data: \(reason)"
        case .syntax(let file, let e): "\(file): invalid JSON: \(e)"
        case .notABundle(let file, let reason): "\(file): not an ATT&CK STIX bundle: \(reason)"
        }
    }
}

/// An object the importer skipped (it lacks `id` or `type`), with its place in the bundle.
public struct BundleProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The bundle file.
    public var file: String
    /// The object's index in `objects`.
    public var index: Int
    /// The byte offset of the object in the (decompressed) bundle text.
    public var offset: Int
    /// What was wrong.
    public var reason: String

    public var description: String { "\(file): object \(index) at byte \(offset): \(reason)" }

    /// A problem.
    public init(file: String, index: Int, offset: Int, reason: String) {
        self.file = file
        self.index = index
        self.offset = offset
        self.reason = reason
    }
}
