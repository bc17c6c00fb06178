import Testing
import VigilCore

/// The byte-wise comparison the readers share: ASCII letters in any case, nothing else folded
/// (`@` is not `` ` ``, `[` is not `{`), lengths exact for equality and at least the word's for a prefix.
@Suite struct ASCIITextTests {
    @Test func equalityIgnoresOnlyTheCaseOfLetters() {
        #expect("READ".utf8.equalsASCIIIgnoringCase("read"))
        #expect("rEaD".utf8.equalsASCIIIgnoringCase("read"))
        #expect(!"reads".utf8.equalsASCIIIgnoringCase("read"))
        #expect(!"rea".utf8.equalsASCIIIgnoringCase("read"))
        #expect(!"".utf8.equalsASCIIIgnoringCase("read"))
        #expect("".utf8.equalsASCIIIgnoringCase(""))
        #expect(!"@".utf8.equalsASCIIIgnoringCase("`"), "0x40 is not 0x60")
        #expect(!"[".utf8.equalsASCIIIgnoringCase("{"), "0x5B is not 0x7B")
        #expect("TAC_PLUS".utf8.equalsASCIIIgnoringCase("tac_plus"))
        #expect(!"réad".utf8.equalsASCIIIgnoringCase("read"))
    }

    @Test func prefixes() {
        #expect("TAC_PLUS[12]".utf8.hasASCIIPrefixIgnoringCase("tac_plus"))
        #expect("tac_plus".utf8.hasASCIIPrefixIgnoringCase("tac_plus"))
        #expect(!"tac_plu".utf8.hasASCIIPrefixIgnoringCase("tac_plus"))
        #expect(!"xtac_plus".utf8.hasASCIIPrefixIgnoringCase("tac_plus"))
        #expect(Array("Microsoft.Compute/disks".utf8)[0..<17].equalsASCIIIgnoringCase("microsoft.compute"))
    }
}
