import Foundation

/// Fills in the line of a problem found in a range of a split file, by counting newlines up to
/// its offset. Done after the scan, for the few problems reported, never per record.
enum LineLocator {
    static func locate(_ p: Problem) -> Problem {
        guard p.line == nil, let offset = p.offset, offset >= 0, p.file != "-" else { return p }
        guard let handle = FileHandle(forReadingAtPath: p.file) else { return p }
        defer { try? handle.close() }
        // Only plain files are split; a gzip file's offsets are in its decompressed stream.
        guard let head = try? handle.read(upToCount: 2), head.count == 2, !(head[0] == 0x1f && head[1] == 0x8b) else { return p }
        try? handle.seek(toOffset: 0)
        var line = 1, read: Int64 = 0
        while read < offset {
            let want = Int(min(Int64(1 << 20), offset - read))
            guard let chunk = try? handle.read(upToCount: want), !chunk.isEmpty else { return p }
            line += chunk.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
            read += Int64(chunk.count)
        }
        var out = p
        out.line = line
        return out
    }
}
