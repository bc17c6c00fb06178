/// Why a network-device record could not be read, and where: a 1-based byte column in the line.
public struct NetworkParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong.
    public enum Reason: Sendable, Hashable {
        /// Nothing but whitespace.
        case empty
        /// Longer than the configured limit (the column is the first byte past it).
        case tooLong(limit: Int)
        /// A NUL or control byte: binary data, not a log line.
        case binaryContent
        /// `<` not followed by 1–3 digits and `>`, or a value above 191.
        case invalidPriority
        /// An RFC 5424 header that stops before its structured data.
        case truncatedHeader
        /// A timestamp that is not a real instant (`2026-13-45T…`).
        case invalidTimestamp
        /// RFC 5424 structured data that is not `[ID name="value" …]`.
        case invalidStructuredData
        /// A record the vendor parser recognised by its message id but whose fields are not in
        /// the vendor's documented shape.
        case unexpectedVendorFields(messageID: String)
    }

    /// What was wrong.
    public var reason: Reason
    /// A stable code for counting (`syslog-invalid-priority`, …).
    public var code: String {
        switch reason {
        case .empty: "syslog-empty"
        case .tooLong: "syslog-too-long"
        case .binaryContent: "syslog-binary-content"
        case .invalidPriority: "syslog-invalid-priority"
        case .truncatedHeader: "syslog-truncated-header"
        case .invalidTimestamp: "syslog-invalid-timestamp"
        case .invalidStructuredData: "syslog-invalid-structured-data"
        case .unexpectedVendorFields: "syslog-unexpected-vendor-fields"
        }
    }
    /// 1-based byte column in the line where the problem was found.
    public var column: Int

    /// Creates an error.
    public init(_ reason: Reason, column: Int) {
        self.reason = reason
        self.column = column
    }

    public var description: String {
        let what: String
        switch reason {
        case .empty: what = "empty line"
        case .tooLong(let limit): what = "line longer than \(limit) bytes"
        case .binaryContent: what = "binary content (control byte)"
        case .invalidPriority: what = "invalid <PRI>"
        case .truncatedHeader: what = "RFC 5424 header ends early"
        case .invalidTimestamp: what = "invalid timestamp"
        case .invalidStructuredData: what = "invalid structured data"
        case .unexpectedVendorFields(let id): what = "\(id) not in its documented shape"
        }
        return "\(what) at column \(column)"
    }
}
