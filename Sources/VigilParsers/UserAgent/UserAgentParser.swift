public import VigilCore

/// Reads the API client family (``ClientFamily``) from the user agent of a cloud control-plane
/// record: CloudTrail `userAgent`, Azure `userAgentHeader`, GCP `callerSuppliedUserAgent`.
///
/// The user agent is split once into product tokens (`name/version`, with the parenthesised comment
/// that follows each) and the most specific product wins: Terraform, Pulumi and CDK before the SDK
/// they embed, the AWS CLI before botocore, `az` before the Azure Python SDK, boto3 before botocore,
/// the console's `aws-internal` callers before the Java SDK they run on. No regular expressions; one
/// linear pass over at most ``maxScanned`` characters. Callers cache per distinct string.
public enum UserAgentParser {
    /// The longest prefix of a user agent that is read. CloudTrail truncates the field at 1 KB; the
    /// bound keeps hostile strings cheap.
    public static let maxScanned = 8 * 1024
    /// The longest ``ClientFamily/detail`` returned.
    static let maxDetail = 128
    /// The longest ``ClientFamily/version`` returned.
    static let maxVersion = 64

    /// The client family of a user agent, with nothing known about the record it came from.
    /// A browser user agent is `browser` (category console), or `google-cloud-console` when Google's
    /// front end marked it (`…,gzip(gfe)`). nil, empty and white-space user agents are `unknown`.
    public static func parse(_ userAgent: String?) -> ClientFamily {
        parse(userAgent, provider: nil)
    }

    /// The client family of a user agent from a record of `provider`'s. The provider only changes the
    /// reading of browser user agents: a browser in a CloudTrail record is the AWS console
    /// (`aws-console`), in an Azure record the portal (`azure-portal`), in a GCP audit record the
    /// Cloud console (`google-cloud-console`); the browser then goes into ``ClientFamily/detail``.
    public static func parse(_ userAgent: String?, provider: CloudProvider?) -> ClientFamily {
        guard let userAgent else { return .unknown }
        let (text, viaGoogleFrontEnd) = normalize(userAgent.prefix(maxScanned))
        if text.isEmpty { return .unknown }
        let lower = text.lowercased()
        if lower == "(none supplied)" { return .unknown }

        // Whole-string forms CloudTrail writes for the console and for AWS services.
        if lower == "aws internal" || lower.hasPrefix("aws internal/") { return make("aws-console") }
        if lower.hasSuffix(".amazonaws.com"), !text.contains(where: \.isWhitespace) { return awsHost(lower) }
        if lower.contains("cloudformation.amazonaws.com") { return make("cloudformation") }

        let scan = Scan(lower: lower, tokens: tokenize(text))
        let rules: [(Scan) -> ClientFamily?] = [
            infrastructureAsCode, awsConsole, commandLines, kubernetes, powerShell, awsSDK, azureSDK,
            googleClients, awsAgents,
        ]
        for rule in rules {
            if let found = rule(scan) { return found }
        }
        if let browser = browser(scan, provider: provider, viaGoogleFrontEnd: viaGoogleFrontEnd) { return browser }
        if let t = scan.first("curl") { return make("curl", version: version(t.value)) }
        if let t = scan.first("python-requests") { return make("python-requests", version: version(t.value)) }
        return unknown(scan)
    }

    // MARK: - Rules, most specific first

    /// Pulumi, CDK and Terraform (each embeds an SDK's user agent).
    static func infrastructureAsCode(_ s: Scan) -> ClientFamily? {
        if s.tokens.contains(where: { $0.lower.hasPrefix("pulumi") }) {
            // `APN/1.0 Pulumi/1.0 Pulumi-Aws/4.17.0 (+https://www.pulumi.com) aws-sdk-go/…`: the
            // provider token carries the version; `Pulumi/…` alone is the APN partner marker.
            let provider = s.first { $0.lower.hasPrefix("pulumi") && $0.lower != "pulumi" }
            return make("pulumi", version: version((provider ?? s.first("pulumi"))?.value), detail: provider?.lower)
        }
        if let cdk = s.first("aws-cdk") { return make("cdk", version: version(cdk.value)) }
        let core = s.first("terraform")
        let provider = s.first { $0.lower.hasPrefix("terraform-provider-") }
        if core != nil || provider != nil || s.first("hashicorp-terraform-exec") != nil {
            let detail = provider.map { p in version(p.value).map { "\(p.lower)/\($0)" } ?? p.lower }
            return make("terraform", version: version(core?.value), detail: detail)
        }
        return nil
    }

