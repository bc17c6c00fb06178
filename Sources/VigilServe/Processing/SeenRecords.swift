import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Hashes of the most recent records processed, so that a record sent again (a client that
/// reconnects and resends what it cannot know was accepted, after a crash of either side) is
/// processed once. Kept as an append-only log of 8-byte hashes; the checkpoint says how much of
/// it belongs to processed batches, so the hashes of a batch cut short by a crash are dropped.
final class SeenRecords {
    let path: String
    let capacity: Int
    private var set: Set<UInt64> = []
    private var order: [UInt64] = []
    private var head = 0
    private(set) var bytes: Int64 = 0

    /// Loads the log, cut to `validBytes`, keeping the newest `capacity` hashes.
    init(path: String, validBytes: Int64, capacity: Int) throws {
        self.path = path
        self.capacity = capacity
        if FileManager.default.fileExists(atPath: path) {
            guard truncate(path, off_t(validBytes)) == 0 else { throw ServeError.io("truncate \(path): \(String(cString: strerror(errno)))") }
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let count = data.count / 8
            data.withUnsafeBytes { raw in
                for i in max(0, count - capacity)..<count { remember(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))) }
            }
            bytes = Int64(count * 8)
            // Keep the log bounded: rewritten with the newest hashes once it holds many more.
            if count > capacity * 2 {
                var out = Data(capacity: order.count * 8)
                for h in orderedHashes() { withUnsafeBytes(of: h.littleEndian) { out.append(contentsOf: $0) } }
                try DurableFile.replace(path, with: out)
                bytes = Int64(out.count)
            }
        } else if !FileManager.default.createFile(atPath: path, contents: nil) {
            throw ServeError.io("cannot create \(path): \(String(cString: strerror(errno)))")
        }
    }

    private func orderedHashes() -> [UInt64] {
        order.count < capacity ? order : Array(order[head...] + order[..<head])
    }

    private func remember(_ h: UInt64) {
        guard set.insert(h).inserted else { return }
        if order.count < capacity {
            order.append(h)
        } else {
            set.remove(order[head])
            order[head] = h
            head = (head + 1) % capacity
        }
    }

    /// Whether `h` was processed (or noted in this batch).
    func contains(_ h: UInt64) -> Bool { set.contains(h) }

    /// Notes a batch's new hashes, appended to the log and synced.
    func note(_ hashes: [UInt64]) throws {
        guard !hashes.isEmpty else { return }
        for h in hashes { remember(h) }
        var out = [UInt8]()
        out.reserveCapacity(hashes.count * 8)
        for h in hashes { withUnsafeBytes(of: h.littleEndian) { out.append(contentsOf: $0) } }
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw ServeError.io("open \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        // Anything past the checkpoint's length is from a batch that did not finish.
        _ = ftruncate(fd, off_t(bytes))
        let n = out.withUnsafeBytes { write(fd, $0.baseAddress!, $0.count) }
        guard n == out.count, fdatasync(fd) == 0 else { throw ServeError.io("write \(path): \(String(cString: strerror(errno)))") }
        bytes += Int64(out.count)
    }

    /// FNV-1a, 64 bits, of a record's bytes.
    static func hash(_ bytes: some Collection<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
