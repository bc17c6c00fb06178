import Testing
@testable import VigilConsole

/// HMAC-SHA256 and PBKDF2-HMAC-SHA256 against published vectors; encodings; comparisons.
@Suite struct CryptoTests {
    func hex(_ s: String) -> [UInt8] { ConsoleCrypto.unhex(s)! }

    @Test func hmacRFC4231() {
        // Test case 1 and 2.
        #expect(ConsoleCrypto.hex(ConsoleCrypto.hmac(key: [UInt8](repeating: 0x0b, count: 20), Array("Hi There".utf8)))
                == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(ConsoleCrypto.hex(ConsoleCrypto.hmac(key: Array("Jefe".utf8), Array("what do ya want for nothing?".utf8)))
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        // Test case 6: a key longer than the block is hashed first.
        #expect(ConsoleCrypto.hex(ConsoleCrypto.hmac(key: [UInt8](repeating: 0xaa, count: 131),
                                                     Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
                == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func pbkdf2RFC7914() {
        // RFC 7914 §11: PBKDF2-HMAC-SHA256, first 32 bytes of the 64-byte outputs.
        #expect(ConsoleCrypto.hex(ConsoleCrypto.pbkdf2(password: Array("passwd".utf8), salt: Array("salt".utf8), iterations: 1))
                == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
        #expect(ConsoleCrypto.hex(ConsoleCrypto.pbkdf2(password: Array("Password".utf8), salt: Array("NaCl".utf8), iterations: 80000))
                == "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56")
    }

    @Test func secretsAndComparisons() {
        let a = ConsoleCrypto.newSecret(), b = ConsoleCrypto.newSecret()
        #expect(a.count == 43 && a != b)
        #expect(a.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        #expect(ConsoleCrypto.base64url(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(ConsoleCrypto.base64url(Array("fooba".utf8)) == "Zm9vYmE")
        #expect(ConsoleCrypto.base64url([0xfb, 0xff]) == "-_8")
        #expect(ConsoleCrypto.constantTimeEquals("abc", "abc"))
        #expect(!ConsoleCrypto.constantTimeEquals("abc", "abd"))
        #expect(!ConsoleCrypto.constantTimeEquals("abc", "abcd"))
        #expect(ConsoleCrypto.unhex("0g") == nil)
    }
}