    /// Console front ends calling through AWS's internal SDK build: `S3Console/0.4, aws-internal/3
    /// aws-sdk-java/…`, `EC2ConsoleFrontend, aws-internal/3 …`, `aws-internal/3 aws-sdk-java/…`.
    static func awsConsole(_ s: Scan) -> ClientFamily? {
        let awsInternal = s.first("aws-internal")
        let console = s.first {
            ($0.lower.hasSuffix("console") || $0.lower.hasSuffix("consolefrontend")) && ($0.value != nil || awsInternal != nil)
        }
        guard console != nil || awsInternal != nil else { return nil }
        let detail: String
        if let console {
            detail = String(console.name)
        } else if let first = s.tokens.first, first.lower != "aws-internal" {
            detail = String(first.name)              // `AWSCloudTrail, aws-internal/3 …`
        } else {
            detail = "aws-internal"
        }
        return make("aws-console", detail: String(detail.prefix(maxDetail)))
    }

    /// aws-cli, az and gcloud / gsutil.
    static func commandLines(_ s: Scan) -> ClientFamily? {
        if let cli = s.first("aws-cli") {
            // v2 UA 2.0: `md/command#ec2.describe-instances`; older v2: `command/ec2.start-instances`.
            let command = s.first { $0.lower == "md" && $0.value?.hasPrefix("command#") == true }
                .flatMap { field($0.value?.dropFirst("command#".count)) }
                ?? field(s.first("command")?.value)
            return make("aws-cli", version: version(cli.value), detail: command ?? s.execEnv)
        }
        if let az = s.first("azurecli") {
            let detail = s.first("cloud-shell") != nil ? "cloud-shell" : field(az.comment)
            return make("azure-cli", version: version(az.value), detail: detail)
        }
        let command = field(s.first("command")?.value)
        if let gcloud = s.first("gcloud") {
            return make("gcloud", version: version(gcloud.value), detail: command)
        }
        if s.first("gsutil") != nil {
            return make("gcloud", version: version(s.first("google-cloud-sdk")?.value),
                        detail: "gsutil" + (command.map { ".\($0)" } ?? ""))
        }
        if let sdk = s.first("google-cloud-sdk") {
            return make("gcloud", version: version(sdk.value), detail: command)
        }
        return nil
    }

    /// kubectl and cluster components (client-go: `<binary>/<version> (<os>/<arch>) kubernetes/<commit>`).
    static func kubernetes(_ s: Scan) -> ClientFamily? {
        if let kubectl = s.first("kubectl") {
            return ClientFamily(family: "kubernetes", version: version(kubectl.value), category: .cli, detail: "kubectl")
        }
        guard let first = s.tokens.first else { return nil }
        if let k8s = s.first("kubernetes") {
            // `google-api-go-client/0.5 Kubernetes/1.14.10 (linux amd64)`: the cluster version;
            // `kube-controller-manager/v1.27.3 (linux/amd64) kubernetes/abc123`: a commit, so the
            // component's own version.
            let stated = version(k8s.value)
            let isRelease = stated.map { $0.first?.isNumber == true && $0.contains(".") } ?? false
            let detail = first.lower == "kubernetes" ? nil : field(first.name)
            return ClientFamily(family: "kubernetes", version: isRelease ? stated : version(first.value),
                                category: .service, detail: detail)
        }
        if first.lower.hasPrefix("kube-") {
            return ClientFamily(family: "kubernetes", version: version(first.value), category: .service,
                                detail: field(first.name))
        }
        return nil
    }

    /// AWS Tools for PowerShell and Azure PowerShell (both ride on their .NET SDK).
    static func powerShell(_ s: Scan) -> ClientFamily? {
        if let aws = s.first(where: { $0.lower.hasPrefix("awspowershell") }) {
            return make("aws-powershell", version: version(aws.value), detail: s.execEnv)
        }
        if let azure = s.first(where: { $0.lower == "azurepowershell" || $0.lower == "windowsazurepowershell" }) {
            return make("azure-powershell", version: version(azure.value))
        }
        return nil
    }

