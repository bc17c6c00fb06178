extension VigilSource {
    /// AWS CloudTrail management events (S3 delivery, NDJSON, EventBridge), read by the CloudTrail decoder.
    public static let cloudTrail = VigilSource(id: "cloudtrail", description: "AWS CloudTrail management events (S3 log files, NDJSON, EventBridge)")
    /// Azure Activity Log (storage export, Event Hubs, REST, Log Analytics rows).
    public static let azureActivity = VigilSource(id: "azure-activity", description: "Azure Activity Log (administrative category) for Microsoft.Compute")
    /// GCP Cloud Audit Logs, Admin Activity, for Compute Engine.
    public static let gcpAudit = VigilSource(id: "gcp-audit", description: "GCP Cloud Audit Logs (Admin Activity) for Compute Engine")
    /// Network devices' syslog (Cisco IOS/IOS-XE/IOS-XR/NX-OS/ASA, Junos, EOS, FortiOS, PAN-OS).
    public static let networkSyslog = VigilSource(id: "network-syslog", description: "network device syslog: configuration, CLI history and REST/GUI audit messages")
    /// TACACS+ accounting (tac_plus, Cisco ISE, ACS).
    public static let tacacsAccounting = VigilSource(id: "tacacs-accounting", description: "TACACS+ command accounting (tac_plus, Cisco ISE, ACS)")
}
