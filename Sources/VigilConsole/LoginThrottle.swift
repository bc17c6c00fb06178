import HTTPTypes
public import Foundation
import Synchronization

/// Limits failed logins: per account name (or token prefix) and in total, over a sliding window.
/// Past either limit, logins are refused (429) until old failures leave the window, whether the
/// next attempt is right or wrong.
public final class LoginThrottle: Sendable {
    /// Failures allowed per key within the window.
    public let perKey: Int
    /// Failures allowed in total within the window.
    public let total: Int
    /// The window, in seconds.
    public let window: TimeInterval
    private let failures = Mutex<[String: [Date]]>([:])

    /// A throttle with these limits.
    public init(perKey: Int = 5, total: Int = 30, window: TimeInterval = 300) {
        self.perKey = perKey
        self.total = total
        self.window = window
    }

    /// Whether an attempt for `key` may be checked now.
    public func allows(_ key: String, at now: Date = Date()) -> Bool {
        failures.withLock { f in
            prune(&f, now)
            return (f[key]?.count ?? 0) < perKey && f.values.reduce(0) { $0 + $1.count } < total
        }
    }

    /// Records a failed attempt.
    public func failed(_ key: String, at now: Date = Date()) {
        failures.withLock { f in
            prune(&f, now)
            f[key, default: []].append(now)
        }
    }

    private func prune(_ f: inout [String: [Date]], _ now: Date) {
        for (k, v) in f {
            let kept = v.filter { now.timeIntervalSince($0) < window }
            f[k] = kept.isEmpty ? nil : kept
        }
    }
}
