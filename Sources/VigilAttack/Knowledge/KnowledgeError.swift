/// Why a knowledge-base request could not be answered.
public enum KnowledgeError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No imported release matches the name or version given.
    case unknownRelease(String, known: [String])
    /// Several imported releases match it.
    case ambiguousRelease(String, candidates: [String])
    /// No object has this ATT&CK or STIX id (in the release asked for, when one was).
    case unknownObject(String, release: String?)
    /// Nothing has been imported yet.
    case empty

    public var description: String {
        switch self {
        case .unknownRelease(let r, let known):
            "no imported release is '\(r)'" + (known.isEmpty ? "" : " (imported: \(known.joined(separator: ", ")))")
        case .ambiguousRelease(let r, let candidates):
            "'\(r)' names several releases: \(candidates.joined(separator: ", ")); give the name too, as 'enterprise \(r)'"
        case .unknownObject(let id, let release):
            "no object '\(id)'" + (release.map { " in \($0)" } ?? " in any imported release")
        case .empty:
            "no ATT&CK release has been imported into this store (vigil attack import FILE)"
        }
    }
}
