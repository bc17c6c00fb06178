import Foundation
import Yams

/// Loads the organisation's context from YAML. The whole document is walked and every problem
/// is collected, with file, line, column and key path, before anything is returned: a config
/// with five mistakes reports five errors.
public enum ConfigLoader {
    /// Reads and validates the file at `path`. A missing or unreadable file is one error
    /// without a line.
    public static func load(path: String) throws(ConfigErrors) -> OrgContext {
        func unreadable(_ why: String) -> ConfigErrors {
            ConfigErrors([ConfigError(file: path, line: 0, column: 0, key: "", message: why)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw unreadable("no such file")
        }
        if isDirectory.boolValue { throw unreadable("is a directory, not a configuration file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw unreadable("cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else { throw unreadable("is not UTF-8 text") }
        return try parse(yaml: text, file: path)
    }

    /// Validates YAML text; `file` names it in errors.
    public static func parse(yaml: String, file: String) throws(ConfigErrors) -> OrgContext {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigErrors([syntaxError(error, yaml: yaml, file: file)])
        }
        var reader = ConfigReader(file: file)
        let context = reader.read(root)
        guard reader.errors.isEmpty else {
            // File order; errors at the same place keep the order they were found in.
            throw ConfigErrors(reader.errors.enumerated()
                .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
                .map(\.element))
        }
        return context
    }

    /// A YAML syntax error, located where Yams (libyaml) found it.
    static func syntaxError(_ error: any Error, yaml: String, file: String) -> ConfigError {
        func located(_ mark: (line: Int, column: Int), _ message: String) -> ConfigError {
            ConfigError(file: file, line: mark.line, column: mark.column, key: "", message: message)
        }
        guard let error = error as? YamlError else {
            return ConfigError(file: file, line: 0, column: 0, key: "", message: "YAML: \(error)")
        }
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let during = context.map { " (\($0.text) at line \($0.mark.line), column \($0.mark.column))" } ?? ""
            return located((mark.line, mark.column), "YAML syntax: \(problem)\(during)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return located((context.mark.line, context.mark.column),
                           "YAML: key \(keys) appears more than once in one mapping (first here; a key may appear once)")
        case .reader(let problem, let offset, _, _):
            return located(offset.map { position(ofUTF8Offset: $0, in: yaml) } ?? (0, 0), "YAML: \(problem)")
        default:
            return ConfigError(file: file, line: 0, column: 0, key: "", message: "YAML: \(error)")
        }
    }

    /// 1-based line and column (in Unicode scalars) of a byte offset.
    static func position(ofUTF8Offset offset: Int, in text: String) -> (line: Int, column: Int) {
        var line = 1, column = 1, seen = 0
        for scalar in text.unicodeScalars {
            if seen >= offset { break }
            seen += scalar.utf8.count
            if scalar == "\n" { line += 1; column = 1 } else { column += 1 }
        }
        return (line, column)
    }
}
