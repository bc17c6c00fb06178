/// Something wrong with an input, located: the scan reports it, counts it, and goes on.
public struct IngestIssue: Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: String, Sendable, Hashable {
        case unreadable = "unreadable"
        case notFound = "not-found"
        case truncatedGzip = "truncated-gzip"
        case corruptGzip = "corrupt-gzip"
        case textTooLarge = "text-too-large"
        case notJSON = "not-json"
    }

    /// The kind.
    public var kind: Kind
    /// The file (`-` for standard input).
    public var file: String
    /// Byte offset in the (decompressed) stream, when known.
    public var offset: Int64?
    /// 1-based line, when known.
    public var line: Int?
    /// A sentence for a human.
    public var message: String

    /// Creates an issue.
    public init(kind: Kind, file: String, offset: Int64? = nil, line: Int? = nil, message: String) {
        self.kind = kind
        self.file = file
        self.offset = offset
        self.line = line
        self.message = message
    }

    public var description: String {
        var loc = file
        if let line { loc += ":\(line)" }
        if let offset { loc += " (byte \(offset))" }
        return "\(loc): \(message)"
    }
}
