import VigilCore

/// Decides which platform wrote a framed message, from markers each vendor always writes, so a
/// message meets one vendor parser rather than every parser in turn.
enum VendorClassifier {
    /// Junos daemons whose tag marks a Junos record even without a Junos message id.
    static let junosDaemons: Set<String> = ["mgd", "jsd", "rpd", "mib2d", "chassisd", "eswd", "dcd", "cosd", "pfed", "l2ald", "snmpd", "alarmd", "craftd", "dfwd", "kmd", "jdhcpd", "mcsnoopd"]
    /// Arista EOS agents seen as tags before `%` messages.
    static let eosAgents: Set<String> = ["Aaa", "ConfigAgent", "FastCapi", "Capi", "CapiApp", "Ebra", "Rib", "Bgp", "Stp", "Lag", "Lldp", "Sysdb", "ProcMgr", "ProcMgr-worker", "ProcMgr-master", "SuperServer", "Acl", "Launcher", "EventMgr", "Fhrp", "Ira", "Mlag", "Ospf", "Isis", "Fru", "Xcvr", "Sand", "Strata", "PhyEthtool", "Tunnel", "Snmp", "Agent", "Cli", "Smbus", "Thermostat", "PowerManager", "Lldp", "Dhcp", "StpTopology", "Arp", "Vrrp", "PimBsr", "Igmp"]
    static let nxosFacilities: Set<String> = ["ACCOUNTING", "VSHD", "L2FM", "MODULE", "SYSMGR", "DAEMON", "ETHPORT", "ETH_PORT_CHANNEL", "VPC", "AUTHPRIV", "USER", "VDC_MGR", "PLATFORM", "SYSLOG_LOG"]
    static let asaFacilities: Set<String> = ["ASA", "FTD", "PIX", "FWSM"]
    static let panTypes: Set<String> = ["TRAFFIC", "THREAT", "CONFIG", "SYSTEM", "HIPMATCH", "USERID", "GLOBALPROTECT", "DECRYPTION", "AUTHENTICATION", "TUNNEL", "CORRELATION", "SCTP", "IPTAG", "GTP", "AUDIT"]

    /// The platform, and the Cisco message id when there is one.
    static func classify(_ m: SyslogMessage) -> (DeviceOS, CiscoMnemonic?) {
        let text = Substring(m.message)
        if isTACACSServer(m) { return (.tacacs, nil) }
        if m.structuredData.keys.contains(where: { $0.hasPrefix("junos@") }) { return (.juniperJunos, nil) }
        if isFortiOS(text) { return (.fortiOS, nil) }
        if isPANOS(text) { return (.panOS, nil) }
        if let mn = CiscoMnemonic.find(in: text) {
            let facility = String(mn.facility)
            if asaFacilities.contains(facility) { return (.ciscoASA, mn) }
            if mn.spacedColon || facility.hasPrefix("MGBL") || (m.procID != nil && m.appName != nil) { return (.ciscoIOSXR, mn) }
            if let app = m.appName, eosAgents.contains(app) || (m.timestamp != nil && app.first?.isUppercase == true && !facility.hasPrefix("SEC_LOGIN")) {
                return (.aristaEOS, mn)
            }
            if nxosFacilities.contains(facility) {
                return (.ciscoNXOS, mn)
            }
            return (.ciscoIOS, mn)
        }
        if let app = m.appName, junosDaemons.contains(app) || app.hasPrefix("RT_") { return (.juniperJunos, nil) }
        if let id = m.msgID, id.hasPrefix("UI_") || id.hasPrefix("RT_") { return (.juniperJunos, nil) }
        if m.appName != nil, startsWithJunosID(text) { return (.juniperJunos, nil) }
        return (.unknown, nil)
    }

    /// tac_plus records, and Cisco ISE / ACS syslog categories (`CISE_…`, `CSCOacs_…`), which a
    /// relay may push behind a second header.
    static func isTACACSServer(_ m: SyslogMessage) -> Bool {
        if let app = m.appName, isTACPlusName(app) { return true }
        return isISEOrACS(m)
    }

    /// `tac_plus…`, `tacacs` or `tacacs+`, in any case: ASCII compared byte by byte; a name with
    /// other text is lower-cased as Swift does.
    static func isTACPlusName(_ app: String) -> Bool {
        guard app.isASCIIBytes else {
            let app = app.lowercased()
            return app.hasPrefix("tac_plus") || app == "tacacs" || app == "tacacs+"
        }
        let u = app.utf8
        return u.hasASCIIPrefixIgnoringCase("tac_plus") || u.equalsASCIIIgnoringCase("tacacs") || u.equalsASCIIIgnoringCase("tacacs+")
    }

