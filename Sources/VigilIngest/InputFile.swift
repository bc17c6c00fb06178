/// One input to read: a file, or standard input.
public struct InputFile: Sendable, Hashable {
    public static func == (a: InputFile, b: InputFile) -> Bool { a.path == b.path && a.size == b.size }
    public func hash(into h: inout Hasher) { h.combine(path) }

    /// The path as given or found; `-` for standard input.
    public var path: String
    /// Size on disk in bytes (0 for standard input); -1 when not looked up (gzip files found in a
    /// directory: they are never split, and the reader asks the open file).
    public var size: Int64
    /// The open directory the file was found in, and its name there: opening it relative to the
    /// directory resolves one path component instead of the whole path (per-file opens dominate
    /// scans of large S3 trees).
    public var directory: DirectoryHandle?
    public var name: String?

    /// Creates an input.
    public init(path: String, size: Int64, directory: DirectoryHandle? = nil, name: String? = nil) {
        self.path = path
        self.size = size
        self.directory = directory
        self.name = name
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

/// An open directory, closed when the last file found in it is done with.
public final class DirectoryHandle: Sendable {
    /// The descriptor.
    public let fd: Int32
    init(fd: Int32) { self.fd = fd }
    deinit { close(fd) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
