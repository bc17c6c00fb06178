import Foundation
import Testing
import VigilConfig

/// The `serve:` section: values read, mistakes located.
@Suite struct ServeConfigTests {
    @Test func readsEveryKey() throws {
        let yaml = """
            serve:
              syslog_udp: [":5514"]
              syslog_tcp: 127.0.0.1:6514
              http: "[::1]:8080"
              console: false
              secure_cookies: true
              ingest_tokens: [abcdefghijklmnopqrstuvwxyz]
              spool_dir: /var/lib/vigil/spool
              spool_max_bytes: 1000000
              segment_bytes: 65536
              batch_seconds: 0.5
              db: /var/lib/vigil/vigil.db
              allowed_lateness_seconds: 600
              sinks:
                - {type: file, path: /var/log/vigil/alerts.ndjson, format: ocsf, max_bytes: 100000, keep: 3}
                - {type: webhook, url: "http://127.0.0.1:9000/hook", slack: true}
                - {type: syslog, address: "siem:514", transport: tcp, format: cef}
            """
        let s = try #require(try ConfigLoader.parse(yaml: yaml, file: "v.yaml").serve)
        #expect(s.syslogUDP == [.init(host: "0.0.0.0", port: 5514)])
        #expect(s.syslogTCP == [.init(host: "127.0.0.1", port: 6514)])
        #expect(s.http == .init(host: "::1", port: 8080))
        #expect(s.ingestTokens == ["abcdefghijklmnopqrstuvwxyz"])
        #expect(s.console == false && s.secureCookies == true)
        #expect(ServeSettings().console == true && ServeSettings().secureCookies == false)
        #expect(s.batchSeconds == 0.5)
        #expect(s.allowedLatenessSeconds == 600)
        #expect(s.sinks == [.file(path: "/var/log/vigil/alerts.ndjson", format: "ocsf", maxBytes: 100000, keep: 3),
                            .webhook(url: "http://127.0.0.1:9000/hook", slack: true, maxAttempts: 8, timeoutSeconds: 10),
                            .syslog(address: .init(host: "siem", port: 514), transport: "tcp", format: "cef")])
        #expect(try ConfigLoader.parse(yaml: "timezone: UTC\n", file: "v.yaml").serve == nil)
    }

    @Test func mistakesAreLocatedAndSecretsNotRepeated() throws {
        let yaml = """
            serve:
              syslog_tcp: localhost
              ingest_tokens: [short-secret]
              spool_max_bytes: lots
              sinks:
                - {type: pager}
                - {type: file}
                - {type: webhook, url: "https://example.invalid/x"}
              listen: 1
              syslog_tls:
                - {address: ":6514", certificate: /nonexistent/cert.pem}
            """
        do {
            _ = try ConfigLoader.parse(yaml: yaml, file: "v.yaml")
            Issue.record("expected errors")
        } catch {
            let text = error.errors.map(\.description)
            #expect(text.contains { $0.hasPrefix("v.yaml:2:15: serve.syslog_tcp: 'localhost' is not a listening address") })
            #expect(text.contains { $0.hasPrefix("v.yaml:3:19: serve.ingest_tokens[0]: a bearer token must be at least 16") })
            #expect(!text.joined().contains("short-secret"))
            #expect(text.contains { $0.hasPrefix("v.yaml:4:20: serve.spool_max_bytes: 'lots' is not a whole number") })
            #expect(text.contains { $0.contains("serve.sinks[0].type: 'pager' is not a sink type") })
            #expect(text.contains { $0.contains("serve.sinks[1].path: is required") })
            #expect(text.contains { $0.contains("serve.sinks[2].url: 'https://example.invalid/x' is not an http:// URL") })
            #expect(text.contains { $0.contains("serve.listen: unknown key 'listen'") })
            #expect(text.contains { $0.contains("serve.syslog_tls[0].certificate: '/nonexistent/cert.pem': no such readable file") })
            #expect(text.contains { $0.contains("serve.syslog_tls[0].key: is required") })
        }
    }
}
