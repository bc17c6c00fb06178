import VigilCore
import VigilParsers

/// Client families of user agents, for the baselines and change records.
enum ClientFamilies {
    /// The family of a CloudTrail record's user agent (`boto3`, `aws-cli`, `terraform`,
    /// `aws-console`, `aws-service`, …).
    static func family(of userAgent: String?) -> String {
        UserAgentParser.parse(userAgent, provider: .aws).family
    }

    /// The family of a user agent in another cloud's log (`azure-portal`, `gcloud`, …).
    static func family(of userAgent: String?, provider: CloudProvider) -> String {
        UserAgentParser.parse(userAgent, provider: provider).family
    }
}
