import ArgumentParser

@main
struct Vigil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Executable MITRE ATT&CK analytics over cloud control-plane and network-device logs.",
        discussion: """
            Vigil reads AWS CloudTrail (as delivered to S3, NDJSON/JSON Lines, gzip or plain, EventBridge \
            envelopes), Azure Activity Log, GCP Cloud Audit Logs, and network devices' syslog and TACACS+ \
            accounting, and raises explained alerts for ATT&CK analytics AN0861 (unauthorised or anomalous \
            changes to cloud compute) and AN1240 (local accounts created on network devices).
            """,
        version: VigilVersion.current,
        subcommands: [Scan.self, Accounts.self, Coverage.self, Attack.self, Analytics.self, Serve.self, ConsoleCommand.self, Token.self]
    )
}

enum VigilVersion {
    static let current = "0.1.0"
}
