/// One problem in a configuration file, with where it is and which key it concerns.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, as given to the loader.
    public var file: String
    /// 1-based line; 0 when the problem concerns the whole file (it cannot be read).
    public var line: Int
    /// 1-based column (in Unicode scalars); 0 when `line` is.
    public var column: Int
    /// Dotted key path, such as `change_windows[1].weekly[0].start`; empty for the whole document.
    public var key: String
    /// What is wrong, and what would be right.
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int, column: Int, key: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `vigil.yaml:12:9: change_windows[1].weekly[0].start: '25:00' is not a time (HH:MM)`, the
    /// form compilers use, so editors can jump to it; without line and column for whole-file problems.
    public var description: String {
        let place = line > 0 ? "\(file):\(line):\(column)" : file
        return "\(place): \(key.isEmpty ? "" : key + ": ")\(message)"
    }
}
