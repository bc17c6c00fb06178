import Dispatch
#if canImport(Glibc)
import Glibc
#endif
public import VigilConfig
public import VigilCore

extension ComputeChangeAnalytic {
    /// Starts an evaluation against `baseline` and `context`: feed it changes in time order
    /// (``ChangeRecord/precedes(_:_:)``) with ``ChangeEvaluation/add(_:)``, then ``ChangeEvaluation/finish()``.
    public func evaluation(baseline: ActivityBaseline, context: OrgContext) -> ChangeEvaluation {
        var run = self
        run.configured = settings(in: context)
        var context = context
        if let names = run.settings.windows { context.changeWindows = context.changeWindows.filter { names.contains($0.name) } }
        return ChangeEvaluation(analytic: run, baseline: baseline, context: context)
    }

    /// Alerts for `changes` (in any order), judged against `baseline` and `context`.
    public func evaluate(_ changes: consuming [ChangeRecord], baseline: ActivityBaseline, context: OrgContext) -> [Alert] {
        let run = evaluation(baseline: baseline, context: context)
        for c in changes.sorted(by: ChangeRecord.precedes) { run.add(c) }
        return run.finish()
    }
}

/// AN0861's evaluation of a stream of changes in event-time order, in memory bounded by the
/// changes of the last few minutes, not by the length of the stream.
///
/// Every relation between changes is local in time: a principal's changes join one incident when
/// they are closer than the incident gap, a burst spans less than the rate window, a snapshot chain
/// completes within the chain window. So a change's findings are final once the stream has moved
/// past it by the longer of the rate and chain windows (it is then folded into its incident and
/// dropped), and an incident is final once the stream has moved past its last change by the
/// longest of the three (its alert is then made, from what the incident folded in: counts, the
/// first occurrence of each reason, the first evidence, resources and grantees).
public final class ChangeEvaluation {
    let analytic: ComputeChangeAnalytic
    let settings: AN0861Settings
    let context: OrgContext
    private(set) var baseline: ActivityBaseline
    private var covered: DayIndex
    private let learning: Double
    private let gap: Int64, rate: Int64, chain: Int64
    /// How long after a change its findings can still change (bursts, chains).
    private let settle: Int64
    /// How long after an incident's last change a change can still join it.
    private let horizon: Int64
    /// Whether bursts and chains are judged (`behaviours`).
    private let bursts: Bool, chains: Bool

    /// Changes waiting to be judged (judging is per change, so it runs in parallel slices).
    private var batch: [ChangeRecord] = []
    private static let batchSize = 4096
    /// The judges, used by one judging batch at a time.
    private let pool = JudgePool()
    /// The batch being judged in the background while the next one is gathered (and the
    /// previous one stepped): stepped once judged, in stream order.
    private var judging: JudgedBatch?
    /// Changes whose findings may still change, in stream order (`openHead` is the first).
    private var open: [Open] = []
    private var openHead = 0
    private var sequence = 0
    private var principals: [PrincipalKey: PrincipalState] = [:]
    /// Incidents not yet final (and incidents merged into others, dropped at the next sweep).
    private var live: [Incident] = []
    private var lastSweep = Int64.min
    private var lastPrincipalSweep = Int64.min
    /// Chain links: snapshot → creating change, snapshot → sharing change, volume → creating change
    /// and its snapshot, instance → launching change.
    private var snapshots: [String: Open] = [:]
    private var shares: [String: Open] = [:]
    private var volumes: [String: (change: Open, snapshot: String)] = [:]
    private var launched: [String: Open] = [:]
    /// Links in the order they were made, to forget them once older than the chain window.
    private var links = Ring<Link>()
    private var alerts: [Alert] = []
    /// The most changes held at once (judged and waiting, or not yet final).
    public private(set) var peakHeld = 0

