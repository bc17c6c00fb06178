import Foundation
import Testing
import VigilCore
import VigilGeo
import VigilTestSupport

/// GeoDatabase (libmaxminddb) reading databases that MMDBWriter wrote.
@Suite struct GeoDatabaseTests {
    let dir = TemporaryDirectory("vigil-geo")

    private func open(_ writer: MMDBWriter, _ name: String = "test.mmdb") throws -> GeoDatabase {
        let path = dir.path + "/" + name
        try writer.write(to: path)
        return try GeoDatabase(path: path)
    }

    private func ip(_ text: String) -> IPAddress { IPAddress(text)! }

    @Test func asnDatabaseIPv4AndIPv6() throws {
        var w = MMDBWriter(databaseType: "GeoLite2-ASN", buildEpoch: 1_767_225_600)
        try w.insert("1.0.0.0/24", ["autonomous_system_number": 13335, "autonomous_system_organization": "CLOUDFLARENET"])
        try w.insert("203.0.113.0/24", ["autonomous_system_number": .uint64(64501), "autonomous_system_organization": "Example Transit"])
        try w.insert("2001:db8::/32", ["autonomous_system_number": 64500, "autonomous_system_organization": "Documentation Net"])
        let db = try open(w)

        #expect(db.lookup(ip("1.0.0.1")) == GeoInfo(asn: 13335, asOrganization: "CLOUDFLARENET", prefixLength: 24))
        #expect(db.lookup(ip("203.0.113.200"))?.asn == 64501)
        #expect(db.lookup(ip("2001:db8:1234::7")) == GeoInfo(asn: 64500, asOrganization: "Documentation Net", prefixLength: 32))
        // Misses: next to the networks, and an IPv6 address outside them.
        #expect(db.lookup(ip("1.0.1.0")) == nil)
        #expect(db.lookup(ip("0.255.255.255")) == nil)
        #expect(db.lookup(ip("8.8.8.8")) == nil)
        #expect(db.lookup(ip("2001:db9::1")) == nil)
        #expect(try db.checkedLookup(ip("8.8.8.8")) == nil)
        // An ASN record has no place fields.
        #expect(db.lookup(ip("1.0.0.1"))?.country == nil)
        #expect(db.lookup(ip("1.0.0.1"))?.city == nil)

        let m = db.metadata
        #expect(m.databaseType == "GeoLite2-ASN")
        #expect(m.buildEpoch == 1_767_225_600)
        #expect(m.ipVersion == 6)
        #expect(m.recordSize == 24)
        #expect(m.nodeCount > 96)
        #expect(m.binaryFormatMajorVersion == 2 && m.binaryFormatMinorVersion == 0)
        #expect(m.languages == ["en"])
        #expect(m.description == ["en": "Vigil test database"])
        #expect(db.path.hasSuffix("test.mmdb"))
    }

    @Test func cityDatabaseNestedMaps() throws {
        var w = MMDBWriter(databaseType: "GeoLite2-City", languages: ["de", "en"])
        try w.insert("81.2.69.0/24", [
            "city": ["geoname_id": 2643743, "names": ["de": "London", "en": "London"]],
            "country": ["iso_code": "GB", "names": ["en": "United Kingdom"]],
            "registered_country": ["iso_code": "GB"],
            "location": ["latitude": 51.5142, "longitude": -0.0931, "accuracy_radius": .uint16(10)],
            "subdivisions": [["iso_code": "ENG"]],
            "is_in_european_union": false,
        ])
        try w.insert("2a02:ec80::/29", [
            "city": ["names": ["de": "München", "en": "Munich"]],
            "country": ["iso_code": "DE"],
        ])
        // Anycast: only a registered country.
        try w.insert("192.0.2.0/24", ["registered_country": ["iso_code": "US"]])
        // `city` of the wrong shape is treated as absent, not as an error.
        try w.insert("198.51.100.0/24", ["city": "not a map", "country": ["iso_code": "NL"]])
        let db = try open(w)

        #expect(db.lookup(ip("81.2.69.160")) == GeoInfo(country: "GB", city: "London", prefixLength: 24))
        #expect(db.lookup(ip("2a02:ec80:300::1")) == GeoInfo(country: "DE", city: "Munich", prefixLength: 29))
        #expect(db.lookup(ip("192.0.2.1")) == GeoInfo(country: "US", prefixLength: 24))
        #expect(db.lookup(ip("198.51.100.1")) == GeoInfo(country: "NL", prefixLength: 24))
        #expect(db.lookup(ip("81.2.70.1")) == nil)
        #expect(db.metadata.languages == ["de", "en"])
    }

