import HTTPTypes
import Foundation
import Hummingbird
import VigilAnalytics
import VigilAttack
import VigilEngine

extension Console {
    func addReportPages<C>(_ r: inout Registrar<C>) {
        r.add(.get, "/analytics", role: .viewer, api: false) { call in
            let c = try AnalyticsCatalogueReport.build(AttackKnowledgeBase(store: self.store))
            let body = "<p>ATT&amp;CK names from: \(HTML.text(c.source))</p>" + HTML.table(
                ["Analytic", "Name", "Platforms", "Strategies", "Techniques", "Warnings"], c.analytics.map { e in
                    [HTML.link("/analytics/" + HTML.component(e.id), e.id), HTML.text(e.name), HTML.text(e.platforms.joined(separator: ", ")),
                     e.strategies.map { HTML.link("/attack/objects/" + HTML.component($0.id), "\($0.id) \($0.name)") }.joined(separator: "<br>"),
                     e.techniques.map { HTML.link("/attack/objects/" + HTML.component($0.id), "\($0.id) \($0.name)") }.joined(separator: "<br>"),
                     e.warnings.map(HTML.text).joined(separator: "<br>")]
                })
            return self.page(call, "Analytics", "/analytics", body)
        }
        r.add(.get, "/analytics/:id", role: .viewer, api: false) { call in
            let p = try self.analyticPage(call.parameter("id"))
            return self.page(call, "\(p.entry.id) \(p.entry.name)", "/analytics", try self.analyticBody(p))
        }
        r.add(.get, "/coverage", role: .viewer, api: false) { call in self.page(call, "Coverage", "/coverage", try self.coverageBody()) }
        r.add(.get, "/accounts", role: .viewer, api: false) { call in self.page(call, "Accounts", "/accounts", try self.accountsBody()) }
        r.add(.get, "/ingest", role: .viewer, api: false) { call in self.page(call, "Ingest health", "/ingest", self.ingestTable(try self.ingestHealth())) }
    }

    func analyticBody(_ p: AnalyticPage) throws -> String {
        let e = p.entry
        var out = "<p>\(HTML.text(e.summary))</p><dl>"
            + "<dt>Implementation</dt><dd>implemented in Vigil, written against \(HTML.text(e.writtenAgainst.release)) "
            + "(content hash <code>\(HTML.text(String(e.writtenAgainst.contentHash.prefix(16))))</code>)</dd>"
            + "<dt>Platforms</dt><dd>\(HTML.text(e.platforms.joined(separator: ", ")))</dd>"
            + "<dt>Strategy</dt><dd>\(e.strategies.map { HTML.link("/attack/objects/" + HTML.component($0.id), "\($0.id) \($0.name)") }.joined(separator: ", "))</dd>"
            + "<dt>Technique</dt><dd>\(e.techniques.map { t in HTML.link("/attack/objects/" + HTML.component(t.id), "\(t.id) \(t.name)") + " (" + t.tactics.map { HTML.text("\($0.id) \($0.name)") }.joined(separator: ", ") + ")" }.joined(separator: "<br>"))</dd>"
            + "<dt>Alerts</dt><dd>\(HTML.link("/alerts?analytic=" + HTML.component(e.id), "\(p.alertsLast7Days) in the last 7 days, \(p.alertsLast30Days) in the last 30"))"
            + " (up to the newest alert)</dd></dl>"
        if let d = p.object?.object.description {
            out += "<h2>ATT&amp;CK definition (\(HTML.text(p.object?.release ?? "")))</h2><p>\(HTML.text(d))</p>"
        } else {
            out += "<p class=\"notice\">No imported ATT&amp;CK release holds this analytic: import one with <code>vigil attack import</code>.</p>"
        }
        out += "<h2>Telemetry coverage</h2>"
        if let c = p.coverage {
            out += "<p>\(HTML.badge(c.status)) needs \(HTML.text(c.needs))</p>"
            if !c.missing.isEmpty { out += "<p>Blind or missing:</p><ul>" + c.missing.map { "<li>\(HTML.text($0))</li>" }.joined() + "</ul>" }
        }
        out += "<h2>Log sources</h2>" + HTML.table(["Name", "Channel", "Data component", "Vigil"], e.logSources.map {
            [HTML.text($0.name), HTML.text($0.channel), HTML.link("/attack/objects/" + HTML.component($0.dataComponent), "\($0.dataComponent) \($0.dataComponentName)"),
             HTML.text(String(describing: $0.coverage))]
        })
        if !e.additionalSources.isEmpty {
            out += "<p>Also read: \(HTML.text(e.additionalSources.map { String(describing: $0) }.joined(separator: "; ")))</p>"
        }
        out += "<h2>Mutable elements</h2>" + HTML.table(["Element", "ATT&CK description", "Configuration key", "Current value"],
            e.mutableElements.map { m in
                [HTML.text(m.field), HTML.text(m.attackDescription ?? ""), "<code>\(HTML.text(m.configKey))</code>",
                 HTML.text(p.configured.first { $0.field == m.field }?.value ?? "")]
            })
        out += "<p>Configuration: \(HTML.text(p.configPath ?? "none (defaults)"))</p>"
        out += "<h2>History across imported releases</h2>" + HTML.table(["Release", "Content hash", "Compared with the implementation"], e.releases.map {
            [HTML.text($0.release), "<code>\(HTML.text($0.hash?.hex ?? "-"))</code>", HTML.badge($0.comparedWithBaseline)]
        })
        if !e.warnings.isEmpty { out += "<ul class=\"error\">" + e.warnings.map { "<li>\(HTML.text($0))</li>" }.joined() + "</ul>" }
        if p.object != nil {
            out += "<p>" + HTML.link("/attack/objects/" + HTML.component(e.id), "Raw ATT&CK object and relationships") + "</p>"
        }
        return out
    }