    init(analytic: ComputeChangeAnalytic, baseline: ActivityBaseline, context: OrgContext) {
        self.analytic = analytic
        self.settings = analytic.settings
        self.context = context
        self.baseline = baseline
        covered = Self.covered(baseline)
        learning = Double(analytic.settings.learningDays ?? context.baselineLearningDays)
        gap = Int64(settings.incidentGapMinutes) * 60_000
        rate = Int64(settings.rateMinutes) * 60_000
        chain = Int64(settings.chainMinutes) * 60_000
        settle = max(rate, chain)
        horizon = max(gap, settle)
        bursts = settings.behaviours.contains(.rate)
        chains = settings.behaviours.contains(.chain)
    }

    /// Adds the next change; changes must come in ``ChangeRecord/precedes(_:_:)`` order.
    public func add(_ change: ChangeRecord) {
        batch.append(change)
        if batch.count >= Self.batchSize { flush() }
    }

    /// Replaces the baselines that the changes added from now on are judged against (a scan that
    /// reads by day hands over the baselines as each day is read). Changes already added keep
    /// the judgements they had.
    public func update(baseline: ActivityBaseline) {
        flush(wait: true)
        self.baseline = baseline
        covered = Self.covered(baseline)
        pool.judges = []
    }

    /// Days on which anything at all was seen: silence means something only where there was data.
    private static func covered(_ baseline: ActivityBaseline) -> DayIndex {
        var days = Set<Int32>()
        for b in baseline.principals.values { days.formUnion(b.days.keys) }
        return DayIndex(days)
    }

    /// Evaluates what is left and returns every alert, ordered by time then id.
    public func finish() -> [Alert] {
        flush(wait: true)
        while openHead < open.count { settleFirst() }
        open = []
        openHead = 0
        for incident in live where incident.parent == nil { close(incident) }
        live = []
        return alerts.sorted { ($0.time, $0.id) < ($1.time, $1.id) }
    }

    // MARK: - Stream

    /// Starts judging the gathered batch in the background and steps the one judged before it
    /// (`wait`: also waits for and steps this one, at the end of the stream).
    private func flush(wait: Bool = false) {
        let previous = judging
        judging = nil
        // The judges are free once the previous batch is judged.
        previous?.done.wait()
        if !batch.isEmpty {
            let changes = batch
            batch = []
            let slices = changes.count >= 1024 ? 4 : 1
            while pool.judges.count < slices {
                pool.judges.append(ComputeChangeAnalytic.Judge(analytic: analytic, baseline: baseline, context: context, covered: covered, learning: learning))
            }
            let job = JudgedBatch(changes: changes)
            let pool = self.pool
            job.done.enter()
            // A thread of its own, not Dispatch's pool: the caller may itself be on a pool thread
            // (the service's batches are) and waits for this job, which must not queue behind it.
            runOnNewThread {
                job.judge(with: pool, slices: slices)
                job.done.leave()
            }
            judging = job
        }
        peakHeld = max(peakHeld, open.count - openHead + (previous?.changes.count ?? 0) + (judging?.changes.count ?? 0))
        if let previous { stepAll(previous) }
        if wait, let last = judging {
            judging = nil
            last.done.wait()
            stepAll(last)
        }
    }

    private func stepAll(_ judged: JudgedBatch) {
        for (i, ch) in judged.changes.enumerated() { step(ch, usual: judged.results[i].usual, findings: judged.results[i].findings) }
    }

