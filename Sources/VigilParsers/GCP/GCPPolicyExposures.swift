import VigilCore

/// Access an IAM policy change on a disk, snapshot or image granted (or removed).
enum GCPPolicyExposures {
    /// One exposure per member of each binding changed.
    ///
    /// The recorded change (`policyDelta.bindingDeltas`: `ADD` and `REMOVE` of one member and
    /// role) is read when the entry has it. Otherwise the request's new policy
    /// (`request.policy.bindings`) is read, every member as added: the request holds the whole
    /// policy, so members that already had access are included too.
    static func extract(resource: Resource, delta: JSONValue?, request: JSONValue?, owner: String?) -> [Exposure] {
        var out: [Exposure] = []
        if let deltas = delta?.member("bindingDeltas")?.array {
            for d in deltas {
                guard let member = d.text("member"), let role = d.text("role") else { continue }
                let added: Bool
                switch d.text("action")?.uppercased() {
                case "ADD": added = true
                case "REMOVE": added = false
                default: continue
                }
                append(member, role: role, added: added, resource: resource, owner: owner, to: &out)
            }
            return out
        }
        for binding in request?.member("policy")?.member("bindings")?.array ?? [] {
            guard let role = binding.text("role") else { continue }
            for member in binding.member("members")?.array ?? [] {
                guard let m = member.nonEmptyText else { continue }
                append(m, role: role, added: true, resource: resource, owner: owner, to: &out)
            }
        }
        return out
    }

    private static func append(_ member: String, role: String, added: Bool, resource: Resource, owner: String?, to out: inout [Exposure]) {
        guard let grantee = grantee(member) else { return }
        if case .account(let project) = grantee, project == owner { return }  // the project's own members
        let e = Exposure(resource: resource, grantee: grantee, permission: role, added: added)
        if !out.contains(e) { out.append(e) }
    }

    /// The grantee an IAM member names: `allUsers` everyone, `allAuthenticatedUsers` anyone
    /// signed in to Google, `projectOwner:p` / `projectEditor:p` / `projectViewer:p` the project
    /// `p`'s members, any other member (`user:`, `group:`, `serviceAccount:`, `domain:`,
    /// `principal://`…) as written.
    static func grantee(_ member: String) -> Exposure.Grantee? {
        switch member {
        case "allUsers": return .everyone
        case "allAuthenticatedUsers": return .anyAuthenticated
        default:
            for prefix in ["projectOwner:", "projectEditor:", "projectViewer:"] where member.hasPrefix(prefix) {
                let project = member.dropFirst(prefix.count)
                return project.isEmpty ? nil : .account(String(project))
            }
            return .member(member)
        }
    }
}
