/// One normalised event, whatever the source: the shape every analytic reads.
///
/// Aligned with OCSF API Activity (class 6003) and Account Change (class 3001): who (``actor``),
/// from where (``source``, ``userAgent``), what (``api``, ``kind``, ``resources``), where in the
/// cloud (``cloud``), how it ended (``outcome``), when (``time``), and where the raw record is
/// (``raw``) so every alert can point at its evidence.
public struct Event: Sendable, Hashable {
    /// When the event happened, as the source recorded it.
    public var time: Timestamp
    /// What kind of change this is, for indexing analytics; `.other` for everything else.
    public var kind: EventKind
    /// The OCSF class this event maps to.
    public var eventClass: EventClass
    /// Who acted.
    public var actor: Actor
    /// Where the request came from.
    public var source: Endpoint
    /// The client's user agent, as sent.
    public var userAgent: String?
    /// The API called.
    public var api: APIOperation
    /// Cloud provider, account and region, for cloud control-plane events.
    public var cloud: CloudContext?
    /// What the event acted on.
    public var resources: [Resource]
    /// Success, or failure with the provider's error code.
    public var outcome: Outcome
    /// Where the raw record is.
    public var raw: RawRef
    /// The request parameters, for events an analytic looks into.
    public var request: JSONValue?
    /// The response elements, for events an analytic looks into.
    public var response: JSONValue?
    /// Access this event granted to parties outside the resource's owner, as the parser read it
    /// from the source's own form (CloudTrail permission lists, Azure SAS export, GCP IAM bindings).
    public var exposures: [Exposure]

    /// Creates an event.
    public init(
        time: Timestamp, kind: EventKind, eventClass: EventClass = .apiActivity, actor: Actor, source: Endpoint,
        userAgent: String? = nil, api: APIOperation, cloud: CloudContext? = nil, resources: [Resource] = [],
        outcome: Outcome = .success, raw: RawRef, request: JSONValue? = nil, response: JSONValue? = nil,
        exposures: [Exposure] = []
    ) {
        self.time = time
        self.kind = kind
        self.eventClass = eventClass
        self.actor = actor
        self.source = source
        self.userAgent = userAgent
        self.api = api
        self.cloud = cloud
        self.resources = resources
        self.outcome = outcome
        self.raw = raw
        self.request = request
        self.response = response
        self.exposures = exposures
    }
}

/// Access granted by an event to someone other than the resource's owner.
public struct Exposure: Sendable, Hashable, Codable {
    /// Who received access.
    public enum Grantee: Sendable, Hashable, Codable {
        /// Anyone: AWS `group: all`, GCP `allUsers`.
        case everyone
        /// Anyone signed in to the provider: GCP `allAuthenticatedUsers`.
        case anyAuthenticated
        /// Another account (AWS account id, Azure subscription/tenant, GCP project).
        case account(String)
        /// An organisation or organisational unit (by ARN or id).
        case organization(String)
        /// A member named by identity (GCP `user:…`, `serviceAccount:…`, `group:…`, `domain:…`).
        case member(String)
        /// Whoever holds a time-limited link (Azure SAS export of a disk or snapshot).
        case linkHolder
    }

    /// The resource exposed.
    public var resource: Resource
    /// Who received access.
    public var grantee: Grantee
    /// The permission or role granted, as the source names it (`createVolumePermission`,
    /// `roles/compute.storageAdmin`, `Read` for a SAS link).
    public var permission: String
    /// Whether access was added (true) or removed (false).
    public var added: Bool

    /// Creates an exposure.
    public init(resource: Resource, grantee: Grantee, permission: String, added: Bool = true) {
        self.resource = resource
        self.grantee = grantee
        self.permission = permission
        self.added = added
    }
}

/// OCSF event classes Vigil produces.
public enum EventClass: Int, Sendable, Codable, Hashable {
    /// OCSF API Activity (6003): a cloud control-plane call.
    case apiActivity = 6003
    /// OCSF Account Change (3001): an account created, changed or deleted.
    case accountChange = 3001
}

/// The API call an event records.
public struct APIOperation: Sendable, Hashable, Codable {
    /// The service, as the provider names it (`ec2.amazonaws.com`, `Microsoft.Compute`).
    public var service: String
    /// The operation (`ModifySnapshotAttribute`).
    public var operation: String
    /// The provider's request id, when there is one.
    public var requestID: String?
    /// Whether the provider marks the call read-only.
    public var readOnly: Bool?

    /// Creates an API operation.
    public init(service: String, operation: String, requestID: String? = nil, readOnly: Bool? = nil) {
        self.service = service
        self.operation = operation
        self.requestID = requestID
        self.readOnly = readOnly
    }
}

/// Cloud provider, account and region of a control-plane event.
public struct CloudContext: Sendable, Hashable, Codable {
    /// The cloud.
    public var provider: CloudProvider
    /// The account (AWS account id, Azure subscription, GCP project) the event was recorded in.
    public var account: String?
    /// The region, when the call had one.
    public var region: String?

    /// Creates a cloud context.
    public init(provider: CloudProvider, account: String?, region: String?) {
        self.provider = provider
        self.account = account
        self.region = region
    }
}

/// Cloud providers whose control-plane logs Vigil reads.
public enum CloudProvider: String, Sendable, Codable, Hashable, CaseIterable {
    case aws = "AWS"
    case azure = "Azure"
    case gcp = "GCP"
}

/// How the call ended.
public enum Outcome: Sendable, Hashable {
    /// The call succeeded.
    case success
    /// The call failed; kept as an attempt.
    case failure(code: String, message: String?)

    /// Whether the call succeeded.
    public var succeeded: Bool { if case .success = self { true } else { false } }
}

/// Where an event's raw record is: enough to find it again and to cite it as evidence.
public struct RawRef: Sendable, Hashable, Codable {
    /// The file the record came from (`-` for standard input).
    public var file: String
    /// Byte offset of the record in the (decompressed) stream of that file.
    public var offset: Int64
    /// 1-based line in the (decompressed) stream, when the record started a line.
    public var line: Int?
    /// 0-based index of the record within its file.
    public var index: Int
    /// The source's own id for the record (CloudTrail `eventID`).
    public var eventID: String?

    /// Creates a reference.
    public init(file: String, offset: Int64, line: Int? = nil, index: Int, eventID: String?) {
        self.file = file
        self.offset = offset
        self.line = line
        self.index = index
        self.eventID = eventID
    }
}
