public import VigilCore
import CMaxMindDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An open MaxMind DB file (`.mmdb`: GeoLite2/GeoIP2 ASN, City or Country, or any database using
/// the same field names), read with libmaxminddb.
///
/// The file is memory-mapped once in `init` and unmapped when the value goes away.
///
/// ## Why `@unchecked Sendable` is safe
/// The `MMDB_s` that `MMDB_open` fills (opened with `MMDB_MODE_MMAP`: the file is mapped read-only)
/// is never written again after `init` returns. Lookups and value reads take it as
/// `const MMDB_s *`, keep their state on the caller's stack and only read the mapping, and
/// libmaxminddb(3) declares the library thread-safe with a thread-safe `malloc`/`free` (glibc's
/// and Darwin's are), so concurrent lookups on one shared `MMDB_s` are safe. The only mutation,
/// `MMDB_close`, happens in `deinit`, when no other reference — and so no lookup in flight — can
/// exist. The C lookup paths (`LookupPath`) are built once per process and only read afterwards.
public final class GeoDatabase: @unchecked Sendable {
    /// The path the database was opened from.
    public let path: String
    /// What the database says about itself.
    public let metadata: GeoMetadata

    /// Heap-allocated so its address is stable: entries returned by lookups point back at it.
    private let mmdb: UnsafeMutablePointer<MMDB_s>

    /// Opens and memory-maps the database at `path`.
    ///
    /// - Throws: `GeoError` naming the file and libmaxminddb's reason when the file is missing,
    ///   unreadable, or not a valid MaxMind DB (e.g. truncated: no metadata marker).
    public init(path: String) throws(GeoError) {
        self.path = path
        let db = UnsafeMutablePointer<MMDB_s>.allocate(capacity: 1)
        db.initialize(to: MMDB_s())
        errno = 0
        let status = MMDB_open(path, UInt32(MMDB_MODE_MMAP), db)
        let savedErrno = errno
        guard status == MMDB_SUCCESS else {
            // MMDB_open releases what it allocated before returning an error.
            db.deinitialize(count: 1)
            db.deallocate()
            var message = String(cString: MMDB_strerror(status))
            if (status == MMDB_FILE_OPEN_ERROR || status == MMDB_IO_ERROR), savedErrno != 0 {
                message += ": " + String(cString: strerror(savedErrno))
            }
            throw GeoError(path: path, code: status, message: message)
        }
        mmdb = db
        metadata = GeoMetadata(db.pointee.metadata)
    }

    deinit {
        MMDB_close(mmdb)
        mmdb.deinitialize(count: 1)
        mmdb.deallocate()
    }

    /// What the database knows about `ip`, or nil when the address is in no network of the
    /// database (or the lookup failed; see ``checkedLookup(_:)`` to tell these apart).
    ///
    /// An IPv4 address in an IPv6 database is found where MaxMind stores IPv4 data (`::/96`).
    public func lookup(_ ip: IPAddress) -> GeoInfo? {
        (try? checkedLookup(ip)) ?? nil
    }

    /// Like ``lookup(_:)``, but a lookup error — a corrupt search tree or data section, or an IPv6
    /// address in an IPv4-only database — is thrown rather than read as "not found".
    public func checkedLookup(_ ip: IPAddress) throws(GeoError) -> GeoInfo? {
        var mmdbError: Int32 = MMDB_SUCCESS
        let result = Self.withSockaddr(ip) { MMDB_lookup_sockaddr(mmdb, $0, &mmdbError) }
        guard mmdbError == MMDB_SUCCESS else { throw error(mmdbError, ip) }
        guard result.found_entry else { return nil }
        var entry = result.entry

        var info = GeoInfo()
        info.asn = try unsigned(&entry, LookupPath.asn, ip).flatMap { UInt32(exactly: $0) }
        info.asOrganization = try string(&entry, LookupPath.asOrganization, ip)
        info.country = try string(&entry, LookupPath.country, ip)
        if info.country == nil { info.country = try string(&entry, LookupPath.registeredCountry, ip) }
        info.city = try string(&entry, LookupPath.city, ip)
        // libmaxminddb counts an IPv4 address's netmask in the IPv6 tree from the root (96 + n).
        info.prefixLength = ip.family == .v4 && metadata.ipVersion == 6 ? max(0, Int(result.netmask) - 96) : Int(result.netmask)
        return info
    }

    // MARK: - Reading values

    /// The value at `path` below `entry`, or nil when the path does not exist in this record.
    private func value(_ entry: inout MMDB_entry_s, _ path: LookupPath, _ ip: IPAddress) throws(GeoError) -> MMDB_entry_data_s? {
        var data = MMDB_entry_data_s()
        let status = MMDB_aget_value(&entry, &data, path.pointer)
        switch status {
        case MMDB_SUCCESS:
            return data.has_data ? data : nil
        case MMDB_LOOKUP_PATH_DOES_NOT_MATCH_DATA_ERROR, MMDB_INVALID_LOOKUP_PATH_ERROR:
            return nil  // e.g. `city` is not a map in this database: the field is simply absent
        default:
            throw error(status, ip)
        }
    }

    private func string(_ entry: inout MMDB_entry_s, _ path: LookupPath, _ ip: IPAddress) throws(GeoError) -> String? {
        guard let data = try value(&entry, path, ip), data.type == UInt32(MMDB_DATA_TYPE_UTF8_STRING),
              let chars = data.utf8_string else { return nil }
        // Strings in the data section are not NUL-terminated: the length is `data_size`.
        let bytes = UnsafeRawBufferPointer(start: chars, count: Int(data.data_size))
        return String(decoding: bytes, as: UTF8.self)
    }

    private func unsigned(_ entry: inout MMDB_entry_s, _ path: LookupPath, _ ip: IPAddress) throws(GeoError) -> UInt64? {
        guard let data = try value(&entry, path, ip) else { return nil }
        switch Int32(data.type) {
        case MMDB_DATA_TYPE_UINT16: return UInt64(data.uint16)
        case MMDB_DATA_TYPE_UINT32: return UInt64(data.uint32)
        case MMDB_DATA_TYPE_UINT64: return data.uint64
        case MMDB_DATA_TYPE_INT32: return data.int32 >= 0 ? UInt64(data.int32) : nil
        default: return nil
        }
    }

    private func error(_ status: Int32, _ ip: IPAddress) -> GeoError {
        GeoError(path: path, code: status, message: "looking up \(ip): " + String(cString: MMDB_strerror(status)))
    }

    /// Calls `body` with `ip` as a `sockaddr_in` (IPv4) or `sockaddr_in6` (IPv6).
    private static func withSockaddr<R>(_ ip: IPAddress, _ body: (UnsafePointer<sockaddr>) -> R) -> R {
        switch ip.family {
        case .v4:
            var sa = sockaddr_in()
            sa.sin_family = sa_family_t(AF_INET)
            withUnsafeMutableBytes(of: &sa.sin_addr) { raw in
                for i in 0..<4 { raw[i] = ip.bytes[12 + i] }  // network byte order, as stored
            }
            return withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
        case .v6:
            var sa = sockaddr_in6()
            sa.sin6_family = sa_family_t(AF_INET6)
            withUnsafeMutableBytes(of: &sa.sin6_addr) { raw in
                for i in 0..<16 { raw[i] = ip.bytes[i] }
            }
            return withUnsafePointer(to: &sa) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1, body) }
        }
    }
}

