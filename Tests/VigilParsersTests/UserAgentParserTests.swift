import Foundation
import Testing
import VigilCore
import VigilParsers

/// One user agent and the client family it must parse to (with no cloud given).
struct UserAgentCase: Sendable, CustomTestStringConvertible {
    let userAgent: String
    let expected: ClientFamily

    var testDescription: String { userAgent.count > 90 ? String(userAgent.prefix(89)) + "…" : userAgent }
}

func uaCase(_ userAgent: String, _ family: String, _ version: String?, _ category: ClientFamily.Category,
                _ detail: String?) -> UserAgentCase {
    UserAgentCase(userAgent: userAgent, expected: ClientFamily(family: family, version: version, category: category, detail: detail))
}

// MARK: - The synthetic corpus (/work/shared/bench/gen_corpus.py: CONSOLE_UA, CLI_UA, BOTO_UA,
// TERRAFORM_UA, SDK_GO_UA and the two service principals' user agents)

let uaCorpusGeneratorCases: [UserAgentCase] = [
    uaCase("AWS Internal", "aws-console", nil, .console, nil),
    uaCase("aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/macos#23.4.0 md/arch#arm64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#ec2.describe-instances",
           "aws-cli", "2.15.30", .cli, "ec2.describe-instances"),
    uaCase("Boto3/1.34.69 md/Botocore#1.34.69 ua/2.0 os/linux#6.1.0 md/arch#x86_64 lang/python#3.12.2 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.69",
           "boto3", "1.34.69", .sdk, nil),
    uaCase("APN/1.0 HashiCorp/1.0 Terraform/1.7.5 (+https://www.terraform.io) terraform-provider-aws/5.43.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.26.0 os/linux lang/go#1.22.1 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.151.1",
           "terraform", "1.7.5", .infrastructureAsCode, "terraform-provider-aws/5.43.0"),
    uaCase("aws-sdk-go/1.51.8 (go1.22.1; linux; amd64)", "aws-sdk-go", "1.51.8", .sdk, nil),
    uaCase("backup.amazonaws.com", "aws-service", nil, .service, "backup"),
    uaCase("autoscaling.amazonaws.com", "aws-service", nil, .service, "autoscaling"),
]

// MARK: - Real-world user agents, at least one per family (where each came from is noted)

