import VigilCore

/// What a vendor parser made of a message it was handed.
enum VendorOutcome {
    /// Management telemetry, as a typed event.
    case event(DeviceEvent)
    /// The vendor's message, but not management telemetry (traffic, hardware, routing).
    case notManagement(messageID: String?)
    /// A management message whose fields are not in the documented shape.
    case malformed(NetworkParseError)
}

extension DeviceEvent {
    /// An event carrying what every framed message gives: time and the header's host.
    static func base(_ m: SyslogMessage, os: DeviceOS, action: DeviceAction, messageID: String, raw: RawRef) -> DeviceEvent {
        var e = DeviceEvent(timestamp: m.timestamp, os: os, action: action, messageID: messageID, raw: raw)
        if let host = m.hostname {
            if let ip = IPAddress(host) { e.deviceIP = ip } else { e.deviceName = host }
        }
        return e
    }
}

/// Shared readings of terminal lines and addresses.
enum LineKind {
    /// The session type a terminal line implies (`con0`, `vty3`, `pts/1`, `command-api`).
    static func session(line: String?, source: IPAddress?) -> SessionType {
        guard let raw = line?.lowercased(), !raw.isEmpty else { return source == nil ? .unknown : .ssh }
        if raw.hasPrefix("con") || raw == "console" || raw == "cty" || raw == "async" || raw.hasPrefix("ttys") { return .console }
        if raw.hasPrefix("vty") || raw.hasPrefix("pts") || raw.hasPrefix("ssh") { return .ssh }
        if raw.hasPrefix("telnet") { return .telnet }
        if raw == "command-api" || raw.hasPrefix("http") { return .restAPI }
        if raw.hasPrefix("tty") { return source == nil ? .console : .ssh }
        return source == nil ? .unknown : .ssh
    }

    /// An address that names a remote client: `0.0.0.0`, `::` and non-addresses are none.
    static func source(_ text: some StringProtocol) -> IPAddress? {
        guard let ip = IPAddress(text), ip.bytes.contains(where: { $0 != 0 }) else { return nil }
        return ip
    }

    /// A malformed-fields error pointing at the message.
    static func malformed(_ m: SyslogMessage, _ id: String) -> VendorOutcome {
        .malformed(NetworkParseError(.unexpectedVendorFields(messageID: id), column: m.messageOffset + 1))
    }
}
