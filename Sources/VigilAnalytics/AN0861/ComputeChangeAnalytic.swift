public import VigilConfig
public import VigilCore

/// AN0861 in full: creation, deletion, snapshotting, sharing and mounting of cloud compute, judged
/// against change windows, the principal's baseline and the entity chains the changes form.
///
/// It runs after the scan has read every record: changes are evaluated as a stream in event-time
/// order (whatever order the files were read in; see ``ChangeEvaluation``), and the baseline
/// already holds what every record said about every principal. "New" means first seen at this change's time in the whole
/// history — the baseline keeps first sightings, so the judgement does not depend on read order.
///
/// Each behaviour is a named reason; related changes (one principal's changes closer than the
/// incident gap, and every change of one snapshot chain) form one incident and one alert.
public struct ComputeChangeAnalytic: Sendable {
    public let attack = AN0861.attack
    public let detection = "compute-change"
    /// Settings; nil takes the context's (`analytics.AN0861` in the configuration).
    public var configured: AN0861Settings? {
        didSet { settings = configured ?? AN0861Settings() }
    }
    /// The settings in force (kept with `configured`: the behaviours read them per change).
    private(set) var settings: AN0861Settings

    /// The change kinds AN0861 reads.
    public static let kinds: Set<EventKind> = Set(EventKind.allCases.filter { $0 != .other })

    /// The kinds exposure reads: calls that share, publish or export a snapshot, image or disk.
    public static let exposureKinds: Set<EventKind> = [.snapshotModifyAttribute, .imageModifyAttribute, .snapshotExport,
                                                       .volumeExport, .volumeSetPolicy]
    /// The kinds a snapshot → mount chain is made of.
    public static let chainKinds: Set<EventKind> = [.snapshotCreate, .snapshotCopy, .snapshotModifyAttribute, .snapshotExport,
                                                    .volumeCreate, .volumeAttach, .instanceRun]

    /// The change kinds the behaviours in force read: every kind, unless only exposure and chains
    /// are judged (every other behaviour judges every change).
    public static func kinds(for behaviours: Set<AN0861Behaviour>) -> Set<EventKind> {
        var out = Set<EventKind>()
        for b in behaviours {
            switch b {
            case .exposure: out.formUnion(exposureKinds)
            case .chain: out.formUnion(chainKinds)
            default: return kinds
            }
        }
        return out
    }

    /// The settings in force against `context`: the analytic's own, else the context's.
    public func settings(in context: OrgContext) -> AN0861Settings { configured ?? context.an0861 }

    /// Creates the analytic; `settings` nil takes them from the context at evaluation.
    public init(settings: AN0861Settings? = nil) {
        self.configured = settings
        self.settings = settings ?? AN0861Settings()
    }

    /// One behaviour's finding on one change.
    struct Finding: Hashable {
        var code: String
        var severity: Severity
        var summary: String
        var facts: [Fact]
    }

    // MARK: - Behaviours

    func isAutomation(_ key: PrincipalKey, _ b: PrincipalBaseline?, _ context: OrgContext) -> Bool {
        if context.automationPrincipals.contains(key.name) || settings.automationPrincipals.contains(key.name) { return true }
        guard settings.learnAutomation, settings.behaviours.contains(.automation), let b, b.activity.count > 0 else { return false }
        let automated = b.clients.filter { settings.automationClients.contains($0.key) }.values.reduce(0) { $0 + $1.count }
        return Double(automated) / Double(b.activity.count) >= settings.learnedAutomationShare
    }

    /// The finding of a change outside the change windows named `windows` (those scoped to its
    /// principal, account and region; none when no window covers it).
    func outsideWindow(_ ch: ChangeRecord, windows: [String], severity: Severity) -> Finding {
        let iso = ch.time.iso8601
        let when = Self.weekdayClock(ch.time, iso: iso)
        let summary = windows.isEmpty
            ? "no approved change window covers \(ch.principal.name); change at \(when) UTC"
            : "\(ch.principal.name) changed at \(when) UTC, outside its change window\(windows.count > 1 ? "s" : "") \(windows.joined(separator: ", "))"
        return Finding(code: "outside-change-window", severity: severity, summary: summary,
                       facts: [Fact("time", iso), Fact("windows", windows.joined(separator: ","))])
    }

    /// Days with any data in the `days` days before `t`'s day (at least the one day before).
    static func coverage(_ covered: DayIndex, before t: Timestamp, days: Int) -> Int {
        let today = PrincipalBaseline.day(t)
        return covered.span(from: today - Int32(clamping: max(1, days)), to: today).days
    }

    /// Dormant or rarely used, judged only where the baseline had data: a principal is dormant
    /// when it was silent while others were not, rare when the lookback held enough days of data.
    /// `active`: the principal's active days (its baseline's ``PrincipalBaseline/days``); `covered`:
    /// the days on which the baselines saw anything.
    func rarelyUsed(_ ch: ChangeRecord, active: DayIndex, covered: DayIndex, learning: Int) -> [Finding] {
        let t = ch.time
        let today = PrincipalBaseline.day(t)
        if let last = active.last(before: today), Int(today - last) > settings.dormantDays,
           Self.coverage(covered, before: t, days: Int(today - last) - 1) >= min(learning, settings.dormantDays) {
            return [Finding(code: "dormant-account", severity: .high,
                            summary: "\(ch.principal.name) was dormant: no activity for \(today - last) days before this change",
                            facts: [Fact("idle_days", String(today - last))])]
        }
        guard Self.coverage(covered, before: t, days: settings.lookbackDays) >= learning else { return [] }
        let (days, events) = active.span(from: today - Int32(clamping: settings.lookbackDays), to: today)
        let perDay = days > 0 ? Double(events) / Double(days) : 0
        guard days <= settings.rareMaxActiveDays || perDay <= settings.rareMaxDailyEvents else { return [] }
        return [Finding(code: "rarely-used-account", severity: .medium,
                        summary: "\(ch.principal.name) is rarely used: \(events) events on \(days) of the \(settings.lookbackDays) days before this change (\(Self.oneDecimal(perDay)) a day)",
                        facts: [Fact("active_days", String(days)), Fact("events", String(events)),
                                Fact("lookback_days", String(settings.lookbackDays))])]
    }

