public import VigilCore

/// Frames syslog lines: RFC 5424, RFC 3164 and the shapes network devices really write.
///
/// Built once per scan with its options; `parse` is pure and never traps, whatever the bytes:
/// anything that is not a readable record comes back as a ``NetworkParseError`` with a column.
public struct SyslogParser: Sendable {
    /// What the parser needs from its caller.
    public struct Options: Sendable {
        /// The time a year-less timestamp is resolved against (the file's modification time, or
        /// the scan's start): the year chosen puts the record nearest this instant without being
        /// more than ``futureTolerance`` seconds after it.
        public var reference: Timestamp
        /// How far after ``reference`` a year-less timestamp may fall (clock skew, zones).
        public var futureTolerance: Int64
        /// Zone abbreviations the organisation's devices use, with their offsets east of UTC in
        /// seconds (`["CET": 3600]`). Abbreviations are configured per device (`clock timezone`),
        /// so none beyond UTC/GMT is assumed; unmapped ones are flagged and taken as UTC.
        public var zoneAbbreviations: [String: Int]
        /// Longest line accepted, in bytes.
        public var maxLineLength: Int

        /// Creates options.
        public init(
            reference: Timestamp, futureTolerance: Int64 = 2 * 86_400, zoneAbbreviations: [String: Int] = [:],
            maxLineLength: Int = 256 * 1024
        ) {
            self.reference = reference
            self.futureTolerance = futureTolerance
            self.zoneAbbreviations = zoneAbbreviations
            self.maxLineLength = maxLineLength
        }
    }

    /// The parser's options.
    public let options: Options

    /// Creates a parser.
    public init(options: Options) { self.options = options }

    /// Frames one line (a trailing `\n` or `\r\n` is ignored).
    public func parse(_ line: String) -> Result<SyslogMessage, NetworkParseError> {
        if line.utf8.count > options.maxLineLength + 2 {
            return .failure(NetworkParseError(.tooLong(limit: options.maxLineLength), column: options.maxLineLength + 1))
        }
        return parse(bytes: Array(line.utf8))
    }

    /// Frames one line given as bytes (invalid UTF-8 is replaced, not fatal).
    public func parse(bytes input: [UInt8]) -> Result<SyslogMessage, NetworkParseError> {
        var bytes = input
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") { bytes.removeLast() }
        if bytes.count > options.maxLineLength {
            return .failure(NetworkParseError(.tooLong(limit: options.maxLineLength), column: options.maxLineLength + 1))
        }
        if let bad = bytes.firstIndex(where: { $0 < 0x20 && $0 != .tab || $0 == 0x7f }) {
            return .failure(NetworkParseError(.binaryContent, column: bad + 1))
        }
        var c = ByteCursor(bytes)
        c.skipSpaces()
        if c.atEnd { return .failure(NetworkParseError(.empty, column: 1)) }

        var priority: SyslogPriority?
        if c.peek() == .lt {
            switch readPriority(&c) {
            case .success(let p): priority = p
            case .failure(let e): return .failure(e)
            }
        }
        if c.peek() == UInt8(ascii: "1"), c.peek(1) == .space,
           (c.peek(2) == .dash && (c.peek(3) == .space || c.peek(3) == nil))
            || ((2..<6).allSatisfy { c.peek($0)?.isDigit == true } && c.peek(6) == .dash) {
            return parse5424(&c, priority: priority)
        }
        return .success(parseBSD(&c, priority: priority))
    }

    /// `<N>` with 1–3 digits, N ≤ 191.
    func readPriority(_ c: inout ByteCursor) -> Result<SyslogPriority, NetworkParseError> {
        let start = c.column
        c.i += 1
        var v = 0, n = 0
        while let d = c.peek(), d.isDigit, n < 4 {
            v = v * 10 + d.digitValue
            n += 1
            c.i += 1
        }
        guard n >= 1, n <= 3, c.expect(.gt), let p = SyslogPriority(v) else {
            return .failure(NetworkParseError(.invalidPriority, column: start))
        }
        return .success(p)
    }

    /// `1 TIMESTAMP HOST APP PROCID MSGID SD [MSG]`, `-` for absent fields.
    func parse5424(_ c: inout ByteCursor, priority: SyslogPriority?) -> Result<SyslogMessage, NetworkParseError> {
        c.i += 2
        var fields: [String?] = []
        var timestamp: SyslogTimestamp?
        for n in 0..<5 {
            guard !c.atEnd else { return .failure(NetworkParseError(.truncatedHeader, column: c.column)) }
            let start = c.i, end = c.tokenEnd()
            if n == 0 {
                if !(end - start == 1 && c.bytes[start] == .dash) {
                    guard let r = ClockScanner.scanISO(c.bytes, at: start), r.end == end,
                          let t = r.resolve(reference: options.reference, futureTolerance: options.futureTolerance,
                                            zones: options.zoneAbbreviations)
                    else { return .failure(NetworkParseError(.invalidTimestamp, column: start + 1)) }
                    timestamp = t
                }
            } else {
                fields.append(end - start == 1 && c.bytes[start] == .dash ? nil : c.text(start..<end))
            }
            c.i = end
            guard c.expect(.space) else { return .failure(NetworkParseError(.truncatedHeader, column: c.column)) }
        }
        guard !c.atEnd else { return .failure(NetworkParseError(.truncatedHeader, column: c.column)) }
        var sd: [String: [SDParameter]] = [:]
        if c.peek() == .dash {
            c.i += 1
        } else if c.peek() == .lbracket {
            switch StructuredDataReader.read(&c) {
            case .success(let elements): sd = elements
            case .failure(let e): return .failure(e)
            }
        } else {
            return .failure(NetworkParseError(.invalidStructuredData, column: c.column))
        }
        if !c.atEnd, !c.expect(.space) { return .failure(NetworkParseError(.invalidStructuredData, column: c.column)) }
        if c.peek() == 0xEF, c.peek(1) == 0xBB, c.peek(2) == 0xBF { c.i += 3 }
        return .success(SyslogMessage(
            format: .rfc5424, priority: priority, version: 1, timestamp: timestamp, hostname: fields[0],
            appName: fields[1], procID: fields[2], msgID: fields[3], structuredData: sd,
            message: c.text(c.i..<c.bytes.count), messageOffset: c.i
        ))
    }

    func resolve(_ r: ClockReading) -> SyslogTimestamp? {
        r.resolve(reference: options.reference, futureTolerance: options.futureTolerance, zones: options.zoneAbbreviations)
    }
}
