#if canImport(Glibc)
import Glibc
#endif

/// Substring search over UTF-8 bytes (`memchr` for the first byte, then `memcmp`). The standard library's generic `contains(_:)` /
/// `firstRange(of:)` on strings compare `Character`s through the string-processing machinery,
/// which costs microseconds per call; the parsers make several per line.
extension StringProtocol {
    /// Whether `needle` occurs in the text (byte-wise).
    @inline(__always)
    public func includes(_ needle: StaticString) -> Bool { byteOffset(of: needle) != nil }

    /// The range of the first occurrence of `needle` (byte-wise).
    func byteRange(of needle: StaticString) -> Range<Index>? {
        guard let offset = byteOffset(of: needle) else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        let upper = utf8.index(lower, offsetBy: needle.utf8CodeUnitCount)
        return lower..<upper
    }

    private func byteOffset(of needle: StaticString) -> Int? {
        let n = needle.utf8CodeUnitCount
        if n == 0 { return 0 }
        let found: Int?? = utf8.withContiguousStorageIfAvailable { hay -> Int? in
            Self.search(hay, needle)
        }
        if let found { return found }
        // Not contiguous (bridged or lazily stored text): copy once.
        let bytes = Array(utf8)
        return bytes.withUnsafeBufferPointer { Self.search($0, needle) }
    }

    private static func search(_ hay: UnsafeBufferPointer<UInt8>, _ needle: StaticString) -> Int? {
        let n = needle.utf8CodeUnitCount
        guard let base = hay.baseAddress, hay.count >= n else { return nil }
        let first = Int32(needle.utf8Start.pointee)
        var i = 0
        while i <= hay.count - n {
            guard let hit = memchr(base + i, first, hay.count - n - i + 1) else { return nil }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + at, needle.utf8Start, n) == 0 { return at }
            i = at + 1
        }
        return nil
    }
}