    private func step(_ ch: ChangeRecord, usual: Bool, findings: [ComputeChangeAnalytic.Finding]) {
        let now = ch.time.milliseconds
        while openHead < open.count, now - open[openHead].time > settle { settleFirst() }
        if openHead > 4096, openHead * 2 > open.count {
            // The settled changes are released on another thread: freeing them (each change, its
            // evidence, its findings) is a good part of the evaluation's serial time. Nothing
            // refers to them weakly, so when they go does not change any result.
            var settled = Array(open[openHead...])
            swap(&settled, &open)
            openHead = 0
            Graveyard.shared.release(settled)
        }

        // Incidents: a principal's changes closer than the gap.
        let state: PrincipalState
        if let s = principals[ch.principal] { state = s } else { state = PrincipalState(); principals[ch.principal] = state }
        let incident: Incident
        if let last = state.lastTime, now - last <= gap, let joined = state.incident {
            incident = joined.root
        } else {
            incident = Incident(first: ch, sequence: sequence)
            live.append(incident)
        }
        incident.lastTime = max(incident.lastTime, now)
        incident.unsettled += 1
        state.lastTime = now
        state.incident = incident
        let change = Open(sequence: sequence, change: ch, findings: findings, usual: usual, incident: incident, principal: state)
        sequence += 1
        open.append(change)

        if bursts { burst(change, state, now: now) }
        if chains { link(change) }
        if lastSweep == .min || now - lastSweep >= 300_000 { sweep(now: now) }
    }

    /// Bursts: each change keeps the largest window of more than `rateChanges` changes (shorter
    /// than the rate window) that it is part of (the first such window, when several are as large);
    /// automation inside its pattern does not count. Each change that counts ends one window, which
    /// is noted when it is a burst; a change's largest is looked up once, when it settles
    /// (``PrincipalState/largestBurst(containing:)``), so a burst of any length costs a constant
    /// time per change.
    private func burst(_ change: Open, _ s: PrincipalState, now: Int64) {
        while let first = s.active.first, now - first.time >= rate { s.dropFirstActive() }
        guard !change.usual else { return }
        s.append(change)
        guard s.active.count > settings.rateChanges else { return }
        s.noteWindow(now: now)
    }

    /// Entity chains: snapshot → (share) → volume → attach, or snapshot → RunInstances mapping.
    private func link(_ i: Open) {
        let ch = i.change
        guard ch.succeeded else { return }
        func within(_ from: Open, _ to: Open) -> Bool { to.time - from.time <= chain }
        switch ch.kind {
        case .snapshotCreate, .snapshotCopy:
            if let s = ch.first(.snapshot) { snapshots[s] = i; links.append(Link(.snapshot, s, i)) }
        case .snapshotModifyAttribute, .snapshotExport:
            for x in ch.exposures where x.added && x.resource.type == .snapshot {
                if let created = snapshots[x.resource.id], within(created, i) {
                    shares[x.resource.id] = i
                    links.append(Link(.share, x.resource.id, i))
                }
            }
        case .volumeCreate:
            if let v = ch.first(.volume), let s = ch.first(.snapshot), let created = snapshots[s], within(created, i) {
                volumes[v] = (i, s)
                links.append(Link(.volume, v, i))
            }
        case .volumeAttach:
            if let v = ch.first(.volume), let vol = volumes[v], let created = snapshots[vol.snapshot], within(created, i) {
                complete(vol.snapshot, created, volume: (vol.change, v), mount: i, instance: ch.first(.instance))
            }
        case .instanceRun:
            for r in ch.resources where r.type == .instance {
                launched[r.id] = i
                links.append(Link(.instance, r.id, i))
            }
            for r in ch.resources where r.type == .snapshot {
                if let created = snapshots[r.id], within(created, i) {
                    complete(r.id, created, volume: nil, mount: i, instance: ch.first(.instance))
                }
            }
        default:
            break
        }
    }

