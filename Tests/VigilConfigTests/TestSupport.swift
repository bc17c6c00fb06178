import Foundation
import Testing
import VigilConfig
import VigilCore

/// Path of a file in this target's `Fixtures/` folder.
func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
}

/// An RFC 3339 instant.
func at(_ text: String) -> Timestamp { Timestamp(iso8601: text)! }

/// The errors `yaml` is rejected with (none when it loads).
func errors(of yaml: String, file: String = "t.yaml") -> [ConfigError] {
    do {
        _ = try ConfigLoader.parse(yaml: yaml, file: file)
        return []
    } catch {
        return error.errors
    }
}

/// The one window a `change_windows:` list item (`- ` + `item`) describes.
func window(_ item: String) throws -> ChangeWindow {
    try #require(try ConfigLoader.parse(yaml: "change_windows:\n  - " + item, file: "t.yaml").changeWindows.first)
}