    @Test func longestPrefixWinsWhateverTheInsertionOrder() throws {
        var w = MMDBWriter()
        // Most specific first: the writer must still let each one override its parents.
        try w.insert("10.1.2.0/24", ["city": ["names": ["en": "C"]]])
        try w.insert("10.1.0.0/16", ["city": ["names": ["en": "B"]]])
        try w.insert("10.0.0.0/8", ["city": ["names": ["en": "A"]]])
        try w.insert("10.1.2.128/32", ["city": ["names": ["en": "host"]]])
        try w.insert("2001:db8::/32", ["country": ["iso_code": "AA"]])
        try w.insert("2001:db8:ab00::/40", ["country": ["iso_code": "BB"]])
        try w.insert("2001:db8:ab00::1/128", ["country": ["iso_code": "CC"]])
        let db = try open(w)

        func city(_ s: String) -> String? { db.lookup(ip(s))?.city }
        #expect(city("10.1.2.3") == "C")
        #expect(city("10.1.2.255") == "C")
        #expect(city("10.1.2.128") == "host")
        #expect(city("10.1.2.129") == "C")
        #expect(city("10.1.3.0") == "B")
        #expect(city("10.1.255.255") == "B")
        #expect(city("10.0.255.255") == "A")
        #expect(city("10.2.0.0") == "A")
        #expect(city("10.255.255.255") == "A")
        #expect(city("11.0.0.0") == nil)
        #expect(city("9.255.255.255") == nil)
        // The matched block is the largest one around the address that holds no more specific
        // network: 10.1.2.0/24 minus its /32 leaves 10.1.2.0/25 for .3, and 10.0.0.0/8 minus
        // 10.1.0.0/16 leaves 10.8.0.0/13 for 10.9.9.9 and 10.128.0.0/9 for 10.200.0.1.
        #expect(db.lookup(ip("10.1.2.3"))?.prefixLength == 25)
        #expect(db.lookup(ip("10.1.2.128"))?.prefixLength == 32)
        #expect(db.lookup(ip("10.1.200.1"))?.prefixLength == 17)
        #expect(db.lookup(ip("10.9.9.9"))?.prefixLength == 13)
        #expect(db.lookup(ip("10.200.0.1"))?.prefixLength == 9)

        func country(_ s: String) -> String? { db.lookup(ip(s))?.country }
        #expect(country("2001:db8:ab00::1") == "CC")
        #expect(country("2001:db8:ab00::2") == "BB")
        #expect(country("2001:db8:abff:ffff::") == "BB")
        #expect(country("2001:db8:ac00::") == "AA")
        #expect(country("2001:db8::") == "AA")
        #expect(country("2001:db7:ffff::") == nil)
        #expect(db.lookup(ip("2001:db8:ab00::1"))?.prefixLength == 128)
    }

    @Test func laterEqualNetworkReplacesEarlier() throws {
        var w = MMDBWriter()
        try w.insert("192.0.2.0/24", ["country": ["iso_code": "AA"]])
        try w.insert("192.0.2.0/24", ["country": ["iso_code": "BB"]])
        #expect(try open(w).lookup(ip("192.0.2.9"))?.country == "BB")
    }

    @Test func ipv4IsAlsoFoundThroughMappedAndCompatibleIPv6() throws {
        var w = MMDBWriter()
        try w.insert("10.1.0.0/16", ["country": ["iso_code": "XA"]])
        try w.insert("2001:db8::/32", ["country": ["iso_code": "XB"]])
        let db = try open(w)
        #expect(db.lookup(ip("10.1.2.3"))?.country == "XA")
        #expect(db.lookup(ip("::ffff:10.1.2.3"))?.country == "XA")  // ::ffff:0:0/96 alias
        #expect(db.lookup(ip("::10.1.2.3"))?.country == "XA")  // where IPv4 lives in the tree
        #expect(db.lookup(ip("::ffff:10.2.0.0")) == nil)
        #expect(db.lookup(ip("::ffff:10.1.2.3"))?.prefixLength == 112)
    }