let uaRealWorldCases: [UserAgentCase] = [
    // aws-console. CloudTrail record contents (docs.aws.amazon.com/awscloudtrail/latest/userguide/
    // cloudtrail-event-reference-record-contents.html): console and AWS-originated calls; the bracketed
    // and comma forms are from Permiso's CloudConsoleCartographer (Get-UserAgentFamily examples,
    // github.com/Permiso-io-tools/CloudConsoleCartographer).
    uaCase("signin.amazonaws.com", "aws-console", nil, .console, "signin"),
    uaCase("console.ec2.amazonaws.com", "aws-console", nil, .console, "ec2"),
    uaCase("[AWS Console S3, S3Console/0.4 cfg/retry-mode/legacy]", "aws-console", nil, .console, "S3Console"),
    uaCase("S3Console/0.4, aws-internal/3 aws-sdk-java/1.11.1030 Linux/5.4.238-155.347.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.362-b10 java/1.8.0_362 vendor/Oracle_Corporation cfg/retry-mode/standard",
           "aws-console", nil, .console, "S3Console"),
    uaCase("[AWSCloudTrail, aws-internal/3 aws-sdk-java/1.12.597 Linux/5.10.201-168.748.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.392-b09 java/1.8.0_392 vendor/Oracle_Corporation cfg/retry-mode/standard]",
           "aws-console", nil, .console, "AWSCloudTrail"),
    uaCase("[EC2ConsoleFrontend, aws-internal/3 aws-sdk-java/1.12.582 Linux/5.10.199-167.747.amzn2int.aarch64 OpenJDK_64-Bit_Server_VM/17.0.9+9-LTS java/1.8.0_392 vendor/N/A cfg/retry-mode/standard]",
           "aws-console", nil, .console, "EC2ConsoleFrontend"),

    // aws-cli. CloudShell v2 (Permiso CloudConsoleCartographer); Windows v2 (a public threat write-up
    // quoting CloudTrail, found by code search).
    uaCase("aws-cli/2.11.9 Python/3.11.2 Linux/4.14.255-291-231.527.amzn2.x86_64 exec-env/CloudShell exe/x86_64.amzn.2 prompt/off command/iam.create-access-key",
           "aws-cli", "2.11.9", .cli, "iam.create-access-key"),
    uaCase("aws-cli/2.4.23 Python/3.8.8 Windows/10 exe/AMD64 prompt/off command/iam.list-users", "aws-cli", "2.4.23", .cli, "iam.list-users"),

    // boto3 in CloudShell (Permiso CloudConsoleCartographer); botocore alone (a CloudTrail event in a
    // public detection test, found by code search).
    uaCase("Boto3/1.26.95 Python/3.7.16 Linux/5.10.179-166.674.amzn2.x86_64 exec-env/CloudShell Botocore/1.29.95",
           "boto3", "1.26.95", .sdk, "CloudShell"),
    uaCase("botocore/1.29.0 raw-script", "botocore", "1.29.0", .sdk, nil),

    // aws-sdk-go, bracketed as CloudTrail once wrapped it (hashicorp/terraform#5020).
    uaCase("[aws-sdk-go/1.1.0 (go1.5.2; darwin; amd64)]", "aws-sdk-go", "1.1.0", .sdk, nil),

    // aws-sdk-java v1: CloudTrail examples in public repositories (code search).
    uaCase("aws-sdk-java/1.11.789 Linux/5.11.0-1020-aws OpenJDK_64-Bit_Server_VM/11.0.13+8 java/11.0.13 vendor/Eclipse_Adoptium",
           "aws-sdk-java", "1.11.789", .sdk, nil),
    uaCase("aws-sdk-java/1.9.6 Mac_OS_X/10.9.5 Java_HotSpot(TM)_64-Bit_Server_VM/25.25-b02/1.8.0_25", "aws-sdk-java", "1.9.6", .sdk, nil),

    // aws-sdk-js (v2, `aws-sdk-nodejs`): CloudTrail examples (an Athena call from Lambda; GitHub
    // Actions' configure-aws-credentials), code search.
    uaCase("aws-sdk-nodejs/2.320.0 linux/v8.10.0 exec-env/AWS_Lambda_nodejs8.10 callback", "aws-sdk-js", "2.320.0", .sdk, "AWS_Lambda_nodejs8.10"),
    uaCase("aws-sdk-nodejs/2.1396.0 linux/v16.16.0 configure-aws-credentials-for-github-actions promise", "aws-sdk-js", "2.1396.0", .sdk, nil),

    // aws-sdk-js-v3 (UA 2.0): a CloudTrail GetMetricDataV2 record from Lambda (code search).
    uaCase("aws-sdk-js/3.632.0 ua/2.0 os/linux#5.10.227-239.884.amzn2.x86_64 lang/js md/nodejs#20.18.0 api/connect#3.632.0 exec-env/AWS_Lambda_nodejs20.x",
           "aws-sdk-js-v3", "3.632.0", .sdk, "AWS_Lambda_nodejs20.x"),

    // aws-sdk-dotnet: HTTP traces in public issues (UA 2.0 form, and the older form).
    uaCase("aws-sdk-dotnet-coreclr/3.7.305.28 ua/2.0 os/windows#10.0.22631.0 md/ARCH#X64 lang/.NET_Core#8.0.2 md/aws-sdk-dotnet-core#3.7.302.12 api/S3#3.7.305.28 cfg/retry-mode#legacy md/ClientAsync ft/s3-transfer",
           "aws-sdk-dotnet", "3.7.305.28", .sdk, nil),
    uaCase("aws-sdk-dotnet-coreclr/3.3.10.3 aws-sdk-dotnet-core/3.3.24.3 .NET_Core/4.6.26628.05 OS/Darwin_17.7.0_Darwin_Kernel_Version_17.7.0:_Thu_Jun_21_22:53:14_PDT_2018;_root:xnu-4570.71.2~1/RELEASE_X86_64 ClientAsync",
           "aws-sdk-dotnet", "3.3.10.3", .sdk, nil),
    // The form aws-sdk-net's own test comment documents: no version on the first product.
    uaCase("aws-sdk-dotnet-coreclr/ aws-sdk-dotnet-core/3.3.31.8 .NET_Core/4.6.27129.04 OS/Microsoft_Windows_10.0.17134",
           "aws-sdk-dotnet", "3.3.31.8", .sdk, nil),

    // aws-sdk-ruby: a CloudTrail example (CloudHealth on JRuby) and an HTTP trace (code search).
    uaCase("aws-sdk-ruby3/3.75.0 jruby/2.3.3 java aws-sdk-elasticloadbalancing/1.19.0 cloudhealth", "aws-sdk-ruby", "3.75.0", .sdk, nil),
    uaCase("aws-sdk-ruby3/3.171.0 ruby/3.2.2 x86_64-linux aws-sdk-s3/1.120.0", "aws-sdk-ruby", "3.171.0", .sdk, nil),

    // aws-sdk-php: HTTP header dumps in public repositories (code search).
    uaCase("aws-sdk-php/3.297.1 OS/Linux#5.10.25-linuxkit lang/php#8.2.15 GuzzleHttp/7", "aws-sdk-php", "3.297.1", .sdk, nil),
    uaCase("AWS-SDK-PHP/3.280 GuzzleHttp/7.8 curl/8.5", "aws-sdk-php", "3.280", .sdk, nil),

    // aws-sdk-rust: request headers recorded in public repositories (Amazon Q CLI traffic).
    uaCase("aws-sdk-rust/1.3.9 os/macos lang/rust/1.87.0", "aws-sdk-rust", "1.3.9", .sdk, nil),
    uaCase("aws-sdk-rust/1.3.15 ua/2.1 api/codewhispererstreaming/0.1.17593 os/macos lang/rust/1.92.0 md/appVersion-2.10.0 app/AmazonQ-For-CLI",
           "aws-sdk-rust", "1.3.15", .sdk, nil),

    // aws-sdk-cpp: a ClientConfiguration dump in a public issue.
    uaCase("aws-sdk-cpp/1.7.176 Linux/3.10.0-957.27.2.el7.x86_64 x86_64 GCC/8.3.1", "aws-sdk-cpp", "1.7.176", .sdk, nil),

    // aws-powershell: the EC2 Grouper write-up (code search) and CloudShell (Permiso).
    uaCase("AWSPowerShell.Common/4.1.90.0 .NET_Core/6.0.5 OS/Microsoft_Windows_10.0.17763 PowerShellCore/7.-1 ClientAsync",
           "aws-powershell", "4.1.90.0", .cli, nil),
    uaCase("AWSPowerShell.Common/4.1.268.0 .NET_Core/7.0.2 OS/Linux_4.14.255-291-231.527.amzn2.x86_64_#1_SMP_Fri_Sep_9_17:34:07_UTC_2022 exec-env/CloudShell PowerShellCore/7.-1 ClientAsync",
           "aws-powershell", "4.1.268.0", .cli, "CloudShell"),

    // terraform: awscc with a custom product (hashicorp/terraform-provider-awscc#247); Crossplane's
    // jet provider (crossplane-contrib/provider-jet-aws#180); the bare TF marker a pulumi-aws build
    // sent (pulumi/pulumi-aws#2190); the google provider's format (Terraform-Plugin-SDK).
    uaCase("APN/1.0 HashiCorp/1.0 Terraform/1.0.8 (+https://www.terraform.io) terraform-provider-awscc/dev (+https://registry.terraform.io/providers/hashicorp/awscc) my-test-module/0.0.1 (testing user-agent comment) aws-sdk-go-v2/1.9.1 os/macos lang/go/1.17 md/GOOS/darwin md/GOARCH/amd64 api/cloudcontrol/1.0.0",
           "terraform", "1.0.8", .infrastructureAsCode, "terraform-provider-awscc"),
    uaCase("APN/1.0 HashiCorp/1.0 Terraform/1.0.5 (+https://www.terraform.io) terraform-provider-aws/3.56.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.40.29 (go1.16; linux; amd64) crossplane-provider-jet-aws/v0.4.0-30.g2f6b907c.dirty",
           "terraform", "1.0.5", .infrastructureAsCode, "terraform-provider-aws/3.56.0"),
    uaCase("aws-sdk-go/1.44.12 (go1.19.1; darwin; amd64) APN/1.0 HashiCorp/1.0 Terraform/ (+https://www.terraform.io/)",
           "terraform", nil, .infrastructureAsCode, nil),
    uaCase("Terraform/1.5.7 (+https://www.terraform.io) Terraform-Plugin-SDK/2.10.1 terraform-provider-google/5.10.0",
           "terraform", "1.5.7", .infrastructureAsCode, "terraform-provider-google/5.10.0"),

    // pulumi: pulumi/pulumi-aws#1604 and #2190 (both embed an AWS SDK).
    uaCase("APN/1.0 Pulumi/1.0 Pulumi-Aws/4.17.0-alpha.1629393364+0b9d696e.dirty (+https://www.pulumi.com) aws-sdk-go/1.40.20 (go1.16.4; darwin; amd64)",
           "pulumi", "4.17.0-alpha.1629393364+0b9d696e.dirty", .infrastructureAsCode, "pulumi-aws"),
    uaCase("APN/1.0 Pulumi/1.0 Pulumi/1.0 Pulumi-Aws/0.11+compatible (+https://www.pulumi.com) aws-sdk-go-v2/1.16.16 os/macos lang/go/1.19.1 md/GOOS/darwin md/GOARCH/amd64 api/sts/1.16.4",
           "pulumi", "0.11+compatible", .infrastructureAsCode, "pulumi-aws"),
    // The form pulumi-aws-native documents in its source.
    uaCase("APN/1.0 Pulumi/1.0 PulumiAwsNative/1.12", "pulumi", "1.12", .infrastructureAsCode, "pulumiawsnative"),

    // cdk: a CloudTrail GetCallerIdentity from `cdk deploy` (CloudTrail-to-Splunk README, code search).
    uaCase("aws-sdk-nodejs/2.1586.0 linux/v20.15.1 aws-cdk/2.135.0 promise", "cdk", "2.135.0", .infrastructureAsCode, nil),

    // azure-powershell: a recorded ARM session (AzureRM), an ASM-era recording, a token tool's docs,
    // and the old module's constant.
    uaCase("FxVersion/4.6.1637.0 OSName/Windows_10_Enterprise OSVersion/6.3.14393 Microsoft.Azure.Management.Compute.ComputeManagementClient/14.0.0-prerelease AzurePowershell/v3.6.0.0 PSVersion/v5.1.14393.1066",
           "azure-powershell", "3.6.0.0", .cli, nil),
    uaCase("Microsoft.WindowsAzure.Scheduler.SchedulerClient/3.0.0.0 AzurePowershell/v0.8.10", "azure-powershell", "0.8.10", .cli, nil),
    uaCase("AzurePowershell/v11.1.0 PSVersion/7.4.0 (Windows 10.0.22621.0)", "azure-powershell", "11.1.0", .cli, nil),
    uaCase("WindowsAzurePowershell/v0.7.1", "azure-powershell", "0.7.1", .cli, nil),

    // azure-sdk-<lang>: the Azure SDK general guidelines' telemetry example (azure.github.io/azure-sdk/
    // general_azurecore.html) and Storage Explorer (microsoft/AzureStorageExplorer#8940).
    uaCase("AzCopy/10.0.4-Preview azsdk-python-storage/4.0.0 Python/3.7.3 (Ubuntu; Linux x86_64; rv:34.0)",
           "azure-sdk-python", "4.0.0", .sdk, "storage"),
    uaCase("Microsoft/Azure/Storage/ azsdk-go-azblob/v1.6.2 (go1.24.11; darwin)", "azure-sdk-go", "1.6.2", .sdk, "azblob"),

    // google-api-client-<lang>: GKE audit entries quoted in public repositories; a Python client
    // from an incident write-up (code search).
    uaCase("google-api-go-client/0.5,gzip(gfe)", "google-api-client-go", "0.5", .sdk, nil),
    uaCase("google-api-python-client/2.100.0 (gzip)", "google-api-client-python", "2.100.0", .sdk, nil),

    // google-cloud-sdk-<lang>: a Prowler audit-log example, and the form google-api-core's
    // ClientInfo.to_user_agent builds (googleapis/google-cloud-python api_core/client_info.py).
    uaCase("gcloud-python/2.50.0", "google-cloud-sdk-python", "2.50.0", .sdk, nil),
    uaCase("gl-python/3.11.4 grpc/1.56.0 gax/2.11.1 gapic/2.22.0 gccl/2.22.0 gcloud-python/2.22.0",
           "google-cloud-sdk-python", "2.22.0", .sdk, nil),

    // kubernetes: kubectl against GKE, and GKE's control plane calling GCE (audit entries in public
    // repositories).
    uaCase("kubectl/v1.29.5 (linux/amd64) kubernetes/59755ff", "kubernetes", "1.29.5", .cli, "kubectl"),
    uaCase("google-api-go-client/0.5 Kubernetes/1.14.10 (linux amd64),gzip(gfe)", "kubernetes", "1.14.10", .service, "google-api-go-client"),

    // unknown, with the first product kept: Stratus Red Team over gRPC and the Stackdriver agent
    // (GCP audit entries in public repositories).
    uaCase("stratus-red-team_4fbc5d44-9c4f-469f-a15b-0c85e6ad3241 grpc-go/1.70.0,gzip(gfe)", "unknown", nil, .other,
           "stratus-red-team_4fbc5d44-9c4f-469f-a15b-0c85e6ad3241"),
    uaCase("stackdriver_agent/5.5.2-1000.el7,gzip(gfe)", "unknown", "5.5.2-1000.el7", .other, "stackdriver_agent"),
]

