import Foundation
import VigilCore
import Yams

extension ConfigReader {
    /// The `change_windows` list; names must be unique (alerts cite them).
    mutating func changeWindows(_ node: Node, _ path: String, defaultZone: TimeZone) -> [ChangeWindow] {
        var out: [ChangeWindow] = []
        var firstUse: [String: (path: String, line: Int)] = [:]
        for item in items(node, path) ?? [] {
            guard let (window, nameNode) = changeWindow(item.node, item.path, defaultZone: defaultZone) else { continue }
            if let first = firstUse[window.name] {
                fail(nameNode, item.path + ".name", "duplicate window name '\(window.name)' (already \(first.path), line \(first.line))")
            } else {
                firstUse[window.name] = (item.path, nameNode.mark?.line ?? 0)
            }
            out.append(window)
        }
        return out
    }

    /// One window, and the node of its name (for duplicate-name errors).
    mutating func changeWindow(_ node: Node, _ path: String, defaultZone: TimeZone) -> (ChangeWindow, Node)? {
        guard let fields = entries(node, path, known: ConfigSchema.window, nullIsEmpty: false) else { return nil }
        // The zone first: local one-off times are read in it.
        var timeZone = defaultZone
        if let entry = fields.first(where: { $0.key == "timezone" }), let (_, zone) = zone(entry.value, entry.path) {
            timeZone = zone
        }
        let clock = clock(for: timeZone)
        var name: (text: String, node: Node)?
        var scope = WindowScope(), weekly: [WeeklySlot] = [], once: [OneOffWindow] = []
        // Slots and one-off windows written, valid or not; a list of the wrong type is its own error.
        var written = 0, malformed = false
        for entry in fields {
            switch entry.key {
            case "name":
                guard let text = text(entry.value, entry.path) else { continue }
                if text.isEmpty { fail(entry.value, entry.path, "a window name cannot be empty") }
                name = (text, entry.value)
            case "scope":
                scope = windowScope(entry.value, entry.path)
            case "weekly":
                guard let slots = items(entry.value, entry.path) else { malformed = true; continue }
                written += slots.count
                weekly = slots.compactMap { weeklySlot($0.node, $0.path) }
            case "once":
                guard let windows = items(entry.value, entry.path) else { malformed = true; continue }
                written += windows.count
                once += windows.compactMap { oneOff($0.node, $0.path, calendar: clock.calendar) }
            case "tickets":
                written += 1
                once += tickets(entry.value, entry.path, calendar: clock.calendar)
            default:
                break  // `timezone`, read above
            }
        }
        if !fields.contains(where: { $0.key == "name" }) { fail(node, path, "a change window needs a name") }
        if written == 0, !malformed {
            fail(node, path, "a change window needs 'weekly' slots or 'once' windows (this one is never open)")
        }
        guard let name else { return nil }
        return (ChangeWindow(name: name.text, scope: scope, clock: clock, weekly: weekly, once: once), name.node)
    }

    /// A window's `scope`: each dimension `"*"` or a list; `tags` a mapping.
    mutating func windowScope(_ node: Node, _ path: String) -> WindowScope {
        var scope = WindowScope()
        for entry in entries(node, path, known: ConfigSchema.scope) ?? [] {
            if entry.key == "tags" {
                for tag in entries(entry.value, entry.path, known: nil) ?? [] {
                    if let value = text(tag.value, tag.path) { scope.tags[tag.key] = value }
                }
                continue
            }
            guard let match = match(entry.value, entry.path) else { continue }
            switch entry.key {
            case "principals": scope.principals = match
            case "accounts": scope.accounts = match
            case "regions": scope.regions = match
            case "sites": scope.sites = match
            default: scope.devices = match
            }
        }
        return scope
    }

    /// One scope dimension: `"*"` or a non-empty list.
    mutating func match(_ node: Node, _ path: String) -> WindowScope.Match? {
        guard case .sequence(let values) = node else {
            if case .scalar(let s) = node, s.string == "*" { return .anyValue }
            fail(node, path, "expected a list or \"*\", found \(describe(node))")
            return nil
        }
        if values.isEmpty {
            fail(node, path, "an empty list matches nothing: leave the key out, or write \"*\"")
            return nil
        }
        return .oneOf(Set(texts(node, path)))
    }

    /// A weekly slot: `{ days: [Mon, …], start: "HH:MM", end: "HH:MM" }`.
    mutating func weeklySlot(_ node: Node, _ path: String) -> WeeklySlot? {
        guard let fields = entries(node, path, known: ConfigSchema.slot, nullIsEmpty: false) else { return nil }
        var days: [Weekday] = [], start: Int?, end: Int?, endNode: Node?, valid = true
        for entry in fields {
            if entry.key == "days" {
                guard let list = items(entry.value, entry.path) else { valid = false; continue }
                if list.isEmpty { fail(entry.value, entry.path, "a slot needs at least one day"); valid = false }
                for item in list {
                    guard let text = text(item.node, item.path) else { valid = false; continue }
                    guard let day = Weekday(name: text) else {
                        fail(item.node, item.path, "'\(text)' is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun, or full names)")
                        valid = false
                        continue
                    }
                    days.append(day)
                }
                continue
            }
            let isEnd = entry.key == "end"
            guard let text = text(entry.value, entry.path) else { valid = false; continue }
            guard let minutes = WeeklySlot.minutes(text, isEnd: isEnd) else {
                fail(entry.value, entry.path, text == "24:00" ? "'24:00' can only end a slot (a day starts at 00:00)"
                                                              : "'\(text)' is not a time (HH:MM)")
                valid = false
                continue
            }
            if isEnd { end = minutes; endNode = entry.value } else { start = minutes }
        }
        for key in ConfigSchema.slot where !fields.contains(where: { $0.key == key }) {
            fail(node, path, "a slot needs '\(key)'")
            valid = false
        }
        guard valid, let start, let end, let endNode else { return nil }
        if start == end {
            fail(endNode, path + ".end", "end is the same time as start, so the slot is never open (for a whole day write 00:00 to 24:00)")
            return nil
        }
        return WeeklySlot(days: days, start: start, end: end)
    }

    /// A one-off window: `{ start, end, ticket }`; `end` must be after `start`.
    mutating func oneOff(_ node: Node, _ path: String, calendar: Calendar) -> OneOffWindow? {
        guard let fields = entries(node, path, known: ConfigSchema.oneOff, nullIsEmpty: false) else { return nil }
        var start: Timestamp?, end: (time: Timestamp, node: Node)?, ticket: String?, valid = true
        for entry in fields {
            guard let text = text(entry.value, entry.path) else { valid = false; continue }
            if entry.key == "ticket" { ticket = text; continue }
            guard let instant = InstantText.parse(text, calendar: calendar) else {
                fail(entry.value, entry.path,
                     "'\(text)' is not a time (RFC 3339 such as 2026-03-10T22:00:00Z, or 'YYYY-MM-DD HH:MM' in the window's zone)")
                valid = false
                continue
            }
            if entry.key == "start" { start = instant } else { end = (instant, entry.value) }
        }
        for key in ["start", "end"] where !fields.contains(where: { $0.key == key }) {
            fail(node, path, "a one-off window needs '\(key)'")
            valid = false
        }
        guard valid, let start, let end else { return nil }
        if end.time <= start {
            fail(end.node, path + ".end", "end \(end.time.iso8601) is not after start \(start.iso8601)")
            return nil
        }
        return OneOffWindow(start: start, end: end.time, ticket: ticket)
    }
}