    @Test func defaultRoutesCoverEverything() throws {
        var w = MMDBWriter()
        try w.insert("0.0.0.0/0", ["country": ["iso_code": "ZZ"]])
        try w.insert("1.2.3.0/24", ["country": ["iso_code": "AU"]])
        let db = try open(w)
        #expect(db.lookup(ip("1.2.3.4"))?.country == "AU")
        #expect(db.lookup(ip("255.255.255.255"))?.country == "ZZ")
        #expect(db.lookup(ip("0.0.0.0"))?.country == "ZZ")
        #expect(db.lookup(ip("::ffff:9.9.9.9"))?.country == "ZZ")
        #expect(db.lookup(ip("2001:db8::1")) == nil)

        var all = MMDBWriter()
        try all.insert("::/0", ["country": ["iso_code": "ZZ"]])
        try all.insert("2001:db8::/32", ["country": ["iso_code": "DB"]])
        let db2 = try open(all, "all.mmdb")
        #expect(db2.lookup(ip("2001:db8::1"))?.country == "DB")
        #expect(db2.lookup(ip("2001:db9::1"))?.country == "ZZ")
        #expect(db2.lookup(ip("9.9.9.9"))?.country == "ZZ")
    }

    @Test func ipv4OnlyDatabase() throws {
        var w = MMDBWriter(databaseType: "Test-IPv4", ipVersion: 4)
        try w.insert("198.51.100.0/24", ["autonomous_system_number": 64496])
        #expect(throws: MMDBWriter.Failure.ipv6NetworkInIPv4Database("2001:db8::/32")) {
            try w.insert("2001:db8::/32", ["autonomous_system_number": 1])
        }
        let db = try open(w)
        #expect(db.metadata.ipVersion == 4)
        #expect(db.metadata.nodeCount == 24)
        #expect(db.lookup(ip("198.51.100.77"))?.asn == 64496)
        #expect(db.lookup(ip("198.51.100.77"))?.prefixLength == 24)
        #expect(db.lookup(ip("198.51.101.77")) == nil)
        // An IPv6 address cannot be looked up in an IPv4 database: an error, not a miss.
        #expect(db.lookup(ip("2001:db8::1")) == nil)
        #expect(throws: GeoError.self) { try db.checkedLookup(ip("2001:db8::1")) }
    }

    @Test func emptyDatabaseAnswersNothing() throws {
        let db = try open(MMDBWriter())
        #expect(db.metadata.nodeCount == 1)
        #expect(db.lookup(ip("1.1.1.1")) == nil)
        #expect(db.lookup(ip("2001:db8::1")) == nil)
    }

    @Test(arguments: [MMDBWriter.RecordSize.bits24, .bits28, .bits32])
    func everyRecordSize(_ size: MMDBWriter.RecordSize) throws {
        var w = MMDBWriter(recordSize: size)
        try w.insert("10.0.0.0/8", ["autonomous_system_number": 1])
        try w.insert("10.20.0.0/16", ["autonomous_system_number": 2])
        try w.insert("2001:db8::/48", ["autonomous_system_number": 3])
        let db = try open(w)
        #expect(db.metadata.recordSize == size.rawValue)
        #expect(db.lookup(ip("10.1.1.1"))?.asn == 1)
        #expect(db.lookup(ip("10.20.1.1"))?.asn == 2)
        #expect(db.lookup(ip("2001:db8:0:1::"))?.asn == 3)
        #expect(db.lookup(ip("2001:db8:1::")) == nil)
    }

    /// A data section past 16 MiB needs record values above 2²⁴: the writer picks 28-bit records,
    /// whose top four bits share the node's middle byte — both halves of it are exercised here.
    @Test func recordsAbove24BitsUseTheMiddleNibbles() throws {
        var w = MMDBWriter()
        // The first record written (broadest networks first) pads the data section past 2²⁴ bytes,
        // so every later data record's value needs more than 24 bits.
        let pad = String(repeating: "x", count: 16_800_000)
        try w.insert("10.0.0.0/8", ["autonomous_system_organization": .string(pad)])
        try w.insert("11.0.0.0/8", ["autonomous_system_number": 11])  // a right record (last bit 1)
        try w.insert("2001:db8::/32", ["autonomous_system_number": 6])  // fully covered by the /33s
        try w.insert("2001:db8:8000::/33", ["autonomous_system_number": 7])  // a right record
        try w.insert("2001:db8::/33", ["autonomous_system_number": 8])  // a left record (last bit 0)
        let bytes = try w.bytes()
        #expect(bytes.count > 1 << 24)
        let db = try open(w)
        #expect(db.metadata.recordSize == 28)
        #expect(db.lookup(ip("10.1.1.1"))?.asOrganization?.count == 16_800_000)
        #expect(db.lookup(ip("11.1.1.1"))?.asn == 11)
        #expect(db.lookup(ip("2001:db8:8000::1"))?.asn == 7)
        #expect(db.lookup(ip("2001:db8::1"))?.asn == 8)
        #expect(db.lookup(ip("12.0.0.1")) == nil)

        var small = w
        small.recordSize = .bits24
        #expect(throws: MMDBWriter.Failure.tooLargeForRecordSize(.bits24)) { try small.bytes() }
    }

    @Test func sharedAcrossTasks() async throws {
        var w = MMDBWriter()
        for i in 0..<64 {
            try w.insert("10.\(i).0.0/16", ["autonomous_system_number": .uint32(UInt32(64_512 + i))])
        }
        let db = try open(w)
        let bad = await withTaskGroup(of: Int.self) { group in
            for t in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for n in 0..<2_000 {
                        let i = (n * 7 + t) % 64
                        if db.lookup(IPAddress("10.\(i).\(n % 256).1")!)?.asn != UInt32(64_512 + i) { wrong += 1 }
                    }
                    return wrong
                }
            }
            return await group.reduce(0, +)
        }
        #expect(bad == 0)
    }

    // MARK: - Bad files

    @Test func missingFileIsAClearError() {
        let path = dir.path + "/nope.mmdb"
        let error = #expect(throws: GeoError.self) { try GeoDatabase(path: path) }
        #expect(error?.path == path)
        #expect(error?.description.contains("nope.mmdb") == true)
        #expect(error?.message.contains("No such file") == true)
    }

    @Test(arguments: [0, 1, 20, 40, 60, 200])
    func truncatedFileIsAnError(keep: Int) throws {
        var w = MMDBWriter()
        try w.insert("10.0.0.0/8", ["country": ["iso_code": "AA"]])
        let bytes = try w.bytes()
        // Cut into the metadata (or earlier): the marker or the map is incomplete.
        let cut = Array(bytes.prefix(keep == 200 ? bytes.count - 5 : keep))
        let path = try dir.write("cut-\(keep).mmdb", Data(cut))
        let error = #expect(throws: GeoError.self) { try GeoDatabase(path: path) }
        #expect(error?.path == path)
        #expect(error?.message.isEmpty == false)
    }

    @Test func notADatabaseIsAnError() throws {
        let path = try dir.write("text.mmdb", String(repeating: "not a MaxMind database\n", count: 100))
        #expect(throws: GeoError.self) { try GeoDatabase(path: path) }
        let dirError = #expect(throws: GeoError.self) { try GeoDatabase(path: dir.path) }
        #expect(dirError?.path == dir.path)
    }

    @Test func corruptSearchTreeFailsTheLookupNotTheProcess() throws {
        var w = MMDBWriter(recordSize: .bits24)
        try w.insert("10.0.0.0/8", ["country": ["iso_code": "AA"]])
        try w.insert("2001:db8::/32", ["country": ["iso_code": "BB"]])
        var bytes = try w.bytes()
        let treeSize = Int(try GeoDatabase(path: dir.write("ok.mmdb", Data(bytes))).metadata.nodeCount) * 6
        for i in 0..<treeSize { bytes[i] = 0xFF }  // every record points far past the data
        let db = try GeoDatabase(path: dir.write("bad-tree.mmdb", Data(bytes)))
        #expect(db.lookup(ip("10.1.1.1")) == nil)
        #expect(db.lookup(ip("2001:db8::1")) == nil)
        let error = #expect(throws: GeoError.self) { try db.checkedLookup(ip("10.1.1.1")) }
        #expect(error?.message.contains("10.1.1.1") == true)
    }

    @Test func corruptDataSectionFailsTheLookupNotTheProcess() throws {
        var w = MMDBWriter()
        try w.insert("10.0.0.0/8", ["country": ["iso_code": "AA"], "city": ["names": ["en": "Somewhere"]]])
        var bytes = try w.bytes()
        let nodes = Int(try GeoDatabase(path: dir.write("ok.mmdb", Data(bytes))).metadata.nodeCount)
        let dataStart = nodes * 6 + 16
        // The record's map claims many more pairs than follow; its first key becomes a huge string.
        bytes[dataStart] = 0xFF
        bytes[dataStart + 1] = 0xFF
        let db = try GeoDatabase(path: dir.write("bad-data.mmdb", Data(bytes)))
        #expect(db.lookup(ip("10.1.1.1"))?.city == nil)
        #expect(throws: GeoError.self) { try db.checkedLookup(ip("10.1.1.1")) }
    }
}
