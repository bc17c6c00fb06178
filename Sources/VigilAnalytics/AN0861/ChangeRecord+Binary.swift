public import VigilCore
#if canImport(Glibc)
import Glibc
#endif

/// A compact binary form of change records: each scan worker writes its changes as they are read
/// into a buffer, sorts them, and beyond a limit writes them to disk as a sorted run; the
/// evaluation reads every worker's runs back merged. Not a storage format: a run lives only as
/// long as the scan that wrote it.
///
/// Layout: per record, a 4-byte little-endian length, then the fields in declaration order —
/// texts as LEB128 (length << 1) and UTF-8 bytes, or as LEB128 (index << 1 | 1), a reference to
/// the writer's ``Texts`` (texts that repeat: files, principals, user agents, services);
/// optionals as a presence byte, integers as LEB128 (zig-zag for signed values), enumerations as
/// the index of their case. The event id comes first, after the time, so that records can be
/// ordered without decoding them.
public enum ChangeRecordCoding {
    /// The repeated texts one writer's records refer to: each written once, kept (and referred to
    /// by index) for as long as its records live. Bounded: beyond `capacity` texts, new ones are
    /// written into the records themselves.
    public final class Texts: @unchecked Sendable {
        // Safe: written by one worker while it reads, read by the evaluation only after that.
        /// The texts, by index.
        public private(set) var strings: [String] = []
        /// Texts by the address of their storage (the table keeps them alive, so an address stays
        /// theirs), and by value for texts that come in new storage each time.
        private var byAddress: [UInt: UInt32] = [:]
        private var byValue: [String: UInt32] = [:]
        private let capacity: Int

        public init(capacity: Int = 1 << 16) { self.capacity = capacity }

        /// The index of `s` (added if new); nil when the table is full or `s` is not stored
        /// contiguously (its address would not be its own).
        func index(_ s: String, stable: Bool) -> UInt32? {
            var s = s
            if stable, s.isContiguousUTF8, let key = s.withUTF8({ $0.baseAddress.map { UInt(bitPattern: $0) } }) {
                if let i = byAddress[key] { return i }
                guard strings.count < capacity else { return nil }
                let i = UInt32(strings.count)
                strings.append(s)
                byAddress[key] = i
                return i
            }
            if let i = byValue[s] { return i }
            guard strings.count < capacity else { return nil }
            let i = UInt32(strings.count)
            strings.append(s)
            byValue[s] = i
            return i
        }
    }

    /// Appends `record` to `out`; texts that repeat are referred to in `texts`, by value (a
    /// record's texts are its own copies).
    public static func encode(_ record: ChangeRecord, into out: inout [UInt8], texts: Texts? = nil) {
        var w = Writer(out: out, texts: texts, stable: false)
        out = []  // the writer holds the only reference, so appending does not copy
        defer { out = w.out }
        let e = record.evidence
        let start = w.begin()
        w.optional(e.eventID, shared: false)
        w.signed(e.time.milliseconds)
        w.text(e.service)
        w.text(e.operation)
        w.optional(e.source)
        w.optional(e.userAgent)
        w.optional(e.account)
        w.optional(e.region)
        w.optional(e.errorCode, shared: false)
        w.text(e.raw.file)
        w.signed(e.raw.offset)
        w.signed(Int64(e.raw.line ?? -1))
        w.signed(Int64(e.raw.index))
        // The raw reference's event id is almost always the evidence's own: 2 says "the same".
        if e.raw.eventID != nil, e.raw.eventID == e.eventID { w.out.append(2) } else { w.optional(e.raw.eventID, shared: false) }
        w.unsigned(UInt64(record.kind.rawValue))
        w.optional(record.principal.account)
        w.text(record.principal.name)
        w.text(record.summary.name)
        w.principalType(record.summary.type)
        w.optional(record.summary.arn)
        w.optional(record.summary.account)
        w.provider(record.provider)
        w.optional(record.network)
        w.text(record.client)
        w.unsigned(UInt64(record.resources.count))
        for r in record.resources { w.resource(r.type, r.id) }
        w.exposures(record.exposures)
        w.unsigned(record.succeeded ? 1 : 0)
        w.end(start)
    }

    /// The length of the record that starts at `bytes`' start, or nil when fewer than 4 bytes are there.
    public static func length(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard bytes.count >= 4 else { return nil }
        return Int(bytes.loadUnaligned(as: UInt32.self).littleEndian)
    }

    /// The time and event id of the record whose fields are `bytes` (the bytes after its length),
    /// for ordering records without decoding them; nil when the bytes do not start a record.
    public static func orderKey(_ bytes: UnsafeRawBufferPointer) -> (time: Int64, eventID: UnsafeRawBufferPointer?)? {
        var r = Reader(bytes: bytes, texts: [])
        guard r.position < bytes.count else { return nil }
        let present = bytes[r.position]
        r.position += 1
        var id: UnsafeRawBufferPointer?
        if present == 1 {
            guard let tagged = r.unsigned(), tagged & 1 == 0, tagged >> 1 <= UInt64(bytes.count - r.position) else { return nil }
            id = UnsafeRawBufferPointer(rebasing: bytes[r.position..<r.position + Int(tagged >> 1)])
            r.position += Int(tagged >> 1)
        } else if present != 0 {
            return nil
        }
        guard let t = r.signed() else { return nil }
        return (t, id)
    }

