import VigilCore

/// The ATT&CK analytics Vigil implements, as declared in code (see ``AnalyticDeclaration``).
public enum Catalogue {
    /// Every implemented analytic, by ATT&CK id.
    public static let analytics: [AnalyticDeclaration] = [AN0861.declaration, AN1240.declaration]

    /// The declaration of one analytic.
    public static func declaration(_ id: String) -> AnalyticDeclaration? {
        analytics.first { $0.attack.analytic.rawValue.uppercased() == id.uppercased() }
    }
}
