import Testing
@testable import VigilNetwork
import VigilTestSupport

/// The byte-wise reading of TACACS+ server and ISE / ACS markers against the character-wise one
/// it replaced (kept for text that is not plain ASCII): the same answer for every tag, host and
/// message, on edge cases and on random ones.
@Suite struct VendorClassifierReadingTests {
    static func compare(app: String?, host: String?, message: String) {
        let m = SyslogMessage(format: .bsd, hostname: host, appName: app, message: message)
        #expect(VendorClassifier.isTACACSServer(m) == VendorClassifier.isTACACSServerCharacters(m, Substring(message)),
                "app \(app.debugDescription) host \(host.debugDescription) message \(message.debugDescription)")
        #expect(VendorClassifier.isISEOrACS(m) == VendorClassifier.isISEOrACSCharacters(m),
                "app \(app.debugDescription) host \(host.debugDescription) message \(message.debugDescription)")
    }

    @Test func edgeCases() {
        let apps: [String?] = [nil, "tac_plus", "TAC_PLUS", "tac_plus[123]", "Tac_Plus_ng", "tacacs", "TACACS+", "tacacs+x", "tacacsd", "tac_plu",
                               "CISE_Passed_Authentications", "CSCOacs_TACACS_Accounting", "CISE_\u{301}x", "tac_pluſ", "TAC_PLUS\u{212A}", "Aaa", ""]
        let hosts: [String?] = [nil, "ise-1", "CISE_RADIUS_Accounting", "CSCOacs_x", "CISE", "CISE_\u{301}", "router1"]
        let messages = [
            "", "CISE_Passed_Authentications 0000370855 1 0 2026-03-16", "CSCOacs_TACACS_Accounting 0 1 0 x", "x CISE_y", "x CSCOacs_y",
            "CISE_\u{301} combining", " CISE_ at the start after a space", String(repeating: "a", count: 91) + " CISE_",
            String(repeating: "a", count: 90) + " CISE_", String(repeating: "a", count: 95) + " CISE_", "a\r\n" + String(repeating: "b", count: 88) + " CISE_",
            "é" + String(repeating: "b", count: 89) + " CISE_", String(repeating: "b", count: 90) + " CISE\u{301}_", "%SYS-5-CONFIG_I: Configured",
            "user=admin cmd=show run", String(repeating: "c", count: 96) + "\u{301} CISE_",
        ]
        for a in apps { for h in hosts { for msg in messages { Self.compare(app: a, host: h, message: msg) } } }
    }

    @Test func randomCases() {
        var rng = SplitMix64(seed: 0xC1A56)
        let parts = ["CISE_", "CSCOacs_", " ", "tac_plus", "TACACS", "+", "a", "é", "\u{301}", "\r\n", "\r", "_", "x", String(repeating: "y", count: 40)]
        func text(_ max: Int) -> String { (0..<Int.random(in: 0...max, using: &rng)).map { _ in parts.randomElement(using: &rng)! }.joined() }
        for _ in 0..<5000 {
            Self.compare(app: Bool.random(using: &rng) ? text(3) : nil, host: Bool.random(using: &rng) ? text(3) : nil, message: text(8))
        }
    }
}