    func exposure(_ ch: ChangeRecord) -> [Finding] {
        var out: [Finding] = []
        for x in ch.exposures where x.added {
            let noun = Self.noun(x.resource.type, ch.provider)
            let id = x.resource.id
            switch x.grantee {
            case .everyone:
                out.append(Finding(code: "shared-publicly", severity: .critical, summary: "\(noun) \(id) made public",
                                   facts: [Fact("resource", id), Fact("permission", x.permission), Fact("grantee", "public")]))
            case .anyAuthenticated:
                out.append(Finding(code: "shared-publicly", severity: .critical, summary: "\(noun) \(id) shared with every signed-in account",
                                   facts: [Fact("resource", id), Fact("permission", x.permission), Fact("grantee", "allAuthenticatedUsers")]))
            case .account(let a):
                out.append(Finding(code: "shared-with-external-account", severity: .high, summary: "\(noun) \(id) shared with account \(a)",
                                   facts: [Fact("resource", id), Fact("grantee_account", a), Fact("owner_account", ch.evidence.account ?? "unknown")]))
            case .organization(let o):
                out.append(Finding(code: "shared-with-organization", severity: .medium, summary: "\(noun) \(id) shared with \(o)",
                                   facts: [Fact("resource", id), Fact("grantee", o)]))
            case .member(let m):
                out.append(Finding(code: "shared-with-member", severity: .medium, summary: "\(noun) \(id) granted \(x.permission) to \(m)",
                                   facts: [Fact("resource", id), Fact("grantee", m), Fact("role", x.permission)]))
            case .linkHolder:
                out.append(Finding(code: "exported-by-link", severity: .high, summary: "\(noun) \(id) opened for export by a time-limited link (\(x.permission))",
                                   facts: [Fact("resource", id), Fact("access", x.permission)]))
            }
        }
        return out
    }

    // MARK: - Alerts

    /// Reasons in the order an analyst reads them: exposure and chains first.
    static func rank(_ code: String) -> Int {
        ["shared-publicly": 0, "shared-with-external-account": 1, "exported-by-link": 2, "snapshot-mount-chain": 3,
         "shared-with-organization": 4, "shared-with-member": 5, "dormant-account": 6, "rarely-used-account": 7,
         "change-burst": 8, "new-source-network": 9, "new-country": 10, "new-asn": 11, "new-api-client": 12,
         "new-region": 13, "automation-off-schedule": 14, "outside-change-window": 15][code] ?? 99
    }

    static func label(_ code: String) -> String {
        ["shared-publicly": "made public", "shared-with-external-account": "shared outside the account",
         "exported-by-link": "exported by link", "snapshot-mount-chain": "snapshot→mount chain",
         "shared-with-organization": "shared with an organisation", "shared-with-member": "access granted",
         "dormant-account": "dormant account", "rarely-used-account": "rarely used account", "change-burst": "burst of changes",
         "new-source-network": "new network", "new-country": "new country", "new-asn": "new AS", "new-api-client": "new client",
         "new-region": "new region", "automation-off-schedule": "automation off schedule",
         "outside-change-window": "outside change window"][code] ?? code
    }

    static func granteeText(_ g: Exposure.Grantee) -> String {
        switch g {
        case .everyone: "public"
        case .anyAuthenticated: "allAuthenticatedUsers"
        case .account(let a): a
        case .organization(let o): o
        case .member(let m): m
        case .linkHolder: "link"
        }
    }

    static func noun(_ type: ResourceType, _ provider: CloudProvider) -> String {
        switch (type, provider) {
        case (.snapshot, .aws): "EBS snapshot"
        case (.image, .aws): "AMI"
        case (.volume, .aws): "EBS volume"
        case (.instance, .aws): "EC2 instance"
        case (.volume, _): "disk"
        default: type.rawValue
        }
    }

    /// `22:14` (`iso`: the time's ``Timestamp/iso8601`` text, when made already).
    static func clock(_ t: Timestamp, iso: String? = nil) -> String { String((iso ?? t.iso8601).dropFirst(11).prefix(5)) }

    /// `Mon 2026-03-16 22:14` (`iso`: the time's ``Timestamp/iso8601`` text, when made already).
    static func weekdayClock(_ t: Timestamp, iso: String? = nil) -> String {
        let day = Int((t.milliseconds >= 0 ? t.milliseconds : t.milliseconds - 86_399_999) / 86_400_000)
        let names = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
        let text = iso ?? t.iso8601
        return "\(names[((day % 7) + 7) % 7]) \(text.prefix(10)) \(clock(t, iso: text))"
    }

    static func percent(_ x: Double) -> String { "\(Int((x * 1000).rounded()) / 10).\(Int((x * 1000).rounded()) % 10)%" }
    static func oneDecimal(_ x: Double) -> String { "\(Int((x * 10).rounded()) / 10).\(Int((x * 10).rounded()) % 10)" }
    static func minutes(_ m: Double) -> String { m < 1 ? "\(Int((m * 60).rounded())) s" : "\(oneDecimal(m)) min" }
}