    private func complete(_ snapshot: String, _ created: Open, volume: (change: Open, id: String)?, mount: Open, instance: String?) {
        var members = [created]
        var facts = [Fact("snapshot", snapshot)]
        var steps = ["snapshot \(snapshot) created by \(created.change.principal.name)"]
        if let s = shares[snapshot] {
            members.append(s)
            let to = s.change.exposures.map { ComputeChangeAnalytic.granteeText($0.grantee) }.joined(separator: ", ")
            steps.append("shared with \(to)")
            facts.append(Fact("shared_with", to))
        }
        if let volume {
            members.append(volume.change)
            steps.append("made into volume \(volume.id)")
            facts.append(Fact("volume", volume.id))
        }
        if let instance {
            // A new instance: launched (by another call) within the chain window before the mount.
            if let l = launched[instance], l !== mount, l.time - created.time <= chain, mount.time - l.time <= chain {
                members.append(l)
                steps.append("attached to new instance \(instance)")
                facts.append(Fact("new_instance", "true"))
            } else {
                steps.append(mount.change.kind == .instanceRun ? "launched as instance \(instance)" : "attached to instance \(instance)")
            }
            facts.append(Fact("instance", instance))
        }
        members.append(mount)
        let minutes = Double(mount.time - created.time) / 60_000
        facts.append(Fact("minutes", ComputeChangeAnalytic.minutes(minutes)))
        let finding = ComputeChangeAnalytic.Finding(code: "snapshot-mount-chain", severity: .high,
                                                    summary: steps.joined(separator: ", ") + " within \(ComputeChangeAnalytic.minutes(minutes))",
                                                    facts: facts)
        var seen = Set<Int>()
        let ordered = members.filter { seen.insert($0.sequence).inserted }.sorted { $0.sequence < $1.sequence }
        for j in ordered {
            union(j.incident, ordered[0].incident)
            if !j.findings.contains(where: { $0.code == finding.code }) { j.findings.append(finding) }
        }
    }

    /// The first open change's findings are final: its burst, if any, is added, and it is folded
    /// into its incident.
    private func settleFirst() {
        let j = open[openHead]
        openHead += 1
        if let counted = j.counted, let b = j.principal.largestBurst(containing: counted) {
            j.findings.append(j.principal.burstFinding(b, name: j.change.principal.name, settings: settings))
        }
        let incident = j.incident.root
        incident.fold(j, maxEvidence: settings.maxEvidence)
        incident.unsettled -= 1
    }

    /// Closes incidents no change can join any more, and forgets links and principals that are
    /// too old to matter.
    private func sweep(now: Int64) {
        lastSweep = now
        var still: [Incident] = []
        still.reserveCapacity(live.count)
        for incident in live where incident.parent == nil {
            if incident.unsettled == 0, now - incident.lastTime > horizon { close(incident) } else { still.append(incident) }
        }
        live = still
        let oldest = now - chain
        while let l = links.first, l.change.time < oldest {
            links.removeFirst()
            // Only if the link still points at this change (a later one may have replaced it).
            switch l.map {
            case .snapshot: if snapshots[l.key] === l.change { snapshots[l.key] = nil }
            case .share: if shares[l.key] === l.change { shares[l.key] = nil }
            case .volume: if volumes[l.key]?.change === l.change { volumes[l.key] = nil }
            case .instance: if launched[l.key] === l.change { launched[l.key] = nil }
            }
        }
        if lastPrincipalSweep == .min || now - lastPrincipalSweep > horizon {
            lastPrincipalSweep = now
            principals = principals.filter { now - ($0.value.lastTime ?? now) <= horizon }
        }
    }

    private func union(_ a: Incident, _ b: Incident) {
        let ra = a.root, rb = b.root
        guard ra !== rb else { return }
        let (root, other) = ra.firstSequence < rb.firstSequence ? (ra, rb) : (rb, ra)
        root.absorb(other, maxEvidence: settings.maxEvidence)
        other.parent = root
    }

    private func close(_ incident: Incident) {
        guard incident.lead != nil else { return }
        alerts.append(alert(incident))
    }

    // MARK: - Alerts

