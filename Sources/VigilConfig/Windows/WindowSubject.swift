/// What an activity is about, as analytics describe it to match change-window scopes: who acted,
/// in which cloud account and region, on which network device, on resources with which tags.
/// Leave out what the activity does not have (a cloud event has no device).
public struct WindowSubject: Sendable, Hashable {
    /// The acting principal: IAM user or role name (the role for an assumed-role session), or a
    /// device operator's account.
    public var principal: String?
    /// Cloud account (AWS account id, Azure subscription, GCP project).
    public var account: String?
    /// Cloud region.
    public var region: String?
    /// Network device hostname.
    public var device: String?
    /// The network device's site.
    public var site: String?
    /// Tags of the resource acted on.
    public var tags: [String: String]

    /// Creates a subject.
    public init(principal: String? = nil, account: String? = nil, region: String? = nil, device: String? = nil,
                site: String? = nil, tags: [String: String] = [:]) {
        self.principal = principal
        self.account = account
        self.region = region
        self.device = device
        self.site = site
        self.tags = tags
    }
}
