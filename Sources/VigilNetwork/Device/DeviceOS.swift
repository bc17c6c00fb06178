/// The operating system (or AAA server) a record came from.
public enum DeviceOS: String, Sendable, Hashable, CaseIterable, Codable {
    case ciscoIOS = "cisco-ios"
    case ciscoIOSXR = "cisco-ios-xr"
    case ciscoNXOS = "cisco-nxos"
    case ciscoASA = "cisco-asa"
    case juniperJunos = "juniper-junos"
    case aristaEOS = "arista-eos"
    case fortiOS = "fortios"
    case panOS = "pan-os"
    /// A TACACS+ server's accounting or authorisation record (tac_plus, Cisco ISE or ACS): the
    /// device is the NAS the record names, whatever its own OS.
    case tacacs
    case unknown
}

/// How an operator reached the device.
public enum SessionType: String, Sendable, Hashable, CaseIterable, Codable {
    /// The serial console (or the device's own console line, `con0`).
    case console
    /// A remote CLI on a virtual terminal line: SSH, or a vty whose protocol the record does
    /// not state.
    case ssh
    /// Telnet, when the record says so (an unencrypted management path).
    case telnet
    /// An HTTP or gRPC management API: REST (FortiOS, PAN-OS, Junos), Arista eAPI
    /// (`command-api`), gNMI.
    case restAPI
    /// NETCONF or Junos XML (`junoscript`) sessions.
    case netconf
    /// The web GUI (ASDM, FortiOS GUI and its CLI console, PAN-OS Web).
    case gui
    /// PAN-OS XML API.
    case xmlAPI
    /// A central manager pushing configuration (Panorama, FortiManager).
    case automation
    case unknown
}

/// What a record says happened.
public enum DeviceAction: String, Sendable, Hashable, CaseIterable, Codable {
    /// A local account was defined or redefined (`username bob …`, `set system login user bob
    /// class …`): whether it is new is for inventory to decide (see ``DeviceEvent/accountIsNew``).
    case accountCreateOrModify
    /// A local account was removed.
    case accountDelete
    /// An existing account's privilege level, class, role or profile was changed.
    case privilegeChange
    /// An account's password or secret was set without anything else changing.
    case passwordChange
    /// A command ran that is not an account change.
    case commandExecuted
    /// The configuration changed (a commit, `Configured from …`), with no command to look into.
    case configChange
    /// An operator logged in (or failed to: see ``DeviceEvent/succeeded``).
    case login
    /// An operator logged out.
    case logout
    /// Management telemetry that is none of the above (entering configuration mode).
    case other
}

/// A privilege as the platform expresses it: IOS level, NX-OS / EOS role, Junos class,
/// FortiOS access profile, PAN-OS role.
public struct AccountPrivilege: Sendable, Hashable, Codable {
    /// A numeric level (IOS/ASA/EOS 0–15), when there is one.
    public var level: Int?
    /// A named role, class or profile (`network-admin`, `super-user`, `super_admin`, `superuser`).
    public var role: String?

    /// Creates a privilege.
    public init(level: Int? = nil, role: String? = nil) {
        self.level = level
        self.role = role
    }

    /// As analysts read it: `privilege 15`, `role super-user`, `privilege 15, role network-admin`;
    /// nil when neither is known.
    public var text: String? {
        let parts = [level.map { "privilege \($0)" }, role.map { "role \($0)" }].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// Whether this is full administrative control on its platform: level 15, or a role that
    /// names it (`network-admin`, `super-user`, `j-super-user`, `super_admin`, `superuser`,
    /// `admin`, `priv-15`).
    public var isAdministrative: Bool {
        if let level, level >= 15 { return true }
        guard let role = role?.lowercased() else { return false }
        return ["network-admin", "super-user", "j-super-user", "super_admin", "superuser", "admin", "priv-15",
                "vdc-admin", "deviceadmin", "superuser yes"].contains(role)
    }
}
