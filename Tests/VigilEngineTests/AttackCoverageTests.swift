import Foundation
import Testing
import VigilAttack
import VigilEngine
import VigilStore
import VigilTestSupport

/// ATT&CK-wide coverage: which Network Devices and IaaS analytics have all their log sources parsed.
@Suite struct AttackCoverageTests {
    @Test(arguments: [
        ("AWS:CloudTrail", "aws:cloudtrail"),
        ("  aws : cloudtrail ", "aws:cloudtrail"),
        ("CloudTrail:GetObject", "aws:cloudtrail"),
        ("networkdevice:syslog", "networkdevice:syslog"),
        ("NetworkDevice:Config", "networkdevice:config"),
        ("networkconfig", "networkdevice:config"),
        ("linus:syslog", "linux:syslog"),
        ("Firewall Audit Logs", "networkdevice:firewall"),
        ("azure:activity", "azure:activity"),
        ("NSM:Flow", "nsm:flow"),
    ])
    func normalisation(_ written: String, _ normal: String) {
        #expect(AttackCoverage.normalise(written) == normal)
    }

    /// The fixture release holds AN1240 (Network Devices, `networkdevice:syslog`: parsed) and
    /// AN0861 (IaaS, CloudTrail and CloudWatch: CloudWatch is not).
    @Test func fixtureRelease() throws {
        let dir = TemporaryDirectory()
        let kb = AttackKnowledgeBase(store: try VigilStore(path: dir.path + "/kb.db"))
        _ = try kb.importBundle(path: Fixtures.path("attack/enterprise-attack-18.1-subset.json.gz"))
        let c = try #require(try AttackCoverage.compute(kb))
        #expect(c.release == "Enterprise ATT&CK 18.1")
        let network = try #require(c.platforms.first { $0.platform == "Network Devices" })
        #expect((network.analytics, network.fullyParsed, network.partlyParsed, network.notParsed) == (1, 1, 0, 0))
        let iaas = try #require(c.platforms.first { $0.platform == "IaaS" })
        #expect((iaas.analytics, iaas.fullyParsed, iaas.partlyParsed) == (1, 0, 1))
        #expect(iaas.missingSources == ["aws:cloudwatch": 1])
    }

    static let bundle = URL(fileURLWithPath: Golden.packageRoot()).deletingLastPathComponent()
        .appendingPathComponent("shared/data/attack/enterprise-attack-18.1.json.gz").path

    /// The whole 18.1 release: the counts agree with an independent reading of the bundle.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: bundle)))
    func wholeRelease() throws {
        let dir = TemporaryDirectory()
        let kb = AttackKnowledgeBase(store: try VigilStore(path: dir.path + "/kb.db"))
        _ = try kb.importBundle(path: Self.bundle)
        let c = try #require(try AttackCoverage.compute(kb))
        // Independent count with gzip(1) and JSONSerialization.
        let data = try Fixtures.gunzip(Self.bundle)
        let objects = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["objects"] as? [[String: Any]])
        for platform in AttackCoverage.platformNames {
            var want = (all: 0, full: 0, none: 0)
            for o in objects where o["type"] as? String == "x-mitre-analytic" && o["revoked"] as? Bool != true
                && o["x_mitre_deprecated"] as? Bool != true && (o["x_mitre_platforms"] as? [String] ?? []).contains(platform) {
                let names = Set((o["x_mitre_log_source_references"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                    .map(AttackCoverage.normalise))
                want.all += 1
                if !names.isEmpty && names.isSubset(of: AttackCoverage.parsed) { want.full += 1 }
                if names.isDisjoint(with: AttackCoverage.parsed) { want.none += 1 }
            }
            let got = try #require(c.platforms.first { $0.platform == platform })
            #expect(got.analytics == want.all, "\(platform)")
            #expect(got.fullyParsed == want.full, "\(platform)")
            #expect(got.notParsed == want.none, "\(platform)")
            #expect(got.analytics > 50)
        }
    }
}