    private func alert(_ incident: Incident) -> Alert {
        let a = analytic
        let lead = incident.lead!.change
        var reasons: [Reason] = []
        var severity = Severity.informational
        for (code, first) in incident.reasons.sorted(by: { $0.value.key < $1.value.key }) {
            severity = max(severity, first.finding.severity)
            var facts = first.finding.facts
            if code != "change-burst", code != "snapshot-mount-chain" { facts.append(Fact("changes", String(incident.counts[code] ?? 1))) }
            reasons.append(Reason(code: code, summary: first.finding.summary, facts: facts))
        }
        if reasons.count >= 3 { severity = severity.raised }
        reasons.sort { (ComputeChangeAnalytic.rank($0.code), $0.code) < (ComputeChangeAnalytic.rank($1.code), $1.code) }
        let resources = incident.resources.map(\.value)
        let targets = incident.targets.map(\.value)
        let evidence = incident.evidence.map(\.evidence)
        let opText = incident.operations.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            .map { $0.value > 1 ? "\($0.value) \($0.key)" : $0.key }.joined(separator: ", ")
        let why = reasons.prefix(3).map { ComputeChangeAnalytic.label($0.code) }.joined(separator: ", ")
        let title = "\(lead.principal.name): \(opText) — \(why)"
        if incident.members > evidence.count {
            reasons.append(Reason(code: "more-evidence", summary: "\(incident.members - evidence.count) more changes in this incident are not listed",
                                  facts: [Fact("changes", String(incident.members))]))
        }
        var alert = Alert(attack: a.attack, detection: a.detection, title: title, severity: severity, principal: lead.summary,
                          resources: resources, target: targets.isEmpty ? nil : targets.joined(separator: ","), reasons: reasons,
                          evidence: evidence)
        // An incident is named by its first change, so that it keeps its id as later runs add
        // changes to it (the store then updates it instead of adding another).
        var h = StableHash()
        h.combine(a.attack.analytic.rawValue)
        h.combine(a.detection)
        h.combine(incident.first.identity)
        alert.id = h.hex
        return alert
    }
}

// MARK: - State

/// A change whose findings may still change.
private final class Open {
    let sequence: Int
    let change: ChangeRecord
    var findings: [ComputeChangeAnalytic.Finding]
    let usual: Bool
    let incident: Incident
    let principal: PrincipalState
    /// Its place among its principal's changes that count towards bursts (nil: it does not count).
    var counted: Int?
    var time: Int64 { change.time.milliseconds }

    init(sequence: Int, change: ChangeRecord, findings: [ComputeChangeAnalytic.Finding], usual: Bool, incident: Incident,
         principal: PrincipalState) {
        self.sequence = sequence
        self.change = change
        self.findings = findings
        self.usual = usual
        self.incident = incident
        self.principal = principal
    }
}

/// A principal's recent changes: its open incident, the burst window and what burst findings need.
private final class PrincipalState {
    var lastTime: Int64?
    var incident: Incident?
    /// The changes that count in the burst window (the last `RateThreshold.minutes`), their
    /// operations counted, and how many changes have counted so far.
    private(set) var active = Ring<Open>()
    private var operations: [String: Int] = [:]
    private var counted = 0

    /// A burst: the window of counting changes `first...last` (by their places among those
    /// changes), its size, its span and its operations.
    struct Window {
        let first: Int, last: Int
        let size: Int
        let minutes: Double
        let operations: [String: Int]
    }
    /// Bursts noted and not yet passed by every change they hold (`windowBase` is the first's
    /// number); `pushed` windows have entered `candidates`, the numbers of those that can still
    /// be the largest for a change to come, largest first (of equal ones, the first).
    private var windows: [Window] = []
    private var windowBase = 0
    private var pushed = 0
    private var candidates: [Int] = []
    private var candidatesHead = 0
    private var lastFinding: (window: Int, finding: ComputeChangeAnalytic.Finding)?

    /// Adds a change that counts to the window.
    func append(_ change: Open) {
        change.counted = counted
        counted += 1
        active.append(change)
        operations[change.change.evidence.operation, default: 0] += 1
    }

