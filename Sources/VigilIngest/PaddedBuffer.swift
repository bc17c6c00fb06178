/// A growable byte buffer that always keeps `padding` readable bytes after its capacity, as
/// simdjson requires of every text it parses. One per worker; reused for every file.
public final class PaddedBuffer {
    /// Bytes readable past the end of any text in the buffer (simdjson's SIMDJSON_PADDING).
    public static let padding = 64

    /// The start of the storage.
    public private(set) var base: UnsafeMutableRawPointer
    /// Usable bytes (not counting the padding).
    public private(set) var capacity: Int
    /// Bytes in use.
    public var count = 0

    /// A buffer with room for `capacity` bytes.
    public init(capacity: Int) {
        self.capacity = max(capacity, 4096)
        base = UnsafeMutableRawPointer.allocate(byteCount: self.capacity + Self.padding, alignment: 64)
        base.initializeMemory(as: UInt8.self, repeating: 0, count: self.capacity + Self.padding)
    }

    deinit { base.deallocate() }

    /// Makes room for at least `needed` bytes, keeping the first `count`.
    public func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        var newCapacity = capacity
        while newCapacity < needed { newCapacity *= 2 }
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: newCapacity + Self.padding, alignment: 64)
        fresh.copyMemory(from: base, byteCount: count)
        (fresh + count).initializeMemory(as: UInt8.self, repeating: 0, count: newCapacity + Self.padding - count)
        base.deallocate()
        base = fresh
        capacity = newCapacity
    }

    /// Gives the storage back when one large file grew it past `limit`, so one outlier does not
    /// hold memory for the rest of the scan.
    public func shrink(ifAbove limit: Int, to size: Int) {
        guard capacity > limit, count <= size else { return }
        let fresh = UnsafeMutableRawPointer.allocate(byteCount: size + Self.padding, alignment: 64)
        fresh.copyMemory(from: base, byteCount: count)
        (fresh + count).initializeMemory(as: UInt8.self, repeating: 0, count: size + Self.padding - count)
        base.deallocate()
        base = fresh
        capacity = size
    }

    /// Moves the bytes from `offset` to the end to the front.
    public func discard(upTo offset: Int) {
        guard offset > 0 else { return }
        if offset < count { base.copyMemory(from: base + offset, byteCount: count - offset) }
        count = max(0, count - offset)
    }
}
