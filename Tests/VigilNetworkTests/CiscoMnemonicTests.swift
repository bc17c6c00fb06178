import Testing
@testable import VigilNetwork
import VigilTestSupport

/// The byte-wise reading of a Cisco-style message id against the character-wise one it replaced
/// (kept for text that is not ASCII after the id): same id, facility, severity, mnemonic, body.
@Suite struct CiscoMnemonicTests {
    static func fields(_ m: CiscoMnemonic?) -> [String]? {
        m.map { [String($0.facility), "\($0.severity)", String($0.mnemonic), $0.id, String($0.body), "\($0.spacedColon)"] }
    }

    static func compare(_ line: String) {
        let text = Substring(line)
        var i = text.startIndex
        while let p = text[i...].firstIndex(of: "%") {
            let fast = fields(CiscoMnemonic.parse(text, at: p)), slow = fields(CiscoMnemonic.parseCharacters(text, at: p))
            #expect(fast == slow, "\(line.debugDescription) at offset \(text.utf8.distance(from: text.startIndex, to: p))")
            i = text.index(after: p)
        }
    }

    @Test func readsIdsAsWritten() {
        let xr = Substring("x %MGBL-SYS-5-CONFIG_I : Configured from console")
        let m = CiscoMnemonic.parse(xr, at: xr.firstIndex(of: "%")!)
        #expect(m.map { [String($0.facility), "\($0.severity)", String($0.mnemonic), $0.id, String($0.body)] }
            == ["MGBL-SYS", "5", "CONFIG_I", "%MGBL-SYS-5-CONFIG_I", "Configured from console"])
        #expect(m?.spacedColon == true)
        let asa = "%ASA-5-502101: New user added to local dbase: Uname: bob"
        #expect(Self.fields(CiscoMnemonic.parse(Substring(asa), at: asa.startIndex)) == ["ASA", "5", "502101", "%ASA-5-502101", "New user added to local dbase: Uname: bob", "false"])
    }

    @Test func sameAsCharacterByCharacter() {
        let cases = [
            "%SYS-5-CONFIG_I: Configured from console by admin on vty0",
            "%PARSER-5-CFGLOG_LOGGEDCMD: User:netops  logged command:username x",
            "%SEC_LOGIN-4-LOGIN_FAILED: Login failed", "%MGBL-SYS-5-CONFIG_I : x", "%ASA-5-502101:", "%ASA-5-502101",
            "%ASA-9-502101: severity too high", "%A-1-2-3: two digits", "%A-1-2: last part is a digit", "%a-5-X: lower first",
            "%5-5-X: digit first", "%-5-X: empty first", "%A--5-X: empty middle", "%A-5-: empty last", "%A-55-X: two-digit",
            "%A-5-X;semicolon", "%A-5-X :", "%A-5-X  : two spaces", "%", "%%A-5-X: double", "50% of %B-3-Y: z",
            "%A-5-Xé: accent after", "%A-5-X\u{301}: combining after the token", "%A-5-X \u{301}: combining after the space",
            "%A-5-X :\u{301} combining after the colon", "%A-5-X:\r\nnext", "%A-5-X\r\n", "%É-5-X: accent first",
            "%A-5-X:   spaced body", "%FOO-BAR-BAZ-6-QUX: deep", "%A-5-B-6-C: two severities", "%A-8-B-6-C: last valid wins",
            "%A-6-B-8-C: last is too high", "%DBG-7-TRACE: debugging", "%A-0-X: emergency",
        ]
        for c in cases { Self.compare(c) }
        // Random text over the bytes that matter (ASCII and a few non-ASCII characters).
        var rng = SplitMix64(seed: 0xC1A56)
        let alphabet: [String] = ["%", "-", ":", " ", "A", "Z", "a", "0", "5", "7", "8", "_", ";", "é", "\u{301}", "\r\n", "x"]
        for _ in 0..<3000 {
            let n = Int.random(in: 1...24, using: &rng)
            Self.compare((0..<n).map { _ in alphabet.randomElement(using: &rng)! }.joined())
        }
    }
}
