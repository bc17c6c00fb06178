/// Why a record could not become an event.
public enum RecordProblem: Error, Sendable, Hashable, CustomStringConvertible {
    /// The JSON is invalid; simdjson's message.
    case invalidJSON(String)
    /// A record that is not a JSON object.
    case notAnObject
    /// No `eventTime`.
    case missingTime
    /// An `eventTime` that is not RFC 3339.
    case badTime(String)
    /// No `eventName` or `eventSource`.
    case missingName
    /// `Records` is not an array.
    case recordsNotArray
    /// A text of white space only.
    case empty

    public var description: String {
        switch self {
        case .invalidJSON(let m): "invalid JSON: \(m)"
        case .notAnObject: "record is not a JSON object"
        case .missingTime: "record has no eventTime"
        case .badTime(let t): "eventTime '\(t)' is not an RFC 3339 time"
        case .missingName: "record has no eventName or eventSource"
        case .recordsNotArray: "\"Records\" is not an array"
        case .empty: "empty input"
        }
    }

    /// A short stable code for counters.
    public var code: String {
        switch self {
        case .invalidJSON: "invalid-json"
        case .notAnObject: "not-an-object"
        case .missingTime: "missing-event-time"
        case .badTime: "bad-event-time"
        case .missingName: "missing-event-name"
        case .recordsNotArray: "records-not-array"
        case .empty: "empty"
        }
    }
}
