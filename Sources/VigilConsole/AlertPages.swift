import HTTPTypes
import Foundation
import Hummingbird
import VigilStore

extension Console {
    func addPageRoutes<C>(_ r: inout Registrar<C>) {
        r.add(.get, "/", role: .viewer, api: false) { call in self.page(call, "Overview", "/", try self.overviewBody()) }
        r.add(.get, "/alerts", role: .viewer, api: false) { call in self.page(call, "Alerts", "/alerts", try self.alertsBody(call.query)) }
        r.add(.get, "/alerts/:id", role: .viewer, api: false) { call in
            let d = try self.alertDetail(call.parameter("id"))
            return self.page(call, d.alert.title, "/alerts", try self.alertBody(d, call.identity))
        }
        r.add(.get, "/alerts/:id/evidence/:n", role: .viewer, api: false) { call in
            let id = try call.parameter("id"), n = try call.parameter("n")
            let raw = try self.rawRecord(id, n)
            var body = "<p>" + HTML.link("/alerts/" + HTML.component(id), "Back to the alert") + "</p><dl class=\"facts\">"
                + "<dt>File</dt><dd><code>\(HTML.text(raw.file))</code></dd>"
                + "<dt>Offset</dt><dd>\(raw.offset)\(raw.line.map { " (line \($0))" } ?? "")</dd>"
            if raw.available {
                body += "<dt>Redacted</dt><dd>\(raw.redactions) value\(raw.redactions == 1 ? "" : "s")</dd></dl>"
                if raw.truncated { body += "<p class=\"notice\">Shown up to \(RawRecordReader.maxBytes) bytes.</p>" }
                body += "<pre class=\"raw\">\(HTML.text(raw.text ?? ""))</pre>"
            } else {
                body += "</dl><p class=\"notice\">The raw record cannot be shown: \(HTML.text(raw.reason ?? "unknown"))</p>"
            }
            return self.page(call, "Raw record \(n) of alert \(id)", "/alerts", body)
        }
        r.add(.post, "/alerts/:id/triage", role: .analyst, api: false) { call in
            let id = try call.parameter("id")
            guard let action = TriageAction(rawValue: call.form["action"] ?? "") else {
                throw ConsoleError(.badRequest, "action: expected acknowledge, close, reopen or suppress")
            }
            _ = try self.triage(action, alertID: id, fields: call.form, actor: call.principal)
            return Self.redirect("/alerts/" + HTML.component(id))
        }
        r.add(.get, "/suppressions", role: .viewer, api: false) { call in
            self.page(call, "Suppressions", "/alerts", try self.suppressionsBody(call.identity))
        }
        r.add(.post, "/suppressions/:id/lift", role: .analyst, api: false) { call in
            try self.lift(call.parameter("id"), reason: call.form["reason"], actor: call.principal)
            return Self.redirect("/suppressions")
        }
        addReportPages(&r)
        addAttackPages(&r)
    }

    func page(_ call: Call, _ title: String, _ active: String, _ body: String) -> Response {
        Self.html(HTML.page(title: title, identity: call.identity, active: active, body: body))
    }

    func overviewBody() throws -> String {
        let o = try overview()
        var out = "<p>\(o.total) alert(s) stored.</p><h2>Alerts per day (30 days up to the newest alert)</h2>"
        out += SVG.bars(o.perDay.map { ($0.day, $0.count) })
        out += "<div class=\"grid\"><section><h2>By analytic and severity (30 days)</h2>"
        out += HTML.table(["Analytic", "Severity", "Alerts"], o.byAnalyticAndSeverity.map {
            [HTML.link("/analytics/" + HTML.component($0.analytic), $0.analytic), HTML.badge($0.severity),
             HTML.link("/alerts?analytic=\(HTML.component($0.analytic))&severity=\(HTML.component($0.severity))", String($0.count))]
        })
        out += "</section><section><h2>Top principals</h2>"
        out += HTML.table(["Principal", "Alerts"], o.topPrincipals.map {
            [HTML.link("/alerts?entity=" + HTML.component($0.name), $0.name), String($0.count)]
        })
        out += "</section><section><h2>Top devices and targets</h2>"
        out += HTML.table(["Target", "Alerts"], o.topTargets.map {
            [HTML.link("/alerts?entity=" + HTML.component($0.name), $0.name), String($0.count)]
        })
        out += "</section></div><h2>Ingest health</h2>" + ingestTable(o.ingest)
        return out
    }

