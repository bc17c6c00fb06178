import VigilCore

/// Cisco ISE and ACS device-administration records, as their syslog categories write them:
///
/// `CISE_TACACS_Accounting 0018415781 4 0 2026-11-23 10:01:02.328 +00:00 0018415781 3300 NOTICE
/// Tacacs-Accounting: TACACS+ Accounting with Command, ConfigVersionId=1829, Device IP Address=10.0.0.1,
/// CmdSet=[ CmdAV=username bob privilege 15 secret 5 $1$… <cr> ], …, NetworkDeviceName=core-rtr-01,
/// Privilege-Level=15, User=admin, Port=tty2, Remote-Address=10.1.1.5, …, AcctRequest-Flags=Stop, …`
///
/// ACS writes `CSCOacs_TACACS_Accounting` and authorisation records
/// (`CSCOacs_Passed_Authentications … Command Authorization succeeded, … CmdSet=[ CmdAV=show CmdArgAV=version CmdArgAV=<cr> ]`).
/// Long records are split by the server into numbered segments (`4 0`, `4 1`, …); only the first
/// carries the header and usually the command.
enum CiscoISEAccounting {
    static func parse(_ m: SyslogMessage, raw: RawRef) -> VendorOutcome {
        var text = Substring(m.message)
        // ACS writes `CSCOacs_Category: 000123 …`, which frames as a tag.
        if let app = m.appName, app.hasPrefix("CISE_") || app.hasPrefix("CSCOacs_") { text = Substring(app + " " + m.message) }
        if let r = text.byteRange(of: "CISE_") ?? text.byteRange(of: "CSCOacs_") { text = text[r.lowerBound...] }
        let head = text.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: true)
        guard head.count >= 4 else { return LineKind.malformed(m, "ISE/ACS") }
        let category = String(head[0])
        let segment = Int(head[3]) ?? 0
        guard category.includes("TACACS") || category.includes("Authentications") || category.includes("Accounting") else {
            return .notManagement(messageID: category)
        }
        guard segment == 0, head.count == 5 else { return .notManagement(messageID: category) }
        // DATE TIME ZONE SEQ CODE SEVERITY Category: description, k=v, …
        let rest = head[4]
        let parts = rest.split(separator: " ", maxSplits: 6, omittingEmptySubsequences: true)
        guard parts.count == 7 else { return LineKind.malformed(m, category) }
        let stamp = "\(parts[0])T\(parts[1])\(parts[2])"
        let ts = ClockScanner.scanISO(Array(stamp.utf8), at: 0)?.resolve(reference: Timestamp(milliseconds: 0), futureTolerance: 0, zones: [:])
        let fields = pairs(parts[6])
        let isTACACS = category.includes("TACACS") || fields["Protocol"] == "Tacacs" || fields["CmdSet"] != nil
        guard isTACACS else { return .notManagement(messageID: category) }
        var e = DeviceEvent(timestamp: ts ?? m.timestamp, os: .tacacs, action: .other, messageID: category, raw: raw)
        e.deviceIP = fields["Device IP Address"].flatMap { IPAddress($0) } ?? fields["NAS-IP-Address"].flatMap { IPAddress($0) }
        e.deviceName = fields["NetworkDeviceName"]
        e.operatorName = fields["User"] ?? fields["UserName"] ?? fields["User-Name"]
        e.line = fields["Port"]
        e.sourceIP = fields["Remote-Address"].flatMap { LineKind.source($0) }
        e.operatorPrivilege = (fields["Privilege-Level"] ?? fields["AVPair.priv-lvl"]).flatMap { Int($0) }.map { AccountPrivilege(level: $0) }
        e.session = TACACSAccounting.session(port: e.line, remote: Substring(fields["Remote-Address"] ?? ""), source: e.sourceIP)
        if let set = fields["CmdSet"] {
            e.action = .commandExecuted
            e.applyCommand(command(fromCmdSet: set))
        } else if let cmd = fields["Command"] {
            e.action = .commandExecuted
            e.applyCommand(cmd)
        } else if let flags = fields["AcctRequest-Flags"]?.lowercased() {
            e.action = flags == "start" ? .login : flags == "stop" ? .logout : .other
        }
        if category.includes("Failed") { e.succeeded = false }
        return .event(e)
    }

    /// `[ CmdAV=username CmdArgAV=bob CmdArgAV=<cr> ]` or `[ CmdAV=show version <cr> ]` → `username bob`.
    static func command(fromCmdSet set: String) -> String {
        var words: [Substring] = []
        var s = Substring(set).trimmingSpaces()
        if s.hasPrefix("[") { s = s.dropFirst() }
        if s.hasSuffix("]") { s = s.dropLast() }
        for piece in s.split(separator: " ") {
            var w = piece
            if w.hasPrefix("CmdAV=") { w = w.dropFirst(6) } else if w.hasPrefix("CmdArgAV=") { w = w.dropFirst(9) }
            if w == "<cr>" || w.isEmpty { continue }
            words.append(w)
        }
        return words.joined(separator: " ")
    }

    /// `, `-separated `Key=Value` pairs; keys may hold spaces (`Device IP Address`), `CmdSet`
    /// values are bracketed and may hold commas, `\,` is an escaped comma. First occurrence wins.
    static func pairs(_ text: Substring) -> [String: String] {
        var out: [String: String] = [:]
        var i = text.startIndex
        while i < text.endIndex {
            guard let eq = text[i...].firstIndex(of: "=") else { break }
            var keyText = text[i..<eq]
            // The description before the first pair: `Tacacs-Accounting: … with Command, Key=`.
            if let last = keyText.ranges(of: ", ").last { keyText = keyText[last.upperBound...] }
            let key = String(keyText.trimmingSpaces())
            var j = text.index(after: eq)
            var value = ""
            if j < text.endIndex, text[j] == "[" {
                let close = text[j...].byteRange(of: " ]")?.upperBound ?? text[j...].firstIndex(of: "]").map { text.index(after: $0) } ?? text.endIndex
                value = String(text[j..<close])
                j = close
                if let comma = text[j...].firstIndex(of: ",") { j = comma } else { j = text.endIndex }
            } else {
                while j < text.endIndex {
                    let ch = text[j]
                    let next = text.index(after: j)
                    if ch == "\\", next < text.endIndex {
                        value.append(ch)
                        value.append(text[next])
                        j = text.index(after: next)
                        continue
                    }
                    if ch == ",", next < text.endIndex, text[next] == " " { break }
                    value.append(ch)
                    j = next
                }
            }
            if out[key] == nil, !key.isEmpty, key.count <= 64 { out[key] = value.replacingEscapedCommas() }
            i = j < text.endIndex ? text.index(after: j) : j
        }
        return out
    }
}

extension String {
    func replacingEscapedCommas() -> String {
        guard contains("\\,") else { return self }
        var out = ""
        var it = makeIterator()
        while let c = it.next() {
            if c == "\\" { if let n = it.next() { if n != "," { out.append(c) }; out.append(n) } } else { out.append(c) }
        }
        return out
    }
}
