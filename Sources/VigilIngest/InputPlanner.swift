import Foundation

/// Turns the paths a user gave into work: files found (directories walked recursively, in a
/// stable order) and large plain line-delimited files split so that every core has work.
public struct InputPlanner: Sendable {
    /// Plain files larger than this are split into ranges of ``splitSize`` bytes.
    public var splitThreshold: Int64 = 64 << 20
    /// Size of each range of a split file.
    public var splitSize: Int64 = 32 << 20

    /// A planner with default sizes.
    public init() {}

    /// What the planner found.
    public struct Plan: Sendable {
        /// Work, largest first (so that the longest unit does not start last).
        public var units: [WorkUnit]
        /// Every input found.
        public var files: [InputFile]
        /// Paths that could not be used.
        public var issues: [IngestIssue]
        /// Hidden files and non-regular files passed over while walking directories.
        public var ignored: Int
    }

    /// Finds the inputs under `paths` (`-` is standard input).
    public func plan(_ paths: [String]) -> Plan {
        var files: [InputFile] = [], issues: [IngestIssue] = [], ignored = 0
        let fm = FileManager.default
        for path in paths {
            if path == "-" { files.append(InputFile(path: "-", size: 0)); continue }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                issues.append(IngestIssue(kind: .notFound, file: path, message: "no such file or directory"))
                continue
            }
            if !isDir.boolValue {
                files.append(InputFile(path: path, size: Self.size(of: path)))
                continue
            }
            var found: [InputFile] = []
            let base = URL(fileURLWithPath: path)
            guard let walker = fm.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey, .fileSizeKey],
                                             options: [.skipsHiddenFiles]) else {
                issues.append(IngestIssue(kind: .unreadable, file: path, message: "cannot read directory"))
                continue
            }
            for case let url as URL in walker {
                let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey, .isDirectoryKey])
                if values?.isDirectory == true { continue }
                guard values?.isRegularFile == true else { ignored += 1; continue }
                let rel = String(url.path.dropFirst(base.path.count))
                let shown = path.hasSuffix("/") ? path + rel.drop(while: { $0 == "/" }) : path + rel
                found.append(InputFile(path: shown, size: Int64(values?.fileSize ?? 0)))
            }
            files += found.sorted { $0.path < $1.path }
        }
        var units: [WorkUnit] = []
        for f in files {
            if !f.isStandardInput, f.size > splitThreshold, Self.isSplittable(f.path) {
                var start: Int64 = 0
                while start < f.size {
                    let end = min(f.size, start + splitSize)
                    units.append(WorkUnit(file: f, range: start..<end))
                    start = end
                }
            } else {
                units.append(WorkUnit(file: f))
            }
        }
        // Largest first; split ranges keep their order among themselves.
        let order = units.enumerated().sorted { a, b in
            let sa = a.element.range.map { $0.upperBound - $0.lowerBound } ?? a.element.file.size
            let sb = b.element.range.map { $0.upperBound - $0.lowerBound } ?? b.element.file.size
            return sa != sb ? sa > sb : a.offset < b.offset
        }
        return Plan(units: order.map(\.element), files: files, issues: issues, ignored: ignored)
    }

    static func size(of path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : 0
    }

    /// A plain (not compressed) file whose first line is a complete JSON text can be read in
    /// ranges; anything else is read whole by one worker.
    static func isSplittable(_ path: String) -> Bool {
        guard let fd = Optional(open(path, O_RDONLY)), fd >= 0 else { return false }
        defer { close(fd) }
        var head = [UInt8](repeating: 0, count: 1 << 16)
        let n = head.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard n > 2, !(head[0] == 0x1f && head[1] == 0x8b) else { return false }
        guard let nl = head[0..<n].firstIndex(of: 0x0A) else { return false }
        return head.withUnsafeBytes { FirstLine.isComplete(UnsafeRawBufferPointer(rebasing: $0[0..<nl])) }
    }
}

/// Decides whether a file's first line is a whole JSON text (line-delimited) or the start of a
/// pretty-printed document (read whole).
public enum FirstLine {
    /// True when the line opens with `{` or `[` and its brackets balance by its end
    /// (string-aware); a blank line counts as complete.
    public static func isComplete(_ line: UnsafeRawBufferPointer) -> Bool {
        var depth = 0, inString = false, escaped = false, opened = false
        for b in line {
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
                continue
            }
            switch b {
            case 0x22: inString = true
            case 0x7B, 0x5B: depth += 1; opened = true
            case 0x7D, 0x5D: depth -= 1
            default: break
            }
        }
        return !opened || depth <= 0
    }
}
