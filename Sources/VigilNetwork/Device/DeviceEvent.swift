public import VigilCore

/// One management-plane event from a network device, whatever the vendor: who, from where,
/// through which path, did what to which account, when, and where the record is.
///
/// Every text field that could carry a secret (``command``) has been through
/// ``SecretRedactor``; ``secretsRedacted`` says how many values were removed.
public struct DeviceEvent: Sendable, Hashable {
    /// When it happened, with what was inferred (missing year or zone, unsynchronised clock).
    public var timestamp: SyslogTimestamp?
    /// The device's hostname, as the record names it.
    public var deviceName: String?
    /// The device's address, as the record names it (TACACS+ NAS address, syslog host address).
    public var deviceIP: IPAddress?
    /// The platform the record came from.
    public var os: DeviceOS
    /// The operator who acted (the authenticated user).
    public var operatorName: String?
    /// The operator's own privilege, when the record states it (TACACS+ `priv-lvl`, Junos
    /// login class).
    public var operatorPrivilege: AccountPrivilege?
    /// Where the operator connected from.
    public var sourceIP: IPAddress?
    /// The management path.
    public var session: SessionType
    /// The terminal line or interface as written (`vty0`, `pts/1`, `tty2`, `command-api`).
    public var line: String?
    /// What happened.
    public var action: DeviceAction
    /// The local account affected, for account actions.
    public var account: String?
    /// The affected account's privilege after the change (level, role, class or profile).
    public var privilege: AccountPrivilege?
    /// The affected account's privilege before the change, when the record states it (ASA
    /// 502103 `From:`, Junos audit old value, FortiOS `accprofile[old->new]`).
    public var previousPrivilege: AccountPrivilege?
    /// Whether the record itself says the account is new (`true`: ASA 502101, FortiOS `Add`,
    /// Junos `<unconfigured> ->`), says it existed (`false`), or cannot tell (`nil`).
    public var accountIsNew: Bool?
    /// The command, API object or configuration path, with secrets redacted.
    public var command: String?
    /// How many secret values were redacted from ``command``.
    public var secretsRedacted: Int
    /// Whether the action succeeded, when the record says (`nil`: not stated).
    public var succeeded: Bool?
    /// The vendor's own message id (`%PARSER-5-CFGLOG_LOGGEDCMD`, `502101`, `UI_CFG_AUDIT_SET`,
    /// `0100044547`, `CONFIG`, `tac_plus accounting`).
    public var messageID: String
    /// Where the raw record is.
    public var raw: RawRef

    /// Creates an event.
    public init(
        timestamp: SyslogTimestamp?, deviceName: String? = nil, deviceIP: IPAddress? = nil, os: DeviceOS,
        operatorName: String? = nil, operatorPrivilege: AccountPrivilege? = nil, sourceIP: IPAddress? = nil,
        session: SessionType = .unknown, line: String? = nil, action: DeviceAction, account: String? = nil,
        privilege: AccountPrivilege? = nil, previousPrivilege: AccountPrivilege? = nil, accountIsNew: Bool? = nil,
        command: String? = nil, secretsRedacted: Int = 0, succeeded: Bool? = nil, messageID: String, raw: RawRef
    ) {
        self.timestamp = timestamp
        self.deviceName = deviceName
        self.deviceIP = deviceIP
        self.os = os
        self.operatorName = operatorName
        self.operatorPrivilege = operatorPrivilege
        self.sourceIP = sourceIP
        self.session = session
        self.line = line
        self.action = action
        self.account = account
        self.privilege = privilege
        self.previousPrivilege = previousPrivilege
        self.accountIsNew = accountIsNew
        self.command = command
        self.secretsRedacted = secretsRedacted
        self.succeeded = succeeded
        self.messageID = messageID
        self.raw = raw
    }

    /// The device as analysts name it: the hostname, else the address.
    public var deviceKey: String? { deviceName ?? deviceIP?.description }

    /// Whether the change came over a remote CLI (SSH or Telnet), for AN1240's `RemoteSessionFlag`.
    public var isRemoteCLI: Bool { session == .ssh || session == .telnet }
}

extension DeviceEvent {
    /// Sets the command (redacting it) and, when it is an account command, the account fields.
    mutating func applyCommand(_ text: String) {
        let redacted = SecretRedactor.redact(text)
        command = redacted.text
        secretsRedacted += redacted.count
        if let account = AccountCommandParser.parse(redacted.text, os: os) {
            action = account.action
            self.account = account.account
            if account.privilege != nil { privilege = account.privilege }
            if account.isDeletion { accountIsNew = false }
        } else if action == .other || action == .commandExecuted {
            action = .commandExecuted
        }
    }
}