    func ingestTable(_ h: IngestHealth) -> String {
        var out = ""
        if let live = h.live {
            out += "<h3>Inputs</h3>" + HTML.table(["Input", "Received", "Accepted", "Malformed", "Pushed back", "Last received"], live.inputs.map {
                [HTML.text($0.name), String($0.received), String($0.accepted), String($0.malformed), String($0.pushedBack), HTML.text($0.lastReceived ?? "never")]
            }, id: "inputs")
            let percent = live.spoolMaxBytes > 0 ? Double(live.spoolBytes) * 100 / Double(live.spoolMaxBytes) : 0
            out += "<h3>Spool and processing</h3>" + HTML.table(["Spool bytes", "Of", "Batches", "Failed batches", "Records", "Late events", "Watermark"], [[
                String(live.spoolBytes) + String(format: " (%.1f %%)", percent), String(live.spoolMaxBytes), String(live.batches),
                String(live.batchFailures), String(live.recordsProcessed), String(live.lateEvents), HTML.text(live.watermark ?? "none yet"),
            ]])
            out += "<h3>Sinks</h3>" + HTML.table(["Sink", "Delivered", "Failures", "Retries", "Batches waiting"], live.sinks.map {
                [HTML.text($0.name), String($0.delivered), String($0.failures), String($0.retries), String($0.lagBatches)]
            }, id: "sinks")
            out += "<h3>Recorded scans</h3>"
        } else {
            out += "<p class=\"notice\">This console runs apart from <code>vigil serve</code>: it lists the scans recorded in the store; "
                + "mounted in the service it shows live inputs, spool and sinks.</p>"
        }
        return out + HTML.table(["Scan", "Started", "Paths", "Files", "Records", "Malformed", "Skipped", "Alerts", "Seconds"], h.scans.map {
                [String($0.id), HTML.text($0.startedAt), HTML.text($0.paths.joined(separator: ", ")), String($0.files), String($0.records),
                 String($0.malformed), String($0.skipped), String($0.alerts), String(format: "%.2f", $0.elapsedSeconds)]
            })
    }

    func alertsBody(_ q: [String: String]) throws -> String {
        let (rows, next) = try alertPage(q)
        func field(_ name: String, _ label: String, placeholder: String = "") -> String {
            "<label>\(HTML.text(label)) <input type=\"text\" name=\"\(name)\" value=\"\(HTML.text(q[name] ?? ""))\" placeholder=\"\(HTML.text(placeholder))\"></label>"
        }
        func select(_ name: String, _ label: String, _ options: [String]) -> String {
            "<label>\(HTML.text(label)) <select name=\"\(name)\"><option value=\"\">any</option>"
                + options.map { "<option\(q[name] == $0 ? " selected" : "")>\(HTML.text($0))</option>" }.joined() + "</select></label>"
        }
        var out = "<form class=\"filters\" method=\"get\" action=\"/alerts\">"
            + select("analytic", "Analytic", ["AN0861", "AN1240"])
            + select("severity", "Severity", ["critical", "high", "medium", "low", "informational"])
            + select("status", "Status", ["open", "acknowledged", "closed", "suppressed"])
            + field("from", "From", placeholder: "2026-03-01") + field("to", "To", placeholder: "2026-03-31")
            + field("entity", "Principal or target") + "<button type=\"submit\">Filter</button></form>"
        out += "<p>" + HTML.link("/suppressions", "Suppressions") + "</p>"
        out += HTML.table(["Time", "Severity", "Status", "Analytic", "Title", "Principal", "Target"], rows.map {
            let a = AlertItem($0)
            return [HTML.text(a.time), HTML.badge(a.severity), HTML.badge(a.status), HTML.text(a.analytic),
                    HTML.link("/alerts/" + HTML.component(a.id), a.title), HTML.text(a.principal), HTML.text(a.target ?? "")]
        }, id: "alerts")
        if let next {
            var p = q
            p["cursor"] = next
            let query = p.sorted { $0.key < $1.key }.map { "\(HTML.component($0.key))=\(HTML.component($0.value))" }.joined(separator: "&")
            out += "<p>" + HTML.link("/alerts?" + query, "Next page →") + "</p>"
        }
        return out
    }

