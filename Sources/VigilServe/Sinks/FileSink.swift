import Foundation
import VigilCore
import VigilOutput
#if canImport(Glibc)
import Glibc
#endif

/// Alerts appended to a file, one JSON line each (Vigil's shape or an OCSF Detection Finding),
/// synced after each batch, and rotated (`path.1` … `path.N`) when it passes its size. Before each
/// batch the file's size is noted; a batch cut short by a crash is cut off and written again, so
/// the file holds each alert once.
final class FileSink: AlertSink, @unchecked Sendable {
    let name: String
    let path: String
    let ocsf: Bool
    let maxBytes: Int64
    let keep: Int
    let productVersion: String
    private var intentPath: String { path + ".batch" }

    init(name: String, path: String, ocsf: Bool, maxBytes: Int64, keep: Int, productVersion: String) throws {
        self.name = name
        self.path = path
        self.ocsf = ocsf
        self.maxBytes = maxBytes
        self.keep = keep
        self.productVersion = productVersion
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        if !FileManager.default.fileExists(atPath: path) { try Self.create(path) }
    }

    /// Creates an empty file at `path`, or says why it cannot.
    private static func create(_ path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw ServeError.io("cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }

    func resume(after batch: UInt64) throws {
        // A note for a batch after the cursor: that batch was cut short; cut its lines off.
        guard let note = FileManager.default.contents(atPath: intentPath) else { return }
        let parts = String(decoding: note, as: UTF8.self).split(separator: " ")
        guard parts.count == 2, let b = UInt64(parts[0]), let size = Int64(parts[1]), b > batch else { return }
        if Spool.fileSize(path) > size { _ = truncate(path, off_t(size)) }
    }

    func begin(_ batch: UInt64) throws {
        if Spool.fileSize(path) >= maxBytes { try rotate() }
        try DurableFile.replace(intentPath, with: Data("\(batch) \(Spool.fileSize(path))".utf8))
    }

    private func rotate() throws {
        let fm = FileManager.default
        try? fm.removeItem(atPath: "\(path).\(keep)")
        if keep > 1 {
            for i in stride(from: keep - 1, through: 1, by: -1) where fm.fileExists(atPath: "\(path).\(i)") {
                try? fm.moveItem(atPath: "\(path).\(i)", toPath: "\(path).\(i + 1)")
            }
        }
        try? fm.moveItem(atPath: path, toPath: "\(path).1")
        try Self.create(path)
    }

    func deliver(_ batch: OutboxBatch) async throws {
        var text = ""
        for e in batch.entries {
            text += ocsf ? OCSFDetectionFinding.line(e.alert, productVersion: productVersion) : JSONLines.line(e.alert)
            text += "\n"
        }
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ServeError.io("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        let bytes = Array(text.utf8)
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        guard n == bytes.count, fsync(fd) == 0 else { throw ServeError.io("write \(path): \(String(cString: strerror(errno)))") }
    }
}
