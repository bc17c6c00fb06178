import Testing
import VigilCore

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2026-03-16T22:14:05Z", Int64(1_773_699_245_000)),
        ("2026-03-16T22:14:05.250Z", 1_773_699_245_250),
        ("2026-03-16 22:14:05.000", 1_773_699_245_000),  // CloudTrail Lake
        ("2026-03-16T23:14:05+01:00", 1_773_699_245_000),
        ("2026-03-16T17:14:05-0500", 1_773_699_245_000),
        ("1970-01-01T00:00:00Z", 0),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000),
        ("2026-03-16", 1_773_619_200_000),
    ])
    func parses(text: String, ms: Int64) {
        #expect(Timestamp(iso8601: text)?.milliseconds == ms)
    }

    @Test(arguments: ["", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2026-03-16T24:00:00Z",
                      "2026-03-16T22:14:05Q", "2026-03-16T22:14:05.Z", "16/03/2026", "2026-03-16T22:14:05Z trailing"])
    func rejects(text: String) {
        #expect(Timestamp(iso8601: text) == nil)
    }

    @Test func formatsRoundTrip() {
        for ms: Int64 in [0, 1_773_699_245_000, 1_773_699_245_007, 951_782_400_000, -86_400_000] {
            let t = Timestamp(milliseconds: ms)
            #expect(Timestamp(iso8601: t.iso8601) == t, "\(t.iso8601)")
        }
        #expect(Timestamp(milliseconds: 1_773_699_245_250).iso8601 == "2026-03-16T22:14:05.250Z")
        #expect(Timestamp(milliseconds: -1).iso8601 == "1969-12-31T23:59:59.999Z")
    }
}

@Suite struct IPAddressTests {
    @Test func parsesAndPrints() throws {
        #expect(IPAddress("198.51.100.23")?.description == "198.51.100.23")
        #expect(IPAddress("2001:db8::1")?.description == "2001:db8::1")
        #expect(IPAddress("::ffff:192.0.2.1")?.family == .v6)
        #expect(IPAddress("fe80::1%eth0")?.description == "fe80::1")
        for bad in ["", "1.2.3", "1.2.3.256", "backup.amazonaws.com", "AWS Internal", "1::2::3", "12345::1"] {
            #expect(IPAddress(bad) == nil, "\(bad)")
        }
    }

    @Test func networks() throws {
        let mgmt = try #require(IPNetwork("10.10.1.0/24"))
        #expect(mgmt.contains(try #require(IPAddress("10.10.1.12"))))
        #expect(!mgmt.contains(try #require(IPAddress("10.10.2.12"))))
        #expect(!mgmt.contains(try #require(IPAddress("::ffff:10.10.1.12"))))
        #expect(try #require(IPAddress("203.0.113.77")).network().description == "203.0.113.0/24")
        #expect(try #require(IPAddress("2001:db8:1234:5678::9")).network().description == "2001:db8:1234::/48")
        #expect(IPNetwork("10.0.0.0/33") == nil)
    }
}

@Suite struct StableHashTests {
    /// Reference values computed independently (Python, FNV-1a 128 with a 0xff separator).
    @Test func matchesReferenceFNV1a128() {
        var h = StableHash()
        h.combine("AN0861")
        #expect(h.hex == "cb54bc171b4ff78d216b694159b1344c")
        var x = StableHash()
        x.combine("x")
        #expect(x.hex == "0880955b50ab1be95aa0733055c4c358")
    }

    @Test func separatesFields() {
        var a = StableHash(), b = StableHash()
        a.combine("ab"); a.combine("c")
        b.combine("a"); b.combine("bc")
        #expect(a.hex != b.hex)
    }
}
