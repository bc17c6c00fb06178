import VigilConfig
import VigilCore

extension ComputeChangeAnalytic {
    /// Judges single changes: change windows, the automation pattern, first sightings, rarely
    /// used accounts and exposure — everything that needs the change, the baseline and the
    /// context but no other change. One per thread: it remembers each principal's profile.
    struct Judge {
        let analytic: ComputeChangeAnalytic
        let baseline: ActivityBaseline
        let context: OrgContext
        let covered: DayIndex
        let learning: Double
        /// Per principal, once: its baseline, whether it is automation, and the times at which it
        /// saw anything for the first time (a change at any other time is new in nothing).
        private var principalOf: [PrincipalKey: Int] = [:]
        private var profiles: [Profile] = []

        final class Profile {
            let baseline: PrincipalBaseline?
            /// The baseline's active days, in order.
            let active: DayIndex
            let automation: Bool
            let firsts: Set<Int64>
            /// The windows scoped to this principal in the account and region it last acted in.
            var scope: (account: String?, region: String?, windows: ScopedWindows)?

            init(baseline: PrincipalBaseline?, automation: Bool, firsts: Set<Int64>) {
                self.baseline = baseline
                active = DayIndex(baseline?.days ?? [:])
                self.automation = automation
                self.firsts = firsts
            }
        }

        init(analytic: ComputeChangeAnalytic, baseline: ActivityBaseline, context: OrgContext, covered: DayIndex, learning: Double) {
            self.analytic = analytic
            self.baseline = baseline
            self.context = context
            self.covered = covered
            self.learning = learning
        }

        /// Whether the change is automation acting inside its usual pattern (it then does not
        /// count towards bursts), and what is wrong with it.
        mutating func judge(_ ch: ChangeRecord) -> (usual: Bool, findings: [Finding]) {
            let settings = analytic.settings
            let p: Int
            if let known = principalOf[ch.principal] {
                p = known
            } else {
                let b = baseline[ch.principal]
                var firsts = Set<Int64>()
                if let b {
                    for m in [b.networks, b.clients, b.regions, b.countries, b.asns] { for s in m.values { firsts.insert(s.first.milliseconds) } }
                }
                p = profiles.count
                profiles.append(Profile(baseline: b, automation: analytic.isAutomation(ch.principal, b, context), firsts: firsts))
                principalOf[ch.principal] = p
            }
            var usual = false
            var findings: [Finding] = []
            let behaviours = settings.behaviours
            let profile = profiles[p]
            let b = profile.baseline
            let auto = profile.automation
            let newSomething = profile.firsts.contains(ch.time.milliseconds)
            let t = ch.time
            // With no change windows configured at all, nothing is approved or unapproved: the
            // window behaviour is off (automation is then judged by its learned hours alone).
            var windowed = false  // the window behaviour judges this change
            var inside: Bool?
            if !context.changeWindows.isEmpty, behaviours.contains(.changeWindow) {
                let account = ch.evidence.account ?? ch.principal.account
                let region = ch.evidence.region
                if profile.scope == nil || profile.scope?.account != account || profile.scope?.region != region {
                    let subject = WindowSubject(principal: ch.principal.name, account: account, region: region)
                    profile.scope = (account, region, context.windows(scopedTo: subject))
                }
                windowed = true
                inside = profile.scope!.windows.isInside(at: t)
            }
            if auto {
                if inside == true {
                    usual = true
                } else if inside == nil {
                    let share = b?.hourShare(at: t) ?? 0
                    // Without a learned pattern (no baseline, or less history than the learning
                    // period, as for first sightings), nothing says what its schedule is.
                    if b == nil || share >= settings.offScheduleShare || !behaviours.contains(.automation) || b!.historyDays(before: t) < learning {
                        usual = true
                    } else {
                        let iso = t.iso8601
                        findings.append(Finding(
                            code: "automation-off-schedule", severity: .medium,
                            summary: "automation \(ch.principal.name) acted at \(ComputeChangeAnalytic.clock(t, iso: iso)) UTC, an hour holding \(ComputeChangeAnalytic.percent(share)) of its activity",
                            facts: [Fact("time", iso), Fact("hour_share", ComputeChangeAnalytic.percent(share))]))
                    }
                } else if windowed {
                    findings.append(analytic.outsideWindow(ch, windows: profile.scope!.windows.names, severity: .medium))
                }
            } else if windowed, inside != true {
                findings.append(analytic.outsideWindow(ch, windows: profile.scope!.windows.names, severity: .low))
            }

            if let b {
                let history = b.historyDays(before: t)
                // Enough history: the principal was known for the learning period, and the
                // baseline had data on at least half of its days (sparse samples teach nothing).
                if newSomething, behaviours.contains(.unusualSource), history >= learning, ComputeChangeAnalytic.coverage(covered, before: t, days: Int(learning)) * 2 >= Int(learning) {
                    let days = Int(history)
                    func firstSeen(_ map: [String: Sighting], _ value: String?, code: String, noun: String, fact: String) {
                        guard let value, let s = map[value], s.first == t else { return }
                        findings.append(Finding(
                            code: code, severity: .medium,
                            summary: "first time \(ch.principal.name) used \(noun) \(value) in \(days) days of history",
                            facts: [Fact(fact, value), Fact("history_days", String(days)),
                                    Fact("known", map.filter { $0.value.first < t }.keys.sorted().prefix(5).joined(separator: ", "))]))
                    }
                    firstSeen(b.networks, ch.network, code: "new-source-network", noun: "source network", fact: "network")
                    firstSeen(b.clients, ch.client, code: "new-api-client", noun: "client", fact: "client")
                    firstSeen(b.regions, ch.evidence.region, code: "new-region", noun: "region", fact: "region")
                    for (country, s) in b.countries where s.first == t {
                        findings.append(Finding(code: "new-country", severity: .medium,
                                                summary: "first time \(ch.principal.name) acted from country \(country) in \(days) days of history",
                                                facts: [Fact("country", country)]))
                    }
                    for (asn, s) in b.asns where s.first == t {
                        findings.append(Finding(code: "new-asn", severity: .low,
                                                summary: "first time \(ch.principal.name) acted from \(asn) in \(days) days of history",
                                                facts: [Fact("asn", asn)]))
                    }
                }
                if !auto, behaviours.contains(.rarelyUsed) { findings += analytic.rarelyUsed(ch, active: profile.active, covered: covered, learning: Int(learning)) }
            } else if !auto, behaviours.contains(.rarelyUsed), ComputeChangeAnalytic.coverage(covered, before: t, days: settings.lookbackDays) >= Int(learning) {
                findings.append(Finding(code: "rarely-used-account", severity: .medium,
                                        summary: "\(ch.principal.name) has no activity in the baseline", facts: []))
            }
            if ch.succeeded, behaviours.contains(.exposure) { findings += analytic.exposure(ch) }
            return (usual, findings)
        }
    }
}
