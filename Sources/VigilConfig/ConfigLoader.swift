import Foundation
import VigilCore
import Yams

/// Loads the organisation's context from YAML. The whole document is walked and every problem
/// is collected with its line, column and key before anything is returned.
public enum ConfigLoader {
    /// Reads and validates the file at `path`.
    public static func load(path: String) throws(ConfigErrors) -> OrgContext {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigErrors([ConfigError(file: path, line: 0, column: 0, key: "", message: "cannot read the file")])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigErrors([ConfigError(file: path, line: 0, column: 0, key: "", message: "not UTF-8 text")])
        }
        return try parse(yaml: text, file: path)
    }

    /// Validates YAML text; `file` names it in errors.
    public static func parse(yaml: String, file: String) throws(ConfigErrors) -> OrgContext {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let error as YamlError {
            throw ConfigErrors([syntaxError(error, file: file)])
        } catch {
            throw ConfigErrors([ConfigError(file: file, line: 0, column: 0, key: "", message: "\(error)")])
        }
        var reader = ConfigReader(file: file)
        let context = reader.read(root)
        if !reader.errors.isEmpty { throw ConfigErrors(reader.errors.sorted { ($0.line, $0.column) < ($1.line, $1.column) }) }
        return context
    }

    static func syntaxError(_ error: YamlError, file: String) -> ConfigError {
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
            return ConfigError(file: file, line: mark.line, column: mark.column, key: "", message: "YAML syntax: \(problem)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            return ConfigError(file: file, line: context.mark.line, column: context.mark.column, key: "",
                               message: "duplicated keys: \(duplicates.joined(separator: ", "))")
        default:
            return ConfigError(file: file, line: 0, column: 0, key: "", message: "YAML: \(error)")
        }
    }
}
