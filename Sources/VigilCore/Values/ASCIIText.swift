extension StringProtocol {
    /// Whether every byte of the text is ASCII: each byte is then a character of its own (but for
    /// `\r\n`), so a byte-wise reading and Swift's character reading see the same text. The
    /// parsers' byte-wise readers take this path and keep the character reading for other text.
    public var isASCIIBytes: Bool {
        utf8.withContiguousStorageIfAvailable { !$0.contains { $0 >= 0x80 } } ?? utf8.allSatisfy { $0 < 0x80 }
    }
}

extension Collection<UInt8> {
    /// Whether the bytes begin with `word` (lower-case ASCII), ASCII letters compared in any case.
    @inlinable public func hasASCIIPrefixIgnoringCase(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard count >= n else { return false }
        var i = 0
        for b in prefix(n) {
            let lower = b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") ? b | 0x20 : b
            guard lower == word.utf8Start[i] else { return false }
            i += 1
        }
        return true
    }

    /// Whether the bytes are `word` (lower-case ASCII), ASCII letters compared in any case.
    @inlinable public func equalsASCIIIgnoringCase(_ word: StaticString) -> Bool {
        count == word.utf8CodeUnitCount && hasASCIIPrefixIgnoringCase(word)
    }
}
