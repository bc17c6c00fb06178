/// A 128-bit FNV-1a hash whose value never changes between runs or machines (unlike `Hasher`),
/// for ids that must be stable across re-scans and restarts.
public struct StableHash: Sendable {
    private var hi: UInt64 = 0x6c62_272e_07bb_0142
    private var lo: UInt64 = 0x62b8_2175_6295_c58d

    /// A fresh hash.
    public init() {}

    /// Mixes in a string, followed by a separator so that ("ab","c") ≠ ("a","bc").
    public mutating func combine(_ s: String) {
        for b in s.utf8 { mix(b) }
        mix(0xff)
    }

    private mutating func mix(_ b: UInt8) {
        lo ^= UInt64(b)
        // 128-bit multiply by the FNV prime 2^88 + 0x13b.
        let p: UInt64 = 0x13b
        let product = lo.multipliedFullWidth(by: p)
        hi = hi &* p &+ product.high &+ (lo << 24)
        lo = product.low
    }

    /// 32 lowercase hex digits.
    public var hex: String {
        func h(_ v: UInt64) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: 16 - s.count) + s
        }
        return h(hi) + h(lo)
    }
}