    /// Drops the window's oldest change.
    func dropFirstActive() {
        guard let first = active.first else { return }
        let op = first.change.evidence.operation
        if let n = operations[op], n > 1 { operations[op] = n - 1 } else { operations[op] = nil }
        active.removeFirst()
    }

    /// Notes the window as it stands (a burst) after its last change was added at `now`.
    func noteWindow(now: Int64) {
        guard let first = active.first, let last = active.last else { return }
        windows.append(Window(first: first.counted!, last: last.counted!, size: active.count,
                              minutes: Double(now - first.time) / 60_000, operations: operations))
    }

    /// The largest burst (the first of the largest) holding the counting change `c`. Asked once
    /// per counting change, in their order, once no burst that could hold it is still to come.
    func largestBurst(containing c: Int) -> (number: Int, window: Window)? {
        // Bursts whose window starts at or before c may hold it: they become candidates, each
        // dropping the smaller ones before it (those can no longer be the largest for anyone).
        while pushed - windowBase < windows.count, windows[pushed - windowBase].first <= c {
            let size = windows[pushed - windowBase].size
            while candidates.count > candidatesHead, windows[candidates[candidates.count - 1] - windowBase].size < size { candidates.removeLast() }
            candidates.append(pushed)
            pushed += 1
        }
        // Bursts that end before c hold neither it nor any later change.
        while candidatesHead < candidates.count, windows[candidates[candidatesHead] - windowBase].last < c { candidatesHead += 1 }
        let best = candidatesHead < candidates.count ? candidates[candidatesHead] : nil
        compact()
        return best.map { ($0, windows[$0 - windowBase]) }
    }

    /// Forgets bursts that no change to come can be in.
    private func compact() {
        if candidatesHead > 1024, candidatesHead * 2 > candidates.count {
            candidates.removeFirst(candidatesHead)
            candidatesHead = 0
        }
        let keep = min(pushed, candidatesHead < candidates.count ? candidates[candidatesHead] : pushed)
        if keep - windowBase > 1024, (keep - windowBase) * 2 > windows.count {
            windows.removeFirst(keep - windowBase)
            windowBase = keep
        }
    }

    /// The finding of burst number `b.number` (made once per burst).
    func burstFinding(_ b: (number: Int, window: Window), name: String, settings: AN0861Settings) -> ComputeChangeAnalytic.Finding {
        if let last = lastFinding, last.window == b.number { return last.finding }
        let w = b.window
        let breakdown = w.operations.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
        let m = ComputeChangeAnalytic.minutes(w.minutes)
        let finding = ComputeChangeAnalytic.Finding(
            code: "change-burst", severity: .medium,
            summary: "\(w.size) changes by \(name) in \(m) (threshold: more than \(settings.rateChanges) in \(settings.rateMinutes) min): \(breakdown)",
            facts: [Fact("changes", String(w.size)), Fact("minutes", m), Fact("threshold", "\(settings.rateChanges)/\(settings.rateMinutes)min")])
        lastFinding = (b.number, finding)
        return finding
    }
}

/// One incident as its changes are folded in: what its alert needs, each part bounded (the first
/// occurrence of each reason, the first evidence, resources and grantees), keyed by the place of
/// the change (and of the item within it) so that merging two incidents keeps the same firsts.
private final class Incident {
    /// The incident this one was merged into.
    var parent: Incident?
    let firstSequence: Int
    let first: ChangeRecord
    var lastTime: Int64
    /// Changes whose findings are not yet final.
    var unsettled = 0
    var members = 0
    var lead: (sequence: Int, change: ChangeRecord)?
    var reasons: [String: (key: Key, finding: ComputeChangeAnalytic.Finding)] = [:]
    var counts: [String: Int] = [:]
    var resources: [(key: Key, value: Resource)] = []
    var targets: [(key: Key, value: String)] = []
    var evidence: [(sequence: Int, evidence: Evidence)] = []
    var operations: [String: Int] = [:]

