public import VigilCore

/// Access a CloudTrail call granted outside the resource's owner: `ModifySnapshotAttribute`
/// adding (or removing) `createVolumePermission`, `ModifyImageAttribute` adding `launchPermission`.
public enum CloudTrailExposures {
    /// The exposures of an event of `kind`; `owner` is the account the call was made in (grants
    /// to it are not exposures).
    public static func extract(kind: EventKind, request: JSONValue?, owner: String?) -> [Exposure] {
        guard let request, kind == .snapshotModifyAttribute || kind == .imageModifyAttribute else { return [] }
        let isSnapshot = kind == .snapshotModifyAttribute
        let permission = isSnapshot ? "createVolumePermission" : "launchPermission"
        guard let change = request[permission] else { return [] }
        let resource = Resource(type: isSnapshot ? .snapshot : .image,
                                id: request[isSnapshot ? "snapshotId" : "imageId"]?.string ?? "unknown")
        var out: [Exposure] = []
        for (key, added) in [("add", true), ("remove", false)] {
            for grantee in grantees(change[key]?.items ?? []) {
                if case .account(let a) = grantee, a == owner { continue }
                out.append(Exposure(resource: resource, grantee: grantee, permission: permission, added: added))
            }
        }
        return out
    }

    /// The grantees of permission items: `{"group":"all"}`, `{"userId":"123456789012"}`,
    /// `{"organizationArn":…}`, `{"organizationalUnitArn":…}`. Items naming no valid grantee
    /// (a group other than `all`, a user id that is not an account id) grant nothing.
    public static func grantees(_ items: [JSONValue]) -> [Exposure.Grantee] {
        var out: [Exposure.Grantee] = []
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
