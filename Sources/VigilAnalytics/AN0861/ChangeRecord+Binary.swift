import VigilCore
#if canImport(Glibc)
import Glibc
#endif

/// A compact binary form of change records, for scans that hold more changes than they keep in
/// memory: each worker writes its changes in sorted runs to disk, and the evaluation reads the
/// runs back merged. Not a storage format: a run lives only as long as the scan that wrote it.
///
/// Layout: per record, a 4-byte little-endian length, then the fields in declaration order —
/// strings as LEB128 (length << 1) and UTF-8 bytes, or within a run as LEB128 (index << 1 | 1), a
/// back-reference to a text the run already holds; optionals as a presence byte, integers as
/// LEB128 (zig-zag for signed values), enumerations as the index of their case.
public enum ChangeRecordCoding {
    /// The texts of one run, for back-references: a text that repeats (a file, a principal, a
    /// user agent, longer than 15 bytes) is written once per run and referred to by its index
    /// after that. One per run, used from its first record to its last, on both sides.
    public final class Run {
        /// Writing: texts already written, by the address of their storage. The records being
        /// written must stay alive until the run is done (equal addresses are then equal texts).
        var written: [UInt: UInt32] = [:]
        var count: UInt32 = 0
        /// Reading: texts read so far, by index.
        var read: [String] = []

        public init() {}
    }

