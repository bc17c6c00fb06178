import Foundation
import Yams

/// Walks the composed YAML tree, building the context and collecting every problem with its
/// location and key path. A bad value is reported and left out; the walk goes on, so one load
/// reports everything that is wrong.
struct ConfigReader {
    /// One `key: value` pair of a mapping, with its key node (where key errors point) and path.
    struct Entry {
        let key: String
        let keyNode: Node
        let value: Node
        let path: String
    }

    /// The file named in errors.
    let file: String
    /// Problems found so far, in the order found.
    var errors: [ConfigError] = []
    /// Clocks by zone identifier, so windows in one zone share one offset table.
    var clocks: [String: WeekClock] = [:]

    init(file: String) { self.file = file }

    /// Records a problem at `node`.
    mutating func fail(_ node: Node, _ path: String, _ message: String) {
        let mark = node.mark
        errors.append(ConfigError(file: file, line: mark?.line ?? 0, column: mark?.column ?? 0, key: path,
                                  message: message))
    }

    /// The entries of a mapping. Keys outside `known` (when given) are reported, with the nearest
    /// known key as a suggestion, and skipped. nil (reported) when the node is not a mapping; a
    /// missing value (`key:` with nothing after it) is an empty mapping when `nullIsEmpty`.
    mutating func entries(_ node: Node, _ path: String, known: [String]?, nullIsEmpty: Bool = true) -> [Entry]? {
        if nullIsEmpty, node.isNull { return [] }
        guard case .mapping(let mapping) = node else {
            fail(node, path, "expected a mapping (key: value, …), found \(describe(node))")
            return nil
        }
        var out: [Entry] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                fail(keyNode, path, "expected a plain key, found \(describe(keyNode))")
                continue
            }
            let key = scalar.string
            if let known, !known.contains(key) {
                let hint = KeySuggestion.closest(to: key, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                fail(keyNode, join(path, key), "unknown key '\(key)'\(hint)")
                continue
            }
            out.append(Entry(key: key, keyNode: keyNode, value: value, path: join(path, key)))
        }
        return out
    }

    /// The items of a list with their paths; a missing value is an empty list; nil (reported)
    /// for anything else.
    mutating func items(_ node: Node, _ path: String) -> [(node: Node, path: String)]? {
        if node.isNull { return [] }
        guard case .sequence(let sequence) = node else {
            fail(node, path, "expected a list, found \(describe(node))")
            return nil
        }
        return sequence.enumerated().map { ($1, "\(path)[\($0)]") }
    }

    /// A single value's text; nil (reported) for a list, a mapping or a missing value.
    mutating func text(_ node: Node, _ path: String) -> String? {
        guard case .scalar(let scalar) = node, !node.isNull else {
            fail(node, path, "expected a single value, found \(describe(node))")
            return nil
        }
        return scalar.string
    }

    /// A list of single values.
    mutating func texts(_ node: Node, _ path: String) -> [String] {
        (items(node, path) ?? []).compactMap { text($0.node, $0.path) }
    }

    /// An IANA time zone by name, reported when Foundation's tz database does not know it.
    mutating func zone(_ node: Node, _ path: String) -> (name: String, zone: TimeZone)? {
        guard let name = text(node, path) else { return nil }
        guard let zone = TimeZone(identifier: name) else {
            fail(node, path, "'\(name)' is not an IANA time zone (e.g. UTC, Europe/London, America/New_York)")
            return nil
        }
        return (name, zone)
    }

    /// The clock for `zone`, built once per zone.
    mutating func clock(for zone: TimeZone) -> WeekClock {
        if let clock = clocks[zone.identifier] { return clock }
        let clock = WeekClock(timeZone: zone)
        clocks[zone.identifier] = clock
        return clock
    }

    /// How a node reads in an error message.
    func describe(_ node: Node) -> String {
        if node.isNull { return "nothing" }
        switch node {
        case .scalar(let s): return "the value '\(s.string)'"
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        }
    }

    /// `path.key`, or `key` at the top.
    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

extension Node {
    /// A plain `~`, `null` or empty value: YAML's "nothing here".
    var isNull: Bool {
        guard case .scalar(let s) = self, s.style == .plain || s.style == .any else { return false }
        return ["", "~", "null", "Null", "NULL"].contains(s.string)
    }
}
