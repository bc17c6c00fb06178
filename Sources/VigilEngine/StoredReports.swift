public import VigilConfig
public import VigilStore
import VigilAnalytics
import VigilAttack

/// The reports `vigil coverage --db` and `vigil accounts --db` print, built from what the store
/// holds alone (no logs read): what the console and its API serve.
public enum StoredReports {
    /// The coverage report from the store's coverage and imported ATT&CK releases.
    public static func coverage(_ store: VigilStore, context: OrgContext, silentAfterHours: Int = 24, gapFactor: Int = 10) throws -> CoverageReport {
        let prior = try StoredState.load(store)
        var report = CoverageReport(prior.coverage, context: context, silentAfterHours: silentAfterHours, gapFactor: gapFactor)
        report.attack = try AttackCoverage.compute(AttackKnowledgeBase(store: store))
        return report
    }

    /// The reconciliation of the store's device inventory with the roster.
    public static func accounts(_ store: VigilStore, context: OrgContext) throws -> AccountReconciliation {
        let state = try StoredState.load(store)
        return AccountReconciliation(inventory: state.inventory, devicesSeen: Set(state.inventory.devices.keys).union(state.coverage.devices.keys),
                                     context: context)
    }
}
