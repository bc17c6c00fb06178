public import VigilCore

/// One compute change (or attempt) as AN0861's stateful evaluation keeps it: what the evidence
/// needs and what the behaviours read, without the request and response bodies.
///
/// A class, so that ordering a scan's worth of changes moves references, not records. Records
/// are built by one scan worker and read by the evaluation after every worker has finished;
/// nothing changes them once they are handed over, which is what makes sharing them safe.
public final class ChangeRecord: @unchecked Sendable {
    /// The event, as evidence.
    public var evidence: Evidence
    /// What kind of change.
    public var kind: EventKind
    /// Who, as baselines know them.
    public var principal: PrincipalKey
    /// Who, as alerts show them.
    public var summary: PrincipalSummary
    /// The cloud.
    public var provider: CloudProvider
    /// The source network (`198.51.100.0/24`, `2001:db8:1::/48`) or source name, when known.
    public var network: String?
    /// The client family (`boto3`, `terraform`, `aws-console`, …).
    public var client: String
    /// What the call acted on, in the order the call names them.
    public var resources: [Resource]
    /// Access the call granted outside the owner.
    public var exposures: [Exposure]
    /// Whether the call succeeded (failed calls are kept as attempts).
    public var succeeded: Bool

    /// The event time.
    public var time: Timestamp { evidence.time }

    /// Creates a record.
    public init(evidence: Evidence, kind: EventKind, principal: PrincipalKey, summary: PrincipalSummary, provider: CloudProvider,
                network: String?, client: String, resources: [Resource], exposures: [Exposure], succeeded: Bool) {
        self.evidence = evidence
        self.kind = kind
        self.principal = principal
        self.summary = summary
        self.provider = provider
        self.network = network
        self.client = client
        self.resources = resources
        self.exposures = exposures
        self.succeeded = succeeded
    }

    /// The record of an event; `client` is its user agent's family.
    public convenience init(_ event: Event, client: String) {
        self.init(evidence: Evidence(event), kind: event.kind, principal: PrincipalKey(event.actor, account: event.cloud?.account),
                  summary: PrincipalSummary(event.actor), provider: event.cloud?.provider ?? .aws,
                  network: SourceNetwork.text(event.source), client: client, resources: event.resources,
                  exposures: event.exposures, succeeded: event.outcome.succeeded)
    }

    /// A stable key of the change: the source's event id and time (or the record's place).
    public var identity: String { Self.identity(of: evidence) }

    /// The stable key of the change an evidence entry cites.
    public static func identity(of evidence: Evidence) -> String {
        "\(evidence.eventID ?? "\(evidence.raw.file)#\(evidence.raw.offset)")@\(evidence.time.milliseconds)"
    }

    /// The evaluation's total order: time, then the source's event id, file and offset — so the
    /// result does not depend on which worker read which file.
    public static func precedes(_ x: ChangeRecord, _ y: ChangeRecord) -> Bool {
        if x.time != y.time { return x.time < y.time }
        if x.evidence.eventID != y.evidence.eventID { return (x.evidence.eventID ?? "") < (y.evidence.eventID ?? "") }
        if x.evidence.raw.file != y.evidence.raw.file { return x.evidence.raw.file < y.evidence.raw.file }
        return x.evidence.raw.offset < y.evidence.raw.offset
    }

    /// The first resource of a type.
    public func first(_ type: ResourceType) -> String? { resources.first { $0.type == type }?.id }
    /// Every resource of a type.
    public func all(_ type: ResourceType) -> [String] { resources.filter { $0.type == type }.map(\.id) }
}

/// The granularity at which "a new place" is judged without GeoIP data.
public enum SourceNetwork {
    /// `198.51.100.0/24` for IPv4, `2001:db8:1::/48` for IPv6, the name itself for sources that
    /// are names (`backup.amazonaws.com`, `AWS Internal`).
    public static func text(_ source: Endpoint) -> String? {
        if let ip = source.ip { return ip.network().description }
        return source.name
    }

    /// The same, from the source as written.
    public static func text(_ sourceText: String) -> String {
        IPAddress(sourceText).map { $0.network().description } ?? sourceText
    }
}

extension ChangeRecord: Codable {
    private enum Keys: String, CodingKey {
        case evidence, kind, principal, summary, provider, network, client, resources, exposures, succeeded
    }

    public convenience init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        self.init(evidence: try c.decode(Evidence.self, forKey: .evidence), kind: try c.decode(EventKind.self, forKey: .kind),
                  principal: try c.decode(PrincipalKey.self, forKey: .principal), summary: try c.decode(PrincipalSummary.self, forKey: .summary),
                  provider: try c.decode(CloudProvider.self, forKey: .provider), network: try c.decodeIfPresent(String.self, forKey: .network),
                  client: try c.decode(String.self, forKey: .client), resources: try c.decode([Resource].self, forKey: .resources),
                  exposures: try c.decode([Exposure].self, forKey: .exposures), succeeded: try c.decode(Bool.self, forKey: .succeeded))
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(evidence, forKey: .evidence)
        try c.encode(kind, forKey: .kind)
        try c.encode(principal, forKey: .principal)
        try c.encode(summary, forKey: .summary)
        try c.encode(provider, forKey: .provider)
        try c.encodeIfPresent(network, forKey: .network)
        try c.encode(client, forKey: .client)
        try c.encode(resources, forKey: .resources)
        try c.encode(exposures, forKey: .exposures)
        try c.encode(succeeded, forKey: .succeeded)
    }
}
