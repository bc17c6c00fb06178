import Foundation
public import VigilCore

/// One processed batch's alerts, waiting for the sinks: written durably before the batch's state
/// is saved, so a crash never loses an alert on its way to a sink. Each sink keeps its own cursor.
public struct OutboxBatch: Codable, Sendable {
    /// One alert and when its newest evidence record was received (ms since the epoch).
    public struct Entry: Codable, Sendable {
        /// The alert.
        public var alert: Alert
        /// Receipt time of the alert's evidence (newest), for latency.
        public var receivedMs: Int64
    }

    /// The spool segment the batch came from.
    public var batch: UInt64
    /// Its alerts, in time order.
    public var entries: [Entry]
}

/// The outbox folder: `N.json` per batch with alerts.
struct Outbox {
    let directory: String

    init(directory: String) throws {
        self.directory = directory
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func path(_ batch: UInt64) -> String { "\(directory)/\(batch).json" }

    func exists(_ batch: UInt64) -> Bool { FileManager.default.fileExists(atPath: path(batch)) }

    func write(_ batch: OutboxBatch) throws {
        try DurableFile.replace(path(batch.batch), with: try JSONEncoder().encode(batch))
    }

    func read(_ batch: UInt64) throws -> OutboxBatch {
        try JSONDecoder().decode(OutboxBatch.self, from: Data(contentsOf: URL(fileURLWithPath: path(batch))))
    }

    /// Batches waiting, oldest first.
    func batches() -> [UInt64] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [])
            .filter { $0.hasSuffix(".json") }.compactMap { UInt64($0.dropLast(5)) }.sorted()
    }

    func remove(_ batch: UInt64) { try? FileManager.default.removeItem(atPath: path(batch)) }
}
