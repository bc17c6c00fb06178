import VigilCore

/// An ASCII resource name's bytes, for reading its `/`-separated components without splitting
/// it (in ASCII every byte is a character of its own, so bytes and characters agree).
struct ASCIIPath {
    let name: String
    let bytes: [UInt8]

    init?(_ name: String) {
        guard name.isASCIIBytes else { return nil }
        self.name = name
        self.bytes = Array(name.utf8)
    }

    /// The first non-empty component at or after byte `from`, as a byte range.
    func component(startingAt from: Int) -> (Int, Int)? {
        var i = from
        while i < bytes.count, bytes[i] == UInt8(ascii: "/") { i += 1 }
        guard i < bytes.count else { return nil }
        var j = i
        while j < bytes.count, bytes[j] != UInt8(ascii: "/") { j += 1 }
        return (i, j)
    }

    /// The last non-empty component ending at or before byte `end`, as a byte range.
    func component(endingBefore end: Int) -> (Int, Int)? {
        var j = end
        while j > 0, bytes[j - 1] == UInt8(ascii: "/") { j -= 1 }
        guard j > 0 else { return nil }
        var i = j
        while i > 0, bytes[i - 1] != UInt8(ascii: "/") { i -= 1 }
        return (i, j)
    }

    /// Every non-empty component, as byte ranges.
    func components() -> [(Int, Int)] {
        var out: [(Int, Int)] = [], from = 0
        while let (start, stop) = component(startingAt: from) {
            out.append((start, stop))
            from = stop
        }
        return out
    }

    /// Whether bytes `start..<stop` are `word` (lower-case ASCII) in any letter case.
    func equalsIgnoringCase(_ start: Int, _ stop: Int, _ word: StaticString) -> Bool {
        bytes[start..<stop].equalsASCIIIgnoringCase(word)
    }

    /// The text of bytes `start..<stop`.
    func text(_ start: Int, _ stop: Int) -> Substring {
        let u = name.utf8
        return name[u.index(u.startIndex, offsetBy: start)..<u.index(u.startIndex, offsetBy: stop)]
    }
}
