/// One input to read: a file, or standard input.
public struct InputFile: Sendable, Hashable {
    /// The path as given or found; `-` for standard input.
    public var path: String
    /// Size on disk in bytes (0 for standard input).
    public var size: Int64

    /// Creates an input.
    public init(path: String, size: Int64) {
        self.path = path
        self.size = size
    }

    /// Whether this is standard input.
    public var isStandardInput: Bool { path == "-" }
}

/// A piece of work for one worker: a whole input, or a byte range of a large plain file whose
/// records are one per line (the range's first line is the first that starts inside it).
public struct WorkUnit: Sendable {
    /// The input.
    public var file: InputFile
    /// The bytes to read; nil for the whole input.
    public var range: Range<Int64>?

    /// Creates a unit.
    public init(file: InputFile, range: Range<Int64>? = nil) {
        self.file = file
        self.range = range
    }
}
