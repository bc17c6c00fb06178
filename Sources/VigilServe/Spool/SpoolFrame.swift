/// One spool record on disk: a 4-byte little-endian payload length, the payload's 4-byte
/// little-endian CRC-32, then the payload. A frame cut short (a crash mid-write) or whose checksum
/// does not match ends the segment's readable part: a torn tail.
public enum SpoolFrame {
    /// Header bytes before each payload.
    public static let headerBytes = 8
    /// The largest payload a frame may carry.
    public static let maxPayload = 64 << 20

    /// Appends `payload`'s frame to `out`.
    public static func append(_ payload: some Collection<UInt8>, to out: inout [UInt8]) {
        let n = UInt32(payload.count)
        let crc = CRC32.checksum(payload)
        withUnsafeBytes(of: n.littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: crc.littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: payload)
    }

    /// What reading a segment found: each payload's range, and where the readable part ends.
    public struct Scan: Sendable, Equatable {
        /// Byte ranges of the payloads, in order.
        public var payloads: [Range<Int>] = []
        /// Bytes up to the end of the last whole, intact frame.
        public var validBytes: Int = 0
        /// Whether bytes after `validBytes` were found (a torn or corrupt tail).
        public var tornTail: Bool = false
    }

    /// Finds the frames in `bytes`.
    public static func scan(_ bytes: UnsafeRawBufferPointer) -> Scan {
        var s = Scan()
        var at = 0
        while at + headerBytes <= bytes.count {
            let n = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
            let crc = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self))
            let start = at + headerBytes
            guard n <= maxPayload, start + n <= bytes.count,
                  CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + n)])) == crc else { break }
            s.payloads.append(start..<(start + n))
            at = start + n
        }
        s.validBytes = at
        s.tornTail = at < bytes.count
        return s
    }
}
