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

    /// The range of the first occurrence of `needle` (byte-wise), for needles known at run time.
    func byteRange(of needle: String) -> Range<Index>? {
        var needle = needle
        let n = needle.utf8.count
        let offset: Int? = needle.withUTF8 { nb in
            guard n > 0 else { return 0 }
            if let found = utf8.withContiguousStorageIfAvailable({ Self.search($0, nb) }) { return found }
            return Array(utf8).withUnsafeBufferPointer { Self.search($0, nb) }
        }
        guard let offset else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: n)
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
        search(hay, UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount))
    }

    private static func search(_ hay: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = needle.count
        guard let base = hay.baseAddress, let nb = needle.baseAddress, n > 0, hay.count >= n else { return nil }
        let first = Int32(nb.pointee)
        var i = 0
        while i <= hay.count - n {
            guard let hit = memchr(base + i, first, hay.count - n - i + 1) else { return nil }
            let at = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if memcmp(base + at, nb, n) == 0 { return at }
            i = at + 1
        }
        return nil
    }
}
