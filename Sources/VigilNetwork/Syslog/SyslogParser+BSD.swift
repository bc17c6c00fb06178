extension SyslogParser {
    /// RFC 3164 and its device variants, read leniently: whatever header fields are present, in
    /// the orders devices write them, and the rest is the message. Never fails.
    ///
    /// Recognised, in order: Cisco leading fields (`123: `, `host: ` when a time, a sequence
    /// number or a `%` message follows, a lone `:`), a timestamp (with Cisco's `…: ` ending, or
    /// RFC 3164's `TIMESTAMP HOSTNAME `), the ` : ` ASA and NX-OS write after the hostname and
    /// the second, fuller timestamp NX-OS writes there, then a `prog[pid]: ` tag.
    func parseBSD(_ c: inout ByteCursor, priority: SyslogPriority?) -> SyslogMessage {
        let b = c.bytes
        var sequence: UInt64?
        var host: String?
        var reading: ClockReading?
        var ciscoStyle = false

        // Leading Cisco fields.
        for _ in 0..<5 {
            c.skipSpaces()
            if c.peek() == .colon, c.peek(1) == .space || c.peek(1).map(\.isLetter) == true {
                c.i += 1
                continue
            }
            if ClockScanner.scan(b, at: c.i) != nil { break }
            if let (n, end) = sequenceNumber(b, at: c.i) {
                sequence = sequence ?? n
                c.i = end
                continue
            }
            if host == nil, let (name, end) = hostWithColon(b, at: c.i) {
                host = name
                c.i = end
                continue
            }
            break
        }

        c.skipSpaces()
        if let r = ClockScanner.scan(b, at: c.i) {
            reading = r
            c.i = r.end
            if c.peek() == .colon {
                c.i += 1
                ciscoStyle = true
            }
        }

        if reading != nil, !ciscoStyle {
            c.skipSpaces()
            // RFC 3164 hostname, unless the next token is already the tag or the message.
            let start = c.i, end = c.tokenEnd()
            if end > start, host == nil, isPlainHostname(b[start..<end]) {
                host = c.text(start..<end)
                c.i = end
            }
            c.skipSpaces()
            if c.peek() == .colon, c.peek(1) == .space || c.peek(1) == nil {
                c.i += 1
                c.skipSpaces()
            }
            // NX-OS writes a second timestamp, with year and zone, after `host : `.
            if let inner = ClockScanner.scan(b, at: c.i), inner.end < b.count, b[inner.end] == .colon {
                if inner.year != nil || inner.zoneText != nil || reading?.year == nil { reading = inner }
                c.i = inner.end + 1
            }
        }

        // The tag: `prog[pid]: ` or `prog: `.
        c.skipSpaces()
        var app: String?, pid: String?
        if let tag = readTag(b, at: c.i) {
            app = tag.name
            pid = tag.pid
            c.i = tag.end
            c.skipSpaces()
            if sequence == nil, let (n, end) = sequenceNumber(b, at: c.i) {
                sequence = n
                c.i = end
                c.skipSpaces()
            }
        }

        let timestamp = reading.flatMap(resolve)
        let hasHeader = reading != nil || host != nil || app != nil || sequence != nil
        return SyslogMessage(
            format: hasHeader ? .bsd : .noHeader, priority: priority, timestamp: timestamp, hostname: host,
            appName: app, procID: pid, sequenceNumber: sequence, message: c.text(c.i..<b.count), messageOffset: c.i
        )
    }

    /// Cisco's sequence number: digits, `:`, then a space (or the end).
    func sequenceNumber(_ b: [UInt8], at start: Int) -> (UInt64, Int)? {
        var i = start
        var v: UInt64 = 0
        while i < b.count, b[i].isDigit, i - start < 20 {
            v = v &* 10 &+ UInt64(b[i].digitValue)
            i += 1
        }
        guard i > start, i < b.count, b[i] == .colon, i + 1 == b.count || b[i + 1] == .space else { return nil }
        return (v, i + 1)
    }

    /// `host: ` before a Cisco timestamp, sequence number or `%FAC-SEV-MNEMONIC` message.
    func hostWithColon(_ b: [UInt8], at start: Int) -> (String, Int)? {
        var i = start
        while i < b.count, b[i] != .space, b[i] != .colon { i += 1 }
        guard i > start, i < b.count, b[i] == .colon, i - start <= 255, isPlainHostname(b[start..<i]) else { return nil }
        var j = i + 1
        while j < b.count, b[j] == .space { j += 1 }
        guard j > i + 1 || (j < b.count && ClockScanner.scan(b, at: j) != nil) else { return nil }
        let followed = j < b.count && (b[j] == UInt8(ascii: "%") || ClockScanner.scan(b, at: j) != nil
            || sequenceNumber(b, at: j) != nil)
        guard followed else { return nil }
        return (String(decoding: b[start..<i], as: UTF8.self), j)
    }

    /// A hostname, address or IOS-XR node id: letters, digits, `.-_/` and IPv6 colons excluded.
    func isPlainHostname(_ token: ArraySlice<UInt8>) -> Bool {
        guard let first = token.first, first != UInt8(ascii: "%"), token.count <= 255 else { return false }
        guard token.last != .colon else { return false }
        return token.allSatisfy { $0.isLetter || $0.isDigit || $0 == .dot || $0 == .dash || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "/") || $0 == .colon }
            && !(token.contains(.colon) && !token.allSatisfy { $0 == .colon || $0.isDigit || ($0 | 0x20) >= 97 && ($0 | 0x20) <= 102 || $0 == .dot })
    }

    /// An RFC 3164 tag: `name[pid]:` or `name:` followed by a space or the end.
    func readTag(_ b: [UInt8], at start: Int) -> (name: String, pid: String?, end: Int)? {
        var i = start
        while i < b.count, i - start <= 64, b[i].isLetter || b[i].isDigit || b[i] == UInt8(ascii: "_") || b[i] == .dash
            || b[i] == .dot || b[i] == UInt8(ascii: "/") || b[i] == .plus {
            i += 1
        }
        guard i > start, i < b.count, b[start].isLetter || b[start] == UInt8(ascii: "_") else { return nil }
        let name = String(decoding: b[start..<i], as: UTF8.self)
        var pid: String?
        if b[i] == .lbracket {
            let ps = i + 1
            var j = ps
            while j < b.count, b[j] != .rbracket, j - ps <= 32 { j += 1 }
            guard j < b.count, b[j] == .rbracket else { return nil }
            pid = String(decoding: b[ps..<j], as: UTF8.self)
            i = j + 1
        }
        guard i < b.count, b[i] == .colon, i + 1 == b.count || b[i + 1] == .space else { return nil }
        return (name, pid, i + 1)
    }
}
