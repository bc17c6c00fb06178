/// The API client behind a control-plane call, as ``UserAgentParser`` reads it from the call's user
/// agent: a stable family id, the family's own version, a coarse category and an optional detail.
///
/// Analytics key on ``family`` (and sometimes ``version``) to say, for example, "first time principal
/// X used client boto3 in 41 days". The family ids are stable lowercase strings:
///
/// | family | category | what |
/// |---|---|---|
/// | `aws-console` | console | AWS Management Console (`AWS Internal`, `console.amazonaws.com`, `signin.amazonaws.com`, `console.ec2.amazonaws.com`, `S3Console/…, aws-internal/3 …`) |
/// | `aws-cli` | cli | AWS CLI v1 and v2 |
/// | `boto3`, `botocore` | sdk | AWS SDK for Python |
/// | `aws-sdk-go`, `aws-sdk-go-v2`, `aws-sdk-java`, `aws-sdk-java-v2`, `aws-sdk-js`, `aws-sdk-js-v3`, `aws-sdk-dotnet`, `aws-sdk-ruby`, `aws-sdk-php`, `aws-sdk-rust`, `aws-sdk-cpp` | sdk | the other AWS SDKs (also `aws-sdk-python`, `aws-sdk-kotlin`, `aws-sdk-swift` when a UA names them) |
/// | `aws-powershell` | cli | AWS Tools for PowerShell |
/// | `terraform`, `cloudformation`, `pulumi`, `cdk` | infrastructureAsCode | |
/// | `aws-service` | service | an AWS service acting on its own; ``detail`` names it (`backup`, `autoscaling`, …) |
/// | `azure-portal` | console | a browser in a record known to be Azure's (see ``UserAgentParser/parse(_:provider:)``) |
/// | `azure-cli`, `azure-powershell` | cli | |
/// | `azure-sdk-<lang>` | sdk | Azure SDKs (`azure-sdk-python`, `azure-sdk-net`, `azure-sdk-go`, …; `azure-sdk` when the language is not stated) |
/// | `gcloud` | cli | Google Cloud CLI, including `gsutil` |
/// | `google-cloud-console` | console | a browser whose call came through Google's front end (`…,gzip(gfe)`) |
/// | `google-api-client-<lang>` | sdk | Google API discovery clients (`google-api-go-client`, `google-api-python-client`, …) |
/// | `google-cloud-sdk-<lang>` | sdk | Google Cloud client libraries (`gl-python/…`, `gcloud-python/…`) |
/// | `kubernetes` | cli (kubectl) or service (cluster components) | |
/// | `curl`, `python-requests` | other | raw HTTP clients |
/// | `browser` | console | a web browser, cloud not known |
/// | `unknown` | other | anything else, including nil and empty user agents |
public struct ClientFamily: Sendable, Hashable, Codable {
    /// How the client is driven.
    public enum Category: String, Sendable, Hashable, Codable, CaseIterable {
        /// An interactive web UI: a cloud console or a browser.
        case console
        /// A command-line client (AWS CLI, az, gcloud, kubectl, the PowerShell modules).
        case cli
        /// Scripted code using an SDK or API client library.
        case sdk
        /// Infrastructure as code: Terraform, CloudFormation, Pulumi, CDK.
        case infrastructureAsCode
        /// A cloud service (or a cluster component) acting on its own.
        case service
        /// Anything else: raw HTTP clients, scanners, unrecognised user agents.
        case other
    }

    /// Stable lowercase id of the client family, such as `boto3` or `aws-console`.
    public var family: String
    /// The family's own version (`1.34.69` for `Boto3/1.34.69`), when the user agent states it.
    public var version: String?
    /// How the client is driven.
    public var category: Category
    /// Extra detail: the AWS service name for `aws-service`, the CLI command for `aws-cli` and
    /// `gcloud`, the Terraform provider for `terraform`, the browser for console families, the SDK
    /// package or execution environment, or the first product name of an unknown user agent.
    public var detail: String?

    /// Creates a client family.
    public init(family: String, version: String? = nil, category: Category, detail: String? = nil) {
        self.family = family
        self.version = version
        self.category = category
        self.detail = detail
    }

    /// The family of a missing, empty or unrecognisable user agent.
    public static let unknown = ClientFamily(family: "unknown", category: .other)
}
