public import VigilCore

/// Decodes Azure Activity Log records into events: the storage-account / Event Hubs export
/// (`{"records":[…]}` or one record per line), the REST API's `EventData`, and Azure Monitor
/// Logs' `AzureActivity` rows (see ``AzureActivityRecord``).
///
/// Every record becomes an event; compute operations analytics subscribe to get their kind (see
/// ``AzureOperations``), everything else is `.other` and still feeds the activity baselines.
public struct AzureActivityDecoder: Sendable {
    /// A decoder.
    public init() {}

    /// Keys only Azure Activity Log records (in one of their forms) have, besides an operation name.
    private static let markers = [
        "resourceId", "ResourceId", "_ResourceId", "callerIpAddress", "CallerIpAddress", "correlationId",
        "CorrelationId", "category", "tenantId", "TenantId", "SubscriptionId", "subscriptionId", "eventDataId",
    ]

    /// Whether `record` is one Azure Activity Log record: an object with an operation name
    /// (`operationName`, `OperationNameValue`) and a key of the Activity Log's schema, and not a
    /// CloudTrail or GCP record. A record may be recognised and still fail to decode (no time).
    public static func recognises(_ record: JSONValue) -> Bool {
        guard record.isObject, record.member("OperationNameValue", "operationName") != nil else { return false }
        guard record.member("eventSource", "protoPayload") == nil else { return false }
        return record.member(markers) != nil
    }

    /// The records of a parsed JSON text: the elements of the storage export's `{"records":[…]}`
    /// container (or of a top-level array); any other value is one record.
    public static func records(in value: JSONValue) -> [JSONValue] {
        if let items = value.array { return items }
        if value.member("OperationNameValue", "operationName") == nil, let items = value.member("records")?.array { return items }
        return [value]
    }

    /// Decodes one record. `raw` says where it came from; its `eventID` becomes the record's own
    /// id (`eventDataId`, else `correlationId`) when it has one.
    public func decode(_ value: JSONValue, raw: RawRef) -> Result<Event, RecordProblem> {
        guard value.isObject else { return .failure(.notAnObject) }
        let record = AzureActivityRecord(value)
        guard let timeText = record.timeText else { return .failure(.missingTime) }
        guard let time = Timestamp(iso8601: timeText) else { return .failure(.badTime(timeText)) }
        guard let operation = record.operation else { return .failure(.missingName) }

        let kind = AzureOperations.kind(operation: operation, record: record)
        let resourceID = record.resourceID
        var resources = resourceID.map { [AzureResourceID.resource($0)] } ?? []
        var request: JSONValue?, response: JSONValue?
        var exposures: [Exposure] = []
        if kind != .other {
            request = record.requestBody
            response = record.responseBody
            for r in AzureResourceID.references(in: request) where !resources.contains(r) { resources.append(r) }
            if (kind == .volumeExport || kind == .snapshotExport), let resourceID {
                // A SAS link: whoever holds the URL can read (or write) the disk or snapshot until
                // it expires or access is revoked.
                exposures = [Exposure(resource: AzureResourceID.resource(resourceID), grantee: .linkHolder,
                                      permission: request?.text("access") ?? request?.member("properties")?.text("access") ?? "SAS")]
            }
        }

        var ref = raw
        if let id = record.eventDataID ?? record.correlationID { ref.eventID = id }
        return .success(Event(
            time: time,
            kind: kind,
            actor: AzureIdentity.actor(record),
            source: CallerAddress.endpoint(record.callerAddress),
            userAgent: record.userAgent,
            api: APIOperation(service: Self.service(operation: operation, resourceID: resourceID), operation: operation,
                              requestID: record.correlationID, readOnly: Self.readOnly(operation)),
            cloud: CloudContext(provider: .azure, account: record.subscription, region: record.location),
            resources: resources,
            outcome: Self.outcome(record),
            raw: ref,
            request: request,
            response: response,
            exposures: exposures
        ))
    }

    /// The resource provider: the namespace of the operation (`Microsoft.Compute`, in the case
    /// Microsoft writes it for compute), or of the resource id for operations without one (storage
    /// resource logs' `GetBlob`).
    static func service(operation: String, resourceID: String?) -> String {
        let namespace = operation.contains("/") ? String(operation.prefix { $0 != "/" }) : resourceID.flatMap(AzureResourceID.namespace) ?? ""
        return namespace.lowercased() == "microsoft.compute" ? "Microsoft.Compute" : namespace
    }

    /// Whether the operation only reads: `…/read` yes, `…/write` and `…/delete` no, actions unknown.
    /// Its last non-empty part is compared byte by byte, letter case ignored, with no text made.
    static func readOnly(_ operation: String) -> Bool? {
        var verb = operation.utf8[...]
        while verb.last == UInt8(ascii: "/") { verb = verb.dropLast() }
        if let slash = verb.lastIndex(of: UInt8(ascii: "/")) { verb = verb[verb.index(after: slash)...] }
        if verb.equalsASCIIIgnoringCase("read") { return true }
        if verb.equalsASCIIIgnoringCase("write") || verb.equalsASCIIIgnoringCase("delete") { return false }
        return nil
    }

    /// The reading ``readOnly(_:)`` replaced (splitting the text, lower-casing its last part),
    /// kept for the differential test.
    static func readOnlyCharacters(_ operation: String) -> Bool? {
        let verb = operation.split(separator: "/").last?.lowercased()
        switch verb {
        case "read": return true
        case "write", "delete": return false
        default: return nil
        }
    }

    /// How the call ended: `Failure`/`Failed` (and `Canceled`) fail, as does a resource log's HTTP
    /// status of 400 or more; anything else succeeded. The code is ARM's error code when the
    /// record kept the error (`properties.statusMessage`), else the sub-status, `resultSignature`,
    /// `properties.statusCode` or the status itself.
    static func outcome(_ record: AzureActivityRecord) -> Outcome {
        if let status = record.status {
            switch status.lowercased() {
            case "failure", "failed", "canceled", "cancelled":
                let error = record.statusMessage
                let code = error?.code ?? record.subStatus ?? record.resultSignature ?? record.propertiesStatusCode ?? status
                return .failure(code: code, message: error?.message ?? record.resultDescription)
            default:
                return .success
            }
        }
        if let http = record.httpStatus, http.code >= 400 {
            return .failure(code: http.text ?? String(http.code), message: nil)
        }
        return .success
    }
}