// MARK: - Every distinct user agent in /work/shared/data/samples (copied here; not read at run time)

let uaAWSSampleCases: [UserAgentCase] = [
        // aws/panther-cloudtrail-fixtures.jsonl: panther-labs/panther-analysis @daa10c8,
        // rules/aws_cloudtrail_rules/*.yml test logs (provenance: /work/shared/data/samples/SOURCE.md)
        uaCase("aws-cli/2.13.5 Python/3.11.4", "aws-cli", "2.13.5", .cli, nil),
        uaCase("console.amazonaws.com", "aws-console", nil, .console, nil),
        uaCase("Mozilla/2.0 (compatible; NEWT ActiveX; Win32)", "browser", nil, .console, nil),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "browser", "131.0.0.0", .console, "chrome"),
        uaCase("Boto3/1.26.2 Python/3.10.8 Linux/4.14.294-220.533.amzn2.x86_64 exec-env/AWS_ECS_FARGATE Botocore/1.29.2", "boto3", "1.26.2", .sdk, "AWS_ECS_FARGATE"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/107.0.0.0 Safari/537.36", "browser", "107.0.0.0", .console, "chrome"),
        uaCase("example-user-agent", "unknown", nil, .other, "example-user-agent"),
        uaCase("Mozilla", "browser", nil, .console, nil),
        uaCase("sample-user-agent", "unknown", nil, .other, "sample-user-agent"),
        uaCase("APN/1.0 HashiCorp/1.0 Terraform/1.1.2 (+https://www.terraform.io) terraform-provider-aws/3.76.1 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.44.157 (go1.19.3; darwin; arm64) stratus-red-team_83c9a458-ffab-4d43-8b02-9691311e8c0a HashiCorp-terraform-exec/0.17.3", "terraform", "1.1.2", .infrastructureAsCode, "terraform-provider-aws/3.76.1"),
        uaCase("AWS Internal", "aws-console", nil, .console, nil),
        uaCase("aws-sdk-go/1.15.12 (go1.12.6; linux; amd64)", "aws-sdk-go", "1.15.12", .sdk, nil),
        uaCase("trustedadvisor.amazonaws.com", "aws-service", nil, .service, "trustedadvisor"),
        uaCase("[sample-user-agent]", "unknown", nil, .other, "sample-user-agent"),
        uaCase("[Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36]", "browser", "131.0.0.0", .console, "chrome"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/67.0.3396.99 Safari/537.36", "browser", "67.0.3396.99", .console, "chrome"),
        uaCase("aws-cli/2.15.59 md/awscrt#0.19.19 ua/2.0 os/macos#22.6.0 md/arch#arm64 lang/python#3.11.11 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#lambda.list-functions", "aws-cli", "2.15.59", .cli, "lambda.list-functions"),
        uaCase("aws-cli/2.15.59 md/awscrt#0.19.19 ua/2.0 os/macos#22.6.0 md/arch#arm64 lang/python#3.11.11 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off md/command#sts.get-caller-identity", "aws-cli", "2.15.59", .cli, "sts.get-caller-identity"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36", "browser", "125.0.0.0", .console, "chrome"),
        uaCase("aws-internal/3 aws-sdk-java/1.11.1030 Linux/5.4.116-64.217.amzn2int.x86_64 OpenJDK_64-Bit_Server_VM/25.302-b08 java/1.8.0_302 vendor/Oracle_Corporation cfg/retry-mode/legacy", "aws-console", nil, .console, "aws-internal"),
        uaCase("python-requests/2.28.0", "python-requests", "2.28.0", .other, nil),
        uaCase("Jersey/${project.version}", "unknown", nil, .other, "Jersey"),
        uaCase("Mozilla/5.0", "browser", nil, .console, nil),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.51 Safari/537.36", "browser", "99.0.4844.51", .console, "chrome"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.83 Safari/537.36", "browser", "99.0.4844.83", .console, "chrome"),
        uaCase("stratus-red-team_dbac929e-ae11-4539-8753-35dbcbbc3256", "unknown", nil, .other, "stratus-red-team_dbac929e-ae11-4539-8753-35dbcbbc3256"),
        uaCase("cloudformation.amazonaws.com", "cloudformation", nil, .infrastructureAsCode, nil),
        uaCase("Chrome Browser", "unknown", nil, .other, "Chrome"),
        uaCase("Datadog", "unknown", nil, .other, "Datadog"),
        uaCase("console.ec2.amazonaws.com", "aws-console", nil, .console, "ec2"),
        uaCase("autoscaling.amazonaws.com", "aws-service", nil, .service, "autoscaling"),
        uaCase("stratus-red-team_c8ff220a-7e52-429b-868f-d979123ed2d3", "unknown", nil, .other, "stratus-red-team_c8ff220a-7e52-429b-868f-d979123ed2d3"),
        uaCase("aws-sdk-go/1.29.7 (go1.13.7; darwin; amd64) APN/1.0 HashiCorp/1.0 Terraform/0.12.24 (+https://www.terraform.io)", "terraform", "0.12.24", .infrastructureAsCode, nil),
        uaCase("aws-sdk-go/1.24.1 (go1.14; darwin; amd64)", "aws-sdk-go", "1.24.1", .sdk, nil),
        uaCase("SampleUserAgent", "unknown", nil, .other, "SampleUserAgent"),
        uaCase("eks-nodegroup.amazonaws.com", "aws-service", nil, .service, "eks-nodegroup"),
        uaCase("stratus-red-team_8b255a24-d33d-4750-bd4b-4007124741df", "unknown", nil, .other, "stratus-red-team_8b255a24-d33d-4750-bd4b-4007124741df"),
        uaCase("stratus-red-team_95b154bb-bcb2-4582-82f4-b3dbb6cfc1d9", "unknown", nil, .other, "stratus-red-team_95b154bb-bcb2-4582-82f4-b3dbb6cfc1d9"),
        uaCase("aws sdk", "unknown", nil, .other, "aws"),
        uaCase("aws-cli/2.13.5 Python/3.11.4 Linux/4.14.255-314-253.539.amzn2.x86_64 exec-env/CloudShell exe/x86_64.amzn.2 prompt/off command/ec2.stop-instances", "aws-cli", "2.13.5", .cli, "ec2.stop-instances"),
        uaCase("aws-cli/2.13.5 Python/3.11.4 Linux/4.14.255-314-253.539.amzn2.x86_64 exec-env/CloudShell exe/x86_64.amzn.2 prompt/off command/ec2.start-instances", "aws-cli", "2.13.5", .cli, "ec2.start-instances"),
        uaCase("config.amazonaws.com", "aws-service", nil, .service, "config"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:124.0) Gecko/20100101 Firefox/124.0", "browser", "124.0", .console, "firefox"),
        uaCase("aws-sdk-go/1.4.14 (go1.11.4; darwin; amd64)", "aws-sdk-go", "1.4.14", .sdk, nil),
        uaCase("aws-sdk-go-v2/1.14.0 os/macos lang/go/1.17.6 md/GOOS/darwin md/GOARCH/arm64 api/iam/1.17.0", "aws-sdk-go-v2", "1.14.0", .sdk, nil),
        uaCase("aws-sdk-go/1.32.7 (go1.14.6; linux; amd64) exec-env/AWS_Lambda_go1.x", "aws-sdk-go", "1.32.7", .sdk, "AWS_Lambda_go1.x"),
        uaCase("sqs.amazonaws.com", "aws-service", nil, .service, "sqs"),
        uaCase("signin.amazonaws.com", "aws-console", nil, .console, "signin"),
        uaCase("aws-internal/3 aws-sdk-java/1.12.124 Linux/4.9.273-0.1.ac.226.84.332.metal1.x86_64 OpenJDK_64-Bit_Server_VM/25.312-b07 java/1.8.0_312 vendor/Oracle_Corporation cfg/retry-mode/standard", "aws-console", nil, .console, "aws-internal"),
        uaCase("aws-cli/2.15.0", "aws-cli", "2.15.0", .cli, nil),
        uaCase("aws-sdk-java/2.20.0", "aws-sdk-java-v2", "2.20.0", .sdk, nil),
        uaCase("amazon-ssm-agent/3.2.0", "aws-service", "3.2.0", .service, "ssm"),
        uaCase("aws-internal/3 aws-sdk-java/1.11.706 Linux/4.9.184-0.1.ac.235.83.329.metal1.x86_64 OpenJDK_64-Bit_Server_VM/25.242-b08 java/1.8.0_242 vendor/Oracle_Corporation", "aws-console", nil, .console, "aws-internal"),
        uaCase("Python-httplib2/0.8 (gzip)", "unknown", "0.8", .other, "Python-httplib2"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/105.0.0.0 Safari/537.36", "browser", "105.0.0.0", .console, "chrome"),
        uaCase("aws-sdk-go/1.40.21 (go1.17; linux; amd64) exec-env/AWS_Lambda_go1.x", "aws-sdk-go", "1.40.21", .sdk, "AWS_Lambda_go1.x"),
        uaCase("aws-cli/2.13.0", "aws-cli", "2.13.0", .cli, nil),
        uaCase("Boto3/1.26.0", "boto3", "1.26.0", .sdk, nil),
        uaCase("APN/1.0 HashiCorp/1.0 Terraform/1.1.2 (+https://www.terraform.io) terraform-provider-aws/3.76.1 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.44.157 (go1.19.3; darwin; arm64) 68319f60-9dec-43b2-9702-de3a08c9d8a3 HashiCorp-terraform-exec/0.17.3", "terraform", "1.1.2", .infrastructureAsCode, "terraform-provider-aws/3.76.1"),
        uaCase("aws-cli/1.15.42 Python/3.6.1 Darwin/17.7.0 botocore/1.10.42", "aws-cli", "1.15.42", .cli, nil),
        uaCase("Boto3/1.26.0 Python/3.9.0", "boto3", "1.26.0", .sdk, nil),
        uaCase("68319f60-9dec-43b2-9702-de3a08c9d8a3", "unknown", nil, .other, "68319f60-9dec-43b2-9702-de3a08c9d8a3"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/133.0.0.0 Safari/537.36", "browser", "133.0.0.0", .console, "chrome"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/84.0.4147.105 Safari/537.36", "browser", "84.0.4147.105", .console, "chrome"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/77.0.3865.120 Safari/537.36", "browser", "77.0.3865.120", .console, "chrome"),
        uaCase("[S3Console/0.4, aws-internal/3 aws-sdk-java/1.11.666 Linux/4.9.184-0.1.ac.235.83.329.metal1.x86_64 OpenJDK_64-Bit_Server_VM/25.232-b09 java/1.8.0_232 vendor/Oracle_Corporation]", "aws-console", nil, .console, "S3Console"),
        uaCase("aws-cli/2.13.0 Python/3.11.4", "aws-cli", "2.13.0", .cli, nil),
        uaCase("aws-cli/2.13.0 Python/3.11.4 Linux/5.10.0-1234-aws exe/x86_64.ubuntu.22", "aws-cli", "2.13.0", .cli, nil),
        uaCase("[Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/1.2.3.4 Safari/537.36]", "browser", "1.2.3.4", .console, "chrome"),
        uaCase("aws-sdk-python/1.26.0", "aws-sdk-python", "1.26.0", .sdk, nil),
        uaCase("sso.amazonaws.com", "aws-service", nil, .service, "sso"),
        uaCase("APN/1.0 HashiCorp/1.0 Terraform/1.1.2 (+https://www.terraform.io) terraform-provider-aws/3.76.1 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go/1.44.157 (go1.19.3; darwin; arm64) HashiCorp-terraform-exec/0.17.3", "terraform", "1.1.2", .infrastructureAsCode, "terraform-provider-aws/3.76.1"),
        uaCase("aws-cli/1.11.76 Python/2.7.10 Darwin/17.7.0 botocore/1.5.39", "aws-cli", "1.11.76", .cli, nil),
        uaCase("eks.amazonaws.com", "aws-service", nil, .service, "eks"),
        uaCase("TruffleHog", "unknown", nil, .other, "TruffleHog"),
        uaCase("trufflehog/3.63.0", "unknown", "3.63.0", .other, "trufflehog"),
        uaCase("aws-sdk-go/1.38.37 (go1.16; linux; amd64) exec-env/AWS_Lambda_go1.x", "aws-sdk-go", "1.38.37", .sdk, "AWS_Lambda_go1.x"),
        uaCase("awslambda-worker/1.0 rusoto/0.47.0 rust/1.55.0 linux", "aws-service", "1.0", .service, "lambda"),
        uaCase("<Attacker user agent (here: Boto3/1.17.80 Python/3.9.5 Darwin/20.3.0 Botocore/1.20.80)>", "unknown", nil, .other, nil),
        uaCase("lambda.amazonaws.com", "aws-service", nil, .service, "lambda"),
        uaCase("<Victim browser user agent>", "unknown", nil, .other, nil),
        // aws/otrf-ec2-proxy-s3-exfiltration.ndjson: OTRF/Security-Datasets @d9d40ef, a real EC2 SSRF ->
        // credential theft -> S3 exfiltration run
        uaCase("console.ec2.amazonaws.com", "aws-console", nil, .console, "ec2"),
        uaCase("EC2ConsoleFrontend, aws-internal/3 aws-sdk-java/1.11.848 Linux/4.9.217-0.1.ac.205.84.332.metal1.x86_64 OpenJDK_64-Bit_Server_VM/25.262-b10 java/1.8.0_262 vendor/Oracle_Corporation", "aws-console", nil, .console, "EC2ConsoleFrontend"),
        uaCase("ec2.amazonaws.com", "aws-service", nil, .service, "ec2"),
        uaCase("[aws-cli/1.18.136 Python/3.8.5 Darwin/19.5.0 botocore/1.17.59]", "aws-cli", "1.18.136", .cli, nil),
]

let uaAzureSampleCases: [UserAgentCase] = [
        // azure/panther-azure-activity-fixtures.jsonl: panther-labs/panther-analysis @daa10c8,
        // rules/azure_activity_rules/*.yml test logs (properties.userAgentHeader)
        uaCase("AZURECLI/2.79.0 (RPM) azsdk-python-storage-blob/12.16.0 Python/3.12.9 (Linux-6.6.6.6-microsoft-standard-x86_64-with-glibc2.38) cloud-shell/1.0", "azure-cli", "2.79.0", .cli, "cloud-shell"),
        uaCase("AZURECLI/2.79.0 (RPM) azsdk-python-storage-blob/12.16.0 Python/3.12.9", "azure-cli", "2.79.0", .cli, "RPM"),
        uaCase("python-requests/2.31.0", "python-requests", "2.31.0", .other, nil),
        uaCase("curl/8.4.0", "curl", "8.4.0", .other, nil),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/7.7.7.7 Safari/537.36", "browser", "7.7.7.7", .console, "chrome"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36", "browser", nil, .console, nil),
        uaCase("azsdk-python-storage-blob/12.27.1 Python/3.12.9", "azure-sdk-python", "12.27.1", .sdk, "storage-blob"),
        uaCase("curl/7.88.0", "curl", "7.88.0", .other, nil),
        uaCase("Azure-Storage/1.0", "azure-sdk", "1.0", .sdk, "storage"),
        uaCase("Microsoft.Azure.Storage/9.0", "azure-sdk-net", "9.0", .sdk, "Microsoft.Azure.Storage"),
]

let uaGCPSampleCases: [UserAgentCase] = [
        // gcp/panther-gcp-audit-fixtures.jsonl: panther-labs/panther-analysis @daa10c8,
        // rules/gcp_audit_rules/*.yml test logs (requestMetadata.callerSuppliedUserAgent)
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0.0.0 Safari/537.36,gzip(gfe),gzip(gfe)", "google-cloud-console", nil, .console, "chrome/110.0.0.0"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/111.0.0.0 Safari/537.36,gzip(gfe),gzip(gfe)", "google-cloud-console", nil, .console, "chrome/111.0.0.0"),
        uaCase("(gzip),gzip(gfe)", "unknown", nil, .other, nil),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/1.2.3.4 Safari/537.36,gzip(gfe),gzip(gfe)", "google-cloud-console", nil, .console, "chrome/1.2.3.4"),
        uaCase("apitools Python/3.9.11 gsutil/5.11 (darwin) analytics/enabled interactive/True command/notification google-cloud-sdk/394.0.0,gzip(gfe)", "gcloud", "394.0.0", .cli, "gsutil.notification"),
        uaCase("(gzip),gzip(gfe),gzip(gfe)", "unknown", nil, .other, nil),
        uaCase("google-cloud-sdk", "gcloud", nil, .cli, nil),
        uaCase("(none supplied)", "unknown", nil, .other, nil),
        uaCase("example-user-agent", "unknown", nil, .other, "example-user-agent"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/113.0.0.0 Safari/537.36,gzip(gfe),gzip(gfe)", "google-cloud-console", nil, .console, "chrome/113.0.0.0"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.138 Safari/537.36,gzip(gfe)", "google-cloud-console", nil, .console, "chrome/81.0.4044.138"),
        uaCase("google-cloud-sdk gcloud/548.0.0 command/gcloud.storage.cp", "gcloud", "548.0.0", .cli, "gcloud.storage.cp"),
        uaCase("apitools Python/3.13.7 gsutil/5.35 (linux) analytics/enabled interactive/True invocation-id/000000000098a6854caf369de05cd1c0 command/rewrite-k google-cloud-sdk/548.0.0,gzip(gfe)", "gcloud", "548.0.0", .cli, "gsutil.rewrite-k"),
        uaCase("apitools Python/3.13.7 gsutil/5.35 (linux) analytics/enabled interactive/True invocation-id/8ad1636b4f184078859fe329c196a5c3 command/rewrite-k google-cloud-sdk/548.0.0,gzip(gfe)", "gcloud", "548.0.0", .cli, "gsutil.rewrite-k"),
        uaCase("google-cloud-sdk gcloud/548.0.0 command/gcloud.storage.cp invocation-id/abc123def456 environment/devshell environment-version/None client-os/LINUX client-os-ver/6.6.111 client-pltf-arch/x86_64 interactive/False from-script/False python/3.13.7,gzip(gfe)", "gcloud", "548.0.0", .cli, "gcloud.storage.cp"),
        uaCase("google-cloud-sdk gcloud/548.0.0 command/gcloud.storage.cp invocation-id/def789ghi012 environment/devshell environment-version/None client-os/LINUX client-os-ver/6.6.111 client-pltf-arch/x86_64 interactive/True from-script/False python/3.13.7,gzip(gfe)", "gcloud", "548.0.0", .cli, "gcloud.storage.cp"),
        uaCase("Terraform/0.13.2 terraform-provider-google/3.90.1", "terraform", "0.13.2", .infrastructureAsCode, "terraform-provider-google/3.90.1"),
        uaCase("Mozilla/5.0 Chrome/98.0.4758.102", "browser", "98.0.4758.102", .console, "chrome"),
        uaCase("google-api-go-client/0.5 gke-metadata-server,gzip(gfe)", "google-api-client-go", "0.5", .sdk, "gke-metadata-server"),
        uaCase("google-cloud-sdk gcloud/500.0.0 command/gcloud.kms.keys.add-iam-policy-binding", "gcloud", "500.0.0", .cli, "gcloud.kms.keys.add-iam-policy-binding"),
        uaCase("google-cloud-sdk gcloud/548.0.0 command/gcloud.kms.keys.versions.disable", "gcloud", "548.0.0", .cli, "gcloud.kms.keys.versions.disable"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/111.0.0.0 Safari/537.36,gzip(gfe)", "google-cloud-console", nil, .console, "chrome/111.0.0.0"),
        uaCase("google-cloud-sdk gcloud/431.0.0 command/gcloud.iam.service-accounts.create invocation-id/b2ea5dab8c9b4bff8bc15ab299dff79e environment/devshell environment-version/None client-os/LINUX client-os-ver/5.15.107 client-pltf-arch/x86_64 interactive/True from-script/False python/3.9.2 term/screen (Linux 5.15.107+),gzip(gfe)", "gcloud", "431.0.0", .cli, "gcloud.iam.service-accounts.create"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0.0.0 Safari/537.36,gzip(gfe)", "google-cloud-console", nil, .console, "chrome/110.0.0.0"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/112.0.0.0 Safari/537.36,gzip(gfe),gzip(gfe)", "google-cloud-console", nil, .console, "chrome/112.0.0.0"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_4) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/81.0.4044.138 Safari/537.36,gzip(gfe),gzip(gfe)", "google-cloud-console", nil, .console, "chrome/81.0.4044.138"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:92.0) Gecko/20100101 Firefox/92.0,gzip(gfe),gzip(gfe)", "google-cloud-console", nil, .console, "firefox/92.0"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:109.0) Gecko/20100101 Firefox/119.0,gzip(gfe),gzip(gfe)", "google-cloud-console", nil, .console, "firefox/119.0"),
        uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:109.0) Gecko/20100101 Firefox/119.0,gzip(gfe)", "google-cloud-console", nil, .console, "firefox/119.0"),
]

