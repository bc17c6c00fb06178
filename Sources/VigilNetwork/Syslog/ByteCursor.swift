/// A read position in a line's UTF-8 bytes: the framing parsers look at bytes, not Characters,
/// so a 10 MB line costs one linear pass and invalid UTF-8 cannot trap.
struct ByteCursor {
    let bytes: [UInt8]
    var i: Int

    init(_ bytes: [UInt8], at i: Int = 0) {
        self.bytes = bytes
        self.i = i
    }

    var atEnd: Bool { i >= bytes.count }
    /// 1-based column of the current position.
    var column: Int { i + 1 }

    func peek(_ offset: Int = 0) -> UInt8? {
        let j = i + offset
        return j >= 0 && j < bytes.count ? bytes[j] : nil
    }

    mutating func skipSpaces() {
        while i < bytes.count, bytes[i] == .space { i += 1 }
    }

    mutating func expect(_ c: UInt8) -> Bool {
        guard peek() == c else { return false }
        i += 1
        return true
    }

    /// The index of the next space (or the end) from the current position.
    func tokenEnd(from start: Int? = nil) -> Int {
        var j = start ?? i
        while j < bytes.count, bytes[j] != .space { j += 1 }
        return j
    }

    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
}

extension UInt8 {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let colon = UInt8(ascii: ":")
    static let lt = UInt8(ascii: "<")
    static let gt = UInt8(ascii: ">")
    static let lbracket = UInt8(ascii: "[")
    static let rbracket = UInt8(ascii: "]")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let dash = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let star = UInt8(ascii: "*")
    static let equals = UInt8(ascii: "=")

    var isDigit: Bool { self >= 48 && self <= 57 }
    var isLetter: Bool { (self | 0x20) >= 97 && (self | 0x20) <= 122 }
    var isUpper: Bool { self >= 65 && self <= 90 }
    var digitValue: Int { Int(self) - 48 }
}
