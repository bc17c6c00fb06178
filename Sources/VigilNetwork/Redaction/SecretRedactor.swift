/// Removes secrets from commands and key=value text before anything is stored or printed, while
/// keeping the structure around them, so the account name and privilege stay readable:
/// `username bob privilege 15 secret 5 $1$mERr$…` → `username bob privilege 15 secret 5 <redacted>`.
///
/// Covers the forms network operating systems use: IOS/IOS-XE/EOS/NX-OS/ASA `password`,
/// `secret` (with their type digits and algorithm words), `enable secret`, `key 7 …`,
/// `tacacs-server key`, `radius-server key`, `crypto isakmp key … address`, `pre-shared-key`,
/// SNMP communities and SNMPv3 `auth`/`priv` passphrases, `message-digest-key … md5`;
/// Junos `encrypted-password`, `plain-text-password-value`, `authentication-key`, `secret`,
/// `ascii-text`; FortiOS `set password ENC …`, `passwd`, `psksecret`; PAN-OS `phash`;
/// `password=…`-style pairs and `password[…]` attributes; and, as a net, any crypt-style hash
/// (`$1$…`, `$6$…`, `$9$…`). The type digit is kept (`secret 0` says a clear-text secret was
/// typed, which is worth knowing and is not itself secret). Values already masked by the device
/// (`*****`) are left as they are and not counted.
public enum SecretRedactor {
    /// What replaces each secret.
    public static let placeholder = "<redacted>"

    /// Redacted text and how many secrets were removed.
    public struct Redaction: Sendable, Hashable {
        /// The text with secrets replaced by ``SecretRedactor/placeholder``.
        public var text: String
        /// How many values were replaced.
        public var count: Int
    }

    /// Redacts one command or line.
    public static func redact(_ text: String) -> Redaction {
        let bytes = Array(text.utf8)
        let tokens = tokenize(bytes)
        var replace: [Int: Range<Int>] = [:]  // token index → byte range inside it to replace
        var sawSNMP = false
        let words = tokens.map { lowerWord(bytes[$0]) }

        func markWhole(_ t: Int) {
            guard t < tokens.count, replace[t] == nil else { return }
            let r = tokens[t]
            var inner = r
            if bytes[r.lowerBound] == .quote, r.count >= 2, bytes[r.upperBound - 1] == .quote {
                inner = (r.lowerBound + 1)..<(r.upperBound - 1)
            }
            guard !isMasked(bytes[inner]) else { return }
            replace[t] = inner
        }

        var t = 0
        while t < tokens.count {
            let w = words[t]
            if w == "snmp-server" || w == "snmp" { sawSNMP = true }
            if valueKeywords.contains(w) || (w == "community" && sawSNMP) || (w == "md5" && t >= 2 && words[t - 2] == "message-digest-key") {
                var n = t + 1
                n = skipQualifiers(words, from: n)
                if n < tokens.count, !stopWords.contains(words[n]) { markWhole(n); t = n + 1; continue }
            } else if w == "key" || w == "key-string" {
                let n = t + 1
                if n < tokens.count {
                    if typeDigits.contains(words[n]) {
                        if n + 1 < tokens.count { markWhole(n + 1); t = n + 2; continue }
                    } else if !keyStopWords.contains(words[n]), !(t > 0 && ["crypto", "pubkey-chain"].contains(words[t - 1])),
                              !(n + 1 == tokens.count && words[n].allSatisfy(\.isASCIIDigit)) {
                        markWhole(n)
                        t = n + 1
                        continue
                    }
                }
            } else if sawSNMP, w == "auth" || w == "priv" {
                var n = t + 1
                while n < tokens.count, snmpAlgorithms.contains(words[n]) { n += 1 }
                if n > t + 1, n < tokens.count { markWhole(n); t = n + 1; continue }
            } else if let eq = bytes[tokens[t]].firstIndex(of: .equals) {
                let key = String(lowerWord(bytes[tokens[t].lowerBound..<eq]).filter { $0 != "\"" && $0 != "'" })
                if pairKeys.contains(key) || pairKeys.contains(where: { key.hasSuffix("." + $0) }) {
                    var inner = (eq + 1)..<tokens[t].upperBound
                    if inner.count >= 2, bytes[inner.lowerBound] == .quote, bytes[inner.upperBound - 1] == .quote {
                        inner = (inner.lowerBound + 1)..<(inner.upperBound - 1)
                    }
                    if !inner.isEmpty, !isMasked(bytes[inner]) { replace[t] = inner }
                }
            }
            if replace[t] == nil, let inner = bracketSecret(bytes, in: tokens[t]) { replace[t] = inner }
            if replace[t] == nil, looksLikeHash(bytes[tokens[t]]) { markWhole(t) }
            t += 1
        }
        guard !replace.isEmpty else { return Redaction(text: text, count: 0) }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var pos = 0
        for (index, range) in replace.sorted(by: { $0.key < $1.key }) {
            _ = index
            out += bytes[pos..<range.lowerBound]
            out += Array(placeholder.utf8)
            pos = range.upperBound
        }
        out += bytes[pos...]
        return Redaction(text: String(decoding: out, as: UTF8.self), count: replace.count)
    }

