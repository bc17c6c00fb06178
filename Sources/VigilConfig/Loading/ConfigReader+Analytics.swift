import Foundation
import VigilCore
import Yams

extension ConfigReader {
    /// `analytics`: per-analytic settings, keyed by ATT&CK analytic id.
    mutating func analytics(_ node: Node, _ path: String, into context: inout OrgContext) {
        for entry in entries(node, path, known: ConfigSchema.analytics) ?? [] {
            switch entry.key {
            case "AN0861": context.an0861 = an0861(entry.value, entry.path)
            case "AN1240": context.an1240 = an1240(entry.value, entry.path)
            default: break
            }
        }
    }

    /// `analytics.AN0861`: the analytic's mutable elements (`ChangeWindow`, `UserContext`,
    /// `RateThreshold`, `GeoLocation`) and its incident settings.
    mutating func an0861(_ node: Node, _ path: String) -> AN0861Settings {
        var s = AN0861Settings()
        for entry in entries(node, path, known: ConfigSchema.an0861) ?? [] {
            switch entry.key {
            case "behaviours": s.behaviours = behaviours(entry.value, entry.path)
            case "ChangeWindow":
                for e in entries(entry.value, entry.path, known: ["windows"]) ?? [] {
                    s.windows = Set(texts(e.value, e.path))
                }
            case "UserContext":
                for e in entries(entry.value, entry.path, known: ConfigSchema.userContext) ?? [] {
                    switch e.key {
                    case "automation_principals": s.automationPrincipals = Set(texts(e.value, e.path))
                    case "automation_clients": s.automationClients = Set(texts(e.value, e.path))
                    case "learn_automation": if let b = flag(e.value, e.path) { s.learnAutomation = b }
                    case "learned_automation_share": if let x = share(e.value, e.path) { s.learnedAutomationShare = x }
                    case "off_schedule_share": if let x = share(e.value, e.path) { s.offScheduleShare = x }
                    case "learning_days": if let n = whole(e.value, e.path, min: 0) { s.learningDays = n }
                    case "rarely_used":
                        for r in entries(e.value, e.path, known: ConfigSchema.rarelyUsed) ?? [] {
                            switch r.key {
                            case "max_active_days": if let n = whole(r.value, r.path, min: 0) { s.rareMaxActiveDays = n }
                            case "max_daily_events": if let x = number(r.value, r.path, min: 0) { s.rareMaxDailyEvents = x }
                            case "lookback_days": if let n = whole(r.value, r.path, min: 1) { s.lookbackDays = n }
                            case "dormant_days": if let n = whole(r.value, r.path, min: 1) { s.dormantDays = n }
                            default: break
                            }
                        }
                    default: break
                    }
                }
            case "RateThreshold":
                for e in entries(entry.value, entry.path, known: ["changes", "minutes"]) ?? [] {
                    if e.key == "changes", let n = whole(e.value, e.path, min: 1) { s.rateChanges = n }
                    if e.key == "minutes", let n = whole(e.value, e.path, min: 1) { s.rateMinutes = n }
                }
            case "GeoLocation":
                for e in entries(entry.value, entry.path, known: ["databases"]) ?? [] {
                    for item in items(e.value, e.path) ?? [] {
                        guard let text = text(item.node, item.path) else { continue }
                        let resolved = relativeToConfig(text)
                        if FileManager.default.isReadableFile(atPath: resolved) {
                            s.geoDatabases.append(resolved)
                        } else {
                            fail(item.node, item.path, "no readable MaxMind database at '\(resolved)'")
                        }
                    }
                }
            case "baselines": if let b = flag(entry.value, entry.path) { s.baselines = b }
            case "chain_minutes": if let n = whole(entry.value, entry.path, min: 1) { s.chainMinutes = n }
            case "incident_gap_minutes": if let n = whole(entry.value, entry.path, min: 0) { s.incidentGapMinutes = n }
            case "max_evidence": if let n = whole(entry.value, entry.path, min: 1) { s.maxEvidence = n }
            default: break
            }
        }
        return s
    }