/// What a MaxMind database records for one address. Fields the database does not have are nil:
/// an ASN database fills `asn` and `asOrganization`, a City or Country database the others.
public struct GeoInfo: Hashable, Sendable {
    /// `autonomous_system_number`.
    public var asn: UInt32?
    /// `autonomous_system_organization`.
    public var asOrganization: String?
    /// ISO 3166-1 alpha-2 code: `country.iso_code`, or `registered_country.iso_code` when the
    /// record has no `country` (e.g. anycast or satellite networks).
    public var country: String?
    /// `city.names.en`.
    public var city: String?
    /// The prefix length of the block that matched, in the address's own family (0–32 for IPv4,
    /// 0–128 for IPv6). Where the database carved a more specific network out of a broader one,
    /// this is the largest block around the address that holds no more specific network (so it
    /// can be longer than the broader network's own prefix), as every MaxMind DB reader reports it.
    public var prefixLength: Int?

    /// Creates a value; every field defaults to nil.
    public init(asn: UInt32? = nil, asOrganization: String? = nil, country: String? = nil, city: String? = nil,
                prefixLength: Int? = nil) {
        self.asn = asn
        self.asOrganization = asOrganization
        self.country = country
        self.city = city
        self.prefixLength = prefixLength
    }
}

/// The metadata section of a MaxMind DB file.
public struct GeoMetadata: Hashable, Sendable {
    /// `database_type`, e.g. `GeoLite2-ASN` or `GeoIP2-City`.
    public var databaseType: String
    /// `build_epoch`: when the database was built, in seconds since 1970.
    public var buildEpoch: UInt64
    /// `ip_version`: 4 or 6 (an IPv6 database also answers IPv4 lookups).
    public var ipVersion: Int
    /// `node_count`: nodes in the search tree.
    public var nodeCount: UInt32
    /// `record_size`: bits per search-tree record (24, 28 or 32).
    public var recordSize: Int
    /// `binary_format_major_version` (2 for every current database).
    public var binaryFormatMajorVersion: Int
    /// `binary_format_minor_version`.
    public var binaryFormatMinorVersion: Int
    /// `languages`: locales the database has names in.
    public var languages: [String]
    /// `description`: locale → text.
    public var description: [String: String]

