import Foundation
import Yams

extension ConfigReader {
    /// `serve:` — listeners, spool, store, sinks and event time for `vigil serve`.
    mutating func serve(_ node: Node, _ path: String) -> ServeSettings {
        var s = ServeSettings()
        for e in entries(node, path, known: ConfigSchema.serve) ?? [] {
            switch e.key {
            case "syslog_udp": s.syslogUDP = addressList(e.value, e.path)
            case "syslog_tcp": s.syslogTCP = addressList(e.value, e.path)
            case "syslog_tls":
                for item in items(e.value, e.path) ?? [] { if let l = tlsListener(item.node, item.path) { s.syslogTLS.append(l) } }
            case "http": s.http = address(e.value, e.path)
            case "console": s.console = boolean(e.value, e.path) ?? s.console
            case "secure_cookies": s.secureCookies = boolean(e.value, e.path) ?? s.secureCookies
            case "ingest_tokens":
                for item in items(e.value, e.path) ?? [] {
                    guard let token = text(item.node, item.path) else { continue }
                    // The token itself is a secret: never repeated in the message.
                    if token.count < 16 { fail(item.node, item.path, "a bearer token must be at least 16 characters long") }
                    else { s.ingestTokens.append(token) }
                }
            case "max_body_bytes": s.maxBodyBytes = integer(e.value, e.path, min: 1024) ?? s.maxBodyBytes
            case "max_message_bytes": s.maxMessageBytes = integer(e.value, e.path, min: 480) ?? s.maxMessageBytes
            case "idle_timeout_seconds": s.idleTimeoutSeconds = integer(e.value, e.path, min: 1) ?? s.idleTimeoutSeconds
            case "watch": s.watch = texts(e.value, e.path)
            case "watch_interval_seconds": s.watchIntervalSeconds = seconds(e.value, e.path) ?? s.watchIntervalSeconds
            case "spool_dir": s.spoolDirectory = text(e.value, e.path) ?? s.spoolDirectory
            case "spool_max_bytes": s.spoolMaxBytes = Int64(integer(e.value, e.path, min: 1 << 16) ?? Int(s.spoolMaxBytes))
            case "segment_bytes": s.segmentBytes = integer(e.value, e.path, min: 4096) ?? s.segmentBytes
            case "batch_seconds": s.batchSeconds = seconds(e.value, e.path) ?? s.batchSeconds
            case "db": s.database = text(e.value, e.path) ?? s.database
            case "allowed_lateness_seconds": s.allowedLatenessSeconds = integer(e.value, e.path, min: 0) ?? s.allowedLatenessSeconds
            case "sinks":
                for item in items(e.value, e.path) ?? [] { if let sink = sink(item.node, item.path) { s.sinks.append(sink) } }
            default: break
            }
        }
        if s.spoolMaxBytes < Int64(s.segmentBytes) * 2 {
            fail(node, join(path, "spool_max_bytes"), "must be at least twice segment_bytes (\(s.segmentBytes))")
        }
        return s
    }

    mutating func address(_ node: Node, _ path: String) -> ServeSettings.Address? {
        guard let t = text(node, path) else { return nil }
        guard let a = ServeSettings.Address(t) else {
            fail(node, path, "'\(t)' is not a listening address (HOST:PORT, [IPv6]:PORT or :PORT, port 0-65535)")
            return nil
        }
        return a
    }

    mutating func addressList(_ node: Node, _ path: String) -> [ServeSettings.Address] {
        if case .scalar = node, !node.isNull { return address(node, path).map { [$0] } ?? [] }
        return (items(node, path) ?? []).compactMap { address($0.node, $0.path) }
    }

    mutating func tlsListener(_ node: Node, _ path: String) -> ServeSettings.TLSListener? {
        var addr: ServeSettings.Address?, cert: String?, key: String?
        for e in entries(node, path, known: ["address", "certificate", "key"]) ?? [] {
            switch e.key {
            case "address": addr = address(e.value, e.path)
            case "certificate": cert = readableFile(e.value, e.path)
            case "key": key = readableFile(e.value, e.path)
            default: break
            }
        }
        for (name, value) in [("address", addr as Any?), ("certificate", cert), ("key", key)] where value == nil {
            if !errors.contains(where: { $0.key == join(path, name) }) { fail(node, join(path, name), "is required") }
        }
        guard let addr, let cert, let key else { return nil }
        return ServeSettings.TLSListener(address: addr, certificate: cert, key: key)
    }

