public import VigilConfig
public import VigilCore

/// AN0861, sharing: an EBS snapshot or an AMI shared with another account, an organisation, or
/// made public (`ModifySnapshotAttribute` adding `createVolumePermission`, `ModifyImageAttribute`
/// adding `launchPermission`). A shared snapshot can be copied out of the account; a public one by
/// anyone.
public struct SnapshotSharingDetector: Analytic {
    public let attack = AN0861.attack
    public let detection = "snapshot-or-image-shared"
    public let kinds: Set<EventKind> = [.snapshotModifyAttribute, .imageModifyAttribute]

    /// Creates the detector.
    public init() {}

    /// Who received access.
    enum Grantee: Hashable {
        case everyone
        case account(String)
        case organization(String)
    }

    public func evaluate(_ event: Event, context: OrgContext) -> [Alert] {
        // A refused call shared nothing.
        guard event.outcome.succeeded, let request = event.request else { return [] }
        let isSnapshot = event.kind == .snapshotModifyAttribute
        let permissionKey = isSnapshot ? "createVolumePermission" : "launchPermission"
        let resourceKey = isSnapshot ? "snapshotId" : "imageId"
        guard let permission = request[permissionKey] else { return [] }
        let grantees = Self.grantees(permission["add"]?.items ?? [])
        let owner = event.cloud?.account ?? event.actor.account
        let outside = grantees.filter { if case .account(let a) = $0 { a != owner } else { true } }
        guard !outside.isEmpty else { return [] }

        let resource = Resource(type: isSnapshot ? .snapshot : .image, id: request[resourceKey]?.string ?? "unknown")
        let noun = isSnapshot ? "EBS snapshot" : "AMI"
        var reasons: [Reason] = []
        var severity = Severity.medium
        var targets: [String] = []
        for g in outside {
            switch g {
            case .everyone:
                severity = .critical
                targets.append("public")
                reasons.append(Reason(code: "shared-publicly", summary: "\(noun) \(resource.id) made public: any AWS account can \(isSnapshot ? "create volumes from" : "launch") it",
                                      facts: [Fact(permissionKey, "group=all")]))
            case .account(let a):
                severity = max(severity, .high)
                targets.append(a)
                reasons.append(Reason(code: "shared-with-external-account", summary: "\(noun) \(resource.id) shared with account \(a)",
                                      facts: [Fact("grantee_account", a), Fact("owner_account", owner ?? "unknown")]))
            case .organization(let arn):
                targets.append(arn)
                reasons.append(Reason(code: "shared-with-organization", summary: "\(noun) \(resource.id) shared with \(arn)",
                                      facts: [Fact("grantee", arn)]))
            }
        }
        let subject = WindowSubject(principal: event.actor.principalName, account: owner, region: event.cloud?.region)
        if context.isInsideChangeWindow(subject, at: event.time) != true {
            severity = severity.raised
            reasons.append(Reason(code: "outside-change-window",
                                  summary: "no approved change window covers \(event.actor.principalName) at \(event.time.iso8601)",
                                  facts: [Fact("time", event.time.iso8601), Fact("windows_for_principal", "\(context.changeWindows(for: subject).count)")]))
        }
        let target = targets.contains("public") ? "public" : targets.joined(separator: ",")
        let title = target == "public"
            ? "\(noun) \(resource.id) made public by \(event.actor.principalName)"
            : "\(noun) \(resource.id) shared with \(target) by \(event.actor.principalName)"
        return [Alert(attack: attack, detection: detection, title: title, severity: severity,
                      principal: PrincipalSummary(event.actor), resources: [resource], target: target,
                      reasons: reasons, evidence: [Evidence(event)])]
    }

    /// The grantees of `add.items`: `{"group":"all"}`, `{"userId":"123456789012"}`,
    /// `{"organizationArn":…}`, `{"organizationalUnitArn":…}`. Items naming no valid grantee
    /// (a group other than `all`, a user id that is not an account id) grant nothing.
    static func grantees(_ items: [JSONValue]) -> [Grantee] {
        var out: [Grantee] = []
        for item in items {
            if item["group"]?.string == "all" {
                out.append(.everyone)
            } else if let id = item["userId"]?.string, id.count == 12, id.allSatisfy(\.isNumber) {
                out.append(.account(id))
            } else if let org = item["organizationArn"]?.string ?? item["organizationalUnitArn"]?.string {
                out.append(.organization(org))
            }
        }
        return out
    }
}
