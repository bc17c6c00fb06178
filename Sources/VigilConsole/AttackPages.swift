import HTTPTypes
import Foundation
import Hummingbird
import VigilAttack

extension Console {
    func addAttackPages<C>(_ r: inout Registrar<C>) {
        r.add(.get, "/attack", role: .viewer, api: false) { call in
            self.page(call, "ATT&CK", "/attack", try self.attackBody(call.query))
        }
        r.add(.get, "/attack/objects/:id", role: .viewer, api: false) { call in
            let v = try self.attackObject(call.parameter("id"), release: call.query["release"])
            let raw = try self.attackRaw(call.parameter("id"), release: call.query["release"])
            return self.page(call, [v.object.attackID, v.object.name].compactMap { $0 }.joined(separator: " "), "/attack", self.objectBody(v, raw: raw))
        }
        r.add(.get, "/attack/diff", role: .viewer, api: false) { call in
            guard let from = call.query["from"], let to = call.query["to"], !from.isEmpty, !to.isEmpty else {
                throw ConsoleError(.badRequest, "choose the two releases to compare")
            }
            return self.page(call, "ATT&CK \(from) → \(to)", "/attack", self.diffBody(try self.attackDiff(from, to)))
        }
    }

    func objectLink(_ ref: ObjectView.Reference) -> String {
        HTML.link("/attack/objects/" + HTML.component(ref.attackID ?? ref.stixID), ref.label) + (ref.revoked ? " (revoked)" : ref.deprecated ? " (deprecated)" : "")
    }

    func attackBody(_ q: [String: String]) throws -> String {
        let kb = AttackKnowledgeBase(store: store)
        let releases = try kb.releases()
        let text = q["q"] ?? ""
        var out = "<form class=\"filters\" method=\"get\" action=\"/attack\"><label>Id or name <input type=\"text\" name=\"q\" value=\"\(HTML.text(text))\"></label>"
            + "<button type=\"submit\">Search</button></form>"
        if !text.isEmpty {
            let hits = try searchAttack(text, release: nil, limit: 200)
            out += HTML.table(["Id", "Type", "Name"], hits.map {
                [HTML.link("/attack/objects/" + HTML.component($0.attackID ?? $0.stixID), $0.attackID ?? $0.stixID), HTML.text($0.type),
                 HTML.text(($0.name ?? "") + ($0.revoked ? " (revoked)" : $0.deprecated ? " (deprecated)" : ""))]
            })
        }
        out += "<h2>Imported releases</h2>" + HTML.table(["Release", "Objects", "Modified", "Digest", "Imported"], releases.map {
            [HTML.text($0.title), String($0.objects), HTML.text($0.modified), "<code>\(HTML.text(String($0.digest.prefix(16))))</code>", HTML.text($0.importedAt)]
        })
        if releases.count > 1 {
            func select(_ name: String, _ pick: Int) -> String {
                "<label>\(name == "from" ? "From" : "To") <select name=\"\(name)\">" + releases.enumerated().map { i, r in
                    "<option value=\"\(HTML.text(r.title))\"\(i == pick ? " selected" : "")>\(HTML.text(r.title))</option>"
                }.joined() + "</select></label>"
            }
            out += "<h2>Compare releases</h2><form class=\"filters\" method=\"get\" action=\"/attack/diff\">"
                + select("from", 0) + select("to", 1) + "<button type=\"submit\">Diff</button></form>"
        }
        return out
    }

    func objectBody(_ v: ObjectView, raw: String) -> String {
        let o = v.object
        var out = "<dl><dt>Release</dt><dd>\(HTML.text(v.release))</dd><dt>Type</dt><dd>\(HTML.text(o.type.rawValue))</dd>"
            + "<dt>STIX id</dt><dd><code>\(HTML.text(o.stixID))</code></dd><dt>Version</dt><dd>\(HTML.text(o.version ?? "-")), modified \(HTML.text(o.modified ?? "-"))</dd>"
            + "<dt>Content hash</dt><dd><code>\(HTML.text(o.hash.hex))</code></dd>"
            + (o.platforms.isEmpty ? "" : "<dt>Platforms</dt><dd>\(HTML.text(o.platforms.joined(separator: ", ")))</dd>")
            + (o.url.map { "<dt>ATT&amp;CK page</dt><dd>\(HTML.text($0))</dd>" } ?? "")
            + "<dt>State</dt><dd>\(o.revoked ? "revoked" : o.deprecated ? "deprecated" : "current")</dd></dl>"
        if let d = o.description { out += "<p>\(HTML.text(d))</p>" }
        func list(_ title: String, _ items: [String]) {
            if !items.isEmpty { out += "<h2>\(HTML.text(title))</h2><ul>" + items.map { "<li>\($0)</li>" }.joined() + "</ul>" }
        }
        list("Strategies", v.strategies.map(objectLink))
        list("Analytics", v.analytics.map { objectLink($0.analytic) + HTML.text(" (\($0.platforms.joined(separator: ", ")))") })
        list("Techniques", v.techniques.map { objectLink($0.technique) + HTML.text(" \($0.fullName)") })
        list("Tactics", v.tactics.map(objectLink))
        list("Parent", v.parent.map { [objectLink($0)] } ?? [])
        list("Data components", v.dataComponents.map(objectLink))
        list("Same id in other releases", v.sameID.map(objectLink))
        if !v.logSources.isEmpty {
            out += "<h2>Log sources</h2>" + HTML.table(["Name", "Channel", "Data component"], v.logSources.map {
                [HTML.text($0.name), HTML.text($0.channel ?? ""), $0.dataComponent.map(objectLink) ?? ""]
            })
        }
        if !v.mutableElements.isEmpty {
            out += "<h2>Mutable elements</h2>" + HTML.table(["Field", "Description"], v.mutableElements.map { [HTML.text($0.field), HTML.text($0.description)] })
        }
        out += "<h2>History</h2>" + HTML.table(["Release", "Status", "Content hash", "Version", "Modified"], v.history.map {
            [HTML.text($0.release), HTML.badge($0.status.rawValue), "<code>\(HTML.text($0.hash?.hex ?? "-"))</code>", HTML.text($0.objectVersion ?? ""),
             HTML.text($0.modified ?? "")]
        })
        out += "<h2>Raw object</h2><pre>\(HTML.text(raw))</pre>"
        return out
    }

    func diffBody(_ d: ReleaseDiff) -> String {
        var out = HTML.table(["Type", "Status", "Objects"], d.counts.map { [HTML.text($0.type.rawValue), HTML.badge($0.status.rawValue), String($0.count)] })
        out += "<p>\(d.changedWithoutVersionBump) object(s) changed without a version bump.</p>"
        let shown = d.entries.filter { $0.status != .unchanged }.prefix(1000)
        out += "<h2>Changed objects</h2>" + HTML.table(["Status", "Id", "Type", "Name", "Old hash", "New hash"], shown.map {
            [HTML.badge($0.status.rawValue), HTML.link("/attack/objects/" + HTML.component($0.attackID ?? $0.stixID), $0.attackID ?? $0.stixID),
             HTML.text($0.type.rawValue), HTML.text($0.name ?? ""), "<code>\(HTML.text($0.oldHash?.prefix ?? ""))</code>",
             "<code>\(HTML.text($0.newHash?.prefix ?? ""))</code>"]
        })
        return out
    }
}
