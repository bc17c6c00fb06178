import HTTPTypes
import Foundation

/// HTML built from text that is escaped where it is inserted: every value that did not come from
/// this module's own literals goes through `HTML.text` (element content and quoted attribute
/// values alike) or `HTML.url` (links).
enum HTML {
    /// Escapes `& < > " '` so that the text stays text inside elements and quoted attributes.
    static func text(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// An href for a path of this console: only paths starting with a single `/` are kept (no
    /// scheme, so no `javascript:`), with each character outside the safe set percent-encoded,
    /// then escaped for the attribute.
    static func url(_ path: String) -> String {
        guard path.hasPrefix("/"), !path.hasPrefix("//") else { return "#" }
        return text(path)
    }

    /// A path segment or query value, percent-encoded.
    static func component(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }

    /// A link to a console path with escaped text.
    static func link(_ path: String, _ label: String) -> String { "<a href=\"\(url(path))\">\(text(label))</a>" }

    /// A table: escaped header cells, and body cells given as HTML (escape them when building).
    static func table(_ headers: [String], _ rows: [[String]], id: String? = nil) -> String {
        var out = "<table\(id.map { " id=\"\(text($0))\"" } ?? "")><thead><tr>"
        for h in headers { out += "<th>\(text(h))</th>" }
        out += "</tr></thead><tbody>"
        for r in rows { out += "<tr>" + r.map { "<td>\($0)</td>" }.joined() + "</tr>" }
        if rows.isEmpty { out += "<tr><td colspan=\"\(headers.count)\" class=\"empty\">none</td></tr>" }
        return out + "</tbody></table>"
    }

    /// A hidden CSRF field for a form.
    static func csrfField(_ token: String?) -> String {
        "<input type=\"hidden\" name=\"csrf\" value=\"\(text(token ?? ""))\">"
    }

    /// A status or severity badge.
    static func badge(_ s: String) -> String { "<span class=\"badge b-\(text(s.lowercased()))\">\(text(s))</span>" }

    /// A whole page: navigation, the signed-in caller, the body. No script, no external resource.
    static func page(title: String, identity: ConsoleIdentity?, active: String, body: String) -> String {
        let nav = [("/", "Overview"), ("/alerts", "Alerts"), ("/analytics", "Analytics"), ("/coverage", "Coverage"),
                   ("/accounts", "Accounts"), ("/attack", "ATT&CK"), ("/ingest", "Ingest")]
        var out = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(text(title)) · Vigil</title><link rel="stylesheet" href="/static/console.css"></head><body>
            <header><span class="brand">Vigil</span><nav>
            """
        for (path, label) in nav {
            out += "<a href=\"\(path)\"\(active == path ? " class=\"active\"" : "")>\(text(label))</a>"
        }
        out += "</nav>"
        if let identity {
            out += "<form class=\"logout\" method=\"post\" action=\"/logout\">\(csrfField(identity.sessionCSRF))"
                + "<span>\(text(identity.displayName)) (\(text(identity.role.rawValue)))</span>"
                + (identity.sessionCSRF != nil ? "<button type=\"submit\">Sign out</button>" : "") + "</form>"
        }
        out += "</header><main><h1>\(text(title))</h1>\n\(body)\n</main></body></html>\n"
        return out
    }

    /// Epoch milliseconds as RFC 3339 (UTC, seconds).
    static func time(_ ms: Int64) -> String {
        let f = ISO8601DateFormatter()
        return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}
