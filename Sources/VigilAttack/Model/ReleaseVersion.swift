/// Orders ATT&CK versions numerically (`9.0` < `18.0` < `18.1`), component by component.
public enum ReleaseVersion {
    /// Whether version `a` comes before `b`.
    public static func precedes(_ a: String, _ b: String) -> Bool {
        let x = components(a), y = components(b)
        for (p, q) in zip(x, y) where p != q {
            switch (p, q) {
            case (.number(let m), .number(let n)): return m < n
            case (.number, .text): return true
            case (.text, .number): return false
            case (.text(let s), .text(let t)): return s < t
            }
        }
        return x.count < y.count
    }

    private enum Part: Equatable {
        case number(Int)
        case text(String)
    }

    private static func components(_ v: String) -> [Part] {
        v.split(separator: ".").map { Int($0).map(Part.number) ?? .text(String($0)) }
    }
}
