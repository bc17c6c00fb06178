/// AN0861's tunables. The analytic's mutable elements in ATT&CK — `ChangeWindow`, `UserContext`,
/// `RateThreshold`, `GeoLocation` — are the configuration keys of the same names (see
/// docs/configuration.md); the rest have defaults that suit most estates.
public struct AN0861Settings: Sendable, Hashable {
    /// The behaviours that judge changes (all by default). A behaviour left out raises no reason,
    /// and the scan skips the work only it needs: with none that needs a baseline, no baseline is
    /// learned; with only exposure (or exposure and chains), only the calls those read are decoded.
    public var behaviours: Set<AN0861Behaviour> = Set(AN0861Behaviour.allCases)

    /// `ChangeWindow`: the change windows (by name) that approve compute changes; nil means every
    /// window of ``OrgContext/changeWindows``.
    public var windows: Set<String>? = nil

    /// `UserContext`: principals (besides the context's automation principals) treated as
    /// automation: expected to change things inside their windows or their learned pattern.
    public var automationPrincipals: Set<String> = []
    /// `UserContext`: client families whose changes are automation's (`terraform`, `aws-service`…).
    public var automationClients: Set<String> = ["terraform", "cloudformation", "pulumi", "cdk", "aws-service"]
    /// `UserContext`: learn automation: a principal whose changes in the baseline came mostly
    /// (≥ `learnedAutomationShare`) from automation clients is treated as automation.
    public var learnAutomation = true
    public var learnedAutomationShare = 0.9
    /// Automation acts "off schedule" in an hour holding less than this share of its activity.
    public var offScheduleShare = 0.01

    /// Learn activity baselines from every record (needed for rarely used, dormant, first-seen
    /// and learned automation). Off, the scan reads only what classifies records and AN0861 judges
    /// changes by windows, configured automation, bursts, chains and exposure alone.
    public var baselines = true

    /// `RateThreshold`: more than `rateChanges` changes by one principal within `rateMinutes`.
    public var rateChanges = 5
    public var rateMinutes = 10

    /// `GeoLocation`: MaxMind databases (City/Country and/or ASN) for source country and AS.
    public var geoDatabases: [String] = []

    /// Rarely used: at most `rareMaxActiveDays` active days, or on average at most
    /// `rareMaxDailyEvents` events per active day, in the `lookbackDays` before the change.
    public var rareMaxActiveDays = 3
    public var rareMaxDailyEvents = 5.0
    public var lookbackDays = 30
    /// Dormant: no activity in the `dormantDays` days before the change.
    public var dormantDays = 21
    /// Days of history a principal needs before first-seen judgements (new network, client,
    /// region, country, AS) count; nil takes the context's `baseline_learning_days`.
    public var learningDays: Int? = nil

    /// Snapshot → share/volume → mount chains count when they complete within this time.
    public var chainMinutes = 60
    /// Changes by one principal closer than this belong to one incident (one alert).
    public var incidentGapMinutes = 60
    /// At most this many evidence events are listed per alert (the rest are counted).
    public var maxEvidence = 50

    /// The baseline keeps at most this many principals, and per principal this many networks,
    /// clients, regions, countries and autonomous systems; the least recently active go first,
    /// and evictions are counted in the scan summary.
    public var maxPrincipals = 100_000
    public var maxFeatures = 256

    /// Defaults.
    public init() {}

    /// Whether the scan learns activity baselines: asked for, and needed by a behaviour in force
    /// (rarely used and dormant accounts, first sightings, learned automation).
    public var learnsBaselines: Bool {
        baselines && !behaviours.isDisjoint(with: [.rarelyUsed, .unusualSource, .automation])
    }

    /// Whether every behaviour runs, with its baselines: a scan that does not judge its files
    /// this fully leaves them for a later one (the `--db` store does not record them as scanned).
    public var judgesEverything: Bool {
        learnsBaselines && behaviours.count == AN0861Behaviour.allCases.count
    }
}

/// AN0861's behaviours, each a family of reasons in its alerts (`analytics.AN0861.behaviours`).
public enum AN0861Behaviour: String, Sendable, Hashable, CaseIterable {
    /// A change no approved window covers (`outside-change-window`).
    case changeWindow = "change-window"
    /// Snapshot created or copied, then shared or made into a volume, then mounted (`snapshot-mount-chain`).
    case chain = "snapshot-mount-chain"
    /// Dormant or rarely used principals (`dormant-account`, `rarely-used-account`).
    case rarelyUsed = "rarely-used"
    /// More than `RateThreshold` changes in its minutes (`change-burst`).
    case rate
    /// First-seen network, client, region, country or AS (`new-source-network`, `new-api-client`, …).
    case unusualSource = "unusual-source"
    /// Learned automation, and automation off its usual hours (`automation-off-schedule`).
    case automation
    /// Snapshots, images and disks shared, made public or exported (`shared-publicly`, …).
    case exposure

    /// Every behaviour's name, for messages: `change-window, snapshot-mount-chain, …`.
    public static let names = allCases.map(\.rawValue).joined(separator: ", ")
}
