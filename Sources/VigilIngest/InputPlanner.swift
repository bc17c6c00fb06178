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
            let base = path.hasSuffix("/") && path.count > 1 ? String(path.dropLast()) : path
            DirectoryWalker.walk(base, files: &found, ignored: &ignored, issues: &issues)
            files += found.sorted { $0.path < $1.path }
        }
        let units = files.flatMap(units(for:))
        // Largest first; split ranges keep their order among themselves.
        let order = units.enumerated().sorted { a, b in
            let sa = a.element.range.map { $0.upperBound - $0.lowerBound } ?? a.element.file.size
            let sb = b.element.range.map { $0.upperBound - $0.lowerBound } ?? b.element.file.size
            return sa != sb ? sa > sb : a.offset < b.offset
        }
        return Plan(units: order.map(\.element), files: files, issues: issues, ignored: ignored)
    }

    /// The units for one input: ranges for a large plain line-delimited file, else the whole file.
    public func units(for f: InputFile) -> [WorkUnit] {
        guard !f.isStandardInput, f.size > splitThreshold, Self.isSplittable(f.path) else { return [WorkUnit(file: f)] }
        var units: [WorkUnit] = []
        var start: Int64 = 0
        while start < f.size {
            let end = min(f.size, start + splitSize)
            units.append(WorkUnit(file: f, range: start..<end))
            start = end
        }
        return units
    }

    /// The first items of a scan's ``WorkQueue``: files and standard input as units, directories
    /// to be listed by the workers; paths that do not exist are issues.
    public func roots(_ paths: [String]) -> (items: [WorkQueue.Item], files: [InputFile], issues: [IngestIssue]) {
        var items: [WorkQueue.Item] = [], files: [InputFile] = [], issues: [IngestIssue] = []
        for path in paths {
            if path == "-" {
                let stdin = InputFile(path: "-", size: 0)
                files.append(stdin)
                items.append(.unit(WorkUnit(file: stdin)))
                continue
            }
            var st = stat()
            guard stat(path, &st) == 0 else {
                issues.append(IngestIssue(kind: .notFound, file: path, message: "no such file or directory"))
                continue
            }
            if st.st_mode & S_IFMT == S_IFDIR {
                items.append(.directory(path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path))
            } else {
                let f = InputFile(path: path, size: Int64(st.st_size))
                files.append(f)
                items += units(for: f).map { .unit($0) }
            }
        }
        return (items, files, issues)
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
    /// True when the (trimmed) line opens with `{` or `[` and ends with the matching closer — a
    /// whole JSON text on one line — or is not JSON-structured at all (then it is a line of its own
    /// to be reported). Constant time: it runs on every file, including 100 MB one-line files.
    public static func isComplete(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let first = line.first(where: { !isBlank($0) }) else { return true }
        var end = line.count
        while end > 0, isBlank(line[end - 1]) { end -= 1 }
        let last = line[end - 1]
        switch first {
        case 0x7B: return last == 0x7D
        case 0x5B: return last == 0x5D
        default: return true
        }
    }

    static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

}
