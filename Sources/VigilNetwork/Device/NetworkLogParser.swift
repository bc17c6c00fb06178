public import VigilCore

/// What one line of network-device telemetry turned out to be.
public enum NetworkRecord: Sendable, Hashable {
    /// Management telemetry (AAA/CLI accounting, configuration changes, account changes,
    /// logins), as a typed event.
    case event(DeviceEvent)
    /// A readable record that is not management telemetry (traffic, routing, hardware), or is
    /// from a platform Vigil does not read: enough to know the device is sending logs.
    case otherMessage(DeviceMessageSummary)
    /// Not a readable record, and where it went wrong.
    case malformed(NetworkParseError)
}

/// Who sent a record that is not management telemetry, for blind-spot reporting.
public struct DeviceMessageSummary: Sendable, Hashable {
    /// The platform, when it could be told.
    public var os: DeviceOS
    /// The header's host.
    public var hostname: String?
    /// The vendor's message id, when there is one.
    public var messageID: String?
    /// The record's time.
    public var timestamp: SyslogTimestamp?

    /// Creates a summary.
    public init(os: DeviceOS, hostname: String?, messageID: String?, timestamp: SyslogTimestamp?) {
        self.os = os
        self.hostname = hostname
        self.messageID = messageID
        self.timestamp = timestamp
    }
}

/// Reads network-device telemetry lines (syslog from devices and relays, tac_plus accounting
/// files, NX-OS accounting logs) into ``NetworkRecord``s.
///
/// Each line is framed once, attributed to one platform by the markers that platform always
/// writes (``DeviceOS``), and read by that platform's parser only. Nothing is dropped: a line is
/// an event, another device message, or malformed with a column.
public struct NetworkLogParser: Sendable {
    /// The framing parser, with the caller's reference time and zone table.
    public let syslog: SyslogParser

    /// Creates a parser.
    public init(options: SyslogParser.Options) { syslog = SyslogParser(options: options) }

    /// Reads one line. `raw` says where it came from and travels into the event.
    public func parse(_ line: String, raw: RawRef) -> NetworkRecord {
        var text = Substring(line)
        while text.last == "\n" || text.last == "\r" { text = text.dropLast() }
        // Lines that are not syslog: tac_plus accounting files and NX-OS accounting logs.
        if text.utf8.count <= syslog.options.maxLineLength, text.first != "<" {
            if text.includes("\t"), let e = TACACSAccounting.parseFileLine(text, options: syslog.options, raw: raw) {
                return .event(e)
            }
            if text.includes(":type="), let e = NXOSAccounting.parseLogLine(text, options: syslog.options, raw: raw) {
                return .event(e)
            }
        }
        switch syslog.parse(line) {
        case .failure(let error): return .malformed(error)
        case .success(let message): return parse(message, raw: raw)
        }
    }

    /// Reads an already framed message.
    public func parse(_ m: SyslogMessage, raw: RawRef) -> NetworkRecord {
        let (os, mnemonic) = VendorClassifier.classify(m)
        let outcome: VendorOutcome
        switch os {
        case .ciscoIOS, .ciscoIOSXR:
            outcome = mnemonic.map { CiscoIOSMessages.parse(m, $0, os: os, raw: raw) } ?? .notManagement(messageID: nil)
        case .ciscoNXOS:
            outcome = mnemonic.map { NXOSAccounting.parse(m, $0, raw: raw) } ?? .notManagement(messageID: nil)
        case .ciscoASA:
            outcome = mnemonic.map { CiscoASAMessages.parse(m, $0, raw: raw) } ?? .notManagement(messageID: nil)
        case .aristaEOS:
            outcome = mnemonic.map { AristaEOSMessages.parse(m, $0, raw: raw) } ?? .notManagement(messageID: nil)
        case .juniperJunos:
            outcome = JunosMessages.parse(m, raw: raw)
        case .fortiOS:
            outcome = FortiOSEventLog.parse(m, raw: raw)
        case .panOS:
            outcome = PANOSLog.parse(m, raw: raw)
        case .tacacs:
            outcome = VendorClassifier.isISEOrACS(m) ? CiscoISEAccounting.parse(m, raw: raw) : TACACSAccounting.parse(m, raw: raw)
        case .unknown:
            outcome = .notManagement(messageID: nil)
        }
        switch outcome {
        case .event(let e): return .event(e)
        case .malformed(let error): return .malformed(error)
        case .notManagement(let id):
            return .otherMessage(DeviceMessageSummary(os: os, hostname: m.hostname, messageID: id ?? mnemonic?.id, timestamp: m.timestamp))
        }
    }

    /// The platform a framed message comes from (for reporting which devices send what).
    public static func classify(_ message: SyslogMessage) -> DeviceOS { VendorClassifier.classify(message).0 }
}