    /// `analytics.AN0861.behaviours`: a list of behaviour names, each known, at least one.
    mutating func behaviours(_ node: Node, _ path: String) -> Set<AN0861Behaviour> {
        let all = Set(AN0861Behaviour.allCases)
        guard let list = items(node, path) else { return all }
        var out = Set<AN0861Behaviour>()
        let names = AN0861Behaviour.names
        for item in list {
            guard let t = text(item.node, item.path) else { continue }
            if let b = AN0861Behaviour(rawValue: t) { out.insert(b) } else {
                fail(item.node, item.path, "'\(t)' is not a behaviour of AN0861 (\(names))")
            }
        }
        if list.isEmpty {
            fail(node, path, "name at least one behaviour (\(names)); to run no analytic, use vigil scan --no-analytics")
            return all
        }
        return out.isEmpty ? all : out
    }

    /// `analytics.AN1240`: the analytic's mutable elements (`PrivilegeLevel`, `RemoteSessionFlag`),
    /// its windows and its incident gap.
    mutating func an1240(_ node: Node, _ path: String) -> AN1240Settings {
        var s = AN1240Settings()
        for entry in entries(node, path, known: ConfigSchema.an1240) ?? [] {
            switch entry.key {
            case "PrivilegeLevel":
                for e in entries(entry.value, entry.path, known: ConfigSchema.privilegeLevel) ?? [] {
                    switch e.key {
                    case "admin_level": if let n = whole(e.value, e.path, min: 0) { s.adminLevel = n }
                    case "admin_roles": s.adminRoles = Set(texts(e.value, e.path))
                    case "alert_unprivileged": if let b = flag(e.value, e.path) { s.alertUnprivileged = b }
                    default: break
                    }
                }
            case "RemoteSessionFlag":
                for e in entries(entry.value, entry.path, known: ["sessions"]) ?? [] {
                    let known = AN1240Settings.sessionNames
                    var sessions = Set<String>()
                    for item in items(e.value, e.path) ?? [] {
                        guard let t = text(item.node, item.path) else { continue }
                        if known.contains(t) { sessions.insert(t) } else {
                            fail(item.node, item.path, "'\(t)' is not a session type (\(known.joined(separator: ", ")))")
                        }
                    }
                    s.flaggedSessions = sessions
                }
            case "ChangeWindow":
                for e in entries(entry.value, entry.path, known: ["windows"]) ?? [] {
                    s.windows = Set(texts(e.value, e.path))
                }
            case "incident_gap_minutes": if let n = whole(entry.value, entry.path, min: 0) { s.incidentGapMinutes = n }
            default: break
            }
        }
        return s
    }

    /// A path as written, or relative to the configuration file's folder.
    func relativeToConfig(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let folder = (file as NSString).deletingLastPathComponent
        return folder.isEmpty ? path : (folder as NSString).appendingPathComponent(path)
    }

    mutating func whole(_ node: Node, _ path: String, min: Int) -> Int? {
        guard let text = text(node, path) else { return nil }
        guard let n = Int(text), n >= min else {
            fail(node, path, "'\(text)' is not a whole number (\(min) or more)")
            return nil
        }
        return n
    }

    mutating func number(_ node: Node, _ path: String, min: Double) -> Double? {
        guard let text = text(node, path) else { return nil }
        guard let x = Double(text), x.isFinite, x >= min else {
            fail(node, path, "'\(text)' is not a number (\(min) or more)")
            return nil
        }
        return x
    }

    mutating func share(_ node: Node, _ path: String) -> Double? {
        guard let x = number(node, path, min: 0) else { return nil }
        guard x <= 1 else {
            fail(node, path, "'\(x)' is not a share between 0 and 1")
            return nil
        }
        return x
    }

