import CVigilJSON
public import VigilCore
public import VigilIngest

/// Decodes CloudTrail JSON texts — `{"Records":[…]}` files, NDJSON lines, EventBridge envelopes,
/// arrays of records — with simdjson in one pass per record. One per worker.
///
/// Only the classification fields are read for every record; ``RecordView/event(file:index:)``
/// builds the full typed event (with request parameters and response elements) for records an
/// analytic subscribes to.
public final class CloudTrailDecoder {
    let reader: OpaquePointer
    var record = vj_record()

    /// A decoder with CloudTrail's operation table registered.
    ///
    /// - Parameter wanted: the kinds whose records become full events. Every other record is read
    ///   only as far as classifying it needs (time, source, operation) — the scan's fast path.
    ///   nil reads every field of every record.
    /// - Parameter profile: the lean pass also reads who acted, from where, with which client and
    ///   in which region, for the activity baselines (``RecordView/profileKeys``).
    /// - Parameter fastPath: lean passes walk simdjson's structural index directly, handing any
    ///   text they do not expect to On-Demand (same results; false reads everything with On-Demand,
    ///   which the tests and the fuzz target compare against).
    public init(wanted: Set<EventKind>? = nil, profile: Bool = false, fastPath: Bool = true) {
        guard let r = vj_reader_new() else {
            fatalError("this CPU lacks AVX2/BMI2, which Vigil's JSON reader is built for")
        }
        reader = r
        vj_reader_set_extract_all(reader, wanted == nil ? 1 : 0)
        vj_reader_set_profile(reader, profile ? 1 : 0)
        vj_reader_set_fast(reader, fastPath ? 1 : 0)
        for op in CloudTrailOperations.table {
            vj_reader_register_kind(reader, op.source, op.name, op.kind.rawValue, wanted.map { $0.contains(op.kind) } ?? true ? 1 : 0)
        }
    }

    deinit { vj_reader_free(reader) }

    /// How often the fast path handed a text, the rest of a container or a wanted record to
    /// On-Demand (for tests: the fast path must carry ordinary CloudTrail alone).
    public var handedToOnDemand: UInt64 { vj_reader_handed_over(reader) }

    /// What a JSON text turned out to hold.
    public enum TextKind: Sendable, Equatable {
        /// Records (one, or a container or array of them).
        case records
        /// A CloudTrail digest file: skipped.
        case digest
        /// Unusable from the start.
        case failed(RecordProblem, offset: Int64)
    }

    /// Reads every record in `text`, calling `body` with each. Returns what the text held, and,
    /// when a container broke off midway, the problem and offset where it did.
    @discardableResult
    public func decode(
        _ text: TextSpan, _ body: (RecordView) -> Void
    ) -> (kind: TextKind, brokeOff: (problem: RecordProblem, offset: Int64)?) {
        let begun = text.pointer.withMemoryRebound(to: CChar.self, capacity: text.count) {
            vj_begin(reader, $0, text.count, text.readable)
        }
        switch begun {
        case Int32(VJ_TEXT_DIGEST.rawValue):
            return (.digest, nil)
        case Int32(VJ_TEXT_ERROR.rawValue):
            var status: Int32 = 0, jsonError: Int32 = 0, offset: UInt64 = 0
            vj_reader_error(reader, &status, &jsonError, &offset)
            return (.failed(Self.problem(status: status, jsonError: jsonError, record: nil), offset: text.offset + Int64(offset)), nil)
        default:
            break
        }
        while true {
            let r = vj_next(reader, &record)
            if r == 0 { return (.records, nil) }
            if r < 0 {
                let p = Self.problem(status: record.status, jsonError: record.json_error, record: nil)
                return (.records, (p, text.offset + Int64(record.offset)))
            }
            withUnsafePointer(to: &record) { body(RecordView(record: $0, text: text, decoder: self)) }
        }
    }

    static func problem(status: Int32, jsonError: Int32, record: UnsafePointer<vj_record>?) -> RecordProblem {
        switch status {
        case Int32(VJ_E_NOT_OBJECT.rawValue): return .notAnObject
        case Int32(VJ_E_NO_TIME.rawValue): return .missingTime
        case Int32(VJ_E_BAD_TIME.rawValue): return .badTime(record?.pointee.event_time.text ?? "")
        case Int32(VJ_E_NO_NAME.rawValue): return .missingName
        case Int32(VJ_E_RECORDS_NOT_ARRAY.rawValue): return .recordsNotArray
        case Int32(VJ_E_EMPTY.rawValue): return .empty
        default: return .invalidJSON(String(cString: vj_error_message(jsonError)))
        }
    }

