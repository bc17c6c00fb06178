/// Typed readings of the ATT&CK-specific properties `vigil attack show` presents, taken from an
/// object's stored JSON.
public enum STIXFields {
    /// One of an analytic's `x_mitre_log_source_references`: a data component, and the log
    /// source and channel ATT&CK names for it.
    public struct LogSourceReference: Sendable, Codable, Hashable {
        /// `x_mitre_data_component_ref` (a STIX id).
        public var dataComponentRef: String?
        /// The log source as ATT&CK names it (`AWS:CloudTrail`, `networkdevice:syslog`).
        public var name: String
        /// The channel: an event name or message pattern (`RunInstances`, `username <user> privilege <level>`).
        public var channel: String?
        /// A reference.
        public init(dataComponentRef: String?, name: String, channel: String?) {
            self.dataComponentRef = dataComponentRef
            self.name = name
            self.channel = channel
        }
    }

    /// One of an analytic's `x_mitre_mutable_elements`: a knob a defender tunes.
    public struct MutableElement: Sendable, Codable, Hashable {
        /// `field` (`ChangeWindow`).
        public var field: String
        /// `description`.
        public var description: String
        /// An element.
        public init(field: String, description: String) {
            self.field = field
            self.description = description
        }
    }

    /// `x_mitre_log_source_references` (analytics), in order.
    public static func logSourceReferences(_ o: JSONNode) -> [LogSourceReference] {
        (o["x_mitre_log_source_references"]?.array ?? []).compactMap {
            guard let name = $0["name"]?.string else { return nil }
            return LogSourceReference(dataComponentRef: $0["x_mitre_data_component_ref"]?.string, name: name, channel: $0["channel"]?.string)
        }
    }

    /// `x_mitre_log_sources` (data components): the log sources a data component is seen in.
    public static func dataComponentLogSources(_ o: JSONNode) -> [LogSourceReference] {
        (o["x_mitre_log_sources"]?.array ?? []).compactMap {
            guard let name = $0["name"]?.string else { return nil }
            return LogSourceReference(dataComponentRef: nil, name: name, channel: $0["channel"]?.string)
        }
    }

    /// `x_mitre_mutable_elements` (analytics), in order.
    public static func mutableElements(_ o: JSONNode) -> [MutableElement] {
        (o["x_mitre_mutable_elements"]?.array ?? []).compactMap {
            guard let field = $0["field"]?.string else { return nil }
            return MutableElement(field: field, description: $0["description"]?.string ?? "")
        }
    }

    /// `x_mitre_platforms`.
    public static func platforms(_ o: JSONNode) -> [String] { o["x_mitre_platforms"]?.strings ?? [] }

    /// The ATT&CK tactic short names of a technique's `kill_chain_phases` (`defense-evasion`).
    public static func tacticShortNames(_ o: JSONNode) -> [String] {
        (o["kill_chain_phases"]?.array ?? []).compactMap {
            $0["kill_chain_name"]?.string == "mitre-attack" ? $0["phase_name"]?.string : nil
        }
    }

    /// The URL of the object's `mitre-attack` external reference.
    public static func url(_ o: JSONNode) -> String? {
        o["external_references"]?.array?.first { $0["source_name"]?.string == "mitre-attack" }?["url"]?.string
    }
}
