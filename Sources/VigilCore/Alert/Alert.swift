/// An explained detection: which analytic, about whom and what, the evidence, and every reason
/// that made it fire.
public struct Alert: Sendable, Hashable, Codable {
    /// Stable id: the same evidence always gives the same id, so re-scans and restarts do not
    /// duplicate alerts.
    public var id: String
    /// The ATT&CK context.
    public var attack: AttackReference
    /// The detection within the analytic (`snapshot-shared`).
    public var detection: String
    /// One line for a human.
    public var title: String
    /// How urgent.
    public var severity: Severity
    /// When the first evidence event happened.
    public var time: Timestamp
    /// The principal that acted.
    public var principal: PrincipalSummary
    /// The resources concerned.
    public var resources: [Resource]
    /// Who received access, when the alert is about sharing: an account id, or `public`.
    public var target: String?
    /// Why it fired, each with the facts behind it.
    public var reasons: [Reason]
    /// The events the alert rests on.
    public var evidence: [Evidence]

    /// Creates an alert; the id is derived from the analytic, detection and evidence.
    public init(
        attack: AttackReference, detection: String, title: String, severity: Severity, principal: PrincipalSummary,
        resources: [Resource], target: String? = nil, reasons: [Reason], evidence: [Evidence]
    ) {
        self.attack = attack
        self.detection = detection
        self.title = title
        self.severity = severity
        self.time = evidence.map(\.time).min() ?? Timestamp(milliseconds: 0)
        self.principal = principal
        self.resources = resources
        self.target = target
        self.reasons = reasons
        self.evidence = evidence
        var h = StableHash()
        h.combine(attack.analytic.rawValue)
        h.combine(detection)
        // Event ids identify evidence across files (the same event in an S3 file and an NDJSON
        // export gives the same alert); time, resources and target keep sample data that reuses
        // ids apart.
        for e in evidence { h.combine(e.eventID ?? "\(e.raw.file)#\(e.raw.offset)"); h.combine(String(e.time.milliseconds)) }
        for r in resources { h.combine(r.type.rawValue); h.combine(r.id) }
        if let target { h.combine(target) }
        self.id = h.hex
    }
}

/// The principal an alert is about.
public struct PrincipalSummary: Sendable, Hashable, Codable {
    /// The name analysts know (role name for assumed roles).
    public var name: String
    /// The principal type.
    public var type: PrincipalType
    /// ARN or id.
    public var arn: String?
    /// The principal's account.
    public var account: String?

    /// Creates a summary from its parts.
    public init(name: String, type: PrincipalType, arn: String?, account: String?) {
        self.name = name
        self.type = type
        self.arn = arn
        self.account = account
    }

    /// Summarises an event's actor.
    public init(_ actor: Actor) {
        self.name = actor.principalName
        self.type = actor.type
        self.arn = actor.sessionIssuer?.arn ?? actor.arn
        self.account = actor.account ?? actor.sessionIssuer?.account
    }
}

/// A named reason an alert fired, with the facts that made it true.
public struct Reason: Sendable, Hashable, Codable {
    /// A stable code (`shared-with-external-account`).
    public var code: String
    /// A sentence for a human.
    public var summary: String
    /// The facts, in order.
    public var facts: [Fact]

    /// Creates a reason.
    public init(code: String, summary: String, facts: [Fact] = []) {
        self.code = code
        self.summary = summary
        self.facts = facts
    }
}

/// A name and a value that a reason rests on.
public struct Fact: Sendable, Hashable, Codable {
    public var name: String
    public var value: String
    /// Creates a fact.
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// One event an alert rests on, with enough to find the raw record.
public struct Evidence: Sendable, Hashable, Codable {
    /// The source's event id.
    public var eventID: String?
    /// When it happened.
    public var time: Timestamp
    /// The service and operation.
    public var service: String
    public var operation: String
    /// Source address or name.
    public var source: String?
    /// User agent.
    public var userAgent: String?
    /// Account and region.
    public var account: String?
    public var region: String?
    /// The error code, for failed attempts.
    public var errorCode: String?
    /// Where the raw record is.
    public var raw: RawRef

    /// Creates evidence from its parts.
    public init(eventID: String?, time: Timestamp, service: String, operation: String, source: String?, userAgent: String?,
                account: String?, region: String?, errorCode: String?, raw: RawRef) {
        self.eventID = eventID
        self.time = time
        self.service = service
        self.operation = operation
        self.source = source
        self.userAgent = userAgent
        self.account = account
        self.region = region
        self.errorCode = errorCode
        self.raw = raw
    }

    /// Evidence from an event.
    public init(_ e: Event) {
        eventID = e.raw.eventID
        time = e.time
        service = e.api.service
        operation = e.api.operation
        source = e.source.text
        userAgent = e.userAgent
        account = e.cloud?.account
        region = e.cloud?.region
        if case .failure(let code, _) = e.outcome { errorCode = code }
        raw = e.raw
    }
}
