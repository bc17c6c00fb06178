/// One object of a bundle: parsed from its byte range, hashed, and indexed.
enum ObjectParser {
    enum Result: Sendable {
        /// The object, the links it carries, and its tree when it is the release's collection.
        case object(AttackObject, [ObjectLink], collection: JSONNode?)
        case problem(BundleProblem)
        /// Not JSON: the whole bundle is refused.
        case invalid(JSONSyntaxError)
    }

    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, index: Int, file: String) -> Result {
        var p = JSONParser(bytes, position: range.lowerBound)
        let node: JSONNode
        do throws(JSONSyntaxError) {
            node = try p.value()
        } catch {
            return .invalid(error)
        }
        guard node.members != nil else {
            return .problem(BundleProblem(file: file, index: index, offset: range.lowerBound, reason: "not a JSON object"))
        }
        guard let id = node["id"]?.string, let typeName = node["type"]?.string else {
            return .problem(BundleProblem(file: file, index: index, offset: range.lowerBound, reason: "no string id and type"))
        }
        let type = ObjectType(typeName)
        let rawBytes = UnsafeBufferPointer(rebasing: bytes[range])
        let raw = String(decoding: rawBytes, as: UTF8.self)
        let object = AttackObject(
            stixID: id, type: type, attackID: attackID(node, type: type), name: node["name"]?.string,
            modified: node["modified"]?.string, version: node["x_mitre_version"]?.string,
            deprecated: node["x_mitre_deprecated"]?.bool ?? false, revoked: node["revoked"]?.bool ?? false,
            hash: ContentHash(of: node), raw: raw,
            rawDigest: SHA256.hex(UnsafeRawBufferPointer(rawBytes)))
        return .object(object, links(node, id: id, type: type), collection: type == .collection ? node : nil)
    }

    /// The ATT&CK id: the `external_id` of the `mitre-attack` external reference; for ATT&CK's
    /// own object types, failing that, the first external id they carry.
    static func attackID(_ node: JSONNode, type: ObjectType) -> String? {
        let refs = node["external_references"]?.array ?? []
        if let id = refs.first(where: { $0["source_name"]?.string == "mitre-attack" })?["external_id"]?.string {
            return id
        }
        guard type.rawValue.hasPrefix("x-mitre-") else { return nil }
        return refs.lazy.compactMap { $0["external_id"]?.string }.first
    }

    static func links(_ node: JSONNode, id: String, type: ObjectType) -> [ObjectLink] {
        switch type {
        case .relationship:
            guard let source = node["source_ref"]?.string, let target = node["target_ref"]?.string,
                  let kind = node["relationship_type"]?.string else { return [] }
            return [ObjectLink(source: source, kind: LinkKind(kind), target: target, via: id)]
        case .detectionStrategy:
            return node["x_mitre_analytic_refs"]?.strings.map { ObjectLink(source: id, kind: .analyticRef, target: $0) } ?? []
        case .analytic:
            var seen: Set<String> = []
            return (node["x_mitre_log_source_references"]?.array ?? []).compactMap {
                guard let dc = $0["x_mitre_data_component_ref"]?.string, seen.insert(dc).inserted else { return nil }
                return ObjectLink(source: id, kind: .logSourceRef, target: dc)
            }
        case .dataComponent:
            return node["x_mitre_data_source_ref"]?.string.map { [ObjectLink(source: id, kind: .dataSourceRef, target: $0)] } ?? []
        default:
            return []
        }
    }
}
