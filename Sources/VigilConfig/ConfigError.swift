/// One problem in a configuration file, located.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based line and column.
    public var line: Int
    public var column: Int
    /// The key's path, such as `change_windows[1].weekly[0].start`.
    public var key: String
    public var message: String

    /// Creates an error.
    public init(file: String, line: Int, column: Int, key: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    public var description: String {
        "\(file):\(line):\(column): \(key.isEmpty ? "" : key + ": ")\(message)"
    }
}

/// Every problem found in a configuration file: loading reports all of them, not the first.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [ConfigError]

    /// Wraps errors.
    public init(_ errors: [ConfigError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
