/// A Cisco-style message id in the text: `%FACILITY[-SUBFACILITY]-SEVERITY-MNEMONIC:` (IOS,
/// NX-OS, ASA `%ASA-5-502101:`, Arista EOS, IOS-XR `%MGBL-SYS-5-CONFIG_I :`).
struct CiscoMnemonic {
    /// Everything before the severity (`SYS`, `ASA`, `MGBL-SYS`, `SEC_LOGIN`).
    var facility: Substring
    var severity: Int
    /// Everything after the severity (`CONFIG_I`, `502101`).
    var mnemonic: Substring
    /// The id as written, with its `%` (`%SYS-5-CONFIG_I`).
    var id: String
    /// The text after the id and its colon.
    var body: Substring
    /// Whether a space stood before the colon (IOS-XR writes `%MGBL-… :`).
    var spacedColon: Bool

    /// The first id within the first `window` characters of `text`.
    static func find(in text: Substring, window: Int = 320) -> CiscoMnemonic? {
        // Byte-wise: `%` is ASCII, and a mnemonic is ASCII after it.
        let bytes = text.utf8
        let end = bytes.index(bytes.startIndex, offsetBy: window, limitedBy: bytes.endIndex) ?? bytes.endIndex
        var i = bytes.startIndex
        while i < end, let p = bytes[i..<end].firstIndex(of: UInt8(ascii: "%")) {
            if let m = parse(text, at: p) { return m }
            i = bytes.index(after: p)
        }
        return nil
    }

    static func parse(_ text: Substring, at percent: Substring.Index) -> CiscoMnemonic? {
        // Byte by byte over the ASCII token; text that is not ASCII right after it (where a
        // character could combine with the token's last byte) is read character by character.
        let u = text.utf8
        let start = u.index(after: percent)
        var j = start
        // Parts between dashes: their count, whether one was empty, and the last two that are a
        // single digit after the first part (the severity is the last of them before the end).
        var parts = 0, empty = false
        var partStart = start
        var digit: (part: Int, value: Int, dash: String.Index)?, digitBefore: (part: Int, value: Int, dash: String.Index)?
        func endPart(at end: String.Index) {
            let length = u.distance(from: partStart, to: end)
            if length == 0 { empty = true }
            if parts > 0, length == 1, case let d = u[partStart], d >= 48, d <= 57 {
                digitBefore = digit
                digit = (parts, Int(d - 48), u.index(before: partStart))
            }
            parts += 1
        }
        while j < u.endIndex {
            let a = u[j]
            if a == 45 {
                endPart(at: j)
                partStart = u.index(after: j)
            } else if !((a >= 65 && a <= 90) || (a >= 97 && a <= 122) || (a >= 48 && a <= 57) || a == 95) {
                break
            }
            j = u.index(after: j)
        }
        var after = j
        for _ in 0..<3 where after < u.endIndex {
            if u[after] >= 0x80 { return parseCharacters(text, at: percent) }
            after = u.index(after: after)
        }
        endPart(at: j)
        guard parts >= 3, !empty, case let first = u[start], (first >= 65 && first <= 90) || (first >= 48 && first <= 57) else { return nil }
        // The severity: the last single-digit part with something after it.
        guard let severity = digit?.part == parts - 1 ? digitBefore : digit, severity.value <= 7 else { return nil }
        var k = j
        var spaced = false
        if k < u.endIndex, u[k] == 32, u.index(after: k) < u.endIndex, u[u.index(after: k)] == 58 {
            spaced = true
            k = u.index(after: k)
        }
        if k < u.endIndex, u[k] == 58 { k = u.index(after: k) } else if k < u.endIndex, u[k] != 32 { return nil }
        let token = text[start..<j]
        let body = text[k...].drop(while: { $0 == " " })
        return CiscoMnemonic(
            facility: text[start..<severity.dash], severity: severity.value, mnemonic: text[u.index(severity.dash, offsetBy: 3)..<j],
            id: "%" + token, body: body, spacedColon: spaced
        )
    }

    /// ``parse(_:at:)`` character by character (for text that is not ASCII after the token).
    static func parseCharacters(_ text: Substring, at percent: Substring.Index) -> CiscoMnemonic? {
        let start = text.index(after: percent)
        var j = start
        while j < text.endIndex, let a = text[j].asciiValue,
              (a >= 65 && a <= 90) || (a >= 97 && a <= 122) || (a >= 48 && a <= 57) || a == 95 || a == 45 {
            j = text.index(after: j)
        }
        let token = text[start..<j]
        let parts = token.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, parts.allSatisfy({ !$0.isEmpty }), let first = parts.first?.first, first.isUppercase || first.isNumber else {
            return nil
        }
        // The severity: the last single-digit component with something after it.
        guard let s = parts.indices.dropLast().last(where: { $0 > 0 && parts[$0].count == 1 && parts[$0].first!.isNumber }),
              let severity = Int(parts[s]), severity <= 7 else { return nil }
        var k = j
        var spaced = false
        if k < text.endIndex, text[k] == " ", text.index(after: k) < text.endIndex, text[text.index(after: k)] == ":" {
            spaced = true
            k = text.index(after: k)
        }
        if k < text.endIndex, text[k] == ":" { k = text.index(after: k) } else if k < text.endIndex, text[k] != " " { return nil }
        let facilityEnd = token.index(token.startIndex, offsetBy: parts[0..<s].reduce(0) { $0 + $1.count } + s - 1)
        let mnemonicStart = token.index(facilityEnd, offsetBy: 3)
        let body = text[k...].drop(while: { $0 == " " })
        return CiscoMnemonic(
            facility: token[token.startIndex..<facilityEnd], severity: severity, mnemonic: token[mnemonicStart...],
            id: "%" + token, body: body, spacedColon: spaced
        )
    }
}
