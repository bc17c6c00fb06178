public import VigilCore

/// The control-plane logs of the clouds other than AWS, as JSON texts: Azure Activity Log (the
/// storage export's `{"records":[…]}`, one record per line, the REST API's `EventData`, Azure
/// Monitor Logs' `AzureActivity` rows) and GCP Cloud Audit Logs (`LogEntry` per line, a JSON array
/// of them as `gcloud logging read --format=json` writes, or `{"entries":[…]}` as the Logging API
/// answers).
///
/// The scan reads every text as CloudTrail first (its hot path); a text whose records have no
/// CloudTrail event name or time comes here, is parsed whole, and each record is recognised by
/// its own schema's keys. What no schema recognises stays a located problem.
public struct CloudAuditDecoder: Sendable {
    /// Which log a record came from.
    public enum Format: String, Sendable {
        case azureActivity = "azure-activity"
        case gcpAudit = "gcp-audit"

        /// The cloud whose log it is.
        public var provider: CloudProvider {
            switch self {
            case .azureActivity: .azure
            case .gcpAudit: .gcp
            }
        }
    }

    /// One record of a text, decoded.
    public enum Decoded: Sendable {
        /// A record of a known log, decoded into an event.
        case event(Event, Format)
        /// A record of a known log that could not be decoded (no time, no operation).
        case problem(RecordProblem, Format)
        /// A CloudTrail record (which the CloudTrail reader reads).
        case cloudTrail
        /// A record of no known log.
        case unrecognised
    }

    private let azure = AzureActivityDecoder()
    private let gcp = GCPAuditDecoder()

    /// A decoder.
    public init() {}

    /// The records of a parsed text: the elements of a top-level array, of Azure's `records` or of
    /// the Logging API's `entries` container; any other value is one record.
    public static func records(in value: JSONValue) -> [JSONValue] {
        if let items = value.array { return items }
        if value.member("OperationNameValue", "operationName", "protoPayload") == nil {
            if let items = value.member("records")?.array { return items }
            if let items = value.member("entries")?.array { return items }
        }
        return [value]
    }

    /// Decodes one record; `raw` says where it came from (the decoder puts the record's own id in).
    public func decode(_ record: JSONValue, raw: RawRef) -> Decoded {
        let format: Format
        if GCPAuditDecoder.recognises(record) {
            format = .gcpAudit
        } else if AzureActivityDecoder.recognises(record) {
            format = .azureActivity
        } else {
            return record.member("eventSource") != nil && record.member("eventName") != nil ? .cloudTrail : .unrecognised
        }
        let result = format == .gcpAudit ? gcp.decode(record, raw: raw) : azure.decode(record, raw: raw)
        switch result {
        case .success(let event): return .event(event, format)
        case .failure(let problem): return .problem(problem, format)
        }
    }
}
