import VigilCore

extension AN1240 {
    /// AN1240 in Vigil's catalogue, written against Enterprise ATT&CK 18.1.
    public static let declaration = AnalyticDeclaration(
        attack: attack,
        name: "Analytic 1240",
        summary: "Local accounts created (or changed, or deleted) on network devices through the CLI, REST/GUI or AAA, "
            + "judged against each device's roster and inventory, change windows, administrators and management networks.",
        platforms: ["Network Devices"],
        writtenAgainst: AttackBaseline(
            collection: "Enterprise ATT&CK", release: "18.1",
            stixID: "x-mitre-analytic--614594ba-9590-4fa9-871c-3e092882c74c",
            contentHash: "84299daae15a805c200ef36695512563847b35aee69f3af745dae74f5fb78c04", objectVersion: "1.0"),
        logSources: [
            LogSourceMapping(
                name: "networkdevice:syslog", channel: "username <user> privilege <level>",
                dataComponent: "DC0014", dataComponentName: "User Account Creation",
                coverage: .read(.networkSyslog, as: "account commands in configuration, CLI history and audit messages "
                    + "(IOS `username … privilege …`, Junos `set system login user … class …`, EOS, NX-OS, ASA, FortiOS, PAN-OS)")),
        ],
        additionalSources: [.tacacsAccounting],
        mutableElements: [
            MutableElementMapping(field: "PrivilegeLevel", configKey: "analytics.AN1240.PrivilegeLevel",
                                  setting: "the administrative level and roles, and whether unprivileged accounts alert"),
            MutableElementMapping(field: "RemoteSessionFlag", configKey: "analytics.AN1240.RemoteSessionFlag",
                                  setting: "the management paths (Telnet, SSH, console, REST API…) whose changes are flagged"),
        ])
}
