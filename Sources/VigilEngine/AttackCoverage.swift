import Foundation
public import VigilAttack
import VigilStore

/// ATT&CK-wide coverage for the newest imported Enterprise release: of the analytics for Network
/// Devices and for IaaS, how many have every log source they name parsed by Vigil, some, or none —
/// and which sources are missing most often.
public struct AttackCoverage: Sendable, Codable, Equatable {
    /// One platform's analytics.
    public struct Platform: Sendable, Codable, Equatable {
        public var platform: String
        public var analytics: Int
        /// Every log source the analytic names is one Vigil parses.
        public var fullyParsed: Int
        /// Some, not all.
        public var partlyParsed: Int
        public var notParsed: Int
        /// Normalised log-source names Vigil does not parse, with how many of the platform's analytics name them.
        public var missingSources: [String: Int]
    }

    /// The release the figures are for.
    public var release: String
    public var platforms: [Platform]

    /// The platforms counted.
    public static let platformNames = ["Network Devices", "IaaS"]

    /// Log sources (normalised) that Vigil parses: cloud control-plane logs and network devices'
    /// syslog, CLI history (syslog and TACACS+ accounting) and configuration messages.
    public static let parsed: Set<String> = [
        "aws:cloudtrail", "azure:activity", "gcp:audit", "networkdevice:syslog", "networkdevice:cli", "networkdevice:config",
    ]

    /// Known aliases and typos of log-source names, after case and white space are normalised.
    static let aliases: [String: String] = [
        "linus:syslog": "linux:syslog",
        "networkconfig": "networkdevice:config",
        "network:config": "networkdevice:config",
        "networkdevice:cli history": "networkdevice:cli",
        "firewall audit logs": "networkdevice:firewall",
        "cloudtrail": "aws:cloudtrail",
        "aws cloudtrail": "aws:cloudtrail",
        "azure activity": "azure:activity",
        "azure:activitylog": "azure:activity",
        "gcp:auditlogs": "gcp:audit",
    ]

    /// A log-source name as compared: lower case, white space around `:` removed and runs of it
    /// collapsed, known aliases and typos mapped; CloudTrail's event-name channels
    /// (`CloudTrail:GetObject`) are CloudTrail.
    public static func normalise(_ name: String) -> String {
        let lowered = name.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let compact = lowered.replacingOccurrences(of: " :", with: ":").replacingOccurrences(of: ": ", with: ":")
        if let alias = aliases[compact] { return alias }
        if compact.hasPrefix("cloudtrail:") { return "aws:cloudtrail" }
        return compact
    }

    /// The figures for the newest Enterprise release in `kb`, or nil when none is imported.
    public static func compute(_ kb: AttackKnowledgeBase) throws -> AttackCoverage? {
        let enterprise = try kb.releases().filter { $0.name.lowercased().contains("enterprise") }
        guard let release = enterprise.max(by: { Self.versionOrder($0.version, $1.version) }) else { return nil }
        var platforms = Dictionary(uniqueKeysWithValues: platformNames.map {
            ($0, Platform(platform: $0, analytics: 0, fullyParsed: 0, partlyParsed: 0, notParsed: 0, missingSources: [:]))
        })
        for object in try kb.store.attackObjects(release: release.id, type: ObjectType.analytic.rawValue)
        where !object.deprecated && !object.revoked {
            guard let raw = try kb.raw(object) else { continue }
            let node = try JSONNode.parse(raw)
            let names = Set(STIXFields.logSourceReferences(node).map { normalise($0.name) })
            let missing = names.subtracting(parsed)
            for platform in STIXFields.platforms(node) where platforms[platform] != nil {
                platforms[platform]!.analytics += 1
                if names.isEmpty || missing.count == names.count {
                    platforms[platform]!.notParsed += 1
                } else if missing.isEmpty {
                    platforms[platform]!.fullyParsed += 1
                } else {
                    platforms[platform]!.partlyParsed += 1
                }
                for m in missing { platforms[platform]!.missingSources[m, default: 0] += 1 }
            }
        }
        return AttackCoverage(release: release.title, platforms: platformNames.compactMap { platforms[$0] })
    }

    /// Numeric order of versions (`18.1` < `18.10`).
    static func versionOrder(_ a: String, _ b: String) -> Bool {
        let x = a.split(separator: ".").map { Int($0) ?? 0 }, y = b.split(separator: ".").map { Int($0) ?? 0 }
        return x.lexicographicallyPrecedes(y)
    }
}