    /// Appends `record` to `out`; within `run`, repeated texts become back-references.
    public static func encode(_ record: ChangeRecord, into out: inout [UInt8], run: Run? = nil) {
        let start = out.count
        out.append(contentsOf: [0, 0, 0, 0])
        var w = Writer(out: out, run: run)
        out = []  // the writer holds the only reference, so appending does not copy
        defer { out = w.out }
        let e = record.evidence
        w.optional(e.eventID, shared: false)
        w.signed(e.time.milliseconds)
        w.string(e.service)
        w.string(e.operation)
        w.optional(e.source)
        w.optional(e.userAgent)
        w.optional(e.account)
        w.optional(e.region)
        w.optional(e.errorCode)
        w.string(e.raw.file)
        w.signed(e.raw.offset)
        w.signed(Int64(e.raw.line ?? -1))
        w.signed(Int64(e.raw.index))
        // The raw reference's event id is almost always the evidence's own: 2 says "the same".
        if e.raw.eventID != nil, e.raw.eventID == e.eventID { w.out.append(2) } else { w.optional(e.raw.eventID, shared: false) }
        w.unsigned(UInt64(record.kind.rawValue))
        w.optional(record.principal.account)
        w.string(record.principal.name)
        w.string(record.summary.name)
        w.unsigned(UInt64(principalTypes.firstIndex(of: record.summary.type)!))
        w.optional(record.summary.arn)
        w.optional(record.summary.account)
        w.unsigned(UInt64(providers.firstIndex(of: record.provider)!))
        w.optional(record.network)
        w.string(record.client)
        w.unsigned(UInt64(record.resources.count))
        for r in record.resources { w.resource(r) }
        w.unsigned(UInt64(record.exposures.count))
        for x in record.exposures {
            w.resource(x.resource)
            switch x.grantee {
            case .everyone: w.unsigned(0)
            case .anyAuthenticated: w.unsigned(1)
            case .account(let s): w.unsigned(2); w.string(s)
            case .organization(let s): w.unsigned(3); w.string(s)
            case .member(let s): w.unsigned(4); w.string(s)
            case .linkHolder: w.unsigned(5)
            }
            w.string(x.permission)
            w.unsigned(x.added ? 1 : 0)
        }
        w.unsigned(record.succeeded ? 1 : 0)
        let length = UInt32(w.out.count - start - 4)
        for i in 0..<4 { w.out[start + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
    }

    /// The length of the record that starts at `bytes`' start, or nil when fewer than 4 bytes are there.
    public static func length(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 4 else { return nil }
        return (0..<4).reduce(0) { $0 | Int(bytes[$1]) << (8 * $1) }
    }

    /// Decodes one record's fields (the bytes after its length); nil when they do not form one.
    /// Texts that repeat across records (principals, services, files, clients) come from
    /// `strings` when given: one copy each, and equal texts compare by identity.
    /// Within `run`, back-references resolve to the run's earlier texts (records must then be
    /// decoded in the order they were written).
    public static func decode(_ bytes: UnsafeRawBufferPointer, strings: StringTable? = nil, run: Run? = nil) -> ChangeRecord? {
        var r = Reader(bytes: bytes, table: strings, run: run)
        guard let eventID = r.optional(shared: false), let millis = r.signed(), let service = r.string(), let operation = r.string(),
              let source = r.optional(), let userAgent = r.optional(), let account = r.optional(), let region = r.optional(),
              let errorCode = r.optional(), let file = r.string(), let offset = r.signed(), let line = r.signed(),
              let index = r.signed(), let rawID = r.optional(shared: false, same: eventID), let kindRaw = r.unsigned(),
              let kind = EventKind(rawValue: UInt16(truncatingIfNeeded: kindRaw)),
              let principalAccount = r.optional(), let principalName = r.string(), let summaryName = r.string(),
              let typeIndex = r.unsigned(), typeIndex < principalTypes.count, let arn = r.optional(),
              let summaryAccount = r.optional(), let providerIndex = r.unsigned(), providerIndex < providers.count,
              let network = r.optional(), let client = r.string(), let resourceCount = r.unsigned(), resourceCount <= bytes.count
        else { return nil }
        var resources: [Resource] = []
        resources.reserveCapacity(Int(resourceCount))
        for _ in 0..<resourceCount {
            guard let res = r.resource() else { return nil }
            resources.append(res)
        }
        guard let exposureCount = r.unsigned(), exposureCount <= bytes.count else { return nil }
        var exposures: [Exposure] = []
        for _ in 0..<exposureCount {
            guard let res = r.resource(), let tag = r.unsigned() else { return nil }
            let grantee: Exposure.Grantee
            switch tag {
            case 0: grantee = .everyone
            case 1: grantee = .anyAuthenticated
            case 2: guard let s = r.string() else { return nil }; grantee = .account(s)
            case 3: guard let s = r.string() else { return nil }; grantee = .organization(s)
            case 4: guard let s = r.string() else { return nil }; grantee = .member(s)
            case 5: grantee = .linkHolder
            default: return nil
            }
            guard let permission = r.string(), let added = r.unsigned() else { return nil }
            exposures.append(Exposure(resource: res, grantee: grantee, permission: permission, added: added == 1))
        }
        guard let succeeded = r.unsigned(), r.position == bytes.count else { return nil }
        let raw = RawRef(file: file, offset: offset, line: line < 0 ? nil : Int(line), index: Int(index), eventID: rawID)
        let evidence = Evidence(eventID: eventID, time: Timestamp(milliseconds: millis), service: service, operation: operation,
                                source: source, userAgent: userAgent, account: account, region: region, errorCode: errorCode, raw: raw)
        let summary = PrincipalSummary(name: summaryName, type: principalTypes[Int(typeIndex)], arn: arn, account: summaryAccount)
        let provider = providers[Int(providerIndex)]
        return ChangeRecord(evidence: evidence, kind: kind, principal: PrincipalKey(account: principalAccount, name: principalName),
                            summary: summary, provider: provider, network: network, client: client, resources: resources,
                            exposures: exposures, succeeded: succeeded == 1)
    }

    // Enumerations by their place among their cases (a run is read back by the program that wrote it).
    private static let principalTypes = PrincipalType.allCases
    private static let providers = CloudProvider.allCases
    private static let resourceTypes = ResourceType.allCases

    private struct Writer {
        var out: [UInt8]
        let run: Run?

        mutating func unsigned(_ v: UInt64) {
            var v = v
            while v >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }

        mutating func signed(_ v: Int64) { unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

        /// `shared`: a text that may repeat (a back-reference is possible); false for ids.
        mutating func string(_ s: String, shared: Bool = true) {
            var s = s
            // Only a text stored contiguously has an address of its own (withUTF8 would copy any
            // other into a temporary buffer whose address a later text could reuse).
            let stored = s.isContiguousUTF8
            s.withUTF8 { u in
                if shared, u.count > 15, let run {
                    // Every such text takes the next index, as the reader counts them.
                    if stored {
                        let key = UInt(bitPattern: u.baseAddress)
                        if let index = run.written[key] {
                            unsigned(UInt64(index) << 1 | 1)
                            return
                        }
                        run.written[key] = run.count
                    }
                    run.count += 1
                }
                unsigned(UInt64(u.count) << 1)
                out.append(contentsOf: u)
            }
        }

        /// A presence byte (0 absent, 1 present), then the string.
        mutating func optional(_ s: String?, shared: Bool = true) {
            if let s {
                out.append(1)
                string(s, shared: shared)
            } else {
                out.append(0)
            }
        }

        mutating func resource(_ r: Resource) {
            unsigned(UInt64(ChangeRecordCoding.resourceTypes.firstIndex(of: r.type)!))
            string(r.id, shared: false)
        }
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        let table: StringTable?
        let run: Run?
        var position = 0

        init(bytes: UnsafeRawBufferPointer, table: StringTable?, run: Run?) {
            self.bytes = bytes
            self.table = table
            self.run = run
        }

        mutating func unsigned() -> UInt64? {
            var v: UInt64 = 0
            var shift: UInt64 = 0
            while position < bytes.count, shift < 64 {
                let b = bytes[position]
                position += 1
                v |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return v }
                shift += 7
            }
            return nil
        }

        mutating func signed() -> Int64? {
            guard let u = unsigned() else { return nil }
            return Int64(bitPattern: (u >> 1) ^ (0 &- (u & 1)))
        }

        mutating func string(shared: Bool = true) -> String? {
            guard let tagged = unsigned() else { return nil }
            if tagged & 1 == 1 {
                guard shared, let run, tagged >> 1 < UInt64(run.read.count) else { return nil }
                return run.read[Int(tagged >> 1)]
            }
            let n = tagged >> 1
            guard n <= UInt64(bytes.count - position) else { return nil }
            let text = UnsafeRawBufferPointer(rebasing: bytes[position..<position + Int(n)])
            position += Int(n)
            guard shared else { return String(decoding: text, as: UTF8.self) }
            let s = table.map { $0.string(text) } ?? String(decoding: text, as: UTF8.self)
            if n > 15, let run { run.read.append(s) }
            return s
        }

        /// `.some(nil)` for an absent value, nil when the bytes are not a presence byte and string.
        mutating func optional(shared: Bool = true, same: String? = nil) -> String?? {
            guard position < bytes.count else { return nil }
            let present = bytes[position]
            position += 1
            switch present {
            case 0: return .some(nil)
            case 1: return string(shared: shared).map { .some($0) }
            case 2 where same != nil: return .some(same)
            default: return nil
            }
        }

        mutating func resource() -> Resource? {
            guard let t = unsigned(), t < ChangeRecordCoding.resourceTypes.count, let id = string(shared: false) else { return nil }
            return Resource(type: ChangeRecordCoding.resourceTypes[Int(t)], id: id)
        }
    }
}

/// One copy of each repeated text, found by its bytes (bounded: beyond `capacity` texts, new ones
/// are made afresh). Not thread-safe: one per reading thread.
public final class StringTable {
    private var table: [UInt64: String] = [:]
    private let capacity: Int

    /// A table of at most `capacity` texts.
    public init(capacity: Int = 1 << 16) { self.capacity = capacity }

    /// The text of `bytes` (UTF-8).
    public func string(_ bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.count > 15 else { return String(decoding: bytes, as: UTF8.self) }  // small texts are stored inline anyway
        // 8 bytes at a time, each word multiplied in (the table checks the bytes on a hit).
        var h = UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15
        var i = 0
        while i + 8 <= bytes.count {
            h = (h ^ bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
            h ^= h >> 29
            i += 8
        }
        while i < bytes.count {
            h = (h ^ UInt64(bytes[i])) &* 0x94D0_49BB_1331_11EB
            i += 1
        }
        if let known = table[h] {
            var k = known
            if k.withUTF8({ $0.count == bytes.count && memcmp($0.baseAddress!, bytes.baseAddress!, bytes.count) == 0 }) { return known }
            return String(decoding: bytes, as: UTF8.self)
        }
        let s = String(decoding: bytes, as: UTF8.self)
        if table.count < capacity { table[h] = s }
        return s
    }
}
