import Testing
@testable import VigilAttack

/// The bundle reader's JSON parser: strict, and located when it refuses.
@Suite struct JSONParserTests {
    @Test(arguments: [
        (#"{"a":1,}"#, 7), (#"{"a":01}"#, 5), (#"[1 2]"#, 3), (#"{"a":"x"} x"#, 10), (#"["\x"]"#, 4), ("[\"a\nb\"]", 3),
        (#"{"a":tru}"#, 5), (#""abc"#, 4),
    ])
    func rejectsWithOffset(text: String, offset: Int) {
        #expect(throws: JSONSyntaxError.self) { try JSONNode.parse(text) }
        do {
            _ = try JSONNode.parse(text)
        } catch {
            #expect(error.offset == offset, "\(error)")
        }
    }

    @Test func readsEscapesAndSurrogates() throws {
        let v = try JSONNode.parse(#"{"s":"\ud83d\ude00 \u00e9\n\"","n":-12.5e+3,"a":[true,false,null],"e":{}}"#)
        #expect(v["s"]?.string == "😀 é\n\"")
        #expect(v["n"] == .number("-12.5e+3"))
        #expect(v["a"] == .array([.bool(true), .bool(false), .null]))
        #expect(v["e"] == .object([]))
        // A lone surrogate escape becomes U+FFFD rather than failing.
        #expect(try JSONNode.parse(#""\ud800x""#).string == "\u{FFFD}x")
    }
}