// MARK: - Edge cases

let uaLongJunk = String(repeating: "x", count: 200_000)

let uaEdgeCases: [UserAgentCase] = [
    uaCase("", "unknown", nil, .other, nil),
    uaCase("   ", "unknown", nil, .other, nil),
    uaCase("\n\t \r\n", "unknown", nil, .other, nil),
    uaCase("[]", "unknown", nil, .other, nil),
    uaCase("[ ]", "unknown", nil, .other, nil),
    uaCase("(", "unknown", nil, .other, nil),
    uaCase(")", "unknown", nil, .other, nil),
    uaCase("/", "unknown", nil, .other, nil),
    uaCase("////", "unknown", nil, .other, nil),
    uaCase(",,, ;;", "unknown", nil, .other, nil),
    uaCase("gzip(gfe)", "unknown", nil, .other, nil),
    uaCase(",gzip(gfe),gzip(gfe)", "unknown", nil, .other, nil),
    // Bracketed, the form the brief names, and doubly bracketed.
    uaCase("[aws-sdk-go/1.44 (go1.19; linux; amd64)]", "aws-sdk-go", "1.44", .sdk, nil),
    uaCase("[[Boto3/1.34.69 Botocore/1.34.69]]", "boto3", "1.34.69", .sdk, nil),
    uaCase("[aws-cli/2.15.30 md/command#s3.ls", "aws-cli", "2.15.30", .cli, "s3.ls"),          // truncated: no closing bracket
    uaCase("  \tBoto3/1.34.69\n", "boto3", "1.34.69", .sdk, nil),
    // Case: product names match without regard to case; the details keep theirs.
    uaCase("BOTO3/1.0.0", "boto3", "1.0.0", .sdk, nil),
    uaCase("aws internal", "aws-console", nil, .console, nil),
    uaCase("CONSOLE.AMAZONAWS.COM", "aws-console", nil, .console, nil),
    // Unclosed comment: the rest of the string is the comment.
    uaCase("aws-cli/2.0.0 (unclosed", "aws-cli", "2.0.0", .cli, nil),
    uaCase("Mozilla/5.0 (Windows NT 10.0; Win64; x64", "browser", nil, .console, nil),
    // Non-ASCII.
    uaCase("Boto3/1.34.69 Python/3.12 Überprüfung/✓ 日本", "boto3", "1.34.69", .sdk, nil),
    uaCase("日本語クライアント/1.0", "unknown", "1.0", .other, "日本語クライアント"),
    uaCase("aws-cli/２.０", "aws-cli", nil, .cli, nil),                                        // full-width digits are not a version
    uaCase("🙂", "unknown", nil, .other, nil),
    uaCase("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
           "browser", "17.4", .console, "safari"),
    uaCase("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80",
           "browser", "124.0.2478.80", .console, "edge"),
    uaCase("Mozilla/4.0 (compatible; MSIE 8.0; Windows NT 6.1; Trident/4.0)", "browser", nil, .console, "internet-explorer"),
    // Very long: the product is found, junk after the scanned prefix is never read.
    uaCase("Boto3/1.34.69 " + uaLongJunk, "boto3", "1.34.69", .sdk, nil),
    uaCase(uaLongJunk + " Boto3/1.34.69", "unknown", nil, .other, String(repeating: "x", count: 128)),
    uaCase("aws-cli/" + uaLongJunk, "aws-cli", nil, .cli, nil),
    uaCase("aws-cli/2" + String(repeating: "9", count: 500), "aws-cli", "2" + String(repeating: "9", count: 63), .cli, nil),
    uaCase(String(repeating: "(", count: 50_000), "unknown", nil, .other, nil),
    uaCase(String(repeating: "a/1 ", count: 20_000), "unknown", "1", .other, "a"),
]