    mutating func readableFile(_ node: Node, _ path: String) -> String? {
        guard let t = text(node, path) else { return nil }
        guard FileManager.default.isReadableFile(atPath: t) else {
            fail(node, path, "'\(t)': no such readable file")
            return nil
        }
        return t
    }

    mutating func sink(_ node: Node, _ path: String) -> ServeSettings.Sink? {
        guard let list = entries(node, path, known: ConfigSchema.sink) else { return nil }
        var values: [String: (Node, String)] = [:]
        for e in list { values[e.key] = (e.value, e.path) }
        guard let (typeNode, typePath) = values["type"] else {
            fail(node, join(path, "type"), "is required (file, webhook or syslog)")
            return nil
        }
        func str(_ key: String) -> String? { values[key].flatMap { text($0.0, $0.1) } }
        func required(_ key: String) -> String? {
            if let v = str(key) { return v }
            if values[key] == nil { fail(node, join(path, key), "is required") }
            return nil
        }
        switch text(typeNode, typePath) {
        case "file":
            guard let p = required("path") else { return nil }
            let format = str("format") ?? "vigil"
            guard ["vigil", "ocsf"].contains(format) else {
                fail(values["format"]!.0, values["format"]!.1, "'\(format)' is not a file format (vigil or ocsf)")
                return nil
            }
            let max = values["max_bytes"].flatMap { integer($0.0, $0.1, min: 1024) } ?? 64 << 20
            let keep = values["keep"].flatMap { integer($0.0, $0.1, min: 1) } ?? 5
            return .file(path: p, format: format, maxBytes: Int64(max), keep: keep)
        case "webhook":
            guard let url = required("url") else { return nil }
            guard let u = URL(string: url), u.scheme == "http", u.host != nil else {
                fail(values["url"]!.0, values["url"]!.1, "'\(url)' is not an http:// URL (https is not supported by this sink yet)")
                return nil
            }
            let slack = values["slack"].flatMap { boolean($0.0, $0.1) } ?? false
            let attempts = values["max_attempts"].flatMap { integer($0.0, $0.1, min: 1) } ?? 8
            let timeout = values["timeout_seconds"].flatMap { integer($0.0, $0.1, min: 1) } ?? 10
            return .webhook(url: url, slack: slack, maxAttempts: attempts, timeoutSeconds: timeout)
        case "syslog":
            guard let a = values["address"].flatMap({ address($0.0, $0.1) }) else {
                if values["address"] == nil { fail(node, join(path, "address"), "is required") }
                return nil
            }
            let transport = str("transport") ?? "udp"
            let format = str("format") ?? "rfc5424"
            guard ["udp", "tcp"].contains(transport) else {
                fail(values["transport"]!.0, values["transport"]!.1, "'\(transport)' is not a transport (udp or tcp)")
                return nil
            }
            guard ["rfc5424", "cef"].contains(format) else {
                fail(values["format"]!.0, values["format"]!.1, "'\(format)' is not a syslog format (rfc5424 or cef)")
                return nil
            }
            return .syslog(address: a, transport: transport, format: format)
        case let other?:
            fail(typeNode, typePath, "'\(other)' is not a sink type (file, webhook or syslog)")
            return nil
        case nil:
            return nil
        }
    }

    mutating func integer(_ node: Node, _ path: String, min: Int) -> Int? {
        guard let t = text(node, path) else { return nil }
        guard let n = Int(t), n >= min else {
            fail(node, path, "'\(t)' is not a whole number of at least \(min)")
            return nil
        }
        return n
    }

    mutating func seconds(_ node: Node, _ path: String) -> Double? {
        guard let t = text(node, path) else { return nil }
        guard let n = Double(t), n > 0, n.isFinite else {
            fail(node, path, "'\(t)' is not a positive number of seconds")
            return nil
        }
        return n
    }

    mutating func boolean(_ node: Node, _ path: String) -> Bool? {
        guard let t = text(node, path) else { return nil }
        switch t.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default:
            fail(node, path, "'\(t)' is not true or false")
            return nil
        }
    }
}