    func coverageBody() throws -> String {
        let c = try coverageReport()
        var out = "<p>Newest record seen: \(HTML.text(c.newest ?? "none")). Silent: no record for \(c.gapFactor)× the usual gap and at least \(c.silentAfterHours) h.</p>"
        out += "<h2>Analytics</h2>" + HTML.table(["Analytic", "Status", "Needs", "Missing"], c.analytics.map {
            [HTML.link("/analytics/" + HTML.component($0.id), "\($0.id) \($0.name)"), HTML.badge($0.status), HTML.text($0.needs),
             $0.missing.map(HTML.text).joined(separator: "<br>")]
        })
        func yes(_ b: Bool) -> String { b ? "yes" : "—" }
        out += "<h2>Network devices</h2>" + HTML.table(
            ["Device", "Status", "Platform", "Records", "Last seen", "AAA accounting", "CLI", "Config", "API audit", "Logins"], c.devices.map {
                [HTML.text($0.device), HTML.badge($0.status), HTML.text($0.platform ?? ""), String($0.records), HTML.text($0.lastSeen ?? "never"),
                 yes($0.accounting), yes($0.cliCommands), yes($0.configChanges), yes($0.apiAudit), yes($0.logins)]
            })
        out += "<h2>Cloud accounts and regions</h2>" + HTML.table(["Provider", "Account", "Region", "Status", "Records", "Last seen", "Compute events"], c.cloud.map {
            [HTML.text($0.provider), HTML.text($0.account), HTML.text($0.region), HTML.badge($0.status), String($0.records), HTML.text($0.lastSeen),
             HTML.text($0.computeEvents.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))]
        })
        if let a = c.attack {
            out += "<h2>ATT&amp;CK-wide (\(HTML.text(a.release)))</h2>" + HTML.table(["Platform", "Analytics", "Fully parsed", "Partly", "Not parsed"], a.platforms.map {
                [HTML.text($0.platform), String($0.analytics), String($0.fullyParsed), String($0.partlyParsed), String($0.notParsed)]
            })
        }
        return out
    }

    func accountsBody() throws -> String {
        let a = try StoredReports.accounts(store, context: context)
        var out = HTML.table(["Status", "Device", "Account", "On roster", "Last change", "First seen", "Last seen", "By", "Privilege", "Changes"], a.rows.map {
            [HTML.badge($0.status), HTML.link("/alerts?entity=" + HTML.component($0.device), $0.device), HTML.text($0.account),
             $0.onRoster.map { $0 ? "yes" : "no" } ?? "—", HTML.text($0.lastChange ?? ""), HTML.text($0.firstSeen ?? ""), HTML.text($0.lastSeen ?? ""),
             HTML.text($0.lastBy ?? ""), HTML.text($0.privilegeDrift.map { "\($0) → " } ?? "") + HTML.text($0.privilege ?? ""), String($0.changes)]
        })
        if !a.silentDevices.isEmpty { out += "<p>Devices on the roster that sent nothing: \(HTML.text(a.silentDevices.joined(separator: ", ")))</p>" }
        if !a.unlistedDevices.isEmpty { out += "<p>Devices not on the roster: \(HTML.text(a.unlistedDevices.joined(separator: ", ")))</p>" }
        return out
    }
}