    /// Exports the value at `pointer` of the JSON text `bytes` (padded).
    func export(_ bytes: UnsafeRawPointer, count: Int, readable: Int, pointer: String) -> JSONValue? {
        var nodes: UnsafePointer<vj_node>?
        let n = bytes.withMemoryRebound(to: CChar.self, capacity: count) {
            vj_export(reader, $0, count, readable, pointer, &nodes)
        }
        guard n > 0, let nodes else { return nil }
        return JSONExport.value(nodes, count: n)
    }
}

/// One record as the decoder saw it: borrowed, valid only inside the decode callback.
public struct RecordView {
    let record: UnsafePointer<vj_record>
    let text: TextSpan
    unowned let decoder: CloudTrailDecoder

    /// Why the record is unusable, or nil.
    public var problem: RecordProblem? {
        record.pointee.status == 0 ? nil
            : CloudTrailDecoder.problem(status: record.pointee.status, jsonError: record.pointee.json_error, record: record)
    }

    /// The kind of change, `.other` for operations no analytic classifies.
    @inline(__always) public var kind: EventKind { EventKind(rawValue: record.pointee.kind) ?? .other }

    /// The event time.
    @inline(__always) public var time: Timestamp { Timestamp(milliseconds: record.pointee.time_ms) }

    /// Offset of the record in the input's decompressed stream.
    public var offset: Int64 { text.offset + Int64(record.pointee.offset) }

    /// Line of the record, when it started a line.
    public var line: Int? { record.pointee.offset == 0 || text.count == Int(record.pointee.length) ? text.line : nil }

    /// The source's event id.
    public var eventID: String? { record.pointee.event_id.text }

    /// The record's raw JSON, when its extent is known (single records, and classified records
    /// inside containers).
    public var rawJSON: String? {
        let r = record.pointee
        guard r.length > 0 else { return nil }
        return String(decoding: UnsafeRawBufferPointer(start: text.pointer + Int(r.offset), count: Int(r.length)), as: UTF8.self)
    }

    /// Keys of the record's activity profile (0 when absent): principal (account + name), source
    /// network (IPv4 /24, IPv6 /48, or the source's name), client (the user agent), region.
    /// Filled when the decoder profiles, and for records that became full events.
    @inline(__always)
    public var profileKeys: (principal: UInt64, network: UInt64, client: UInt64, region: UInt64) {
        (record.pointee.principal_key, record.pointee.net_key, record.pointee.client_key, record.pointee.region_key)
    }

    /// The source address or name, as written.
    public var sourceText: String? { record.pointee.source_ip.text }
    /// The user agent, as written.
    public var userAgent: String? { record.pointee.user_agent.text }
    /// The region.
    public var region: String? { record.pointee.aws_region.text }
    /// The account the event was recorded in.
    public var account: String? { record.pointee.recipient_account.text ?? record.pointee.ui_account.text }
    /// Whether CloudTrail marks the call read-only (nil when it does not say).
    public var readOnly: Bool? { record.pointee.read_only == 2 ? nil : record.pointee.read_only == 1 }

    /// The operation (`eventName`) and service (`eventSource`), as written.
    public var operation: String? { record.pointee.event_name.text }
    public var service: String? { record.pointee.event_source.text }
    /// Whether the service and operation are these, byte for byte (no string is made).
    public func names(service: String, operation: String) -> Bool {
        record.pointee.event_name.equals(operation) && record.pointee.event_source.equals(service)
    }
    /// The error code of a failed call.
    public var errorCode: String? { record.pointee.error_code.text }

    /// The resource ids the reader found in the request and response (records that became full
    /// events only), in document order.
    public var found: [CloudTrailResources.Found] {
        var out: [CloudTrailResources.Found] = []
        guard let ids = record.pointee.ids else { return out }
        for i in 0..<Int(record.pointee.id_count) {
            let id = ids[i]
            guard let key = CloudTrailResources.Found.Key(rawValue: id.key),
                  let side = CloudTrailResources.Found.Side(rawValue: id.side), let value = id.value.text else { continue }
            out.append(.init(key: key, side: side, mapping: id.mapping != 0, value: value))
        }
        return out
    }

