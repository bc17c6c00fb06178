public import VigilStore

extension ScanEngine.State {
    /// The state kept in `store` by earlier scans (or by `vigil serve`'s earlier batches).
    public static func load(from store: VigilStore) throws -> ScanEngine.State {
        try StoredState.load(store)
    }

    /// Replaces the state kept in `store` with this one, in one transaction.
    public func save(to store: VigilStore, scanID: Int64) throws {
        try StoredState.save(self, to: store, scanID: scanID)
    }
}
