import VigilCore

/// PAN-OS syslog in its default CSV form. CONFIG logs carry, per the PAN-OS "Config Log Fields"
/// reference: FUTURE_USE, Receive Time, Serial Number, Type, Subtype, FUTURE_USE, Generated Time,
/// Host (the client's address), Virtual System, Command (`add`, `clone`, `commit`, `delete`,
/// `edit`, `move`, `rename`, `set`), Admin, Client (`Web`, `CLI`; also `XML API`, `REST API`,
/// `Panorama`), Result (`Submitted`, `Succeeded`, `Failed`, `Unauthorized`), Configuration Path,
/// Before Change Detail, After Change Detail, Sequence Number, Action Flags, Device Group
/// Hierarchy Levels 1–4, Virtual System Name, Device Name, …
///
/// Forwarded logs often omit the two change-detail fields (the sequence number then follows the
/// path); which layout a record uses is read from where the sequence number and `0x…` action
/// flags stand, not assumed.
enum PANOSLog {
    static func parse(_ m: SyslogMessage, raw: RawRef) -> VendorOutcome {
        let f = CSVFields.split(Substring(m.message))
        guard f.count > 4 else { return LineKind.malformed(m, "PAN-OS") }
        let type = f[3]
        guard type == "CONFIG" else { return .notManagement(messageID: type) }
        guard f.count >= 15 else { return LineKind.malformed(m, "CONFIG") }
        // With details: path, before, after, seq, flags. Without: path, seq, flags.
        let withDetails = f.count > 17 && isSequence(f[16]) && f[17].hasPrefix("0x")
        guard withDetails || (isSequence(f[14]) && f.count > 15 && f[15].hasPrefix("0x")) else { return LineKind.malformed(m, "CONFIG") }
        var e = DeviceEvent.base(m, os: .panOS, action: .configChange, messageID: "CONFIG", raw: raw)
        let deviceNameIndex = withDetails ? 23 : 21
        if f.count > deviceNameIndex, !f[deviceNameIndex].isEmpty { e.deviceName = f[deviceNameIndex] }
        e.timestamp = time(f[6]) ?? time(f[1]) ?? m.timestamp
        e.sourceIP = LineKind.source(f[7])
        e.operatorName = f[10].isEmpty ? nil : f[10]
        e.session = session(client: f[11])
        e.line = f[11].isEmpty ? nil : f[11]
        let result = f[12].lowercased()
        e.succeeded = result == "succeeded" ? true : (result == "failed" || result == "unauthorized") ? false : nil
        let verb = f[9], path = f[13].trimmingSpaces()
        let details = withDetails ? f[14] + " " + f[15] : ""
        let shown = [verb, String(path), details].filter { !$0.isEmpty }.joined(separator: " ")
        let r = SecretRedactor.redact(shown)
        e.command = r.text
        e.secretsRedacted = r.count
        applyAccount(verb: verb, path: path, after: withDetails ? f[15] : "", to: &e)
        return .event(e)
    }

    /// Account changes under `mgt-config users NAME` (CLI-style path, as the log writes it).
    static func applyAccount(verb: String, path: Substring, after: String, to e: inout DeviceEvent) {
        let words = path.split(separator: " ").map(String.init)
        guard let m = words.firstIndex(of: "mgt-config"), m + 2 < words.count, words[m + 1] == "users" else { return }
        let name = words[m + 2]
        e.account = name
        let rest = Array(words[(m + 3)...])
        switch verb.lowercased() {
        case "delete":
            e.action = rest.isEmpty ? .accountDelete : .privilegeChange
            e.accountIsNew = false
        case "add", "clone":
            e.action = .accountCreateOrModify
            e.accountIsNew = true
        default:
            e.action = .accountCreateOrModify
        }
        // The after-change detail is configuration text: `bob { permissions { role-based { superuser yes; } } }`.
        let detail = String(after.map { "{};".contains($0) ? " " : $0 })
        let command = (["set", "mgt-config", "users", name] + rest).joined(separator: " ") + " " + detail
        if let parsed = AccountCommandParser.parse(command, os: .panOS), e.action != .accountDelete {
            if let p = parsed.privilege { e.privilege = p }
            if parsed.action == .passwordChange, rest.first == "phash" || rest.first == "password" { e.action = .passwordChange }
        }
    }

    static func session(client: String) -> SessionType {
        switch client.lowercased() {
        case "web": .gui
        case "cli", "ssh": .ssh
        case "xml api", "xml-api", "xmlapi": .xmlAPI
        case "rest api", "rest-api", "restapi": .restAPI
        case "panorama": .automation
        default: .unknown
        }
    }

    static func isSequence(_ s: String) -> Bool { !s.isEmpty && s.allSatisfy(\.isASCIIDigit) }

    /// `2026/11/23 10:01:02` (the firewall's local time; no zone is written).
    static func time(_ s: String) -> SyslogTimestamp? {
        guard s.count >= 19 else { return nil }
        let iso = s.prefix(19).replacingOccurrences("/", "-").replacingFirstSpace("T")
        guard let r = ClockScanner.scanISO(Array(iso.utf8), at: 0) else { return nil }
        return r.resolve(reference: Timestamp(milliseconds: 0), futureTolerance: 0, zones: [:])
    }
}

extension StringProtocol {
    func replacingOccurrences(_ a: Character, _ b: Character) -> String { String(map { $0 == a ? b : $0 }) }
}

extension String {
    func replacingFirstSpace(_ with: Character) -> String {
        guard let i = firstIndex(of: " ") else { return self }
        var s = self
        s.replaceSubrange(i...i, with: String(with))
        return s
    }
}
