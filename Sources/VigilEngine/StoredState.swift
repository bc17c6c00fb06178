import Foundation
import VigilAnalytics
import VigilStore

/// The stateful analytics' state in the store: each principal's baseline and each pending change
/// as a JSON document, and the files already learned from.
enum StoredState {
    static let baselines = "an0861.baseline"
    static let pending = "an0861.pending"
    static let inventory = "an1240.inventory"
    static let coverage = "coverage.sources"

    static func load(_ store: VigilStore) throws -> ScanEngine.State {
        var state = ScanEngine.State()
        let decoder = JSONDecoder()
        for (_, document) in try store.state(kind: baselines) {
            state.baseline.merge(try decoder.decode(PrincipalBaseline.self, from: document))
        }
        for (_, document) in try store.state(kind: pending) {
            state.pending.append(try decoder.decode(ChangeRecord.self, from: document))
        }
        for (_, document) in try store.state(kind: inventory) {
            state.inventory = try decoder.decode(DeviceInventory.self, from: document)
        }
        for (_, document) in try store.state(kind: coverage) {
            state.coverage = try decoder.decode(TelemetryCoverage.self, from: document)
        }
        state.ingested = try store.ingestedFiles()
        return state
    }

    static func save(_ state: ScanEngine.State, to store: VigilStore, scanID: Int64) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        var b: [String: Data] = [:]
        for (key, baseline) in state.baseline.principals { b["\(key.account ?? "")\u{1F}\(key.name)"] = try encoder.encode(baseline) }
        var p: [String: Data] = [:]
        for change in state.pending { p[change.identity] = try encoder.encode(change) }
        let i = ["devices": try encoder.encode(state.inventory)]
        let c = ["sources": try encoder.encode(state.coverage)]
        try store.replaceState([baselines: b, pending: p, inventory: i, coverage: c], ingested: Array(state.ingested), scanID: scanID)
    }
}
