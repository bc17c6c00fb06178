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