// MARK: - Tests

@Suite struct UserAgentParserTests {
    @Test(arguments: uaCorpusGeneratorCases)
    func corpusGenerator(_ c: UserAgentCase) {
        #expect(UserAgentParser.parse(c.userAgent) == c.expected)
    }

    @Test(arguments: uaRealWorldCases)
    func realWorld(_ c: UserAgentCase) {
        #expect(UserAgentParser.parse(c.userAgent) == c.expected)
    }

    @Test(arguments: uaAWSSampleCases)
    func awsSamples(_ c: UserAgentCase) {
        #expect(UserAgentParser.parse(c.userAgent) == c.expected)
        Self.expectProviderOnlyChangesBrowsers(c, provider: .aws, console: "aws-console")
    }

    @Test(arguments: uaAzureSampleCases)
    func azureSamples(_ c: UserAgentCase) {
        #expect(UserAgentParser.parse(c.userAgent) == c.expected)
        Self.expectProviderOnlyChangesBrowsers(c, provider: .azure, console: "azure-portal")
    }

    @Test(arguments: uaGCPSampleCases)
    func gcpSamples(_ c: UserAgentCase) {
        #expect(UserAgentParser.parse(c.userAgent) == c.expected)
        Self.expectProviderOnlyChangesBrowsers(c, provider: .gcp, console: "google-cloud-console")
    }

