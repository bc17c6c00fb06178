/// "Did you mean" for unknown keys: the known key closest to a misspelt one.
enum KeySuggestion {
    /// The known key nearest to `name` (case-insensitive; a swap of neighbours counts as one
    /// edit), when it is near enough to be a likely typo: one edit for short keys, up to three
    /// for long ones.
    static func closest(to name: String, in known: [String]) -> String? {
        let allowed = name.count <= 4 ? 1 : name.count <= 8 ? 2 : 3
        var best: (key: String, distance: Int)?
        for key in known {
            let d = distance(name.lowercased(), key.lowercased())
            if d <= allowed, d < best?.distance ?? .max { best = (key, d) }
        }
        return best?.key
    }

    /// Optimal-string-alignment distance: insertions, deletions, substitutions, and
    /// transpositions of adjacent characters.
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var d = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
