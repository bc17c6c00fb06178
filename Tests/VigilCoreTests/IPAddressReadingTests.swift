import Testing
@testable import VigilCore
import VigilTestSupport

/// IPv4 text is read byte by byte; the reading it replaced went character by character over a
/// split of the text. Both must agree on every text: the edge cases below and random texts built
/// from digits, dots, colons, letters, spaces and a combining mark.
@Suite struct IPAddressReadingTests {
    static let edgeCases = [
        "", ".", "...", "1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "1.2.3.256", "01.02.03.04", "001.002.003.004",
        "0001.2.3.4", "1.2.3", "1.2.3.4.", ".1.2.3.4", "1..2.3", "1.2.3.4.5", "1.2.3.-4", "+1.2.3.4", "1.2.3.4 ", " 1.2.3.4",
        "1.2.3.4\n", "1.2.3.4\r\n", "1.2.3.4\u{301}", "1.2\u{301}.3.4", "1.\u{301}2.3.4", "١.٢.٣.٤", "1.2.3.a", "999.1.1.1",
        "6.237.252.245", "06.237.252.245", "10.0.0.1:443", "::ffff:1.2.3.4", "1.2.3.4/24",
    ]

    static func same(_ text: String) -> Bool {
        let bytes = IPAddress.parseV4(Substring(text))
        let characters = IPAddress.parseV4Characters(Substring(text))
        return bytes.map { Array($0[12...]) } == characters && (bytes == nil || bytes!.prefix(12).allSatisfy { $0 == 0 })
    }

    @Test func edgeCasesAgree() {
        for t in Self.edgeCases { #expect(Self.same(t), "\(t.debugDescription)") }
        #expect(IPAddress("06.237.252.245")?.description == "6.237.252.245")
        #expect(IPAddress("::ffff:1.2.3.4")?.bytes == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4])
    }

    @Test func randomTextsAgree() {
        var rng = SplitMix64(seed: 0x1B4)
        let alphabet: [String] = ["0", "1", "2", "5", "9", ".", ".", ".", ":", "a", " ", "\u{301}", "25", "255", "256"]
        var accepted = 0
        let digits = ["0", "1", "2", "5", "9", "25", "255", "256", "00"]
        for i in 0..<20_000 {
            let t: String
            if i % 2 == 0 {
                // Address-like: three to five parts of digits, one token swapped at random.
                var parts = (0..<(3 + Int(rng.next() % 3))).map { _ in digits[Int(rng.next() % UInt64(digits.count))] }
                if rng.next() % 3 == 0 { parts[Int(rng.next() % UInt64(parts.count))] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                t = parts.joined(separator: ".")
            } else {
                t = (0..<Int(rng.next() % 12)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }.joined()
            }
            #expect(Self.same(t), "\(t.debugDescription)")
            if IPAddress.parseV4Characters(Substring(t)) != nil { accepted += 1 }
        }
        #expect(accepted > 1_000, "the random texts include addresses (\(accepted))")
    }
}

/// IPv6 text of hex digits, colons and dots is read byte by byte; other text (zones, anything
/// else) keeps the character reading. Both readings must agree on edge cases and on random texts
/// of that alphabet.
@Suite struct IPv6ReadingTests {
    static let edgeCases = [
        "::", ":::", "::::", "::1", "1::", "1::1", "2001:db8::77", "2001:DB8::77", "2001:db8:0:0:0:0:0:77", "2001:db8::0:0:0:0:0:77",
        "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7::", "::1:2:3:4:5:6:7", "1::2::3", "::ffff:1.2.3.4",
        "::ffff:1.2.3.256", "1.2.3.4::", "::1.2.3.4:1", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "12345::1", "0000::0000",
        "00000::", ":1::", "1::2:", ":", "1:", ":1", "fe80::1%eth0", "fe80::1%", "g::1", "::1 ", " ::1", "::1\u{301}",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334:", "a:b:c:d:e:f:a:b", "::.", "::1.", ".::",
        String(repeating: "1:", count: 22) + "1", "1:2:3:4:5:6:7:8::", "::ffff:01.02.03.04", "::ffff:1.2.3", "1::1.2.3.4.5",
    ]

    static func agree(_ text: String) -> Bool { IPAddress.parseV6(Substring(text)) == IPAddress.parseV6Characters(Substring(text)) }

    @Test func edgeCasesAgree() {
        for t in Self.edgeCases { #expect(Self.agree(t), "\(t.debugDescription)") }
        #expect(IPAddress("2001:db8::77")?.bytes == [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x77])
        #expect(IPAddress("::ffff:1.2.3.4")?.bytes == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 1, 2, 3, 4])
        #expect(IPAddress("fe80::1%eth0")?.description == "fe80::1")
        #expect(IPAddress("1::2::3") == nil)
    }

    @Test func randomTextsAgree() {
        var rng = SplitMix64(seed: 0x1B6)
        let tokens = ["0", "1", "a", "F", "ff", "db8", "2001", "0000", "12345", ":", ":", ":", "::", ".", "1.2.3.4", "255", "256", "%", "g", " "]
        var accepted = 0
        for _ in 0..<30_000 {
            let t = (0..<Int(rng.next() % 14)).map { _ in tokens[Int(rng.next() % UInt64(tokens.count))] }.joined()
            #expect(Self.agree(t), "\(t.debugDescription)")
            if IPAddress.parseV6Characters(Substring(t)) != nil { accepted += 1 }
        }
        #expect(accepted > 500, "the random texts include addresses (\(accepted))")
    }
}