    init(_ m: MMDB_metadata_s) {
        databaseType = m.database_type.map { String(cString: $0) } ?? ""
        buildEpoch = m.build_epoch
        ipVersion = Int(m.ip_version)
        nodeCount = m.node_count
        recordSize = Int(m.record_size)
        binaryFormatMajorVersion = Int(m.binary_format_major_version)
        binaryFormatMinorVersion = Int(m.binary_format_minor_version)
        languages = (0..<m.languages.count).compactMap { i in m.languages.names[i].map { String(cString: $0) } }
        var d: [String: String] = [:]
        for i in 0..<m.description.count {
            guard let item = m.description.descriptions[i]?.pointee,
                  let lang = item.language, let text = item.description else { continue }
            d[String(cString: lang)] = String(cString: text)
        }
        description = d
    }
}

/// Opening or reading a MaxMind DB file failed.
public struct GeoError: Error, Sendable, CustomStringConvertible {
    /// The database file.
    public var path: String
    /// libmaxminddb's status code (`MMDB_*_ERROR`).
    public var code: Int32
    /// libmaxminddb's message, with the system's reason for an I/O failure.
    public var message: String

    /// Creates an error.
    public init(path: String, code: Int32, message: String) {
        self.path = path
        self.code = code
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// NULL-terminated arrays of C strings for `MMDB_aget_value`, built once per process and never
/// freed (a few bytes), then only read.
private struct LookupPath: @unchecked Sendable {
    let pointer: UnsafePointer<UnsafePointer<CChar>?>

    init(_ keys: String...) {
        let array = UnsafeMutablePointer<UnsafePointer<CChar>?>.allocate(capacity: keys.count + 1)
        for (i, key) in keys.enumerated() { array[i] = UnsafePointer(strdup(key)) }
        array[keys.count] = nil
        pointer = UnsafePointer(array)
    }

    static let asn = LookupPath("autonomous_system_number")
    static let asOrganization = LookupPath("autonomous_system_organization")
    static let country = LookupPath("country", "iso_code")
    static let registeredCountry = LookupPath("registered_country", "iso_code")
    static let city = LookupPath("city", "names", "en")
}
