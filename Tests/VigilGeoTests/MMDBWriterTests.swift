import Testing
import VigilTestSupport

/// The writer's data-section encoding, byte for byte against the examples of the MaxMind DB
/// File Format Specification (libmaxminddb reading whole files is in GeoDatabaseTests).
@Suite struct MMDBWriterTests {
    typealias Value = MMDBWriter.Value

    @Test func payloadSizes() {
        // Sizes below 29 sit in the control byte; 29, 30 and 31 announce 1, 2 and 3 more bytes.
        #expect(Value.string("").encoded == [0x40])
        #expect(Value.string("US").encoded == [0x42, 0x55, 0x53])
        #expect(Value.string(String(repeating: "a", count: 28)).encoded.prefix(1) == [0x5C])
        #expect(Value.string(String(repeating: "a", count: 80)).encoded.prefix(2) == [0x5D, 0x33])  // 29 + 51
        #expect(Value.string(String(repeating: "a", count: 284)).encoded.prefix(2) == [0x5D, 0xFF])
        #expect(Value.string(String(repeating: "a", count: 13_392)).encoded.prefix(3) == [0x5E, 0x33, 0x33])  // 285 + 13,107
        #expect(Value.string(String(repeating: "a", count: 65_821)).encoded.prefix(4) == [0x5F, 0x00, 0x00, 0x00])
        #expect(Value.string(String(repeating: "a", count: 80)).encoded.count == 2 + 80)
        #expect(Value.string("é").encoded == [0x42, 0xC3, 0xA9])  // size in bytes, not characters
    }

    @Test func integersUseTheFewestBytes() {
        #expect(Value.uint32(0).encoded == [0xC0])  // size 0 is the number 0
        #expect(Value.uint32(1).encoded == [0xC1, 0x01])
        #expect(Value.uint32(13335).encoded == [0xC2, 0x34, 0x17])
        #expect(Value.uint32(.max).encoded == [0xC4, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(Value.uint16(300).encoded == [0xA2, 0x01, 0x2C])
        // Extended types: 0 in the top bits, type − 7 in the next byte, before any size bytes.
        #expect(Value.uint64(1_700_000_000).encoded == [0x04, 0x02, 0x65, 0x53, 0xF1, 0x00])
        #expect(Value.uint64(0).encoded == [0x00, 0x02])
    }

    @Test func otherTypes() {
        #expect(Value.double(1.5).encoded == [0x68, 0x3F, 0xF8, 0, 0, 0, 0, 0, 0])
        #expect(Value.bool(true).encoded == [0x01, 0x07])
        #expect(Value.bool(false).encoded == [0x00, 0x07])
        #expect(Value.array(["a", 1]).encoded == [0x02, 0x04, 0x41, 0x61, 0xC1, 0x01])
        // Maps count pairs, and the writer orders keys.
        #expect(Value.map(["b": 2, "a": "x"]).encoded == [0xE2, 0x41, 0x61, 0x41, 0x78, 0x41, 0x62, 0xC1, 0x02])
        #expect(Value.map([:]).encoded == [0xE0])
    }

    @Test func fileLayout() throws {
        var w = MMDBWriter(databaseType: "T", ipVersion: 4, recordSize: .bits24)
        try w.insert("128.0.0.0/1", ["a": 1])
        let bytes = try w.bytes()
        // One node: left record empty (= node_count 1), right record data at 1 + 16 + 0.
        #expect(Array(bytes[0..<6]) == [0, 0, 1, 0, 0, 17])
        #expect(Array(bytes[6..<22]) == Array(repeating: 0, count: 16))
        #expect(Array(bytes[22..<27]) == [0xE1, 0x41, 0x61, 0xC1, 0x01])
        let marker: [UInt8] = [0xAB, 0xCD, 0xEF] + Array("MaxMind.com".utf8)
        #expect(Array(bytes[27..<41]) == marker)
        #expect(bytes[41] == 0xE9)  // the metadata map's nine keys
    }

    @Test func badNetworks() {
        var w = MMDBWriter()
        #expect(throws: MMDBWriter.Failure.invalidNetwork("10.0.0.0/33")) { try w.insert("10.0.0.0/33", [:]) }
        #expect(throws: MMDBWriter.Failure.invalidNetwork("nowhere")) { try w.insert("nowhere", [:]) }
        #expect(w.entries.isEmpty)
    }
}
