import Foundation

/// The shared work of a scan: directories still to list and units still to read. Workers take
/// items, list directories (adding what they find) and read units, so walking a tree of 50,000
/// files overlaps with reading it, on every core. The queue is done when it is empty and no
/// worker is busy with an item (a busy worker may still add items).
public final class WorkQueue: @unchecked Sendable {
    // Safe: every access to `items` and `busy` holds `condition`'s lock.
    /// An item of work.
    public enum Item: Sendable {
        case directory(String)
        case unit(WorkUnit)
    }

    private let condition = NSCondition()
    private var items: [Item]
    private var busy = 0

    /// A queue holding `items`.
    public init(_ items: [Item]) { self.items = items.reversed() }

    /// The next item, waiting while other workers may still add some; nil when all work is done.
    /// Every item taken must be followed by ``finished()``.
    public func next() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while items.isEmpty {
            if busy == 0 { condition.broadcast(); return nil }
            condition.wait()
        }
        busy += 1
        return items.removeLast()
    }

    /// Adds items (taken before older ones: depth-first, which keeps the queue short).
    public func add(_ more: [Item]) {
        guard !more.isEmpty else { return }
        condition.lock()
        items.append(contentsOf: more.reversed())
        condition.broadcast()
        condition.unlock()
    }

    /// Marks the caller's current item finished.
    public func finished() {
        condition.lock()
        busy -= 1
        if busy == 0 && items.isEmpty { condition.broadcast() }
        condition.unlock()
    }
}
