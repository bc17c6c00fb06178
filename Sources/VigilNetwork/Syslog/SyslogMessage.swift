/// One syslog record, framed: the header fields a device or relay wrote, and the message text.
///
/// Framing is lenient about real device quirks (Cisco sequence numbers and clock markers, missing
/// years, hostnames or PRI) but never guesses silently: what was inferred is flagged on
/// ``timestamp``. The message text is kept as written, secrets included, so it is an intermediate
/// value: store or print only what the vendor parsers derive from it (they redact), or pass it
/// through ``SecretRedactor`` first.
public struct SyslogMessage: Sendable, Hashable {
    /// The header shape the record was written in.
    public var format: SyslogFormat
    /// `<PRI>`, when the record had one (file-tailed logs often do not).
    public var priority: SyslogPriority?
    /// The RFC 5424 version (always 1), for RFC 5424 records.
    public var version: Int?
    /// When the record says it happened, with what had to be inferred.
    public var timestamp: SyslogTimestamp?
    /// The originating host as written in the header (a name or an address).
    public var hostname: String?
    /// The program / APP-NAME / RFC 3164 tag (`mgd`, `Aaa`, `tac_plus`).
    public var appName: String?
    /// The process id (`mgd[1234]`, RFC 5424 PROCID).
    public var procID: String?
    /// The RFC 5424 MSGID (`UI_CMDLINE_READ_LINE`).
    public var msgID: String?
    /// RFC 5424 structured data, by SD-ID, with each element's parameters in written order.
    public var structuredData: [String: [SDParameter]]
    /// A Cisco message sequence number (`000123:`), when present.
    public var sequenceNumber: UInt64?
    /// The message text (RFC 5424 BOM removed).
    public var message: String
    /// Byte offset of ``message`` in the framed line, so later errors can name a column.
    public var messageOffset: Int

    /// Creates a framed message.
    public init(
        format: SyslogFormat, priority: SyslogPriority? = nil, version: Int? = nil, timestamp: SyslogTimestamp? = nil,
        hostname: String? = nil, appName: String? = nil, procID: String? = nil, msgID: String? = nil,
        structuredData: [String: [SDParameter]] = [:], sequenceNumber: UInt64? = nil, message: String,
        messageOffset: Int = 0
    ) {
        self.format = format
        self.priority = priority
        self.version = version
        self.timestamp = timestamp
        self.hostname = hostname
        self.appName = appName
        self.procID = procID
        self.msgID = msgID
        self.structuredData = structuredData
        self.sequenceNumber = sequenceNumber
        self.message = message
        self.messageOffset = messageOffset
    }

    /// The value of a structured-data parameter, from the first element whose SD-ID starts with
    /// `idPrefix` (Junos writes `junos@2636.1.1.1.2.18`, the suffix varying by platform).
    public func structuredValue(_ name: String, inElementWithPrefix idPrefix: String) -> String? {
        for (id, params) in structuredData where id.hasPrefix(idPrefix) {
            if let p = params.first(where: { $0.name == name }) { return p.value }
        }
        return nil
    }
}

/// How a syslog record's header was written.
public enum SyslogFormat: Sendable, Hashable {
    /// RFC 5424: `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG`.
    case rfc5424
    /// RFC 3164 and the device variants of it (Cisco sequence numbers, `host:` prefixes, ISO
    /// timestamps after the PRI).
    case bsd
    /// No recognisable header: the whole line after an optional PRI is the message (FortiOS
    /// `date=… time=…`, file-tailed records).
    case noHeader
}

/// A syslog PRI value: facility × 8 + severity.
public struct SyslogPriority: Sendable, Hashable {
    /// The raw PRI value, 0–191.
    public let value: Int

    /// Creates a priority; `nil` outside 0–191.
    public init?(_ value: Int) {
        guard (0...191).contains(value) else { return nil }
        self.value = value
    }

    /// The facility code (0–23: 4 auth, 10 authpriv, 16–23 local0–local7).
    public var facility: Int { value / 8 }
    /// The severity code (0 emergency … 7 debug).
    public var severity: Int { value % 8 }
}

/// One RFC 5424 structured-data parameter, with `\"`, `\\` and `\]` unescaped.
public struct SDParameter: Sendable, Hashable {
    /// The PARAM-NAME.
    public var name: String
    /// The PARAM-VALUE, unescaped.
    public var value: String

    /// Creates a parameter.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
