public import VigilCore

/// ATT&CK analytic AN0861: unauthorised or anomalous changes to cloud compute
/// (detection strategy DET0308, technique T1578 Modify Cloud Compute Infrastructure).
public enum AN0861 {
    /// The ATT&CK context of every AN0861 alert.
    public static let attack = AttackReference(
        analytic: "AN0861", strategy: "DET0308", technique: "T1578",
        techniqueName: "Modify Cloud Compute Infrastructure", tactic: "TA0005", tacticName: "Defense Evasion")
}
