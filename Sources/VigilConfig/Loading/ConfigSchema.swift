/// The keys each mapping of the configuration may have, for unknown-key errors and suggestions.
enum ConfigSchema {
    static let top = ["timezone", "change_windows", "automation_principals", "administrators", "network_admins",
                      "management_networks", "device_account_roster", "device_addresses", "device_sites", "baseline_learning_days", "analytics", "serve"]
    static let analytics = ["AN0861", "AN1240"]
    static let an1240 = ["PrivilegeLevel", "RemoteSessionFlag", "ChangeWindow", "incident_gap_minutes"]
    static let privilegeLevel = ["admin_level", "admin_roles", "alert_unprivileged"]
    static let an0861 = ["behaviours", "ChangeWindow", "UserContext", "RateThreshold", "GeoLocation", "baselines", "chain_minutes",
                         "incident_gap_minutes", "max_evidence"]
    static let userContext = ["automation_principals", "automation_clients", "learn_automation", "learned_automation_share",
                              "off_schedule_share", "learning_days", "rarely_used"]
    static let rarelyUsed = ["max_active_days", "max_daily_events", "lookback_days", "dormant_days"]
    static let window = ["name", "timezone", "scope", "weekly", "once", "tickets"]
    static let scope = ["principals", "accounts", "regions", "devices", "sites", "tags"]
    static let slot = ["days", "start", "end"]
    static let oneOff = ["start", "end", "ticket"]
    static let serve = ["syslog_udp", "syslog_tcp", "syslog_tls", "http", "console", "secure_cookies", "ingest_tokens", "max_body_bytes", "max_message_bytes",
                        "idle_timeout_seconds", "watch", "watch_interval_seconds", "spool_dir", "spool_max_bytes", "segment_bytes",
                        "batch_seconds", "db", "allowed_lateness_seconds", "sinks"]
    static let sink = ["type", "path", "format", "max_bytes", "keep", "url", "slack", "max_attempts", "timeout_seconds",
                       "address", "transport"]
}