    func alertBody(_ d: AlertDetail, _ identity: ConsoleIdentity?) throws -> String {
        let a = d.alert, doc = d.document
        var out = "<dl><dt>Severity</dt><dd>\(HTML.badge(a.severity))</dd><dt>Status</dt><dd>\(HTML.badge(a.status))"
            + (d.triage?.assignee.map { " assigned to \(HTML.text($0))" } ?? "")
            + (d.triage?.closeReason.map { " — \(HTML.text($0))" } ?? "") + "</dd>"
            + "<dt>Time</dt><dd>\(HTML.text(doc.time))</dd><dt>Detection</dt><dd>\(HTML.text(doc.detection))</dd>"
            + "<dt>Principal</dt><dd>\(HTML.link("/alerts?entity=" + HTML.component(doc.principal.name), doc.principal.name))"
            + [doc.principal.type, doc.principal.arn, doc.principal.account].compactMap { $0 }.map { " · " + HTML.text($0) }.joined() + "</dd>"
            + (doc.target.map { "<dt>Target</dt><dd>\(HTML.link("/alerts?entity=" + HTML.component($0), $0))</dd>" } ?? "")
            + "<dt>Id</dt><dd><code>\(HTML.text(doc.id))</code></dd></dl>"
        out += "<h2>ATT&amp;CK context</h2><dl>"
            + "<dt>Analytic</dt><dd>\(HTML.link("/analytics/" + HTML.component(doc.analytic), doc.analytic))</dd>"
            + "<dt>Strategy</dt><dd>\(HTML.link("/attack/objects/" + HTML.component(doc.strategy), doc.strategy))</dd>"
            + "<dt>Technique</dt><dd>\(HTML.link("/attack/objects/" + HTML.component(doc.technique), doc.technique + " " + doc.technique_name))</dd>"
            + "<dt>Tactic</dt><dd>\(HTML.link("/attack/objects/" + HTML.component(doc.tactic), doc.tactic))</dd></dl>"
        out += "<h2>Why it fired</h2>"
        for reason in doc.reasons {
            out += "<h3>\(HTML.text(reason.summary)) <small><code>\(HTML.text(reason.code))</code></small></h3>"
            out += HTML.table(["Fact", "Value"], reason.facts.map { [HTML.text($0.name), HTML.text($0.value)] })
        }
        out += "<h2>Entities</h2>" + SVG.chain(doc.resources.map { ($0.type, $0.id) })
        out += "<h2>Evidence</h2>"
        out += HTML.table(["Time", "Operation", "Source", "User agent", "Account / region", "Error", "Event id", "Raw record (redacted)"],
                          doc.evidence.enumerated().map { n, e in
            [HTML.text(e.time), HTML.text(e.service + " " + e.operation), HTML.text(e.source ?? ""), HTML.text(e.user_agent ?? ""),
             HTML.text([e.account, e.region].compactMap { $0 }.joined(separator: " / ")), HTML.text(e.error_code ?? ""),
             HTML.text(e.event_id ?? ""),
             HTML.link("/alerts/" + HTML.component(a.id) + "/evidence/\(n)", e.file + (e.line.map { ":\($0)" } ?? "") + " @\(e.offset)")]
        })
        out += "<h2>Triage</h2>"
        if let identity, identity.role >= .analyst {
            let action = "/alerts/" + HTML.component(a.id) + "/triage"
            func form(_ name: String, _ fields: String, _ button: String) -> String {
                "<form class=\"triage inline\" method=\"post\" action=\"\(HTML.url(action))\">\(HTML.csrfField(identity.sessionCSRF))"
                    + "<input type=\"hidden\" name=\"action\" value=\"\(name)\">\(fields)<button type=\"submit\">\(HTML.text(button))</button></form>"
            }
            let reason = "<label>Reason <input type=\"text\" name=\"reason\" maxlength=\"2000\"></label>"
            out += form("acknowledge", "<label>Assignee <input type=\"text\" name=\"assignee\" maxlength=\"200\"></label>", "Acknowledge")
            out += form("close", "<label>Close reason <input type=\"text\" name=\"reason\" required maxlength=\"2000\"></label>", "Close")
            out += form("reopen", reason, "Reopen")
            out += form("suppress", "<label>Hours <input type=\"number\" name=\"hours\" min=\"1\" max=\"8760\" value=\"24\"></label>"
                        + "<label>Reason <input type=\"text\" name=\"reason\" required maxlength=\"2000\"></label>",
                        "Suppress similar alerts (same analytic, detection, principal)")
        } else {
            out += "<p class=\"empty\">Triage needs the analyst role.</p>"
        }
        out += "<h3>History</h3>" + HTML.table(["When", "Who", "What", "Why", "Detail"], d.audit.map {
            [HTML.text(HTML.time($0.atMs)), HTML.text($0.actor), HTML.text($0.action), HTML.text($0.reason ?? ""), HTML.text($0.detail ?? "")]
        })
        return out
    }

    func suppressionsBody(_ identity: ConsoleIdentity?) throws -> String {
        let now = Self.nowMs()
        let analyst = (identity?.role ?? .viewer) >= .analyst
        return HTML.table(["Id", "Analytic", "Detection", "Principal", "Reason", "By", "Created", "Expires", "State", ""],
                          try store.suppressions().map { s in
            let state = s.liftedMs != nil ? "lifted by \(s.liftedBy ?? "?")" : s.expiresMs <= now ? "expired" : "in force"
            let lift = analyst && state == "in force"
                ? "<form method=\"post\" action=\"/suppressions/\(s.id)/lift\">\(HTML.csrfField(identity?.sessionCSRF))"
                    + "<button type=\"submit\">Lift</button></form>" : ""
            return [String(s.id), HTML.text(s.analytic), HTML.text(s.detection), HTML.text(s.principal), HTML.text(s.reason),
                    HTML.text(s.createdBy), HTML.text(HTML.time(s.createdMs)), HTML.text(HTML.time(s.expiresMs)), HTML.text(state), lift]
        })
    }
}
