public import VigilConfig
import Dispatch
public import VigilCore

/// AN0861 in full: creation, deletion, snapshotting, sharing and mounting of cloud compute, judged
/// against change windows, the principal's baseline and the entity chains the changes form.
///
/// It runs after the scan has read every record: changes are evaluated in event-time order
/// (whatever order the files were read in), and the baseline already holds what every record
/// said about every principal. "New" means first seen at this change's time in the whole
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

    /// Alerts for `changes`, judged against `baseline` and `context`.
    public func evaluate(_ changes: consuming [ChangeRecord], baseline: ActivityBaseline, context: OrgContext) -> [Alert] {
        var run = self
        run.configured = configured ?? context.an0861
        var context = context
        if let names = run.settings.windows { context.changeWindows = context.changeWindows.filter { names.contains($0.name) } }
        return run.evaluateConfigured(consume changes, baseline: baseline, context: context)
    }

    private func evaluateConfigured(_ changes: consuming [ChangeRecord], baseline: ActivityBaseline, context: OrgContext) -> [Alert] {
        let c = changes.sorted(by: ChangeRecord.precedes)
        guard !c.isEmpty else { return [] }
        var groups = UnionFind(c.count)
        let learning = Double(settings.learningDays ?? context.baselineLearningDays)
        // Days on which anything at all was seen: silence means something only where there was data.
        var days = Set<Int32>()
        for b in baseline.principals.values { days.formUnion(b.days.keys) }
        let covered = days

        // Per change: windows, automation pattern, first sightings, rarely used, exposure. Each
        // change is judged on its own (against the baseline, not against other changes), so
        // large scans judge them in parallel slices.
        var findings = Array(repeating: [Finding](), count: c.count)
        var usual = Array(repeating: false, count: c.count)
        let slices = c.count >= 8192 ? 4 : 1
        let per = (c.count + slices - 1) / slices
        findings.withUnsafeMutableBufferPointer { f in
            usual.withUnsafeMutableBufferPointer { u in
                let out = Slots(findings: f, usual: u)
                let judge = { @Sendable (slice: Int) in
                    var judge = Judge(analytic: self, baseline: baseline, context: context, covered: covered, learning: learning)
                    for i in slice * per..<min(c.count, (slice + 1) * per) {
                        (out.usual[i], out.findings[i]) = judge.judge(c[i])
                    }
                }
                if slices == 1 { judge(0) } else { DispatchQueue.concurrentPerform(iterations: slices, execute: judge) }
            }
        }

        // Per principal: incidents (gap) and bursts (rate).
        var byPrincipal: [PrincipalKey: [Int]] = [:]
        for (i, ch) in c.enumerated() { byPrincipal[ch.principal, default: []].append(i) }
        let gap = Int64(settings.incidentGapMinutes) * 60_000
        let rate = Int64(settings.rateMinutes) * 60_000
        for (_, idx) in byPrincipal {
            for k in idx.indices.dropFirst() where c[idx[k]].time.milliseconds - c[idx[k - 1]].time.milliseconds <= gap {
                groups.union(idx[k], idx[k - 1])
            }
            // Each change keeps the largest burst it is part of: its size and first and last
            // positions in this principal's changes.
            var lo = 0
            var best: [Int: (size: Int, from: Int, to: Int)] = [:]
            var active: [Int] = []  // positions in the window that count (automation in its pattern does not)
            for hi in idx.indices {
                while c[idx[hi]].time.milliseconds - c[idx[lo]].time.milliseconds >= rate {
                    if active.first == lo { active.removeFirst() }
                    lo += 1
                }
                if !usual[idx[hi]] { active.append(hi) }
                guard active.count > settings.rateChanges else { continue }
                for p in active where (best[idx[p]]?.size ?? 0) < active.count {
                    best[idx[p]] = (active.count, active[0], active[active.count - 1])
                }
            }
            var made: [SIMD2<Int>: Finding] = [:]  // one finding per distinct window
            for (j, w) in best {
                let window = SIMD2(w.from, w.to)
                if made[window] == nil {
                    var ops: [String: Int] = [:]
                    for p in w.from...w.to where !usual[idx[p]] { ops[c[idx[p]].evidence.operation, default: 0] += 1 }
                    let breakdown = ops.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                    let minutes = Double(c[idx[w.to]].time.milliseconds - c[idx[w.from]].time.milliseconds) / 60_000
                    made[window] = Finding(
                        code: "change-burst", severity: .medium,
                        summary: "\(w.size) changes by \(c[j].principal.name) in \(Self.minutes(minutes)) (threshold: more than \(settings.rateChanges) in \(settings.rateMinutes) min): \(breakdown)",
                        facts: [Fact("changes", String(w.size)), Fact("minutes", Self.minutes(minutes)),
                                Fact("threshold", "\(settings.rateChanges)/\(settings.rateMinutes)min")])
                }
                findings[j].append(made[window]!)
            }
        }

        // Entity chains: snapshot → (share) → volume → attach, or snapshot → RunInstances mapping.
        for chain in chains(c) {
            let f = chain.finding
            for j in chain.members {
                groups.union(j, chain.members[0])
                if !findings[j].contains(where: { $0.code == f.code }) { findings[j].append(f) }
            }
        }

        // Incidents → alerts.
        var members: [Int: [Int]] = [:]
        for i in c.indices { members[groups.find(i), default: []].append(i) }
        var alerts: [Alert] = []
        for (_, idx) in members {
            let flagged = idx.filter { !findings[$0].isEmpty }
            guard let lead = flagged.first else { continue }
            alerts.append(alert(c, idx, lead: lead, findings: findings))
        }
        return alerts.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }

    // MARK: - Behaviours

    func isAutomation(_ key: PrincipalKey, _ b: PrincipalBaseline?, _ context: OrgContext) -> Bool {
        if context.automationPrincipals.contains(key.name) || settings.automationPrincipals.contains(key.name) { return true }
        guard settings.learnAutomation, let b, b.activity.count > 0 else { return false }
        let automated = b.clients.filter { settings.automationClients.contains($0.key) }.values.reduce(0) { $0 + $1.count }
        return Double(automated) / Double(b.activity.count) >= settings.learnedAutomationShare
    }

    func outsideWindow(_ ch: ChangeRecord, context: OrgContext, subject: WindowSubject, severity: Severity) -> Finding {
        let windows = context.changeWindows(for: subject)
        let summary = windows.isEmpty
            ? "no approved change window covers \(ch.principal.name); change at \(Self.weekdayClock(ch.time)) UTC"
            : "\(ch.principal.name) changed at \(Self.weekdayClock(ch.time)) UTC, outside its change window\(windows.count > 1 ? "s" : "") \(windows.map(\.name).joined(separator: ", "))"
        return Finding(code: "outside-change-window", severity: severity, summary: summary,
                       facts: [Fact("time", ch.time.iso8601), Fact("windows", windows.map(\.name).joined(separator: ","))])
    }

    /// Days with any data in the `days` days before `t`'s day.
    static func coverage(_ covered: Set<Int32>, before t: Timestamp, days: Int) -> Int {
        let today = PrincipalBaseline.day(t)
        return (1...max(1, days)).reduce(0) { $0 + (covered.contains(today - Int32($1)) ? 1 : 0) }
    }

    /// Dormant or rarely used, judged only where the baseline had data: a principal is dormant
    /// when it was silent while others were not, rare when the lookback held enough days of data.
    func rarelyUsed(_ ch: ChangeRecord, _ b: PrincipalBaseline, covered: Set<Int32>, learning: Int) -> [Finding] {
        let t = ch.time
        let today = PrincipalBaseline.day(t)
        if let last = b.lastActiveDay(before: t), Int(today - last) > settings.dormantDays,
           Self.coverage(covered, before: t, days: Int(today - last) - 1) >= min(learning, settings.dormantDays) {
            return [Finding(code: "dormant-account", severity: .high,
                            summary: "\(ch.principal.name) was dormant: no activity for \(today - last) days before this change",
                            facts: [Fact("idle_days", String(today - last))])]
        }
        guard Self.coverage(covered, before: t, days: settings.lookbackDays) >= learning else { return [] }
        let (days, events) = b.activity(before: t, lookbackDays: settings.lookbackDays)
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

    struct Chain {
        var members: [Int]
        var finding: Finding
    }

    /// Snapshot chains completed within `chainMinutes`: a snapshot created or copied, then shared
    /// and/or made into a volume attached to an instance, or mapped into RunInstances.
    func chains(_ c: [ChangeRecord]) -> [Chain] {
        let window = Int64(settings.chainMinutes) * 60_000
        var snapshots: [String: Int] = [:]            // snapshot id → creating change
        var shares: [String: Int] = [:]               // snapshot id → sharing change
        var volumes: [String: (change: Int, snapshot: String)] = [:]
        var launched: [String: Int] = [:]             // instance id → RunInstances change
        var out: [Chain] = []
        func within(_ from: Int, _ to: Int) -> Bool { c[to].time.milliseconds - c[from].time.milliseconds <= window }
        func complete(_ snapshot: String, _ created: Int, volume: (change: Int, id: String)?, mount: Int, instance: String?) {
            var members = [created]
            var facts = [Fact("snapshot", snapshot)]
            var steps = ["snapshot \(snapshot) created by \(c[created].principal.name)"]
            if let s = shares[snapshot] {
                members.append(s)
                let to = c[s].exposures.map { Self.granteeText($0.grantee) }.joined(separator: ", ")
                steps.append("shared with \(to)")
                facts.append(Fact("shared_with", to))
            }
            if let volume {
                members.append(volume.change)
                steps.append("made into volume \(volume.id)")
                facts.append(Fact("volume", volume.id))
            }
            if let instance {
                if let l = launched[instance], l != mount, within(created, l) {
                    members.append(l)
                    steps.append("attached to new instance \(instance)")
                    facts.append(Fact("new_instance", "true"))
                } else {
                    steps.append(c[mount].kind == .instanceRun ? "launched as instance \(instance)" : "attached to instance \(instance)")
                }
                facts.append(Fact("instance", instance))
            }
            members.append(mount)
            let minutes = Double(c[mount].time.milliseconds - c[created].time.milliseconds) / 60_000
            facts.append(Fact("minutes", Self.minutes(minutes)))
            out.append(Chain(members: Array(Set(members)).sorted(), finding: Finding(
                code: "snapshot-mount-chain", severity: .high,
                summary: steps.joined(separator: ", ") + " within \(Self.minutes(minutes))", facts: facts)))
        }
        for (i, ch) in c.enumerated() where ch.succeeded {
            switch ch.kind {
            case .snapshotCreate, .snapshotCopy:
                if let s = ch.first(.snapshot) { snapshots[s] = i }
            case .snapshotModifyAttribute, .snapshotExport:
                for x in ch.exposures where x.added && x.resource.type == .snapshot {
                    if let created = snapshots[x.resource.id], within(created, i) { shares[x.resource.id] = i }
                }
            case .volumeCreate:
                if let v = ch.first(.volume), let s = ch.first(.snapshot), let created = snapshots[s], within(created, i) {
                    volumes[v] = (i, s)
                }
            case .volumeAttach:
                if let v = ch.first(.volume), let vol = volumes[v], let created = snapshots[vol.snapshot], within(created, i) {
                    complete(vol.snapshot, created, volume: (vol.change, v), mount: i, instance: ch.first(.instance))
                }
            case .instanceRun:
                for r in ch.resources where r.type == .instance { launched[r.id] = i }
                for r in ch.resources where r.type == .snapshot {
                    if let created = snapshots[r.id], within(created, i) {
                        complete(r.id, created, volume: nil, mount: i, instance: ch.first(.instance))
                    }
                }
            default:
                break
            }
        }
        return out
    }

    // MARK: - Alerts

    func alert(_ c: [ChangeRecord], _ idx: [Int], lead: Int, findings: [[Finding]]) -> Alert {
        let principal = c[lead].principal
        var reasons: [Reason] = []
        var counts: [String: Int] = [:]
        var severity = Severity.informational
        for i in idx { for f in findings[i] { counts[f.code, default: 0] += 1 } }
        for i in idx {
            for f in findings[i] where !reasons.contains(where: { $0.code == f.code }) {
                severity = max(severity, f.severity)
                var facts = f.facts
                if f.code != "change-burst", f.code != "snapshot-mount-chain" { facts.append(Fact("changes", String(counts[f.code] ?? 1))) }
                reasons.append(Reason(code: f.code, summary: f.summary, facts: facts))
            }
        }
        if Set(reasons.map(\.code)).count >= 3 { severity = severity.raised }
        reasons.sort { (Self.rank($0.code), $0.code) < (Self.rank($1.code), $1.code) }
        var resources: [Resource] = []
        for i in idx { for r in c[i].resources where !resources.contains(r) && resources.count < 20 { resources.append(r) } }
        var targets: [String] = []
        for i in idx where c[i].succeeded {
            for x in c[i].exposures where x.added {
                let t = Self.granteeText(x.grantee)
                if !targets.contains(t) { targets.append(t) }
            }
        }
        let evidence = idx.prefix(settings.maxEvidence).map { c[$0].evidence }
        var ops: [String: Int] = [:]
        for i in idx { ops[c[i].evidence.operation, default: 0] += 1 }
        let opText = ops.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { $0.value > 1 ? "\($0.value) \($0.key)" : $0.key }
            .joined(separator: ", ")
        let why = reasons.prefix(3).map { Self.label($0.code) }.joined(separator: ", ")
        let title = "\(principal.name): \(opText) — \(why)"
        if idx.count > evidence.count {
            reasons.append(Reason(code: "more-evidence", summary: "\(idx.count - evidence.count) more changes in this incident are not listed",
                                  facts: [Fact("changes", String(idx.count))]))
        }
        var alert = Alert(attack: attack, detection: detection, title: title, severity: severity, principal: c[lead].summary,
                          resources: resources, target: targets.isEmpty ? nil : targets.joined(separator: ","), reasons: reasons,
                          evidence: evidence)
        // An incident is named by its first change, so that it keeps its id as later runs add
        // changes to it (the store then updates it instead of adding another).
        var h = StableHash()
        h.combine(attack.analytic.rawValue)
        h.combine(detection)
        h.combine(c[idx[0]].identity)
        alert.id = h.hex
        return alert
    }

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

    static func clock(_ t: Timestamp) -> String {
        let s = t.iso8601
        let i = s.index(s.startIndex, offsetBy: 11)
        return String(s[i...].prefix(5))
    }

    static func weekdayClock(_ t: Timestamp) -> String {
        let day = Int((t.milliseconds >= 0 ? t.milliseconds : t.milliseconds - 86_399_999) / 86_400_000)
        let names = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday
        return "\(names[((day % 7) + 7) % 7]) \(t.iso8601.prefix(10)) \(clock(t))"
    }

    static func percent(_ x: Double) -> String { "\(Int((x * 1000).rounded()) / 10).\(Int((x * 1000).rounded()) % 10)%" }
    static func oneDecimal(_ x: Double) -> String { "\(Int((x * 10).rounded()) / 10).\(Int((x * 10).rounded()) % 10)" }
    static func minutes(_ m: Double) -> String { m < 1 ? "\(Int((m * 60).rounded())) s" : "\(oneDecimal(m)) min" }
}

/// Disjoint sets over change indices: incidents.
struct UnionFind {
    var parent: [Int]
    init(_ n: Int) { parent = Array(0..<n) }
    mutating func find(_ x: Int) -> Int {
        var r = x
        while parent[r] != r { r = parent[r] }
        var y = x
        while parent[y] != r { let next = parent[y]; parent[y] = r; y = next }
        return r
    }
    mutating func union(_ a: Int, _ b: Int) {
        let ra = find(a), rb = find(b)
        if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
    }
}
