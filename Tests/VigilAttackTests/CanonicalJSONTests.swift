import Testing
@testable import VigilAttack

/// RFC 8785 canonical JSON: the RFC's own examples, and hashes that ignore layout.
@Suite struct CanonicalJSONTests {
    private func canonical(_ text: String) throws -> String {
        CanonicalJSON.string(try JSONNode.parse(text))
    }

    /// RFC 8785 §3.2.2's example input and its canonical output.
    @Test func rfc8785Example() throws {
        let input = #"""
            {
              "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
              "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
              "literals": [null, true, false]
            }
            """#
        let expected = #"{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}"#
        #expect(try canonical(input) == expected)
    }

    /// RFC 8785 §3.2.3: members sorted by UTF-16 code units (the emoji's surrogates sort before U+FB33).
    @Test func utf16KeyOrder() throws {
        let input = #"{"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh","1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis"}"#
        guard case .object(let members) = try JSONNode.parse(input) else { Issue.record("not an object"); return }
        let order = CanonicalJSON.sorted(members).map(\.value.string!)
        #expect(order == ["Carriage Return", "One", "Control", "Latin Small Letter O With Diaeresis", "Euro Sign",
                          "Emoji: Grinning Face", "Hebrew Letter Dalet With Dagesh"])
    }

    @Test func hashIgnoresKeyOrderWhitespaceAndEscapes() throws {
        let a = try JSONNode.parse(#"{"type":"x-mitre-analytic","name":"Analytic 1240","x_mitre_platforms":["Network Devices"],"d":"a\u2014b"}"#)
        let b = try JSONNode.parse("""
            {
                "x_mitre_platforms" : [ "Network Devices" ],
                "d": "a—b",
                "name":   "Analytic 1240",
                "type": "x-mitre-analytic"
            }
            """)
        #expect(ContentHash(of: a) == ContentHash(of: b))
        // …but not array order, nor any value.
        let c = try JSONNode.parse(#"{"type":"x-mitre-analytic","name":"Analytic 1240 ","x_mitre_platforms":["Network Devices"],"d":"a\u2014b"}"#)
        #expect(ContentHash(of: a) != ContentHash(of: c))
        let d = try JSONNode.parse(#"{"x":[1,2]}"#), e = try JSONNode.parse(#"{"x":[2,1]}"#)
        #expect(ContentHash(of: d) != ContentHash(of: e))
    }

    @Test(arguments: [
        ("1", "1"), ("-0", "0"), ("1.0", "1"), ("1E3", "1000"), ("1e21", "1e+21"), ("1e20", "100000000000000000000"),
        ("0.000001", "0.000001"), ("1e-7", "1e-7"), ("123.456", "123.456"), ("-1.5e-10", "-1.5e-10"),
        ("9007199254740993", "9007199254740992"), ("0.1", "0.1"), ("5e-324", "5e-324"), ("1.7976931348623157e308", "1.7976931348623157e+308"),
    ])
    func es6Numbers(literal: String, expected: String) {
        #expect(ES6Number.format(literal) == expected)
    }

    @Test func controlCharactersAndLiterals() throws {
        #expect(try canonical(#"["\u0001\b\t\u001f", "\/", true, null]"#) == #"["\u0001\b\t\u001f","/",true,null]"#)
    }
}
