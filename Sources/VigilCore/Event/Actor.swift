/// Who performed an action.
public struct Actor: Sendable, Hashable, Codable {
    /// The kind of principal.
    public var type: PrincipalType
    /// A human-readable name: the IAM user name, the role name, the operator.
    public var name: String?
    /// The provider's stable id (`AIDA…`, `AROA…:session`).
    public var uid: String?
    /// The principal's ARN or resource id.
    public var arn: String?
    /// The account the principal belongs to.
    public var account: String?
    /// For temporary credentials: the role or user that issued the session.
    public var sessionIssuer: SessionIssuer?
    /// Whether the session was authenticated with MFA, when the source says.
    public var mfa: Bool?
    /// The access key used.
    public var accessKeyID: String?
    /// The AWS service that made the call on the principal's behalf.
    public var invokedBy: String?

    /// Creates an actor.
    public init(
        type: PrincipalType, name: String? = nil, uid: String? = nil, arn: String? = nil, account: String? = nil,
        sessionIssuer: SessionIssuer? = nil, mfa: Bool? = nil, accessKeyID: String? = nil, invokedBy: String? = nil
    ) {
        self.type = type
        self.name = name
        self.uid = uid
        self.arn = arn
        self.account = account
        self.sessionIssuer = sessionIssuer
        self.mfa = mfa
        self.accessKeyID = accessKeyID
        self.invokedBy = invokedBy
    }

    /// The name analysts know this principal by: the issuing role for assumed-role sessions
    /// (sessions come and go; the role is what is configured and baselined), else the name.
    public var principalName: String {
        sessionIssuer?.name ?? name ?? arn ?? uid ?? invokedBy ?? "unknown"
    }
}

/// The issuer of a temporary session.
public struct SessionIssuer: Sendable, Hashable, Codable {
    /// `Role`, `IAMUser`, `Root`.
    public var type: String?
    /// The role or user name.
    public var name: String?
    /// The issuer's ARN.
    public var arn: String?
    /// The issuer's account.
    public var account: String?

    /// Creates a session issuer.
    public init(type: String?, name: String?, arn: String?, account: String?) {
        self.type = type
        self.name = name
        self.arn = arn
        self.account = account
    }
}

/// Kinds of principal, across clouds and devices.
public enum PrincipalType: String, Sendable, Hashable, Codable, CaseIterable {
    case root = "Root"
    case user = "IAMUser"
    case assumedRole = "AssumedRole"
    case federatedUser = "FederatedUser"
    case identityCenterUser = "IdentityCenterUser"
    case service = "AWSService"
    case account = "AWSAccount"
    case servicePrincipal = "ServicePrincipal"
    case deviceOperator = "DeviceOperator"
    case unknown = "Unknown"

    /// Maps CloudTrail's `userIdentity.type`.
    public init(cloudTrail text: String?) {
        switch text {
        case "Root": self = .root
        case "IAMUser": self = .user
        case "AssumedRole": self = .assumedRole
        case "FederatedUser": self = .federatedUser
        case "IdentityCenterUser": self = .identityCenterUser
        case "AWSService": self = .service
        case "AWSAccount": self = .account
        default: self = .unknown
        }
    }
}

/// Where a request came from.
public struct Endpoint: Sendable, Hashable, Codable {
    /// The source address, when the source is an address.
    public var ip: IPAddress?
    /// The source as a name, when it is not an address (`backup.amazonaws.com`, `AWS Internal`).
    public var name: String?

    /// Creates an endpoint.
    public init(ip: IPAddress? = nil, name: String? = nil) {
        self.ip = ip
        self.name = name
    }

    /// Classifies CloudTrail's `sourceIPAddress`, which holds either an address or a service name.
    public init(sourceText: String?) {
        guard let text = sourceText else { self.init(); return }
        if let ip = IPAddress(text) { self.init(ip: ip) } else { self.init(name: text) }
    }

    /// The address, or the name.
    public var text: String? { ip?.description ?? name }
}

/// A thing an event acted on.
public struct Resource: Sendable, Hashable, Codable {
    /// What kind of resource.
    public var type: ResourceType
    /// Its id (`snap-…`, `ami-…`, an ARN, a device hostname).
    public var id: String

    /// Creates a resource reference.
    public init(type: ResourceType, id: String) {
        self.type = type
        self.id = id
    }
}

/// Kinds of resource analytics reason about.
public enum ResourceType: String, Sendable, Hashable, Codable, CaseIterable {
    case instance, volume, snapshot, image, account, user, device, other
}

/// The account and name a cloud principal is known by in baselines and configuration, from what
/// every CloudTrail record carries: its ARN names the account and the user or role (the role, not
/// the session, for assumed-role sessions; `root` for the account root). Without an ARN, the
/// invoking service (AWS services) or the principal id.
public enum PrincipalName {
    public static func cloudTrail(arn: String?, invokedBy: String?, principalID: String?) -> (account: String?, name: String)? {
        if let arn, !arn.isEmpty {
            let parts = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
            guard parts.count == 6 else { return (nil, arn) }
            let resource = parts[5]
            let name: Substring
            if resource.hasPrefix("assumed-role/") {
                name = resource.dropFirst(13).prefix { $0 != "/" }
            } else {
                name = resource.split(separator: "/", omittingEmptySubsequences: false).last ?? resource
            }
            return (parts[4].isEmpty ? nil : String(parts[4]), String(name))
        }
        if let invokedBy, !invokedBy.isEmpty { return (nil, invokedBy) }
        if let principalID, !principalID.isEmpty { return (nil, principalID) }
        return nil
    }
}
