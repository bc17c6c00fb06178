import ArgumentParser

@main
struct Vigil: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vigil",
        abstract: "Executable MITRE ATT&CK analytics over cloud control-plane and network-device logs.",
        discussion: """
            Vigil reads AWS CloudTrail (as delivered to S3, NDJSON/JSON Lines, gzip or plain, EventBridge \
            envelopes) and raises explained alerts for ATT&CK analytics such as AN0861 (unauthorised or \
            anomalous changes to cloud compute).
            """,
        version: VigilVersion.current,
        subcommands: [Scan.self]
    )
}

enum VigilVersion {
    static let current = "0.1.0"
}