    /// Words after which the next value is a secret.
    static let valueKeywords: Set<String> = [
        "password", "secret", "passwd", "encrypted-password", "plain-text-password-value", "authentication-key",
        "pre-shared-key", "psksecret", "phash", "encpass:", "wpa-psk", "ascii-text", "md5-key", "shared-secret",
        "auth-password", "priv-password", "server-key", "password:", "secret:",
    ]
    /// Qualifiers that may stand between a keyword and its secret.
    static let typeDigits: Set<String> = ["0", "5", "6", "7", "8", "9"]
    static let qualifierWords: Set<String> = [
        "enc", "sha512", "sha256", "ascii", "hex", "ascii-text", "hex-text", "encrypted-password", "unencrypted",
        "cleartext", "clear", "md5", "scrypt", "pbkdf2",
    ]
    /// Words that end a keyword without a value (`password-encryption` is not a keyword, but
    /// `no password` / `password prompt` are commands, not values).
    static let stopWords: Set<String> = ["privilege", "role", "level", "encrypted", "prompt", "|", ";", "<cr>", "required"]
    static let keyStopWords: Set<String> = [
        "chain", "generate", "zeroize", "config-key", "import", "export", "storage", "rsa", "ec", "pubkey-chain",
        "string", "|", ";", "<cr>", "hash", "exchange", "ring",
    ]
    static let snmpAlgorithms: Set<String> = ["md5", "sha", "sha-1", "sha-224", "sha-256", "sha-384", "sha-512", "des", "3des", "aes", "128", "192", "256", "0", "7", "encrypted"]
    /// `key=value` keys whose value is a secret.
    static let pairKeys: Set<String> = ["password", "passwd", "secret", "psk", "psksecret", "phash", "community", "pre-shared-key", "encpass", "pass", "key"]
    /// `name[value]` attributes whose value is a secret (FortiOS `cfgattr`).
    static let bracketKeys: Set<String> = ["password", "passwd", "psksecret", "secret", "phash", "key"]

    static func skipQualifiers(_ words: [String], from start: Int) -> Int {
        var n = start
        // `enable secret level 15 5 $1$…`
        if n + 1 < words.count, words[n] == "level" { n += 2 }
        while n < words.count {
            if qualifierWords.contains(words[n]), n + 1 < words.count, !stopWords.contains(words[n + 1]) { n += 1; continue }
            if typeDigits.contains(words[n]), n + 1 < words.count, !stopWords.contains(words[n + 1]) { n += 1; continue }
            break
        }
        return n
    }

    /// The value inside `password[…]` (FortiOS `cfgattr`), wherever it stands in the token.
    static func bracketSecret(_ b: [UInt8], in token: Range<Int>) -> Range<Int>? {
        var i = token.lowerBound
        while i < token.upperBound {
            guard b[i] == .lbracket else { i += 1; continue }
            var k = i
            while k > token.lowerBound, b[k - 1].isLetter || b[k - 1] == .dash { k -= 1 }
            let name = lowerWord(b[k..<i])
            guard let close = b[(i + 1)..<token.upperBound].firstIndex(of: .rbracket) else { return nil }
            if bracketKeys.contains(name), close > i + 1, !isMasked(b[(i + 1)..<close]) { return (i + 1)..<close }
            i = close + 1
        }
        return nil
    }

    /// Whitespace-separated tokens; a double-quoted run (with `\"` escapes) stays in one token.
    static func tokenize(_ b: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var i = 0
        while i < b.count {
            while i < b.count, b[i] == .space || b[i] == .tab { i += 1 }
            guard i < b.count else { break }
            let start = i
            var inQuote = false
            while i < b.count {
                let c = b[i]
                if inQuote {
                    if c == .backslash { i += 2; continue }
                    if c == .quote { inQuote = false }
                } else if c == .quote {
                    inQuote = true
                } else if c == .space || c == .tab {
                    break
                }
                i += 1
            }
            i = min(i, b.count)
            out.append(start..<i)
        }
        return out
    }

    static func lowerWord(_ s: ArraySlice<UInt8>) -> String {
        String(decoding: s.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    static func isMasked(_ s: ArraySlice<UInt8>) -> Bool {
        !s.isEmpty && (s.allSatisfy { $0 == .star } || String(decoding: s, as: UTF8.self) == placeholder
            || s.elementsEqual("<hidden>".utf8))
    }

    /// `$1$…`, `$6$…`, `$9$…`, `$sha512$…` crypt-style hashes, quoted or not.
    static func looksLikeHash(_ token: ArraySlice<UInt8>) -> Bool {
        var s = token
        if s.first == .quote { s = s.dropFirst() }
        guard s.count >= 8, s.first == UInt8(ascii: "$") else { return false }
        let body = s.dropFirst()
        guard let second = body.firstIndex(of: UInt8(ascii: "$")), second > body.startIndex, second - body.startIndex <= 8 else {
            return false
        }
        return body[body.startIndex..<second].allSatisfy { $0.isDigit || $0.isLetter }
    }
}
