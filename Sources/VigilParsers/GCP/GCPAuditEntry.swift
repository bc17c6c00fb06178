import VigilCore

/// One Cloud Logging `LogEntry` whose `protoPayload` is a `google.cloud.audit.AuditLog`, read
/// field by field.
///
/// Keys are matched exactly first, then ignoring case: exports that lower-case keys
/// (`protopayload`, `insertid`) and ones that rename `@type` (`at_sign_type`) read the same.
/// `requestMetadata.callerIp` is also read as `callerIP`, as such exports write it.
struct GCPAuditEntry {
    let value: JSONValue
    /// `protoPayload`.
    let payload: JSONValue?

    init(_ value: JSONValue) {
        self.value = value
        payload = value.member("protoPayload")
    }

    /// The time, as written: `timestamp`, else the request's own time
    /// (`requestMetadata.requestAttributes.time`), else when Logging received it.
    var timeText: String? {
        value.text("timestamp")
            ?? payload?.member("requestMetadata")?.member("requestAttributes")?.text("time")
            ?? value.text("receiveTimestamp")
    }

    /// `protoPayload.methodName` (`v1.compute.instances.insert`).
    var methodName: String? { payload?.text("methodName") }
    /// `protoPayload.serviceName` (`compute.googleapis.com`).
    var serviceName: String? { payload?.text("serviceName") }
    /// `protoPayload.resourceName` (`projects/p/zones/z/instances/i`).
    var resourceName: String? { payload?.text("resourceName") }

    /// `protoPayload.authenticationInfo`.
    var authenticationInfo: JSONValue? { payload?.member("authenticationInfo") }

    /// `requestMetadata.callerIp`: an address, `private`, `gce-internal-ip`.
    var callerIP: String? { payload?.member("requestMetadata")?.text("callerIp") }
    /// `requestMetadata.callerSuppliedUserAgent`.
    var userAgent: String? { payload?.member("requestMetadata")?.text("callerSuppliedUserAgent") }

    /// `protoPayload.request`, `protoPayload.response`.
    var request: JSONValue? { payload?.member("request") }
    var response: JSONValue? { payload?.member("response") }

    /// The IAM policy change the service recorded: `serviceData.policyDelta` (the `AuditData` most
    /// services write) or `metadata.policyDelta`.
    var policyDelta: JSONValue? {
        payload?.member("serviceData")?.member("policyDelta") ?? payload?.member("metadata")?.member("policyDelta")
    }

    /// `protoPayload.status.code` (0 or absent: OK) and `message`.
    var status: (code: Int, message: String?) {
        guard let s = payload?.member("status") else { return (0, nil) }
        switch s.member("code") {
        case .number(let n)?: return (Int(exactly: n) ?? -1, s.text("message"))
        case .string(let t)?: return (Int(t) ?? -1, s.text("message"))
        default: return (0, s.text("message"))
        }
    }

    /// `insertId`: the entry's own id.
    var insertID: String? { value.text("insertId") }
    /// `operation.id`: shared by the first and last entries of a long-running operation.
    var operationID: String? { value.member("operation")?.text("id") }

    /// `resource.labels`.
    var labels: JSONValue? { value.member("resource")?.member("labels") }

    /// The project: `resource.labels.project_id`, else the one `logName` or `resourceName` names.
    var project: String? {
        labels?.text("project_id")
            ?? value.text("logName").flatMap(GCPResourceName.project)
            ?? resourceName.flatMap(GCPResourceName.project)
    }

    /// The zone or region: `resource.labels.zone` / `region` / `location`, else the one
    /// `resourceName` names, else `resourceLocation.currentLocations`.
    var location: String? {
        labels?.text("zone", "region", "location")
            ?? resourceName.flatMap(GCPResourceName.location)
            ?? payload?.member("resourceLocation")?.member("currentLocations")?.array?.first?.nonEmptyText
    }

    /// gRPC's canonical names of status codes (`google.rpc.Code`), which audit logs record by number.
    static let codeNames = [
        1: "CANCELLED", 2: "UNKNOWN", 3: "INVALID_ARGUMENT", 4: "DEADLINE_EXCEEDED", 5: "NOT_FOUND", 6: "ALREADY_EXISTS",
        7: "PERMISSION_DENIED", 8: "RESOURCE_EXHAUSTED", 9: "FAILED_PRECONDITION", 10: "ABORTED", 11: "OUT_OF_RANGE",
        12: "UNIMPLEMENTED", 13: "INTERNAL", 14: "UNAVAILABLE", 15: "DATA_LOSS", 16: "UNAUTHENTICATED",
    ]
}