    mutating func flag(_ node: Node, _ path: String) -> Bool? {
        guard let text = text(node, path) else { return nil }
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail(node, path, "'\(text)' is not true or false")
            return nil
        }
    }

    /// A window's `tickets`: one-off windows from a CSV file (header `ticket,start,end`, any column
    /// order, more columns ignored) or a YAML list of `{ ticket, start, end }`, read relative to
    /// the configuration file. Problems are reported at their line in that file.
    mutating func tickets(_ node: Node, _ path: String, calendar: Calendar) -> [OneOffWindow] {
        guard let name = text(node, path) else { return [] }
        let resolved = relativeToConfig(name)
        guard let data = FileManager.default.contents(atPath: resolved), let body = String(data: data, encoding: .utf8) else {
            fail(node, path, "cannot read change tickets from '\(resolved)'")
            return []
        }
        if resolved.hasSuffix(".yaml") || resolved.hasSuffix(".yml") {
            var sub = ConfigReader(file: resolved)
            sub.clocks = clocks
            var out: [OneOffWindow] = []
            do {
                let root = try Yams.compose(yaml: body)
                if let root { out = (sub.items(root, "") ?? []).compactMap { sub.oneOff($0.node, $0.path, calendar: calendar) } }
            } catch {
                errors.append(ConfigLoader.syntaxError(error, yaml: body, file: resolved))
            }
            errors += sub.errors
            return out
        }
        return csvTickets(body, file: resolved, calendar: calendar)
    }

    private mutating func csvTickets(_ body: String, file: String, calendar: Calendar) -> [OneOffWindow] {
        var out: [OneOffWindow] = []
        var columns: [String: Int] = [:]
        for (n, raw) in body.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.hasPrefix("#") { continue }
            let fields = Self.csvFields(line)
            if columns.isEmpty {
                for (i, f) in fields.enumerated() { columns[f.trimmingCharacters(in: .whitespaces).lowercased()] = i }
                for key in ["start", "end"] where columns[key] == nil {
                    errors.append(ConfigError(file: file, line: n + 1, column: 1, key: "",
                                              message: "the header needs a '\(key)' column (ticket,start,end)"))
                }
                if columns["start"] == nil || columns["end"] == nil { return [] }
                continue
            }
            func field(_ key: String) -> String? {
                columns[key].flatMap { $0 < fields.count ? fields[$0].trimmingCharacters(in: .whitespaces) : nil }
            }
            var times: [Timestamp] = []
            for key in ["start", "end"] {
                let text = field(key) ?? ""
                if let t = InstantText.parse(text, calendar: calendar) {
                    times.append(t)
                } else {
                    errors.append(ConfigError(file: file, line: n + 1, column: (columns[key] ?? 0) + 1, key: key,
                                              message: "'\(text)' is not a time (RFC 3339, or 'YYYY-MM-DD HH:MM' in the window's zone)"))
                }
            }
            guard times.count == 2 else { continue }
            guard times[1] > times[0] else {
                errors.append(ConfigError(file: file, line: n + 1, column: (columns["end"] ?? 0) + 1, key: "end",
                                          message: "end \(times[1].iso8601) is not after start \(times[0].iso8601)"))
                continue
            }
            let ticket = field("ticket").flatMap { $0.isEmpty ? nil : $0 }
            out.append(OneOffWindow(start: times[0], end: times[1], ticket: ticket))
        }
        return out
    }

    /// The fields of one CSV line (RFC 4180 quoting: `"a, b"`, `""` for a quote).
    static func csvFields(_ line: Substring) -> [String] {
        var out: [String] = [], field = "", quoted = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            if quoted {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" { field.append("\"") } else {
                            quoted = false
                            if next == "," { out.append(field); field = "" } else { field.append(next) }
                        }
                    } else { quoted = false }
                } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                out.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        out.append(field)
        return out
    }
}
