import VigilCore

/// One Azure Activity Log record, whichever of its forms it came in, read field by field.
///
/// - Storage account / Event Hubs export (resource-log schema), one record per line or inside
///   `{"records":[…]}`: `time`, `resourceId`, `operationName`, `category`, `resultType`,
///   `resultSignature`, `callerIpAddress`, `correlationId`, `identity.claims`, `properties`.
/// - REST API / portal JSON (`EventData`): `eventTimestamp`, `operationName.value`,
///   `status.value`, `subStatus.value`, `caller`, `claims`, `httpRequest.clientIpAddress`,
///   `eventDataId`, `subscriptionId`.
/// - Azure Monitor Logs `AzureActivity` table: `TimeGenerated`, `OperationNameValue`, `Caller`,
///   `CallerIpAddress`, `ActivityStatusValue`, `ActivitySubstatusValue`, `ResourceId`,
///   `SubscriptionId`, `CorrelationId`, `EventDataId`, `Claims`/`Claims_d`, `Properties`/`Properties_d`.
///
/// Keys are matched exactly first, then ignoring case, so lower-cased exports read the same.
struct AzureActivityRecord {
    let value: JSONValue
    /// `properties` / `Properties_d`, or the JSON string `Properties` parsed.
    let properties: JSONValue?
    /// The token claims: `identity.claims` (storage form), `claims` (REST), `Claims_d` or the
    /// JSON string `Claims` (`AzureActivity`).
    let claims: JSONValue?

    /// Reads `value`'s properties and claims once (either may be a JSON string to parse).
    init(_ value: JSONValue) {
        self.value = value
        properties = Self.object(value.member("properties", "Properties_d", "Properties"))
        if let c = value.member("identity")?.member("claims"), c.isObject {
            claims = c
        } else {
            claims = Self.object(value.member("claims", "Claims_d", "Claims"))
        }
    }

    /// The time, as written.
    var timeText: String? { value.text("time", "eventTimestamp", "TimeGenerated") }

    /// The operation name (`Microsoft.Compute/disks/write`), as written. `AzureActivity`'s
    /// `OperationName` is a display name, so its `OperationNameValue` is read first.
    var operation: String? {
        guard let op = value.member("OperationNameValue", "operationName") else { return nil }
        return op.nonEmptyText ?? op.member("value")?.nonEmptyText
    }

    /// The status: `resultType` (storage form), `status.value` (REST), `ActivityStatusValue`.
    var status: String? { Self.localizable(value.member("resultType", "ActivityStatusValue", "status")) }

    /// The sub-status: `subStatus.value` (REST) or `ActivitySubstatusValue`.
    var subStatus: String? { Self.localizable(value.member("ActivitySubstatusValue", "subStatus")) }

    /// `resultSignature` (storage form): `Succeeded.Created`, `Failed.Conflict`, `403`.
    var resultSignature: String? { value.text("resultSignature") }

    /// `resultDescription` (storage form).
    var resultDescription: String? { value.text("resultDescription") }

    /// An HTTP status a resource log carries instead of a result type (`statusCode: 403`), and its
    /// text (`statusText`).
    var httpStatus: (code: Int, text: String?)? {
        guard case .number(let n) = value.member("statusCode"), let code = Int(exactly: n) else { return nil }
        return (code, value.text("statusText"))
    }

    /// The resource acted on: `resourceId`, `ResourceId` or `_ResourceId`.
    var resourceID: String? { value.text("resourceId", "ResourceId", "_ResourceId") }

    /// The subscription: `subscriptionId` / `SubscriptionId`, else the one `resourceId` names.
    var subscription: String? {
        value.text("subscriptionId", "SubscriptionId", "_SubscriptionId") ?? resourceID.flatMap(AzureResourceID.subscription)
    }

    /// The region the resource is in, when written (`location`, `properties.resourceLocation`).
    var location: String? { value.text("location") ?? properties?.text("resourceLocation") }

    /// The Azure AD tenant: `tenantId` (storage, REST). An `AzureActivity` row's `TenantId` is
    /// the Log Analytics workspace's id, not the tenant, so it is not read.
    var tenant: String? {
        guard value.member("OperationNameValue") == nil, value.text("Type") != "AzureActivity" else { return nil }
        return value.text("tenantId")
    }

    /// The correlation id every event of one operation shares.
    var correlationID: String? { value.text("correlationId", "CorrelationId") }

    /// The id of this event: `eventDataId` / `EventDataId` (REST, `AzureActivity`), or
    /// `properties.eventDataId` when an export kept it there.
    var eventDataID: String? { value.text("eventDataId", "EventDataId") ?? properties?.text("eventDataId") }

    /// The caller's address: `callerIpAddress`, `httpRequest.clientIpAddress` (REST), or the
    /// `ipaddr` claim.
    var callerAddress: String? {
        value.text("callerIpAddress", "CallerIpAddress")
            ?? httpRequest?.text("clientIpAddress")
            ?? claims?.text("ipaddr")
    }

    /// `caller` (REST) / `Caller` (`AzureActivity`): a UPN, or a service principal's id.
    var caller: String? { value.text("caller", "Caller") }

    /// `identity.authorization.evidence` (storage form): the caller's `principalId` and
    /// `principalType` as role-based access control saw them.
    var authorizationEvidence: JSONValue? {
        value.member("identity")?.member("authorization")?.member("evidence")
            ?? Self.object(value.member("authorization", "Authorization_d", "Authorization"))?.member("evidence")
    }

    /// `httpRequest` (REST), or the JSON string `HTTPRequest` (`AzureActivity`).
    var httpRequest: JSONValue? { Self.object(value.member("httpRequest")) }

    /// The request body ARM logged (`properties.requestbody`, an object or a JSON string).
    var requestBody: JSONValue? { properties.flatMap { Self.object($0.member("requestbody", "requestBody")) } }

    /// The response body ARM logged (`properties.responseBody`, an object or a JSON string).
    var responseBody: JSONValue? { properties.flatMap { Self.object($0.member("responseBody", "responsebody")) } }

    /// `properties.statusCode` (`Created`, `OK`, `Conflict`).
    var propertiesStatusCode: String? { properties?.text("statusCode") }

    /// The error ARM returned, from `properties.statusMessage` (a JSON string
    /// `{"error":{"code":…,"message":…}}`, or plain text).
    var statusMessage: (code: String?, message: String?)? {
        guard let raw = properties?.member("statusMessage") else { return nil }
        guard let error = Self.object(raw)?.member("error") else { return raw.nonEmptyText.map { (nil, $0) } }
        return (error.text("code"), error.text("message"))
    }

    /// `userAgentHeader` / `userAgent`, which resource logs (not the Activity Log) keep in `properties`.
    var userAgent: String? { properties?.text("userAgentHeader", "userAgent") }

    /// A value that is either a string or a localizable `{"value": …, "localizedValue": …}`.
    static func localizable(_ v: JSONValue?) -> String? {
        guard let v else { return nil }
        return v.nonEmptyText ?? v.member("value")?.nonEmptyText
    }

    /// An object, or a string holding one (sources embed JSON as strings).
    static func object(_ v: JSONValue?) -> JSONValue? {
        guard let v else { return nil }
        if v.isObject { return v }
        guard case .string(let s) = v, s.first(where: { !$0.isWhitespace }) == "{",
              case .success(let parsed) = JSONDocument.parse(s), parsed.isObject else { return nil }
        return parsed
    }
}
