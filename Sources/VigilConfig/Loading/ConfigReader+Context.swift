import Foundation
import VigilCore
import Yams

extension ConfigReader {
    /// Reads the whole document (nil: an empty file, which is an empty context).
    mutating func read(_ root: Node?) -> OrgContext {
        var context = OrgContext()
        guard let root, !root.isNull else { return context }
        guard let top = entries(root, "", known: ConfigSchema.top, nullIsEmpty: false) else { return context }

        // The default zone first: windows written before it still inherit it.
        var defaultZone = TimeZone(identifier: "UTC")!
        if let entry = top.first(where: { $0.key == "timezone" }), let (name, zone) = zone(entry.value, entry.path) {
            context.timeZone = name
            defaultZone = zone
        }
        for entry in top {
            switch entry.key {
            case "change_windows":
                context.changeWindows = changeWindows(entry.value, entry.path, defaultZone: defaultZone)
            case "automation_principals":
                context.automationPrincipals.formUnion(texts(entry.value, entry.path))
            case "administrators", "network_admins":
                context.administrators.formUnion(texts(entry.value, entry.path))
            case "management_networks":
                context.managementNetworks = networks(entry.value, entry.path)
            case "device_account_roster":
                context.deviceAccountRoster = roster(entry.value, entry.path)
            case "device_addresses":
                context.deviceAddresses = addresses(entry.value, entry.path)
            case "device_sites":
                for e in entries(entry.value, entry.path, known: nil) ?? [] {
                    if let site = text(e.value, e.path) { context.deviceSites[e.key] = site }
                }
            case "analytics":
                analytics(entry.value, entry.path, into: &context)
            case "serve":
                context.serve = serve(entry.value, entry.path)
            case "baseline_learning_days":
                if let days = learningDays(entry.value, entry.path) { context.baselineLearningDays = days }
            default:
                break  // `timezone`, read above
            }
        }
        return context
    }

    /// CIDR prefixes, such as `10.10.1.0/24` or `2001:db8::/48`; a bare address is a single host.
    /// Host bits after the prefix are a mistake (`10.10.1.5/24`), reported with the network meant.
    mutating func networks(_ node: Node, _ path: String) -> [IPNetwork] {
        (items(node, path) ?? []).compactMap { item in
            guard let text = text(item.node, item.path) else { return nil }
            guard let network = IPNetwork(text) else {
                fail(item.node, item.path, "'\(text)' is not a network (ADDRESS/PREFIX, e.g. 10.10.1.0/24)")
                return nil
            }
            if let address = text.split(separator: "/").first.flatMap({ IPAddress($0) }), address != network.address {
                fail(item.node, item.path, "'\(text)' has bits set after the prefix (did you mean \(network)?)")
                return nil
            }
            return network
        }
    }

    /// Device hostname → authorised local accounts.
    mutating func roster(_ node: Node, _ path: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        for entry in entries(node, path, known: nil) ?? [] {
            out[entry.key] = texts(entry.value, entry.path)
        }
        return out
    }

    /// Device hostname → management address.
    mutating func addresses(_ node: Node, _ path: String) -> [String: IPAddress] {
        var out: [String: IPAddress] = [:]
        for entry in entries(node, path, known: nil) ?? [] {
            guard let text = text(entry.value, entry.path) else { continue }
            guard let address = IPAddress(text) else {
                fail(entry.value, entry.path, "'\(text)' is not an IP address")
                continue
            }
            out[entry.key] = address
        }
        return out
    }

    /// A whole number of days, 0 or more.
    mutating func learningDays(_ node: Node, _ path: String) -> Int? {
        guard let text = text(node, path) else { return nil }
        guard let days = Int(text), days >= 0 else {
            fail(node, path, "'\(text)' is not a whole number of days (0 or more)")
            return nil
        }
        return days
    }
}
