import Foundation

/// JSON for `--format json`: pretty-printed, keys sorted, slashes not escaped.
public enum ReportJSON {
    /// The JSON text of `value`, ending in a newline.
    public static func text(_ value: some Encodable) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(value), as: UTF8.self) + "\n"
    }
}
