import Testing
@testable import VigilNetwork
import VigilTestSupport

/// `key=value` pairs read byte by byte (ASCII text) against the character reading: the same keys
/// and values, in order.
@Suite struct KeyValueReadingTests {
    static func compare(_ text: String) {
        let t = Substring(text)
        let fast = KeyValueReader.pairs(t).map { [String($0.key), String($0.value)] }
        let slow = KeyValueReader.pairsCharacters(t).map { [String($0.key), String($0.value)] }
        #expect(fast == slow, "\(text.debugDescription)")
    }

    @Test func sameAsCharacterByCharacter() {
        let cases = [
            "", " ", "a=b", "a=b c=d", "  a=1\tb=2  ", "a=", "=b", "a==b", "a=b=c", "word a=b", "a=\"x y\" b=z", "a=\"x \\\"q\\\" y\" b=1",
            "a=\"unterminated", "a=\"ends with backslash\\", "a=\"\" b=\"\"", "task_id=12 start_time=1700000000 cmd=\"show running-config\"",
            "user=admin priv-lvl=15 service=shell cmd=username bob secret 0 x", "a=b\r\nc=d", "a=\"x\\\"", "a=\"\\\"", "a=\"\\\\\" b=c", "a=é b=c", "a=\u{301} b=c", "k=v \u{301}x=y",
        ]
        for c in cases { Self.compare(c) }
        var rng = SplitMix64(seed: 0xC1A57)
        let parts = ["a", "key", "=", "=", " ", "\t", "\"", "\\", "x y", "é", "\u{301}", "\r\n", "1"]
        for _ in 0..<5000 { Self.compare((0..<Int.random(in: 0...16, using: &rng)).map { _ in parts.randomElement(using: &rng)! }.joined()) }
    }
}
