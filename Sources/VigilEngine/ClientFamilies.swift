import VigilParsers

/// Client families of user agents, for the baselines and change records.
enum ClientFamilies {
    /// The family of a user agent (`boto3`, `aws-cli`, `terraform`, `aws-console`, …).
    static func family(of userAgent: String?) -> String {
        // Interim: the product token before the first '/' or space.
        guard let ua = userAgent, !ua.isEmpty else { return "unknown" }
        let token = ua.prefix { $0 != "/" && $0 != " " }
        return token.lowercased()
    }
}
