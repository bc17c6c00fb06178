import VigilCore

/// Who made a Google Cloud call, from the audit log's `authenticationInfo`.
enum GCPPrincipal {
    /// The actor of an entry.
    ///
    /// Named by `principalEmail` (or, without one, `principalSubject` without its prefix). A
    /// service account (`principalSubject` `serviceAccount:…`, or an e-mail at
    /// `…gserviceaccount.com`) is a `.servicePrincipal`; another e-mail is a `.user`. `uid` is
    /// `principalSubject`, `accessKeyID` the service account key used (`serviceAccountKeyName`),
    /// and `account` the project a user-managed service account belongs to
    /// (`name@{project}.iam.gserviceaccount.com`); people belong to no project.
    static func actor(_ info: JSONValue?) -> Actor {
        let email = info?.text("principalEmail")
        let subject = info?.text("principalSubject")
        let subjectName = subject.map { s in s.firstIndex(of: ":").map { String(s[s.index(after: $0)...]) } ?? s }
        let name = email ?? subjectName
        let type: PrincipalType
        if subject?.hasPrefix("serviceAccount:") == true || name?.hasSuffix("gserviceaccount.com") == true {
            type = .servicePrincipal
        } else if subject?.hasPrefix("user:") == true || subject?.hasPrefix("principal://") == true || name?.contains("@") == true {
            type = .user
        } else {
            type = .unknown
        }
        return Actor(type: type, name: name, uid: subject, account: type == .servicePrincipal ? name.flatMap(serviceAccountProject) : nil,
                     accessKeyID: info?.text("serviceAccountKeyName"))
    }

    /// The project of a user-managed service account (`name@{project}.iam.gserviceaccount.com`);
    /// nil for Google-managed service agents (`service-{number}@…`) and other forms.
    static func serviceAccountProject(_ email: String) -> String? {
        guard let at = email.firstIndex(of: "@") else { return nil }
        let local = email[..<at], domain = email[email.index(after: at)...]
        let suffix = ".iam.gserviceaccount.com"
        guard domain.hasSuffix(suffix), !local.hasPrefix("service-") else { return nil }
        let project = domain.dropLast(suffix.count)
        return project.isEmpty || project.contains(".") ? nil : String(project)
    }
}
