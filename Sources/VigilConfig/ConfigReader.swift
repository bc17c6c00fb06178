import Foundation
import VigilCore
import Yams

/// Walks the YAML tree, building the context and collecting every error with its location.
struct ConfigReader {
    let file: String
    var errors: [ConfigError] = []

    static let topKeys = ["timezone", "change_windows", "automation_principals", "administrators", "network_admins",
                          "management_networks", "device_account_roster", "baseline_learning_days"]
    static let windowKeys = ["name", "timezone", "scope", "weekly", "once"]
    static let scopeKeys = ["principals", "accounts", "regions", "devices", "tags"]
    static let slotKeys = ["days", "start", "end"]
    static let onceKeys = ["start", "end", "ticket"]
    static let dayNames: [String: Int] = [
        "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2, "thu": 3, "thur": 3,
        "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
    ]

    init(file: String) { self.file = file }

    mutating func fail(_ node: Node?, _ key: String, _ message: String) {
        errors.append(ConfigError(file: file, line: node?.mark?.line ?? 0, column: node?.mark?.column ?? 0, key: key, message: message))
    }

    /// The pairs of a mapping, reporting unknown keys (with a suggestion) and a non-mapping.
    mutating func mapping(_ node: Node, _ path: String, known: [String]) -> [(key: String, value: Node, keyNode: Node)] {
        guard case .mapping(let m) = node else {
            fail(node, path, "expected a mapping (key: value), found \(kind(node))")
            return []
        }
        var out: [(String, Node, Node)] = []
        for (k, v) in m {
            let name = k.string ?? ""
            if !known.contains(name) {
                let hint = Self.closest(name, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                fail(k, join(path, name), "unknown key '\(name)'\(hint)")
                continue
            }
            out.append((name, v, k))
        }
        return out
    }

    mutating func read(_ root: Node?) -> OrgContext {
        var ctx = OrgContext()
        guard let root else { return ctx }
        let top = mapping(root, "", known: Self.topKeys)
        if let tz = top.first(where: { $0.key == "timezone" }) {
            if let name = scalar(tz.value, "timezone"), zone(name, tz.value, "timezone") != nil { ctx.timeZone = name }
        }
        let defaultZone = TimeZone(identifier: ctx.timeZone) ?? TimeZone(identifier: "UTC")!
        for (key, value, _) in top {
            switch key {
            case "change_windows":
                var names: Set<String> = []
                for (i, w) in sequence(value, key).enumerated() {
                    let path = "\(key)[\(i)]"
                    guard let window = changeWindow(w, path, defaultZone: defaultZone) else { continue }
                    if !names.insert(window.name).inserted { fail(w, path + ".name", "duplicate window name '\(window.name)'") }
                    ctx.changeWindows.append(window)
                }
            case "automation_principals": ctx.automationPrincipals.formUnion(strings(value, key))
            case "administrators", "network_admins": ctx.administrators.formUnion(strings(value, key))
            case "management_networks":
                for (i, n) in sequence(value, key).enumerated() {
                    guard let text = scalar(n, "\(key)[\(i)]") else { continue }
                    if let net = IPNetwork(text) { ctx.managementNetworks.append(net) } else {
                        fail(n, "\(key)[\(i)]", "'\(text)' is not a network (ADDRESS/PREFIX, e.g. 10.10.1.0/24)")
                    }
                }
            case "device_account_roster":
                for (device, accounts, _) in mapping(value, key, known: anyKeys(value)) {
                    ctx.deviceAccountRoster[device] = strings(accounts, join(key, device))
                }
            case "baseline_learning_days":
                if let text = scalar(value, key) {
                    if let days = Int(text), days >= 0 { ctx.baselineLearningDays = days } else {
                        fail(value, key, "'\(text)' is not a whole number of days (0 or more)")
                    }
                }
            default: break
            }
        }
        return ctx
    }

    mutating func changeWindow(_ node: Node, _ path: String, defaultZone: TimeZone) -> ChangeWindow? {
        let pairs = mapping(node, path, known: Self.windowKeys)
        guard case .mapping = node else { return nil }
        var name: String?, zoneValue = defaultZone, scope = WindowScope()
        var weekly: [WeeklySlot] = [], once: [OneOffWindow] = []
        for (key, value, _) in pairs {
            let p = join(path, key)
            switch key {
            case "name": name = scalar(value, p)
            case "timezone": if let text = scalar(value, p), let z = zone(text, value, p) { zoneValue = z }
            case "scope": scope = windowScope(value, p)
            case "weekly":
                for (i, s) in sequence(value, p).enumerated() { if let slot = weeklySlot(s, "\(p)[\(i)]") { weekly.append(slot) } }
            case "once":
                for (i, o) in sequence(value, p).enumerated() {
                    if let w = oneOff(o, "\(p)[\(i)]", zone: zoneValue) { once.append(w) }
                }
            default: break
            }
        }
        if name == nil { fail(node, path, "a change window needs a name") }
        if !pairs.contains(where: { $0.key == "weekly" || $0.key == "once" }) {
            fail(node, path, "a change window needs 'weekly' slots or 'once' windows")
        }
        return ChangeWindow(name: name ?? "", scope: scope, timeZone: zoneValue, weekly: weekly, once: once)
    }

    mutating func windowScope(_ node: Node, _ path: String) -> WindowScope {
        var scope = WindowScope()
        for (key, value, _) in mapping(node, path, known: Self.scopeKeys) {
            let p = join(path, key)
            if key == "tags" {
                for (k, v, _) in mapping(value, p, known: anyKeys(value)) { if let s = scalar(v, join(p, k)) { scope.tags[k] = s } }
                continue
            }
            let match: WindowScope.Match = value.string == "*" ? .any : .oneOf(Set(strings(value, p)))
            switch key {
            case "principals": scope.principals = match
            case "accounts": scope.accounts = match
            case "regions": scope.regions = match
            default: scope.devices = match; scope.hasDeviceDimension = true
            }
        }
        return scope
    }

    mutating func weeklySlot(_ node: Node, _ path: String) -> WeeklySlot? {
        var days: [Int] = [], start: Int?, end: Int?, ok = true
        let pairs = mapping(node, path, known: Self.slotKeys)
        guard case .mapping = node else { return nil }
        for (key, value, _) in pairs {
            let p = join(path, key)
            switch key {
            case "days":
                for (i, d) in sequence(value, p).enumerated() {
                    guard let text = scalar(d, "\(p)[\(i)]") else { ok = false; continue }
                    if let n = Self.dayNames[text.lowercased()] { days.append(n) } else {
                        fail(d, "\(p)[\(i)]", "'\(text)' is not a day (Mon, Tue, Wed, Thu, Fri, Sat, Sun)"); ok = false
                    }
                }
            default:
                guard let text = scalar(value, p) else { ok = false; continue }
                guard let minutes = Self.clock(text, allowEndOfDay: key == "end") else {
                    fail(value, p, "'\(text)' is not a time (HH:MM)"); ok = false; continue
                }
                if key == "start" { start = minutes } else { end = minutes }
            }
        }
        for k in Self.slotKeys where !pairs.contains(where: { $0.key == k }) { fail(node, path, "missing '\(k)'"); ok = false }
        guard ok, let start, let end else { return nil }
        if start == end { fail(node, path, "start and end are the same time"); return nil }
        return WeeklySlot(days: days, start: start, end: end)
    }

    mutating func oneOff(_ node: Node, _ path: String, zone: TimeZone) -> OneOffWindow? {
        var start: Timestamp?, end: Timestamp?, ticket: String?, ok = true
        let pairs = mapping(node, path, known: Self.onceKeys)
        guard case .mapping = node else { return nil }
        for (key, value, _) in pairs {
            let p = join(path, key)
            guard let text = scalar(value, p) else { ok = false; continue }
            if key == "ticket" { ticket = text; continue }
            guard let t = Self.instant(text, zone: zone) else {
                fail(value, p, "'\(text)' is not a time (RFC 3339, or 'YYYY-MM-DD HH:MM' in the window's zone)"); ok = false; continue
            }
            if key == "start" { start = t } else { end = t }
        }
        for k in ["start", "end"] where !pairs.contains(where: { $0.key == k }) { fail(node, path, "missing '\(k)'"); ok = false }
        guard ok, let start, let end else { return nil }
        if end <= start { fail(node, path, "end \(end.iso8601) is not after start \(start.iso8601)"); return nil }
        return OneOffWindow(start: start, end: end, ticket: ticket)
    }

    // MARK: scalars

    mutating func scalar(_ node: Node, _ path: String) -> String? {
        guard case .scalar(let s) = node else { fail(node, path, "expected a single value, found \(kind(node))"); return nil }
        return s.string
    }

    mutating func sequence(_ node: Node, _ path: String) -> [Node] {
        guard case .sequence(let s) = node else { fail(node, path, "expected a list, found \(kind(node))"); return [] }
        return Array(s)
    }

    mutating func strings(_ node: Node, _ path: String) -> [String] {
        sequence(node, path).enumerated().compactMap { scalar($1, "\(path)[\($0)]") }
    }

    mutating func zone(_ name: String, _ node: Node, _ path: String) -> TimeZone? {
        if let z = TimeZone(identifier: name) { return z }
        fail(node, path, "'\(name)' is not an IANA time zone (e.g. UTC, Europe/London, America/New_York)")
        return nil
    }

    func anyKeys(_ node: Node) -> [String] {
        guard case .mapping(let m) = node else { return [] }
        return m.keys.compactMap(\.string)
    }

    func kind(_ node: Node) -> String {
        switch node {
        case .scalar(let s): "the value '\(s.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// `HH:MM` → minutes after midnight; `24:00` only as an end.
    static func clock(_ text: String, allowEndOfDay: Bool) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2, let h = Int(parts[0]), let m = Int(parts[1]) else { return nil }
        if allowEndOfDay, h == 24, m == 0 { return 1440 }
        guard (0..<24).contains(h), (0..<60).contains(m) else { return nil }
        return h * 60 + m
    }

    /// RFC 3339 with a zone, or a local `YYYY-MM-DD HH:MM[:SS]` / `YYYY-MM-DDTHH:MM` in `zone`.
    static func instant(_ text: String, zone: TimeZone) -> Timestamp? {
        let hasZone = text.hasSuffix("Z") || text.hasSuffix("z") || text.dropFirst(10).contains("+")
            || text.dropFirst(10).contains("-")
        if hasZone { return Timestamp(iso8601: text) }
        guard let utc = Timestamp(iso8601: text) else { return nil }
        // Read as local wall-clock time in `zone`: correct by the zone's offset at that moment.
        let guess = Date(timeIntervalSince1970: Double(utc.milliseconds) / 1000)
        let offset = zone.secondsFromGMT(for: guess)
        let corrected = Date(timeIntervalSince1970: guess.timeIntervalSince1970 - Double(offset))
        let finalOffset = zone.secondsFromGMT(for: corrected)
        return Timestamp(milliseconds: utc.milliseconds - Int64(finalOffset) * 1000)
    }

    /// The known key closest to `name` (edit distance ≤ 3), for "did you mean".
    static func closest(_ name: String, in known: [String]) -> String? {
        func distance(_ a: String, _ b: String) -> Int {
            let a = Array(a.lowercased()), b = Array(b.lowercased())
            var prev = Array(0...b.count)
            for i in 1...max(a.count, 1) where !a.isEmpty {
                var cur = [i] + Array(repeating: 0, count: b.count)
                for j in 1...max(b.count, 1) where !b.isEmpty {
                    cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                }
                prev = cur
            }
            return a.isEmpty ? b.count : prev[b.count]
        }
        let best = known.map { ($0, distance(name, $0)) }.min { $0.1 < $1.1 }
        return best.flatMap { $0.1 <= 3 ? $0.0 : nil }
    }
}
