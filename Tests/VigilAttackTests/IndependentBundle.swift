import Foundation
import VigilAttack
import VigilTestSupport

/// A bundle read without any of VigilAttack's code: gzip(1) to decompress, JSONSerialization to
/// parse. Tests compare what Vigil reports with what this reader finds in the same file.
struct IndependentBundle {
    let text: Data
    let objects: [[String: Any]]

    init(path: String) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: path))
        if data.starts(with: [0x1f, 0x8b]) { data = try Fixtures.gunzip(path) }
        text = data
        let bundle = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        objects = bundle?["objects"] as? [[String: Any]] ?? []
    }

    /// Objects per type.
    var countsByType: [String: Int] {
        objects.reduce(into: [:]) { $0[$1["type"] as? String ?? "?", default: 0] += 1 }
    }

    /// The object with this STIX id.
    func object(stixID: String) -> [String: Any]? {
        objects.first { $0["id"] as? String == stixID }
    }

    /// The (non-revoked) object with this ATT&CK id.
    func object(attackID: String) -> [String: Any]? {
        objects.first { o in
            (o["external_references"] as? [[String: Any]] ?? []).contains {
                $0["source_name"] as? String == "mitre-attack" && $0["external_id"] as? String == attackID
            } && o["revoked"] as? Bool != true
        }
    }

    func attackID(_ o: [String: Any]) -> String? {
        (o["external_references"] as? [[String: Any]] ?? []).first { $0["source_name"] as? String == "mitre-attack" }?["external_id"] as? String
    }

    /// SHA-256 of JSONSerialization's sorted-key, compact output: RFC 8785's form for data with
    /// ASCII keys and no numbers (ATT&CK's), written by an independent serialiser.
    static func canonicalHash(_ o: [String: Any]) throws -> String {
        SHA256.hex([UInt8](try JSONSerialization.data(withJSONObject: o, options: [.sortedKeys, .withoutEscapingSlashes])))
    }
}

/// The bundled ATT&CK fixtures.
enum AttackFixtures {
    static let v180 = Fixtures.path("attack/enterprise-attack-18.0-subset.json")
    static let v181 = Fixtures.path("attack/enterprise-attack-18.1-subset.json.gz")
    static let an0861 = "x-mitre-analytic--c9be9fb3-460f-42bc-9b56-3bb88839aeab"
    static let an1240 = "x-mitre-analytic--614594ba-9590-4fa9-871c-3e092882c74c"

    /// The shared full bundles, when this machine has them.
    static let dataDirectory = "/work/shared/data/attack"
    static var haveFullBundles: Bool {
        FileManager.default.fileExists(atPath: dataDirectory + "/enterprise-attack-18.1.json.gz")
    }
}

extension Dictionary where Key == String, Value == Any {
    /// Whether two JSON objects are equal as parsed JSON (NSDictionary equality of nested Swift
    /// values is unreliable on Linux, so values are compared here, recursively).
    func jsonEquals(_ other: [String: Any]) -> Bool {
        jsonValuesEqual(self, other)
    }
}

/// Equality of two values JSONSerialization produced.
func jsonValuesEqual(_ a: Any, _ b: Any) -> Bool {
    switch (a, b) {
    case (let x as [String: Any], let y as [String: Any]):
        return x.count == y.count && x.allSatisfy { k, v in y[k].map { jsonValuesEqual(v, $0) } ?? false }
    case (let x as [Any], let y as [Any]):
        return x.count == y.count && zip(x, y).allSatisfy { jsonValuesEqual($0, $1) }
    case (let x as String, let y as String):
        return x == y
    case (let x as NSNumber, let y as NSNumber):
        return x == y
    case (is NSNull, is NSNull):
        return true
    default:
        return false
    }
}
