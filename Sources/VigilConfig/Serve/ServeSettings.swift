/// `vigil serve`'s settings (the `serve:` section): listeners, spool, store, sinks and event time.
/// Present in ``OrgContext/serve`` only when the configuration has a `serve:` section.
public struct ServeSettings: Sendable, Equatable {
    /// A `HOST:PORT` listening address (port 0: any free port, reported when the service starts).
    public struct Address: Sendable, Equatable, CustomStringConvertible {
        /// Host name or IP address.
        public var host: String
        /// TCP/UDP port.
        public var port: Int
        /// Creates an address.
        public init(host: String, port: Int) {
            self.host = host
            self.port = port
        }
        /// `HOST:PORT` (IPv6 hosts in brackets).
        public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

        /// Parses `HOST:PORT`, `[V6]:PORT` or `:PORT` (all interfaces).
        public init?(_ text: String) {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            var host = String(text[..<colon])
            guard let port = Int(text[text.index(after: colon)...]), (0...65535).contains(port) else { return nil }
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            if host.isEmpty { host = "0.0.0.0" }
            self.init(host: host, port: port)
        }
    }

    /// A TLS listener: address, certificate chain and private key (PEM files).
    public struct TLSListener: Sendable, Equatable {
        /// Where to listen.
        public var address: Address
        /// PEM certificate chain.
        public var certificate: String
        /// PEM private key.
        public var key: String
        /// Creates a TLS listener.
        public init(address: Address, certificate: String, key: String) {
            self.address = address
            self.certificate = certificate
            self.key = key
        }
    }

    /// Where alerts go.
    public enum Sink: Sendable, Equatable {
        /// Alerts appended to a file, one JSON line each (`vigil` or `ocsf` format), rotated at a size.
        case file(path: String, format: String, maxBytes: Int64, keep: Int)
        /// Alerts POSTed as JSON (`slack: true`: a Slack-compatible `{"text": …}` body), retried with
        /// exponential backoff.
        case webhook(url: String, slack: Bool, maxAttempts: Int, timeoutSeconds: Int)
        /// Alerts forwarded as syslog (`rfc5424` or `cef`) over UDP or TCP.
        case syslog(address: Address, transport: String, format: String)

        /// A short name for logs and metrics labels.
        public var kind: String {
            switch self {
            case .file: "file"
            case .webhook: "webhook"
            case .syslog: "syslog"
            }
        }
    }

    /// Syslog over UDP.
    public var syslogUDP: [Address] = []
    /// Syslog over TCP (RFC 6587 octet counting or newline framing, detected per frame).
    public var syslogTCP: [Address] = []
    /// Syslog over TLS (RFC 5425).
    public var syslogTLS: [TLSListener] = []
    /// HTTP: ingest, `/metrics`, `/healthz`, `/readyz`, and the web console with its REST API.
    public var http: Address?
    /// Mount the web console and `/api/v1` on the HTTP listener (default on). With it, `/metrics`
    /// and `/readyz` need a console token too; only `/healthz` stays open.
    public var console: Bool = true
    /// Mark the console's session cookie Secure (a TLS proxy fronts the listener).
    public var secureCookies: Bool = false
    /// Bearer tokens accepted by HTTP ingest (none: ingest is refused).
    public var ingestTokens: [String] = []
    /// Largest HTTP ingest body, after decompression.
    public var maxBodyBytes: Int = 16 << 20
    /// Largest syslog message; longer frames are rejected and counted.
    public var maxMessageBytes: Int = 64 << 10
    /// Seconds a TCP/TLS connection may stay silent (or mid-frame) before it is closed.
    public var idleTimeoutSeconds: Int = 60
    /// Directories watched for new CloudTrail files (S3 layout) and rotated syslog files.
    public var watch: [String] = []
    /// Seconds between directory scans.
    public var watchIntervalSeconds: Double = 2
    /// The spool folder.
    public var spoolDirectory: String = "vigil-spool"
    /// Spool bound: unprocessed bytes beyond which inputs push back.
    public var spoolMaxBytes: Int64 = 1 << 30
    /// A segment is sealed and processed when it reaches this size, or after `batchSeconds`.
    public var segmentBytes: Int = 4 << 20
    /// Longest time a record waits in the open segment before it is processed.
    public var batchSeconds: Double = 1
    /// The SQLite store (state, alerts, checkpoints).
    public var database: String = "vigil.db"
    /// Alert sinks.
    public var sinks: [Sink] = []
    /// Events older than the watermark (newest event time seen) minus this are late: counted and
    /// not analysed.
    public var allowedLatenessSeconds: Int = 86_400

    /// Defaults everywhere.
    public init() {}
}
