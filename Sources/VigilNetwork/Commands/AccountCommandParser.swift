/// Reads account changes out of configuration commands, as operators type them or devices
/// log them:
///
/// - IOS, IOS-XE, NX-OS, ASA, EOS: `username NAME [privilege N] [role R] [secret|password …]`,
///   `no username NAME`, `clear configure username NAME` (ASA);
/// - Junos: `set system login user NAME class C …`, `… authentication encrypted-password …`,
///   `delete system login user NAME`, `set system root-authentication …` (also inside
///   `load-configuration … set …` RPC text and `groups`);
/// - FortiOS, folded on one line (`;` or newline between statements): `config system admin`
///   (or `config user local`), `edit NAME`, `set accprofile P`, `set password …`, `delete NAME`;
/// - PAN-OS: `set mgt-config users NAME permissions role-based superuser yes`, `… phash …`,
///   `delete mgt-config users NAME`.
///
/// Several statements separated by ` ; ` (NX-OS accounting, ISE) are read in turn; the first
/// account change wins. Works on redacted text: `<redacted>` is one token.
public enum AccountCommandParser {
    /// The account change in `command`, or `nil` when it changes no account.
    public static func parse(_ command: String, os: DeviceOS? = nil) -> AccountCommand? {
        // Every form above names a user, an admin or root authentication; most commands do not.
        guard mentionsAccount(command) else { return nil }
        let statements = split(command)
        if let forti = fortiOS(statements) { return forti }
        for statement in statements {
            let words = tokens(statement)
            if let c = ciscoFamily(words) ?? junos(words) ?? panOS(words) { return c }
        }
        return nil
    }

    /// Whether `command` contains `user`, `admin` or `root-auth`, ignoring ASCII case.
    static func mentionsAccount(_ command: String) -> Bool {
        var command = command
        return command.withUTF8 { b -> Bool in
            let n = b.count
            var i = 0
            while i + 4 <= n {
                let c = b[i] | 0x20
                if c == UInt8(ascii: "u"), b[i + 1] | 0x20 == UInt8(ascii: "s"), b[i + 2] | 0x20 == UInt8(ascii: "e"),
                   b[i + 3] | 0x20 == UInt8(ascii: "r") { return true }
                if c == UInt8(ascii: "a"), i + 5 <= n, b[i + 1] | 0x20 == UInt8(ascii: "d"), b[i + 2] | 0x20 == UInt8(ascii: "m"),
                   b[i + 3] | 0x20 == UInt8(ascii: "i"), b[i + 4] | 0x20 == UInt8(ascii: "n") { return true }
                if c == UInt8(ascii: "r"), i + 9 <= n, b[i + 1] | 0x20 == UInt8(ascii: "o"), b[i + 2] | 0x20 == UInt8(ascii: "o"),
                   b[i + 3] | 0x20 == UInt8(ascii: "t"), b[i + 4] == UInt8(ascii: "-") { return true }
                i += 1
            }
            return false
        }
    }

    /// Statements in a command line: ` ; `-, `;`- or newline-separated.
    static func split(_ command: String) -> [Substring] {
        command.split(whereSeparator: { $0 == ";" || $0 == "\n" || $0 == "\r" }).map { $0.drop(while: { $0 == " " }) }
            .filter { !$0.isEmpty }
    }

    static func tokens(_ s: Substring) -> [String] {
        let bytes = Array(s.utf8)
        return SecretRedactor.tokenize(bytes).map { r in
            var t = bytes[r]
            if t.count >= 2, t.first == .quote, t.last == .quote { t = t.dropFirst().dropLast() }
            return String(decoding: t, as: UTF8.self)
        }
    }

    /// `username NAME …`, `no username NAME`, `clear configure username NAME`.
    static func ciscoFamily(_ w: [String]) -> AccountCommand? {
        var i = 0
        var negated = false
        if w.count >= 2, w[0].lowercased() == "no" { negated = true; i = 1 }
        if w.count >= 3, w[0].lowercased() == "clear", w[1].lowercased() == "configure" { negated = true; i = 2 }
        guard w.count > i + 1, w[i].lowercased() == "username" else { return nil }
        let name = w[i + 1]
        guard !name.isEmpty, name != SecretRedactor.placeholder else { return nil }
        var privilege = AccountPrivilege()
        var setsPassword = false
        var k = i + 2
        while k < w.count {
            switch w[k].lowercased() {
            case "privilege":
                if k + 1 < w.count, let n = Int(w[k + 1]) { privilege.level = n; k += 1 }
            case "role":
                if k + 1 < w.count, privilege.role == nil { privilege.role = w[k + 1]; k += 1 }
            case "secret", "password":
                setsPassword = true
            default: break
            }
            k += 1
        }
        let named = privilege.level != nil || privilege.role != nil
        if negated {
            // NX-OS `no username bob role priv-1` removes a role, not the account.
            if privilege.role != nil { return AccountCommand(account: name, action: .privilegeChange, privilege: privilege) }
            return AccountCommand(account: name, action: .accountDelete)
        }
        return AccountCommand(account: name, action: .accountCreateOrModify, privilege: named ? privilege : nil, setsPassword: setsPassword)
    }

