import VigilCore

/// Who made an Azure Resource Manager call, from the token claims the Activity Log keeps (and
/// `caller`, and role-assignment evidence, when there are no claims).
enum AzureIdentity {
    static let upnClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"
    static let nameClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"
    static let emailClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
    static let objectIDClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier"
    static let tenantClaim = "http://schemas.microsoft.com/identity/claims/tenantid"

    /// The actor of `record`.
    ///
    /// A user is named by the UPN (or e-mail) the token carries; an application (a service
    /// principal or managed identity: no UPN, or `idtyp` `app`) by its application id, which is
    /// what role assignments and configuration name. `caller` (REST, `AzureActivity`) holds a UPN
    /// for users and an id for service principals. `uid` is the object id; `account` the tenant.
    static func actor(_ record: AzureActivityRecord) -> Actor {
        let claims = record.claims
        let caller = record.caller
        let evidence = record.authorizationEvidence
        let email = [claims?.text(upnClaim), claims?.text("upn"), claims?.text("unique_name"), claims?.text(nameClaim),
                     claims?.text(emailClaim), caller, claims?.text("name")]
            .lazy.compactMap { $0 }.first { $0.contains("@") }
        let appID = claims?.text("appid") ?? claims?.text("azp")
        let isApp = claims?.text("idtyp")?.lowercased() == "app"
        let objectID = claims?.text(objectIDClaim) ?? claims?.text("oid") ?? evidence?.text("principalId")
        let tenant = claims?.text(tenantClaim) ?? claims?.text("tid") ?? record.tenant

        let type: PrincipalType
        let name: String?
        if let email, !isApp {
            (type, name) = (.user, email)
        } else if let appID {
            (type, name) = (.servicePrincipal, appID)
        } else if let caller, isGUID(caller) {
            (type, name) = (.servicePrincipal, caller)
        } else {
            switch evidence?.text("principalType")?.lowercased() {
            case "user": type = .user
            case "serviceprincipal", "msi", "managedidentity": type = .servicePrincipal
            default: type = .unknown
            }
            // A service's own name (`Microsoft.Advisor`), or nothing.
            name = caller ?? claims?.text(emailClaim) ?? claims?.text("name")
        }
        let uid = objectID ?? (type == .servicePrincipal && caller.map(isGUID) == true ? caller : nil)
        return Actor(type: type, name: name, uid: uid, account: tenant)
    }

    /// Whether `text` is a GUID (`8-4-4-4-12` hexadecimal digits).
    static func isGUID(_ text: String) -> Bool {
        let groups = text.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12] else { return false }
        return groups.allSatisfy { $0.allSatisfy(\.isHexDigit) }
    }
}