    /// boto3, botocore and the other AWS SDKs.
    static func awsSDK(_ s: Scan) -> ClientFamily? {
        if let boto3 = s.first("boto3") { return make("boto3", version: version(boto3.value), detail: s.execEnv) }
        if let botocore = s.first("botocore") {
            return make("botocore", version: version(botocore.value), detail: s.execEnv)
        }
        for t in s.tokens where t.lower.hasPrefix("aws-sdk-") {
            var v = version(t.value)
            let family: String
            switch t.lower {
            case "aws-sdk-go-v2", "aws-sdk-go", "aws-sdk-php", "aws-sdk-rust", "aws-sdk-cpp",
                 "aws-sdk-python", "aws-sdk-kotlin", "aws-sdk-swift":
                family = t.lower
            case "aws-sdk-java":
                family = (major(v) ?? 1) >= 2 ? "aws-sdk-java-v2" : "aws-sdk-java"
            case "aws-sdk-js":
                family = (major(v) ?? 2) >= 3 ? "aws-sdk-js-v3" : "aws-sdk-js"
            case "aws-sdk-nodejs":
                family = "aws-sdk-js"
            case _ where t.lower.hasPrefix("aws-sdk-dotnet"):
                // `aws-sdk-dotnet-coreclr/3.7.108.0 aws-sdk-dotnet-core/3.7.108.2 …`, `aws-sdk-dotnet-45/…`
                family = "aws-sdk-dotnet"
                v = v ?? version(s.first("aws-sdk-dotnet-core")?.value)
            case _ where t.lower.hasPrefix("aws-sdk-ruby"):
                family = "aws-sdk-ruby"      // aws-sdk-ruby3/3.x, aws-sdk-ruby2/2.x
            default:
                continue                     // a per-service gem or package such as aws-sdk-s3/1.120.0
            }
            return make(family, version: v, detail: s.execEnv)
        }
        return nil
    }

    /// Azure SDKs: `azsdk-<lang>-<package>/<version>` (the current guideline), then the older
    /// `Azure-SDK-For-<Lang>/…`, `Microsoft.Azure.<Package>/…` (.NET) and `Azure-Storage/…`.
    static func azureSDK(_ s: Scan) -> ClientFamily? {
        if let t = s.first(where: { $0.lower.hasPrefix("azsdk-") }) {
            let rest = t.name.dropFirst("azsdk-".count)
            let lang = rest.prefix { $0 != "-" }
            let package = rest.dropFirst(lang.count + 1)
            return make("azure-sdk-\(lang.lowercased().prefix(32))", version: version(t.value), detail: field(package))
        }
        for t in s.tokens {
            if t.lower.hasPrefix("azure-sdk-for-") {
                return make("azure-sdk-\(t.lower.dropFirst("azure-sdk-for-".count).prefix(32))", version: version(t.value))
            }
            if t.lower.hasPrefix("microsoft.azure.") {
                return make("azure-sdk-net", version: version(t.value), detail: field(t.name))
            }
            if t.lower == "azure-storage" {
                // `Azure-Storage/9.3.0 (.NET CLR 4.0.30319.42000; Win32NT 6.2.9200.0)`,
                // `Azure-Storage/1.4.0-1.4.0 (Python CPython 3.7.0; Windows 10)`.
                let comment = t.comment.map { $0.lowercased() } ?? ""
                let lang = comment.contains(".net") ? "-net" : comment.hasPrefix("python") ? "-python"
                    : comment.hasPrefix("java") ? "-java" : comment.hasPrefix("node") ? "-js" : ""
                return make("azure-sdk\(lang)", version: version(t.value), detail: "storage")
            }
        }
        return nil
    }

    /// Google API discovery clients (`google-api-<lang>-client`) and Cloud client libraries
    /// (`gl-<lang>/…` with `gccl/<library version>`, `gcloud-<lang>/…`).
    static func googleClients(_ s: Scan) -> ClientFamily? {
        if let i = s.tokens.firstIndex(where: { $0.lower.hasPrefix("google-api-") && $0.lower.hasSuffix("-client") }) {
            let t = s.tokens[i]
            let lang = t.lower.dropFirst("google-api-".count).dropLast("-client".count)
            // `google-api-go-client/0.5 gke-metadata-server`: the component that uses the client.
            let next = i + 1 < s.tokens.count ? s.tokens[i + 1] : nil
            let detail = next.flatMap { $0.value == nil ? field($0.name) : nil }
            return make("google-api-client-\(lang.prefix(32))", version: version(t.value), detail: detail)
        }
        if let gl = s.first(where: { $0.lower.hasPrefix("gl-") }) {
            let library = version(s.first("gccl")?.value) ?? version(s.first("gapic")?.value)
            return make("google-cloud-sdk-\(gl.lower.dropFirst(3).prefix(32))", version: library)
        }
        if let t = s.first(where: { $0.lower.hasPrefix("gcloud-") }) {
            var lang = t.lower.dropFirst("gcloud-".count).prefix { $0 != "-" }
            if lang == "golang" { lang = "go" }
            return make("google-cloud-sdk-\(lang.prefix(32))", version: version(t.value))
        }
        return nil
    }

