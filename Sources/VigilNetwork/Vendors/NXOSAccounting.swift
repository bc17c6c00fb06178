import VigilCore

/// Cisco NX-OS AAA accounting, in the two forms it reaches a collector:
///
/// - the `show accounting log` / accounting file line:
///   `Sun Nov 23 10:01:02 2026:type=update:id=10.1.1.5@pts/0:user=admin:cmd=configure terminal ; username bob password ******** role network-admin (SUCCESS)`;
/// - the syslog `%ACCOUNTING-6-MESSAGE: update:10.1.1.5@pts/1:admin:configure terminal ; … (SUCCESS)`
///   (positional fields), and `%VSHD-5-VSHD_SYSLOG_CONFIG_I: Configured from vty by admin on 10.1.1.5@pts/0`.
enum NXOSAccounting {
    static func parse(_ m: SyslogMessage, _ mn: CiscoMnemonic, raw: RawRef) -> VendorOutcome {
        var e = DeviceEvent.base(m, os: .ciscoNXOS, action: .other, messageID: mn.id, raw: raw)
        switch (mn.facility, mn.mnemonic) {
        case ("ACCOUNTING", "MESSAGE"):
            guard apply(record: mn.body, to: &e) else { return LineKind.malformed(m, mn.id) }
            return .event(e)
        case ("VSHD", "VSHD_SYSLOG_CONFIG_I"):
            guard let by = Scan.after(" by ", in: mn.body) else { return LineKind.malformed(m, mn.id) }
            e.operatorName = String(Scan.word(by))
            if let on = Scan.after(" on ", in: by) { applyID(Scan.word(on), to: &e) }
            e.action = .configChange
            return .event(e)
        default:
            return .notManagement(messageID: mn.id)
        }
    }

    /// An accounting-file line (no syslog header), or `nil` when `line` is not one.
    static func parseLogLine(_ line: Substring, options: SyslogParser.Options, raw: RawRef) -> DeviceEvent? {
        guard let typeRange = line.byteRange(of: ":type=") else { return nil }
        let bytes = Array(line[..<typeRange.lowerBound].utf8)
        guard let reading = ClockScanner.scan(bytes, at: 0), reading.end == bytes.count,
              let ts = reading.resolve(reference: options.reference, futureTolerance: options.futureTolerance, zones: options.zoneAbbreviations)
        else { return nil }
        var e = DeviceEvent(timestamp: ts, os: .ciscoNXOS, action: .other, messageID: "accounting log", raw: raw)
        guard apply(record: line[line.index(after: typeRange.lowerBound)...], to: &e) else { return nil }
        return e
    }

    /// `type=update:id=…:user=…:cmd=…` or positional `update:ID:USER:CMD`.
    static func apply(record: Substring, to e: inout DeviceEvent) -> Bool {
        var type: Substring, id: Substring, user: Substring, cmd: Substring
        if record.hasPrefix("type=") {
            guard let i = record.byteRange(of: ":id="), let u = record.byteRange(of: ":user=") else { return false }
            type = record[record.index(record.startIndex, offsetBy: 5)..<i.lowerBound]
            id = record[i.upperBound..<u.lowerBound]
            if let c = record[u.upperBound...].byteRange(of: ":cmd=") {
                user = record[u.upperBound..<c.lowerBound]
                cmd = record[c.upperBound...]
            } else {
                user = record[u.upperBound...]
                cmd = ""
            }
        } else {
            // update:10.1.1.5@pts/1:admin:cmd — the id may be IPv6, so find its `@` first.
            guard let c1 = record.firstIndex(of: ":"), let at = record[c1...].firstIndex(of: "@"),
                  let c2 = record[at...].firstIndex(of: ":"), let c3 = record[record.index(after: c2)...].firstIndex(of: ":")
            else { return false }
            type = record[..<c1]
            id = record[record.index(after: c1)..<c2]
            user = record[record.index(after: c2)..<c3]
            cmd = record[record.index(after: c3)...]
        }
        e.operatorName = user.isEmpty ? nil : String(user)
        applyID(id, to: &e)
        var command = cmd.trimmingSpaces()
        if command.hasSuffix("(SUCCESS)") {
            e.succeeded = true
            command = command.dropLast(9).trimmingSpaces()
        } else if command.hasSuffix("(FAILURE)") {
            e.succeeded = false
            command = command.dropLast(9).trimmingSpaces()
        }
        switch type {
        case "start": e.action = .login
        case "stop": e.action = .logout
        default: e.action = .commandExecuted
        }
        if e.action == .commandExecuted, !command.isEmpty { e.applyCommand(String(command)) }
        return true
    }

    /// `10.1.1.5@pts/0`, `console0`, `10.1.1.5`.
    static func applyID(_ id: Substring, to e: inout DeviceEvent) {
        if let at = id.lastIndex(of: "@") {
            e.sourceIP = LineKind.source(id[..<at])
            e.line = String(id[id.index(after: at)...])
        } else if let ip = LineKind.source(id) {
            e.sourceIP = ip
        } else if !id.isEmpty {
            e.line = String(id)
        }
        e.session = LineKind.session(line: e.line, source: e.sourceIP)
    }
}