    struct Key: Comparable {
        var sequence: Int
        var item: Int
        static func < (a: Key, b: Key) -> Bool { (a.sequence, a.item) < (b.sequence, b.item) }
    }

    init(first: ChangeRecord, sequence: Int) {
        self.first = first
        self.firstSequence = sequence
        self.lastTime = first.time.milliseconds
    }

    var root: Incident {
        var r = self
        while let p = r.parent { r = p }
        var x = self
        while let p = x.parent, p !== r { x.parent = r; x = p }
        return r
    }

    func fold(_ j: Open, maxEvidence: Int) {
        let ch = j.change
        members += 1
        operations[ch.evidence.operation, default: 0] += 1
        if evidence.count < maxEvidence || evidence[evidence.count - 1].sequence > j.sequence {
            Self.insert(&evidence, (j.sequence, ch.evidence), limit: maxEvidence)
        }
        for (i, r) in ch.resources.enumerated() { Self.insertFirst(&resources, Key(sequence: j.sequence, item: i), r, limit: 20) }
        if ch.succeeded {
            for (i, x) in ch.exposures.enumerated() where x.added {
                Self.insertFirst(&targets, Key(sequence: j.sequence, item: i), ComputeChangeAnalytic.granteeText(x.grantee), limit: .max)
            }
        }
        guard !j.findings.isEmpty else { return }
        if lead == nil || j.sequence < lead!.sequence { lead = (j.sequence, ch) }
        for (i, f) in j.findings.enumerated() {
            counts[f.code, default: 0] += 1
            let key = Key(sequence: j.sequence, item: i)
            if let known = reasons[f.code], known.key < key { continue }
            reasons[f.code] = (key, f)
        }
    }

    func absorb(_ o: Incident, maxEvidence: Int) {
        members += o.members
        unsettled += o.unsettled
        lastTime = max(lastTime, o.lastTime)
        if let l = o.lead, lead == nil || l.sequence < lead!.sequence { lead = l }
        for (code, r) in o.reasons where reasons[code] == nil || r.key < reasons[code]!.key { reasons[code] = r }
        counts.merge(o.counts, uniquingKeysWith: +)
        operations.merge(o.operations, uniquingKeysWith: +)
        for e in o.evidence { Self.insert(&evidence, e, limit: maxEvidence) }
        for r in o.resources { Self.insertFirst(&resources, r.key, r.value, limit: 20) }
        for t in o.targets { Self.insertFirst(&targets, t.key, t.value, limit: .max) }
    }

    /// Keeps the `limit` first entries by sequence.
    static func insert(_ list: inout [(sequence: Int, evidence: Evidence)], _ e: (sequence: Int, evidence: Evidence), limit: Int) {
        if list.count >= limit, let last = list.last, last.sequence < e.sequence { return }
        let at = list.firstIndex { $0.sequence > e.sequence } ?? list.count
        list.insert(e, at: at)
        if list.count > limit { list.removeLast() }
    }

    /// Keeps each value once, at its first key, and the `limit` values first seen.
    static func insertFirst<V: Equatable>(_ list: inout [(key: Key, value: V)], _ key: Key, _ value: V, limit: Int) {
        // Later than every kept value of a full list: the value is kept already or not among the firsts.
        if list.count >= limit, let last = list.last, last.key < key { return }
        if let i = list.firstIndex(where: { $0.value == value }) {
            guard key < list[i].key else { return }
            list.remove(at: i)
        }
        let at = list.firstIndex { key < $0.key } ?? list.count
        list.insert((key, value), at: at)
        if list.count > limit { list.removeLast() }
    }
}

/// A chain link made, for forgetting it when it is too old.
private final class Link {
    enum Map { case snapshot, share, volume, instance }
    let map: Map
    let key: String
    let change: Open
    init(_ map: Map, _ key: String, _ change: Open) {
        self.map = map
        self.key = key
        self.change = change
    }
}