    /// AWS-run workers that call on a principal's behalf: Lambda's worker, the SSM agent.
    static func awsAgents(_ s: Scan) -> ClientFamily? {
        if let t = s.first("awslambda-worker") { return make("aws-service", version: version(t.value), detail: "lambda") }
        if let t = s.first("amazon-ssm-agent") { return make("aws-service", version: version(t.value), detail: "ssm") }
        return nil
    }

    /// A web browser, read as the cloud's console when the record's cloud is known or Google's front
    /// end marked the call.
    static func browser(_ s: Scan, provider: CloudProvider?, viaGoogleFrontEnd: Bool) -> ClientFamily? {
        guard let first = s.tokens.first, first.lower == "mozilla" || first.lower == "opera" else { return nil }
        let (name, browserVersion) = browserProduct(s)
        let console: String? = switch provider {
        case .aws: "aws-console"
        case .azure: "azure-portal"
        case .gcp: "google-cloud-console"
        case nil: viaGoogleFrontEnd ? "google-cloud-console" : nil
        }
        if let console {
            let detail = name.map { n in browserVersion.map { "\(n)/\($0)" } ?? n }
            return make(console, detail: detail)
        }
        return make("browser", version: browserVersion, detail: name)
    }

    /// The browser behind a `Mozilla/…` user agent, checked from the most specific product token.
    static func browserProduct(_ s: Scan) -> (name: String?, version: String?) {
        let probes: [(token: String, name: String)] = [
            ("edg", "edge"), ("edge", "edge"), ("edga", "edge"), ("edgios", "edge"), ("opr", "opera"),
            ("firefox", "firefox"), ("fxios", "firefox"), ("crios", "chrome"), ("chrome", "chrome"),
        ]
        for probe in probes {
            if let t = s.first(probe.token) { return (probe.name, version(t.value)) }
        }
        if s.first("safari") != nil, let v = s.first("version") { return ("safari", version(v.value)) }
        if s.lower.contains("msie ") || s.lower.contains("trident/") { return ("internet-explorer", nil) }
        return (nil, nil)
    }

    /// Nothing recognised: keep the first product's name and version, so analytics can still tell
    /// `trufflehog/3.63.0` from `Datadog`.
    static func unknown(_ s: Scan) -> ClientFamily {
        guard let first = s.tokens.first,
              first.name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
        else { return .unknown }
        return ClientFamily(family: "unknown", version: version(first.value), category: .other, detail: field(first.name))
    }

    /// `<name>.amazonaws.com` as the whole user agent: the console, CloudFormation or a service.
    static func awsHost(_ lower: String) -> ClientFamily {
        let name = lower.dropLast(".amazonaws.com".count)
        switch name {
        case "console": return make("aws-console")
        case "signin": return make("aws-console", detail: "signin")
        case "cloudformation": return make("cloudformation")
        case _ where name.hasPrefix("console."):
            return make("aws-console", detail: field(name.dropFirst("console.".count)))
        default: return make("aws-service", detail: field(name))
        }
    }

    // MARK: - Building results

    /// A result with the family's usual category.
    static func make(_ family: String, version: String? = nil, detail: String? = nil) -> ClientFamily {
        ClientFamily(family: family, version: version, category: category(of: family), detail: detail)
    }

    /// The usual category of a family id.
    static func category(of family: String) -> ClientFamily.Category {
        switch family {
        case "aws-console", "azure-portal", "google-cloud-console", "browser": .console
        case "aws-cli", "azure-cli", "gcloud", "aws-powershell", "azure-powershell": .cli
        case "terraform", "cloudformation", "pulumi", "cdk": .infrastructureAsCode
        case "aws-service", "kubernetes": .service
        case "boto3", "botocore": .sdk
        case _ where family.hasPrefix("aws-sdk-") || family.hasPrefix("azure-sdk") || family.hasPrefix("google-api-client-")
            || family.hasPrefix("google-cloud-sdk-"): .sdk
        default: .other
        }
    }