    /// Junos `set|delete|edit … system login user NAME …` and `system root-authentication`.
    static func junos(_ w: [String]) -> AccountCommand? {
        let lower = w.map { $0.lowercased() }
        guard let verbIndex = lower.firstIndex(where: { ["set", "delete", "edit", "deactivate", "activate"].contains($0) }) else { return nil }
        let verb = lower[verbIndex]
        var j = verbIndex + 1
        // `set groups NAME system login …`
        if j + 1 < lower.count, lower[j] == "groups" { j += 2 }
        if j + 1 < lower.count, lower[j] == "system", lower[j + 1] == "root-authentication" {
            return AccountCommand(account: "root", action: .passwordChange, setsPassword: verb != "delete")
        }
        guard j + 3 < lower.count, lower[j] == "system", lower[j + 1] == "login", lower[j + 2] == "user" else { return nil }
        let name = w[j + 3]
        let rest = Array(lower[(j + 4)...])
        if verb == "delete" || verb == "deactivate" {
            if rest.isEmpty { return AccountCommand(account: name, action: .accountDelete) }
            if rest.first == "class" { return AccountCommand(account: name, action: .privilegeChange) }
            return AccountCommand(account: name, action: .accountCreateOrModify)
        }
        var privilege: AccountPrivilege?
        if let c = rest.firstIndex(of: "class"), c + 1 < rest.count { privilege = AccountPrivilege(role: w[j + 4 + c + 1]) }
        let setsPassword = rest.contains("authentication") && rest.contains(where: { $0.contains("password") })
        if privilege == nil, setsPassword { return AccountCommand(account: name, action: .passwordChange, setsPassword: true) }
        return AccountCommand(account: name, action: .accountCreateOrModify, privilege: privilege, setsPassword: setsPassword)
    }

    /// PAN-OS `set|delete mgt-config users NAME …`.
    static func panOS(_ w: [String]) -> AccountCommand? {
        let lower = w.map { $0.lowercased() }
        guard let m = lower.firstIndex(of: "mgt-config"), m + 2 < lower.count, lower[m + 1] == "users" else { return nil }
        let verb = m > 0 ? lower[m - 1] : "set"
        let name = w[m + 2]
        let rest = Array(lower[(m + 3)...])
        if verb == "delete" {
            return rest.isEmpty ? AccountCommand(account: name, action: .accountDelete) : AccountCommand(account: name, action: .privilegeChange)
        }
        let privilege = panRole(rest, original: Array(w[(m + 3)...]))
        let setsPassword = rest.contains("phash") || rest.contains("password")
        if privilege == nil, setsPassword { return AccountCommand(account: name, action: .passwordChange, setsPassword: true) }
        return AccountCommand(account: name, action: .accountCreateOrModify, privilege: privilege, setsPassword: setsPassword)
    }

    /// `permissions role-based superuser yes`, `… custom profile P`, `… deviceadmin …`.
    static func panRole(_ lower: [String], original: [String]) -> AccountPrivilege? {
        guard let r = lower.firstIndex(of: "role-based"), r + 1 < lower.count else { return nil }
        let kind = lower[r + 1]
        if kind == "custom", let p = lower.firstIndex(of: "profile"), p + 1 < original.count {
            return AccountPrivilege(role: original[p + 1])
        }
        if r + 2 < lower.count, lower[r + 2] == "no" { return nil }
        return AccountPrivilege(role: original[r + 1])
    }

    /// FortiOS `config system admin` / `config user local` blocks folded into one text.
    static func fortiOS(_ statements: [Substring]) -> AccountCommand? {
        var inAccounts = false
        var current: AccountCommand?
        for s in statements {
            let w = tokens(s)
            let lower = w.map { $0.lowercased() }
            guard let first = lower.first else { continue }
            switch first {
            case "config":
                inAccounts = lower.count >= 3 && ((lower[1] == "system" && lower[2] == "admin") || (lower[1] == "user" && lower[2] == "local"))
            case "edit" where inAccounts && w.count >= 2:
                if let c = current { return c }
                current = AccountCommand(account: w[1], action: .accountCreateOrModify)
            case "delete" where inAccounts && w.count >= 2:
                if let c = current { return c }
                return AccountCommand(account: w[1], action: .accountDelete)
            case "set" where current != nil && w.count >= 2:
                switch lower[1] {
                case "accprofile": if w.count >= 3 { current?.privilege = AccountPrivilege(role: w[2]) }
                case "password", "passwd": current?.setsPassword = true
                default: break
                }
            case "next", "end":
                if let c = current { return finish(c) }
            default: break
            }
        }
        return current.map(finish)
    }

    static func finish(_ c: AccountCommand) -> AccountCommand {
        var c = c
        if c.privilege == nil, c.setsPassword { c.action = .passwordChange }
        return c
    }
}