/// A queue that drops from the front without moving the rest each time.
private struct Ring<Element: AnyObject> {
    private(set) var storage: [Element] = []
    private var head = 0
    var count: Int { storage.count - head }
    var first: Element? { head < storage.count ? storage[head] : nil }
    var last: Element? { head < storage.count ? storage.last : nil }

    mutating func append(_ e: Element) { storage.append(e) }

    mutating func removeFirst() {
        head += 1
        if head > 256, head * 2 > storage.count {
            storage.removeFirst(head)
            head = 0
        }
    }
}

/// Releases objects on a background thread, so that the thread that is done with them does not
/// spend its time freeing them.
final class Graveyard: Sendable {
    static let shared = Graveyard()
    private let queue = DispatchQueue(label: "vigil.evaluation.release", qos: .utility)

    /// Drops `objects` (their last references, usually) on the background thread.
    func release<T>(_ objects: [T]) {
        let box = Carried(objects)
        queue.async { box.drop() }
    }

    private final class Carried<T>: @unchecked Sendable {
        // Safe: handed from the releasing thread to the queue once, touched only there after.
        var objects: [T]?
        init(_ objects: [T]) { self.objects = objects }
        func drop() { objects = nil }
    }
}

/// Runs `work` on a new detached thread (inline if no thread can be made).
private func runOnNewThread(_ work: @escaping @Sendable () -> Void) {
    let box = Unmanaged.passRetained(ThreadWork(work)).toOpaque()
    var thread = pthread_t()
    let made = pthread_create(&thread, nil, { arg in
        let w = Unmanaged<ThreadWork>.fromOpaque(arg!).takeRetainedValue()
        w.body()
        return nil
    }, box)
    if made == 0 {
        pthread_detach(thread)
    } else {
        Unmanaged<ThreadWork>.fromOpaque(box).takeRetainedValue().body()
    }
}

private final class ThreadWork: Sendable {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
}

/// The judges, used by one batch at a time (the evaluation waits for a batch before it starts
/// the next).
private final class JudgePool: @unchecked Sendable {
    var judges: [ComputeChangeAnalytic.Judge] = []
}

/// A batch of changes and their judgements, made in the background.
private final class JudgedBatch: @unchecked Sendable {
    // Safe: `results` is written only by `judge(with:slices:)` before `done` is left, and read
    // only after `done` is waited for.
    let changes: [ChangeRecord]
    var results: [(usual: Bool, findings: [ComputeChangeAnalytic.Finding])]
    let done = DispatchGroup()

    init(changes: [ChangeRecord]) {
        self.changes = changes
        results = Array(repeating: (usual: false, findings: []), count: changes.count)
    }

    /// Judges every change in `slices` parallel slices, slice k with judge k.
    func judge(with pool: JudgePool, slices: Int) {
        let changes = self.changes
        let per = (changes.count + slices - 1) / slices
        results.withUnsafeMutableBufferPointer { out in
            pool.judges.withUnsafeMutableBufferPointer { js in
                let slots = JudgeSlots(results: out, judges: js)
                let judge = { @Sendable (slice: Int) in
                    for i in slice * per..<min(changes.count, (slice + 1) * per) { slots.results[i] = slots.judges[slice].judge(changes[i]) }
                }
                if slices == 1 { judge(0) } else { DispatchQueue.concurrentPerform(iterations: slices, execute: judge) }
            }
        }
    }
}

/// Each judging slice's own results and judge.
private struct JudgeSlots: @unchecked Sendable {
    // Safe: slice k writes results of its own index range and uses judge k only.
    let results: UnsafeMutableBufferPointer<(usual: Bool, findings: [ComputeChangeAnalytic.Finding])>
    let judges: UnsafeMutableBufferPointer<ComputeChangeAnalytic.Judge>
}
