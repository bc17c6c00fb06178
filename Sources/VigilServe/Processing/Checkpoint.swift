import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How far processing has come, replaced atomically (written aside, synced, renamed) after each
/// batch: the next segment to process, the event-time watermark, and how much of the seen-record
/// log belongs to processed batches.
struct Checkpoint: Codable, Equatable {
    /// The next spool segment to process.
    var next: UInt64 = 1
    /// The newest event time processed (ms since the epoch).
    var watermark: Int64?
    /// Bytes of the seen-record hash log that belong to processed batches.
    var seenBytes: Int64 = 0

    static func load(_ path: String) throws -> Checkpoint {
        guard let data = FileManager.default.contents(atPath: path) else { return Checkpoint() }
        return try JSONDecoder().decode(Checkpoint.self, from: data)
    }

    func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        try DurableFile.replace(path, with: try encoder.encode(self))
    }
}

/// Files replaced whole and durably: written to a temporary name, synced, renamed over the
/// target, and the folder synced, so a crash leaves either the old file or the new one.
enum DurableFile {
    static func replace(_ path: String, with data: Data) throws {
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ServeError.io("open \(tmp): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        try data.withUnsafeBytes { raw in
            var at = 0
            while at < raw.count {
                let n = write(fd, raw.baseAddress! + at, raw.count - at)
                if n < 0 { if errno == EINTR { continue }; throw ServeError.io("write \(tmp): \(String(cString: strerror(errno)))") }
                at += n
            }
        }
        guard fsync(fd) == 0 else { throw ServeError.io("fsync \(tmp): \(String(cString: strerror(errno)))") }
        guard rename(tmp, path) == 0 else { throw ServeError.io("rename \(tmp): \(String(cString: strerror(errno)))") }
        Spool.syncDirectory((path as NSString).deletingLastPathComponent)
    }
}

/// Errors of the service's own files.
public enum ServeError: Error, CustomStringConvertible {
    /// A file operation failed.
    case io(String)
    /// The configuration cannot be served (no `serve:` section, a listener that cannot bind…).
    case setup(String)

    /// For logs.
    public var description: String {
        switch self {
        case .io(let s): "I/O: \(s)"
        case .setup(let s): s
        }
    }
}
