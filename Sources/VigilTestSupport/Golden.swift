import Foundation

/// Golden files: expected output kept in the repository. They are rewritten only when the
/// environment says `VIGIL_UPDATE_GOLDEN=1` (see README), and their diffs are reviewed.
public enum Golden {
    /// Whether this run rewrites golden files instead of comparing.
    public static var updating: Bool { ProcessInfo.processInfo.environment["VIGIL_UPDATE_GOLDEN"] == "1" }

    /// Compares `actual` with the golden file at `path`; when updating, writes it and returns nil.
    /// Returns a description of the first difference, or nil when they match.
    public static func check(_ actual: String, against path: String) -> String? {
        if updating {
            try? FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try? actual.write(toFile: path, atomically: true, encoding: .utf8)
            return nil
        }
        guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
            return "golden file \(path) is missing: run VIGIL_UPDATE_GOLDEN=1 swift test --filter Golden and review it"
        }
        if expected == actual { return nil }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(e.count, a.count) where (i < e.count ? e[i] : nil) != (i < a.count ? a[i] : nil) {
            return "line \(i + 1) differs:\n  expected: \(i < e.count ? String(e[i]) : "<none>")\n  actual:   \(i < a.count ? String(a[i]) : "<none>")"
        }
        return "outputs differ"
    }

    /// The package's root folder (found from this source file), for golden paths.
    public static func packageRoot(file: StaticString = #filePath) -> String {
        var url = URL(fileURLWithPath: "\(file)")
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
        }
        return FileManager.default.currentDirectoryPath
    }
}