    /// Decodes one record's fields (the bytes after its length); nil when they do not form one.
    /// References resolve to `texts`, the writer's (``Texts/strings``); texts written in the
    /// record that repeat across records come from `strings` when given (one copy each).
    public static func decode(_ bytes: UnsafeRawBufferPointer, texts: [String] = [], strings: StringTable? = nil) -> ChangeRecord? {
        var r = Reader(bytes: bytes, texts: texts, table: strings)
        guard let eventID = r.optional(shared: false), let millis = r.signed(), let service = r.string(), let operation = r.string(),
              let source = r.optional(), let userAgent = r.optional(), let account = r.optional(), let region = r.optional(),
              let errorCode = r.optional(shared: false), let file = r.string(), let offset = r.signed(), let line = r.signed(),
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
    static let principalTypes = PrincipalType.allCases
    static let providers = CloudProvider.allCases
    static let resourceTypes = ResourceType.allCases

    /// Writes records field by field, in ``decode(_:texts:strings:)``'s order: for callers that
    /// write a change straight from what they read, without making a ``ChangeRecord``.
    public struct Writer {
        public var out: [UInt8]
        let texts: Texts?
        /// Whether texts given as strings keep their storage while `texts` lives (a caller's
        /// interned copies): they are then found by address, not by value.
        let stable: Bool

        public init(out: consuming [UInt8], texts: Texts?, stable: Bool) {
            self.out = out
            self.texts = texts
            self.stable = stable
        }

        /// Starts a record: returns where its length goes.
        public mutating func begin() -> Int {
            let start = out.count
            out.append(contentsOf: [0, 0, 0, 0] as [UInt8])
            return start
        }

        /// Ends the record `begin` started.
        public mutating func end(_ start: Int) {
            let length = UInt32(out.count - start - 4)
            for i in 0..<4 { out[start + i] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(i))) }
        }

        public mutating func unsigned(_ v: UInt64) {
            var v = v
            while v >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: v) | 0x80)
                v >>= 7
            }
            out.append(UInt8(v))
        }

        public mutating func signed(_ v: Int64) { unsigned(UInt64(bitPattern: (v << 1) ^ (v >> 63))) }

        /// A text: by reference when it may repeat (`shared`) and is longer than 15 bytes (shorter
        /// ones are stored inside a string value: nothing to share), else its bytes.
        public mutating func text(_ s: String, shared: Bool = true) {
            if shared, s.utf8.count > 15, let texts, let i = texts.index(s, stable: stable) {
                unsigned(UInt64(i) << 1 | 1)
                return
            }
            var s = s
            s.withUTF8 { bytes(UnsafeRawBufferPointer($0)) }
        }

        /// A text given as its UTF-8 bytes, written into the record.
        public mutating func bytes(_ b: UnsafeRawBufferPointer) {
            unsigned(UInt64(b.count) << 1)
            out.append(contentsOf: b)
        }

        /// A presence byte (0 absent, 1 present), then the text.
        public mutating func optional(_ s: String?, shared: Bool = true) {
            if let s {
                out.append(1)
                text(s, shared: shared)
            } else {
                out.append(0)
            }
        }

        /// A presence byte, then the text's bytes.
        public mutating func optionalBytes(_ b: UnsafeRawBufferPointer?) {
            if let b {
                out.append(1)
                bytes(b)
            } else {
                out.append(0)
            }
        }

        /// The raw reference's event id: the evidence's own.
        public mutating func sameEventID() { out.append(2) }

        public mutating func principalType(_ t: PrincipalType) { unsigned(UInt64(ChangeRecordCoding.principalTypes.firstIndex(of: t)!)) }
        public mutating func provider(_ p: CloudProvider) { unsigned(UInt64(ChangeRecordCoding.providers.firstIndex(of: p)!)) }

        public mutating func resource(_ type: ResourceType, _ id: String) {
            unsigned(UInt64(ChangeRecordCoding.resourceTypes.firstIndex(of: type)!))
            text(id, shared: false)
        }

        public mutating func exposures(_ list: [Exposure]) {
            unsigned(UInt64(list.count))
            for x in list {
                resource(x.resource.type, x.resource.id)
                switch x.grantee {
                case .everyone: unsigned(0)
                case .anyAuthenticated: unsigned(1)
                case .account(let s): unsigned(2); text(s)
                case .organization(let s): unsigned(3); text(s)
                case .member(let s): unsigned(4); text(s)
                case .linkHolder: unsigned(5)
                }
                text(x.permission)
                unsigned(x.added ? 1 : 0)
            }
        }
    }

    private struct Reader {
        let bytes: UnsafeRawBufferPointer
        let texts: [String]
        var table: StringTable?
        var position = 0

        init(bytes: UnsafeRawBufferPointer, texts: [String], table: StringTable? = nil) {
            self.bytes = bytes
            self.texts = texts
            self.table = table
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
                guard shared, tagged >> 1 < UInt64(texts.count) else { return nil }
                return texts[Int(tagged >> 1)]
            }
            let n = tagged >> 1
            guard n <= UInt64(bytes.count - position) else { return nil }
            let text = UnsafeRawBufferPointer(rebasing: bytes[position..<position + Int(n)])
            position += Int(n)
            guard shared, let table else { return String(decoding: text, as: UTF8.self) }
            return table.string(text)
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
