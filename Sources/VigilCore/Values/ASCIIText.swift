extension StringProtocol {
    /// Whether every byte of the text is ASCII: each byte is then a character of its own (but for
    /// `\r\n`), so a byte-wise reading and Swift's character reading see the same text. The
    /// parsers' byte-wise readers take this path and keep the character reading for other text.
    public var isASCIIBytes: Bool {
        utf8.withContiguousStorageIfAvailable { !$0.contains { $0 >= 0x80 } } ?? utf8.allSatisfy { $0 < 0x80 }
    }
}