    /// A product version: the value up to a separator, its last `/` segment (`aws-sdk-go-v2/rds/1.11.0`),
    /// without a leading `v` before a digit; nil when it has no digit at all.
    static func version(_ value: Substring?) -> String? {
        guard var v = value else { return nil }
        if let cut = v.firstIndex(where: { " ;,()#[]".contains($0) }) { v = v[..<cut] }
        if let slash = v.lastIndex(of: "/") { v = v[v.index(after: slash)...] }
        if let f = v.first, f == "v" || f == "V", v.dropFirst().first?.isNumber == true { v = v.dropFirst() }
        guard v.contains(where: { $0.isASCII && $0.isNumber }) else { return nil }   // `${project.version}`, `dev`
        return String(v.prefix(maxVersion))
    }

    /// The leading number of a version.
    static func major(_ version: String?) -> Int? {
        version.flatMap { Int($0.prefix { $0.isASCII && $0.isNumber }) }
    }

    /// A bounded, non-empty detail string.
    static func field(_ text: Substring?) -> String? {
        guard let text, !text.isEmpty else { return nil }
        return String(text.prefix(maxDetail))
    }

    // MARK: - Scanning

    /// Trims white space, Google front-end suffixes (`,gzip(gfe)`, possibly repeated) and the square
    /// brackets some pipelines wrap the whole string in.
    static func normalize(_ raw: Substring) -> (text: Substring, viaGoogleFrontEnd: Bool) {
        var text = trimmed(raw)
        var gfe = false
        while text.hasSuffix("gzip(gfe)") {
            gfe = true
            text = trimmed(text.dropLast("gzip(gfe)".count), also: ",")
        }
        while text.first == "[" {
            text = text.dropFirst()
            if text.last == "]" { text = text.dropLast() }
            text = trimmed(text)
        }
        return (text, gfe)
    }

    /// `text` without leading and trailing white space and `extra` characters.
    static func trimmed(_ text: Substring, also extra: Character? = nil) -> Substring {
        let drop = { (c: Character) in c.isWhitespace || c == extra }
        guard let start = text.firstIndex(where: { !drop($0) }), let end = text.lastIndex(where: { !drop($0) }) else {
            return text[text.endIndex...]
        }
        return text[start...end]
    }

    /// One product of a user agent: `name/value` and the parenthesised comment right after it.
    struct Token {
        /// The name as written (`Boto3`), without brackets or trailing commas.
        var name: Substring
        /// The name in lower case, for matching.
        var lower: String
        /// Everything after the first `/`; nil for a bare word.
        var value: Substring?
        /// The comment that followed the token, without its parentheses.
        var comment: Substring?
    }

    /// The tokens of a user agent plus the whole string in lower case.
    struct Scan {
        var lower: String
        var tokens: [Token]

        func first(_ lowerName: String) -> Token? { tokens.first { $0.lower == lowerName } }
        func first(where predicate: (Token) -> Bool) -> Token? { tokens.first(where: predicate) }
        /// The AWS SDKs' `exec-env/…` (CloudShell, AWS_Lambda_python3.12, AWS_ECS_FARGATE).
        var execEnv: String? { UserAgentParser.field(first("exec-env")?.value) }
    }

    /// Splits on white space (and commas between tokens); a parenthesised group, nested or not,
    /// becomes the comment of the token before it.
    static func tokenize(_ text: Substring) -> [Token] {
        var tokens: [Token] = []
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            if c.isWhitespace || c == "," {
                i = text.index(after: i)
                continue
            }
            if c == "(" {
                var depth = 0
                var j = i
                repeat {
                    if text[j] == "(" { depth += 1 } else if text[j] == ")" { depth -= 1 }
                    j = text.index(after: j)
                } while j < text.endIndex && depth > 0
                let inner = text[text.index(after: i)..<(depth == 0 ? text.index(before: j) : j)]
                if let last = tokens.indices.last, tokens[last].comment == nil { tokens[last].comment = inner }
                i = j
                continue
            }
            var j = i
            while j < text.endIndex, !text[j].isWhitespace, text[j] != "(" { j = text.index(after: j) }
            var raw = text[i..<j]
            while let l = raw.last, l == "," || l == ";" || l == "]" || l == "[" { raw = raw.dropLast() }
            while let f = raw.first, f == "[" || f == "]" { raw = raw.dropFirst() }
            if !raw.isEmpty {
                let slash = raw.firstIndex(of: "/")
                let name = slash.map { raw[..<$0] } ?? raw
                let value = slash.map { raw[raw.index(after: $0)...] }
                tokens.append(Token(name: name, lower: name.lowercased(), value: value, comment: nil))
            }
            i = j
        }
        return tokens
    }
}