    @Test(arguments: uaEdgeCases)
    func edges(_ c: UserAgentCase) {
        #expect(UserAgentParser.parse(c.userAgent) == c.expected)
    }

    /// With the record's cloud known, a browser is that cloud's console (the browser moves to the
    /// detail); nothing else changes.
    static func expectProviderOnlyChangesBrowsers(_ c: UserAgentCase, provider: CloudProvider, console: String) {
        let hinted = UserAgentParser.parse(c.userAgent, provider: provider)
        if c.expected.family == "browser" {
            #expect(hinted.family == console)
            #expect(hinted.category == .console)
            #expect(hinted.version == nil)
            let browser = c.expected.detail.map { name in c.expected.version.map { "\(name)/\($0)" } ?? name }
            #expect(hinted.detail == browser)
        } else {
            #expect(hinted == c.expected)
        }
    }

    @Test func nilIsUnknown() {
        #expect(UserAgentParser.parse(nil) == .unknown)
        #expect(UserAgentParser.parse(nil, provider: .aws) == .unknown)
        #expect(ClientFamily.unknown == ClientFamily(family: "unknown", version: nil, category: .other, detail: nil))
    }

    /// The console's browser, per cloud (Azure's portal is a browser in an Azure record; the real
    /// string is from the Panther Azure fixtures).
    @Test func browserByCloud() {
        let chrome = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/7.7.7.7 Safari/537.36"
        #expect(UserAgentParser.parse(chrome, provider: .azure)
                == ClientFamily(family: "azure-portal", category: .console, detail: "chrome/7.7.7.7"))
        #expect(UserAgentParser.parse(chrome, provider: .aws)
                == ClientFamily(family: "aws-console", category: .console, detail: "chrome/7.7.7.7"))
        #expect(UserAgentParser.parse(chrome, provider: .gcp)
                == ClientFamily(family: "google-cloud-console", category: .console, detail: "chrome/7.7.7.7"))
        #expect(UserAgentParser.parse(chrome) == ClientFamily(family: "browser", version: "7.7.7.7", category: .console, detail: "chrome"))
        // Google's front end marks GCP calls even without the hint.
        #expect(UserAgentParser.parse(chrome + ",gzip(gfe)").family == "google-cloud-console")
        // The hint does not turn SDKs into consoles.
        #expect(UserAgentParser.parse("Boto3/1.34.69", provider: .aws).family == "boto3")
        #expect(UserAgentParser.parse("AZURECLI/2.79.0", provider: .azure).family == "azure-cli")
    }

    /// The most specific product wins over the SDK it embeds.
    @Test func mostSpecificProductWins() {
        let embedded: [(String, String)] = [
            ("APN/1.0 HashiCorp/1.0 Terraform/1.7.5 aws-sdk-go-v2/1.26.0", "terraform"),
            ("aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 lang/python#3.11.8", "aws-cli"),
            ("aws-cli/1.18.136 Python/3.8.5 Darwin/19.5.0 botocore/1.17.59", "aws-cli"),
            ("Boto3/1.34.69 md/Botocore#1.34.69 Botocore/1.34.69", "boto3"),
            ("aws-sdk-nodejs/2.1586.0 linux/v20.15.1 aws-cdk/2.135.0 promise", "cdk"),
            ("APN/1.0 Pulumi/1.0 Pulumi-Aws/6.0.0 (+https://www.pulumi.com) APN/1.0 HashiCorp/1.0 Terraform/1.5.7", "pulumi"),
            ("AZURECLI/2.79.0 (RPM) azsdk-python-storage-blob/12.16.0 Python/3.12.9", "azure-cli"),
            ("aws-internal/3 aws-sdk-java/1.12.124", "aws-console"),
            ("aws-sdk-java/1.12.124 cloudformation.amazonaws.com", "cloudformation"),
            ("AWSPowerShell.Common/4.1.90.0 aws-sdk-dotnet-coreclr/3.7.0.0", "aws-powershell"),
            ("FxVersion/4.6 Microsoft.Azure.Management.Compute.ComputeManagementClient/14.0.0 AzurePowershell/v3.6.0.0", "azure-powershell"),
            ("apitools Python/3.13.7 gsutil/5.35 (linux) command/cp google-cloud-sdk/548.0.0", "gcloud"),
        ]
        for (agent, family) in embedded {
            #expect(UserAgentParser.parse(agent).family == family, "\(agent)")
        }
    }

    /// SDK majors split the Java and JavaScript families.
    @Test func sdkGenerations() {
        #expect(UserAgentParser.parse("aws-sdk-java/1.12.746").family == "aws-sdk-java")
        #expect(UserAgentParser.parse("aws-sdk-java/2.25.0 Linux/6.1 OpenJDK_64-Bit_Server_VM/17 Java/17 vendor/Amazon.com_Inc. io/sync http/Apache").family
                == "aws-sdk-java-v2")
        #expect(UserAgentParser.parse("aws-sdk-java").family == "aws-sdk-java")
        #expect(UserAgentParser.parse("aws-sdk-js/2.1000.0").family == "aws-sdk-js")
        #expect(UserAgentParser.parse("aws-sdk-js/3.515.0").family == "aws-sdk-js-v3")
        #expect(UserAgentParser.parse("aws-sdk-go-v2/1.26.0").family == "aws-sdk-go-v2")
        #expect(UserAgentParser.parse("aws-sdk-ruby2/2.11.632 ruby/2.7.1 x86_64-linux").family == "aws-sdk-ruby")
        #expect(UserAgentParser.parse("aws-sdk-dotnet-45/3.3.100.0 aws-sdk-dotnet-core/3.3.103.0").family == "aws-sdk-dotnet")
        // A service package alone is not an SDK family.
        #expect(UserAgentParser.parse("aws-sdk-s3/1.120.0").family == "unknown")
    }

    /// Every family the brief lists is produced by at least one real string above.
    @Test func everyFamilyIsCovered() {
        let all = uaCorpusGeneratorCases + uaRealWorldCases + uaAWSSampleCases + uaAzureSampleCases + uaGCPSampleCases
        var seen = Set(all.map(\.expected.family))
        seen.insert(UserAgentParser.parse(uaAzureSampleCases.first { $0.expected.family == "browser" }?.userAgent,
                                          provider: .azure).family)
        let required = [
            "aws-console", "aws-cli", "boto3", "botocore", "aws-sdk-go", "aws-sdk-go-v2", "aws-sdk-java", "aws-sdk-java-v2",
            "aws-sdk-js", "aws-sdk-js-v3", "aws-sdk-dotnet", "aws-sdk-ruby", "aws-sdk-php", "aws-sdk-rust", "aws-sdk-cpp",
            "aws-powershell", "terraform", "cloudformation", "pulumi", "cdk", "aws-service", "azure-portal", "azure-cli",
            "azure-powershell", "azure-sdk-python", "azure-sdk-go", "azure-sdk-net", "gcloud", "google-cloud-console",
            "google-api-client-go", "google-api-client-python", "google-cloud-sdk-python", "kubernetes", "curl",
            "python-requests", "browser", "unknown",
        ]
        for family in required {
            #expect(seen.contains(family), "no real-world string for \(family)")
        }
    }

    /// Categories follow the family.
    @Test func categories() {
        let all = uaCorpusGeneratorCases + uaRealWorldCases + uaAWSSampleCases + uaAzureSampleCases + uaGCPSampleCases
        for c in all where c.expected.family != "kubernetes" {
            let expected: ClientFamily.Category = switch c.expected.family {
            case "aws-console", "azure-portal", "google-cloud-console", "browser": .console
            case "aws-cli", "azure-cli", "gcloud", "aws-powershell", "azure-powershell": .cli
            case "terraform", "cloudformation", "pulumi", "cdk": .infrastructureAsCode
            case "aws-service": .service
            case "curl", "python-requests", "unknown": .other
            default: .sdk
            }
            #expect(c.expected.category == expected, "\(c.expected.family)")
        }
    }

    @Test func codableRoundTrip() throws {
        let family = ClientFamily(family: "aws-cli", version: "2.15.30", category: .cli, detail: "ec2.describe-instances")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(family)
        #expect(String(decoding: data, as: UTF8.self)
                == #"{"category":"cli","detail":"ec2.describe-instances","family":"aws-cli","version":"2.15.30"}"#)
        #expect(try JSONDecoder().decode(ClientFamily.self, from: data) == family)
        #expect(ClientFamily.Category.allCases.map(\.rawValue)
                == ["console", "cli", "sdk", "infrastructureAsCode", "service", "other"])
    }

    /// Parsing is pure: the same string always gives the same answer, from any task.
    @Test func concurrentParsesAgree() async {
        let agents = uaRealWorldCases.map(\.userAgent)
        let results = await withTaskGroup(of: [ClientFamily].self) { group in
            for _ in 0..<4 { group.addTask { agents.map { UserAgentParser.parse($0) } } }
            var all: [[ClientFamily]] = []
            for await r in group { all.append(r) }
            return all
        }
        for r in results { #expect(r == uaRealWorldCases.map(\.expected)) }
    }
}
