/// Every problem found in a configuration file, in file order: loading reports all of them,
/// not only the first.
public struct ConfigErrors: Error, Sendable, CustomStringConvertible {
    /// The problems, sorted by line and column.
    public var errors: [ConfigError]

    /// Wraps errors.
    public init(_ errors: [ConfigError]) { self.errors = errors }

    /// One error per line.
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
