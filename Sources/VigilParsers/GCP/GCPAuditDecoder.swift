public import VigilCore

/// Decodes Google Cloud Audit Logs entries (`LogEntry` with an `AuditLog` `protoPayload`) into
/// events.
///
/// Every entry becomes an event; Compute Engine methods analytics subscribe to get their kind
/// (see ``GCPOperations``), everything else is `.other` and still feeds the activity baselines.
/// Long-running Compute Engine operations are logged as a first and a last entry; both are
/// decoded (the last one may carry the failure), and share `api.requestID` (`operation.id`).
public struct GCPAuditDecoder: Sendable {
    /// A decoder.
    public init() {}

    /// Whether `record` is one audit log entry: an object whose `protoPayload` is an object typed
    /// `google.cloud.audit.AuditLog` or naming a method or service.
    public static func recognises(_ record: JSONValue) -> Bool {
        guard let payload = record.member("protoPayload"), payload.isObject else { return false }
        if let type = payload.text("@type", "at_sign_type", "at_type"), type.hasSuffix("google.cloud.audit.AuditLog") { return true }
        return payload.member("methodName", "serviceName") != nil
    }

    /// Decodes one entry. `raw` says where it came from; its `eventID` becomes the entry's
    /// `insertId` when it has one.
    public func decode(_ value: JSONValue, raw: RawRef) -> Result<Event, RecordProblem> {
        guard value.isObject else { return .failure(.notAnObject) }
        let entry = GCPAuditEntry(value)
        guard let timeText = entry.timeText else { return .failure(.missingTime) }
        guard let time = Timestamp(iso8601: timeText) else { return .failure(.badTime(timeText)) }
        guard let methodName = entry.methodName else { return .failure(.missingName) }

        let serviceName = entry.serviceName
        let kind = GCPOperations.kind(methodName: methodName, serviceName: serviceName)
        let project = entry.project
        var resources: [Resource] = []
        let primary = entry.resourceName.map(GCPResourceName.resource)
        if let primary { resources.append(primary) }
        var request: JSONValue?, response: JSONValue?
        var exposures: [Exposure] = []
        if kind != .other {
            request = entry.request
            response = entry.response
            let method = GCPOperations.method(methodName)
            for r in GCPRelatedResources.extract(kind: kind, method: method, resourceName: entry.resourceName, request: request, project: project)
            where !resources.contains(r) {
                resources.append(r)
            }
            if GCPOperations.policyKinds.contains(kind), let primary {
                exposures = GCPPolicyExposures.extract(resource: primary, delta: entry.policyDelta, request: request, owner: project)
            }
        }

        let status = entry.status
        let outcome: Outcome = status.code == 0 ? .success
            : .failure(code: GCPAuditEntry.codeNames[status.code] ?? String(status.code), message: status.message)
        var ref = raw
        if let id = entry.insertID { ref.eventID = id }
        return .success(Event(
            time: time,
            kind: kind,
            actor: GCPPrincipal.actor(entry.authenticationInfo),
            source: CallerAddress.endpoint(entry.callerIP),
            userAgent: entry.userAgent,
            api: APIOperation(service: serviceName ?? entry.labels?.text("service") ?? "", operation: methodName,
                              requestID: entry.operationID),
            cloud: CloudContext(provider: .gcp, account: project, region: entry.location),
            resources: resources,
            outcome: outcome,
            raw: ref,
            request: request,
            response: response,
            exposures: exposures
        ))
    }
}
