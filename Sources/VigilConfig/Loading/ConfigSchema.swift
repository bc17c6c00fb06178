/// The keys each mapping of the configuration may have, for unknown-key errors and suggestions.
enum ConfigSchema {
    static let top = ["timezone", "change_windows", "automation_principals", "administrators", "network_admins",
                      "management_networks", "device_account_roster", "baseline_learning_days"]
    static let window = ["name", "timezone", "scope", "weekly", "once"]
    static let scope = ["principals", "accounts", "regions", "devices", "tags"]
    static let slot = ["days", "start", "end"]
    static let oneOff = ["start", "end", "ticket"]
}
