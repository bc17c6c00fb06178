/// RFC 5424 STRUCTURED-DATA: one or more `[SD-ID PARAM-NAME="PARAM-VALUE" …]`, values with
/// `\"`, `\\` and `\]` escaped.
enum StructuredDataReader {
    static func read(_ c: inout ByteCursor) -> Result<[String: [SDParameter]], NetworkParseError> {
        var out: [String: [SDParameter]] = [:]
        while c.peek() == .lbracket {
            c.i += 1
            let idStart = c.i
            while let b = c.peek(), isNameByte(b) { c.i += 1 }
            guard c.i > idStart else { return .failure(NetworkParseError(.invalidStructuredData, column: c.column)) }
            let id = c.text(idStart..<c.i)
            var params = out[id] ?? []
            while true {
                if c.expect(.rbracket) { break }
                guard c.expect(.space) else { return .failure(NetworkParseError(.invalidStructuredData, column: c.column)) }
                while c.peek() == .space { c.i += 1 }
                if c.expect(.rbracket) { break }
                let nameStart = c.i
                while let b = c.peek(), isNameByte(b), b != .equals { c.i += 1 }
                guard c.i > nameStart, c.expect(.equals), c.expect(.quote) else {
                    return .failure(NetworkParseError(.invalidStructuredData, column: c.column))
                }
                let name = c.text(nameStart..<(c.i - 2))
                var value: [UInt8] = []
                var closed = false
                while let b = c.peek() {
                    c.i += 1
                    if b == .backslash, let n = c.peek(), n == .quote || n == .backslash || n == .rbracket {
                        value.append(n)
                        c.i += 1
                    } else if b == .quote, closesValue(c) {
                        closed = true
                        break
                    } else {
                        value.append(b)
                    }
                }
                guard closed else { return .failure(NetworkParseError(.invalidStructuredData, column: c.column)) }
                params.append(SDParameter(name: name, value: String(decoding: value, as: UTF8.self)))
            }
            out[id] = params
        }
        return .success(out)
    }

    /// Whether an unescaped `"` (the cursor just past it) ends the value: it must be followed by
    /// `]` or by ` name="`. Some senders leave quotes inside values unescaped
    /// (`command="set … encrypted-password "$6$…""`); those quotes are kept as text.
    static func closesValue(_ c: ByteCursor) -> Bool {
        guard let next = c.peek() else { return true }
        if next == .rbracket { return true }
        guard next == .space else { return false }
        var j = c.i + 1
        while j < c.bytes.count, c.bytes[j] == .space { j += 1 }
        let nameStart = j
        while j < c.bytes.count, isNameByte(c.bytes[j]) { j += 1 }
        return j > nameStart && j + 1 < c.bytes.count && c.bytes[j] == .equals && c.bytes[j + 1] == .quote
            || (j == nameStart && j < c.bytes.count && c.bytes[j] == .rbracket)
    }

    /// SD-NAME: printable US-ASCII except `=`, space, `]` and `"`.
    static func isNameByte(_ b: UInt8) -> Bool {
        b > 32 && b < 127 && b != .equals && b != .rbracket && b != .quote
    }
}
