import VigilCore
import VigilGeo

/// Country and autonomous system of source networks, from the configured MaxMind databases
/// (`GeoLocation.databases`): a City or Country database gives the country, an ASN database the
/// AS; several are consulted in order, the first answer winning.
struct GeoLocator: Sendable {
    let databases: [GeoDatabase]

    /// Opens every database; the first that cannot be read is the error.
    init(paths: [String]) throws(GeoError) {
        var out: [GeoDatabase] = []
        for p in paths { out.append(try GeoDatabase(path: p)) }
        databases = out
    }

    /// The place of a source network as baselines name it (`198.51.100.0/24`, judged by its first
    /// address); nil parts when no database knows, or the source is a name, not an address.
    func place(ofNetwork text: String) -> (country: String?, asn: String?) {
        guard let network = IPNetwork(text) else { return (nil, nil) }
        var country: String?, asn: String?
        for db in databases {
            guard let info = db.lookup(network.address) else { continue }
            if country == nil { country = info.country }
            if asn == nil, let n = info.asn { asn = "AS\(n)" + (info.asOrganization.map { " \($0)" } ?? "") }
        }
        return (country, asn)
    }
}
