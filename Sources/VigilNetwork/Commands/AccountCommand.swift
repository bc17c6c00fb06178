/// What a configuration command does to a local account.
public struct AccountCommand: Sendable, Hashable {
    /// The account the command defines, changes or removes.
    public var account: String
    /// ``DeviceAction/accountCreateOrModify``, ``DeviceAction/accountDelete``,
    /// ``DeviceAction/passwordChange`` or ``DeviceAction/privilegeChange``.
    public var action: DeviceAction
    /// The privilege the command gives (level, role, class, profile), when it names one.
    public var privilege: AccountPrivilege?
    /// Whether the command sets a password or secret.
    public var setsPassword: Bool

    /// Creates an account command.
    public init(account: String, action: DeviceAction, privilege: AccountPrivilege? = nil, setsPassword: Bool = false) {
        self.account = account
        self.action = action
        self.privilege = privilege
        self.setsPassword = setsPassword
    }

    /// Whether the account is removed.
    public var isDeletion: Bool { action == .accountDelete }
    /// Whether the command sets a secret and names no privilege (a rotation on an existing
    /// account looks like this; so does creating one at the default level).
    public var changesOnlyPassword: Bool { setsPassword && privilege == nil && action != .accountDelete }
}
