/// How alerts are written.
public enum AlertFormat: String, Sendable, CaseIterable {
    /// A readable table, for a terminal.
    case table
    /// One Vigil alert JSON object per line.
    case json
    /// One OCSF Detection Finding (class 2004) per line.
    case ocsf
}
