import VigilCore

/// `key=value` pairs separated by spaces, values optionally double-quoted with `\"` escapes
/// (FortiOS event logs, EOS and tac_plus AV pairs). Text that is not a pair is skipped, so a
/// damaged record still yields the pairs it has.
enum KeyValueReader {
    /// All pairs, in order (a repeated key keeps its first value in ``dictionary(_:)``). ASCII
    /// text is read byte by byte (where every byte is a character of its own); other text
    /// character by character, as Swift groups it.
    static func pairs(_ text: Substring) -> [(key: Substring, value: Substring)] {
        guard text.isASCIIBytes, let found = text.utf8.withContiguousStorageIfAvailable({ asciiPairs(text, $0) }) else {
            return pairsCharacters(text)
        }
        return found
    }

    /// ``pairs(_:)`` over ASCII bytes `b` (the UTF-8 of `text`).
    private static func asciiPairs(_ text: Substring, _ b: UnsafeBufferPointer<UInt8>) -> [(key: Substring, value: Substring)] {
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), equals = UInt8(ascii: "=")
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        let u = text.utf8
        func slice(_ from: Int, _ to: Int) -> Substring {
            text[u.index(u.startIndex, offsetBy: from)..<u.index(u.startIndex, offsetBy: to)]
        }
        var out: [(key: Substring, value: Substring)] = []
        var i = 0
        let end = b.count
        while i < end {
            while i < end, b[i] == space || b[i] == tab { i += 1 }
            guard i < end else { break }
            let keyStart = i
            while i < end, b[i] != equals, b[i] != space, b[i] != tab { i += 1 }
            guard i < end, b[i] == equals, i > keyStart else {
                // Not a pair: skip the word.
                while i < end, b[i] != space, b[i] != tab { i += 1 }
                continue
            }
            let keyEnd = i
            i += 1
            if i < end, b[i] == quote {
                i += 1
                let vStart = i
                while i < end, b[i] != quote {
                    if b[i] == backslash, i + 1 < end { i += 1 }
                    i += 1
                }
                out.append((slice(keyStart, keyEnd), slice(vStart, i)))
                if i < end { i += 1 }
            } else {
                let vStart = i
                while i < end, b[i] != space, b[i] != tab { i += 1 }
                out.append((slice(keyStart, keyEnd), slice(vStart, i)))
            }
        }
        return out
    }

    /// ``pairs(_:)`` character by character (text that is not ASCII; and the differential test's
    /// reference).
    static func pairsCharacters(_ text: Substring) -> [(key: Substring, value: Substring)] {
        var out: [(Substring, Substring)] = []
        var i = text.startIndex
        let end = text.endIndex
        while i < end {
            while i < end, text[i] == " " || text[i] == "\t" { i = text.index(after: i) }
            guard i < end else { break }
            let keyStart = i
            while i < end, text[i] != "=", text[i] != " ", text[i] != "\t" { i = text.index(after: i) }
            guard i < end, text[i] == "=", i > keyStart else {
                // Not a pair: skip the word.
                while i < end, text[i] != " ", text[i] != "\t" { i = text.index(after: i) }
                continue
            }
            let key = text[keyStart..<i]
            i = text.index(after: i)
            if i < end, text[i] == "\"" {
                i = text.index(after: i)
                let vStart = i
                while i < end, text[i] != "\"" {
                    if text[i] == "\\", text.index(after: i) < end { i = text.index(after: i) }
                    i = text.index(after: i)
                }
                out.append((key, text[vStart..<i]))
                if i < end { i = text.index(after: i) }
            } else {
                let vStart = i
                while i < end, text[i] != " ", text[i] != "\t" { i = text.index(after: i) }
                out.append((key, text[vStart..<i]))
            }
        }
        return out
    }

    /// Pairs by key, first occurrence winning, with `\"` and `\\` unescaped.
    static func dictionary(_ text: Substring) -> [Substring: String] {
        var out: [Substring: String] = [:]
        for (k, v) in pairs(text) where out[k] == nil {
            out[k] = v.includes("\\") ? unescape(v) : String(v)
        }
        return out
    }

    static func unescape(_ v: Substring) -> String {
        var out = ""
        var escaped = false
        for ch in v {
            if escaped { out.append(ch); escaped = false } else if ch == "\\" { escaped = true } else { out.append(ch) }
        }
        return out
    }
}

/// Comma-separated fields with RFC 4180 quoting (`"a,b"`, `""` for a quote), as PAN-OS writes them.
enum CSVFields {
    static func split(_ text: Substring) -> [String] {
        var out: [String] = []
        var field = ""
        var inQuotes = false
        var i = text.startIndex
        while i < text.endIndex {
            let ch = text[i]
            if inQuotes {
                if ch == "\"" {
                    let n = text.index(after: i)
                    if n < text.endIndex, text[n] == "\"" { field.append("\""); i = n } else { inQuotes = false }
                } else {
                    field.append(ch)
                }
            } else if ch == "\"", field.isEmpty {
                inQuotes = true
            } else if ch == "," {
                out.append(field)
                field = ""
            } else {
                field.append(ch)
            }
            i = text.index(after: i)
        }
        out.append(field)
        return out
    }
}

/// Small text helpers the vendor parsers share.
enum Scan {
    /// The text after the first occurrence of `marker`.
    static func after(_ marker: String, in s: Substring) -> Substring? {
        guard let r = s.byteRange(of: marker) else { return nil }
        return s[r.upperBound...]
    }

    /// The text between `open` and the next `close` after it.
    static func between(_ open: String, _ close: String, in s: Substring) -> Substring? {
        guard let a = after(open, in: s), let r = a.byteRange(of: close) else { return nil }
        return a[..<r.lowerBound]
    }

    /// The first whitespace-delimited word of `s`.
    static func word(_ s: Substring) -> Substring {
        let t = s.drop(while: { $0 == " " })
        return t.prefix(while: { $0 != " " && $0 != "\t" })
    }
}