    /// Whether an ISE or ACS category names the record (in the text, or read as the tag when
    /// ACS writes `CSCOacs_…:`).
    static func isISEOrACS(_ m: SyslogMessage) -> Bool {
        if let app = m.appName, startsWithCategory(app) { return true }
        if let host = m.hostname, startsWithCategory(host) { return true }
        // The first 96 characters: 96 bytes when they and the byte after them are ASCII with no
        // carriage return (which joins the next byte into one character); else as Swift counts.
        let u = m.message.utf8
        let end = min(u.count, 97)
        let plain = u.withContiguousStorageIfAvailable { b in !b[..<end].contains { $0 >= 0x80 || $0 == UInt8(ascii: "\r") } } ?? false
        let head = plain ? Substring(u.prefix(96)) : m.message.prefix(96)
        return startsWithCategory(head) || head.includes(" CISE_") || head.includes(" CSCOacs_")
    }

    /// `CISE_…` or `CSCOacs_…` at the start, as `hasPrefix` says: a byte match is that unless a
    /// byte that is not ASCII follows (it could join the `_` into another character).
    static func startsWithCategory(_ text: some StringProtocol) -> Bool {
        let u = text.utf8
        for word: StaticString in ["CISE_", "CSCOacs_"] {
            let n = word.utf8CodeUnitCount
            guard u.count >= n, u.prefix(n).elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: n)) else { continue }
            if u.count == n || u[u.index(u.startIndex, offsetBy: n)] < 0x80 { return true }
            return text.hasPrefix(String(describing: word))
        }
        return false
    }

    /// The reading ``isTACACSServer(_:)`` replaced (characters, lower-cased copies, a copy of
    /// the first 96 characters, twice), kept for the differential test.
    static func isTACACSServerCharacters(_ m: SyslogMessage, _ text: Substring) -> Bool {
        if let app = m.appName?.lowercased(), app.hasPrefix("tac_plus") || app == "tacacs" || app == "tacacs+" { return true }
        let names = [m.appName, m.hostname].compactMap { $0 }
        if names.contains(where: { $0.hasPrefix("CISE_") || $0.hasPrefix("CSCOacs_") }) { return true }
        let inner = m.message.prefix(96)
        if inner.hasPrefix("CISE_") || inner.hasPrefix("CSCOacs_") || inner.includes(" CISE_") || inner.includes(" CSCOacs_") { return true }
        let head = text.prefix(96)
        return head.hasPrefix("CISE_") || head.hasPrefix("CSCOacs_") || head.includes(" CISE_") || head.includes(" CSCOacs_")
            || (m.hostname?.hasPrefix("CISE_") ?? false) || (m.hostname?.hasPrefix("CSCOacs_") ?? false)
    }

    /// The reading ``isISEOrACS(_:)`` replaced, kept for the differential test.
    static func isISEOrACSCharacters(_ m: SyslogMessage) -> Bool {
        let names = [m.appName, m.hostname].compactMap { $0 }
        if names.contains(where: { $0.hasPrefix("CISE_") || $0.hasPrefix("CSCOacs_") }) { return true }
        let head = m.message.prefix(96)
        return head.hasPrefix("CISE_") || head.hasPrefix("CSCOacs_") || head.includes(" CISE_") || head.includes(" CSCOacs_")
    }

    /// FortiOS key=value logs: `logid=` with `devid=`/`devname=` near the start.
    static func isFortiOS(_ text: Substring) -> Bool {
        let head = text.prefix(400)
        return head.includes("logid=") && (head.includes("devid=") || head.includes("devname="))
    }

    /// PAN-OS CSV: `FUTURE_USE,YYYY/MM/DD hh:mm:ss,SERIAL,TYPE,`.
    static func isPANOS(_ text: Substring) -> Bool {
        // Digits, then a comma: rejects everything else before splitting anything.
        let u = text.utf8
        guard let first = u.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") else { return false }
        guard u.first(where: { $0 < UInt8(ascii: "0") || $0 > UInt8(ascii: "9") }) == UInt8(ascii: ",") else { return false }
        let fields = text.prefix(160).split(separator: ",", maxSplits: 4, omittingEmptySubsequences: false)
        guard fields.count >= 5, fields[0].allSatisfy(\.isASCIIDigit), fields[1].count >= 19 else { return false }
        let date = fields[1].utf8
        guard date.count >= 10, Array(date)[4] == UInt8(ascii: "/") else { return false }
        return panTypes.contains(String(fields[3]))
    }

    /// `UI_CMDLINE_READ_LINE: …`: an upper-snake id and a colon.
    static func startsWithJunosID(_ text: Substring) -> Bool {
        let id = text.prefix(while: { $0.isUppercase || $0.isNumber || $0 == "_" })
        return id.count >= 4 && id.includes("_") && text.dropFirst(id.count).first == ":"
    }
}