    /// The resources the call acted on, from ``found``.
    public var resources: [Resource] { CloudTrailResources.extract(kind: kind, found: found) }

    /// Access the call granted outside its account (reads the request parameters of the few
    /// kinds that can grant it).
    public var exposures: [Exposure] {
        let r = record.pointee
        guard kind == .snapshotModifyAttribute || kind == .imageModifyAttribute, r.length > 0 else { return [] }
        let start = text.pointer + Int(r.offset)
        let readable = text.readable - Int(r.offset)
        let request = decoder.export(start, count: Int(r.length), readable: readable, pointer: Self.pointer(r, "requestParameters"))
            ?? decoder.export(start, count: Int(r.length), readable: readable, pointer: Self.pointer(r, "requestparameters"))
        return CloudTrailExposures.extract(kind: kind, request: request, owner: account)
    }

    /// Who acted.
    public var actor: Actor {
        let r = record.pointee
        return Actor(
            type: PrincipalType(cloudTrail: r.ui_type.text),
            name: r.ui_user_name.text ?? Self.nameFromARN(r.ui_arn.text),
            uid: r.ui_principal_id.text,
            arn: r.ui_arn.text,
            account: r.ui_account.text,
            sessionIssuer: r.issuer_arn.ptr == nil && r.issuer_name.ptr == nil ? nil
                : SessionIssuer(type: r.issuer_type.text, name: r.issuer_name.text, arn: r.issuer_arn.text, account: r.issuer_account.text),
            mfa: r.mfa == 2 ? nil : r.mfa == 1,
            accessKeyID: r.ui_access_key.text,
            invokedBy: r.ui_invoked_by.text
        )
    }

    /// The full typed event.
    public func event(file: String, index: Int) -> Event {
        let r = record.pointee
        let identity = actor
        var request: JSONValue?, response: JSONValue?
        if r.length > 0 {
            let start = text.pointer + Int(r.offset)
            let readable = text.readable - Int(r.offset)
            request = decoder.export(start, count: Int(r.length), readable: readable, pointer: Self.pointer(r, "requestParameters"))
                ?? decoder.export(start, count: Int(r.length), readable: readable, pointer: Self.pointer(r, "requestparameters"))
            response = decoder.export(start, count: Int(r.length), readable: readable, pointer: Self.pointer(r, "responseElements"))
                ?? decoder.export(start, count: Int(r.length), readable: readable, pointer: Self.pointer(r, "responseelements"))
        }
        let outcome: Outcome = r.error_code.ptr == nil ? .success : .failure(code: r.error_code.text ?? "", message: r.error_message.text)
        return Event(
            time: time,
            kind: kind,
            eventClass: .apiActivity,
            actor: identity,
            source: Endpoint(sourceText: r.source_ip.text),
            userAgent: r.user_agent.text,
            api: APIOperation(service: r.event_source.text ?? "", operation: r.event_name.text ?? "",
                              requestID: r.request_id.text, readOnly: r.read_only == 2 ? nil : r.read_only == 1),
            cloud: CloudContext(provider: .aws, account: r.recipient_account.text ?? r.ui_account.text, region: r.aws_region.text),
            resources: CloudTrailResources.extract(kind: kind, request: request, response: response),
            outcome: outcome,
            raw: RawRef(file: file, offset: offset, line: line, index: index, eventID: r.event_id.text),
            request: request,
            response: response,
            exposures: CloudTrailExposures.extract(kind: kind, request: request, owner: r.recipient_account.text ?? r.ui_account.text)
        )
    }

    /// EventBridge envelopes keep the CloudTrail record under `detail`.
    private static func pointer(_ r: vj_record, _ field: String) -> String {
        (r.envelope != 0 ? "/detail/" : "/") + field
    }

    private static func nameFromARN(_ arn: String?) -> String? {
        guard let arn, let slash = arn.lastIndex(of: "/") else { return nil }
        return String(arn[arn.index(after: slash)...])
    }
}
