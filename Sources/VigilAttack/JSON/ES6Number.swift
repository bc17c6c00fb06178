/// Numbers written the way ECMAScript's `Number.prototype.toString` writes doubles, as RFC 8785
/// requires: the shortest digits that round-trip, plain notation for exponents from -6 to 20,
/// `e+21`-style notation outside it, and no `-0`.
public enum ES6Number {
    /// The canonical text of a JSON number literal. Literals that are not finite doubles (out of
    /// range) are returned unchanged.
    public static func format(_ literal: String) -> String {
        // Plain integers that a double holds exactly are already canonical (common case; no parse).
        if isSmallInteger(literal) { return literal == "-0" ? "0" : literal }
        guard let value = Double(literal), value.isFinite else { return literal }
        return format(value)
    }

    /// The canonical text of a double.
    public static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value < 0 { return "-" + format(-value) }
        // Swift's description gives the shortest round-trip digits; only the layout differs.
        let (digits, exponent) = decompose(value.description)
        let k = digits.count
        let n = exponent  // value = 0.d1d2…dk × 10^n
        if k <= n && n <= 21 {
            return digits + String(repeating: "0", count: n - k)
        }
        if 0 < n && n <= 21 {
            let i = digits.index(digits.startIndex, offsetBy: n)
            return String(digits[..<i]) + "." + String(digits[i...])
        }
        if -6 < n && n <= 0 {
            return "0." + String(repeating: "0", count: -n) + digits
        }
        let e = n - 1
        let mantissa = k == 1 ? digits : String(digits.first!) + "." + digits.dropFirst()
        return mantissa + "e" + (e < 0 ? "-" : "+") + String(abs(e))
    }

    private static func isSmallInteger(_ s: String) -> Bool {
        let u = s.utf8
        let body = u.first == UInt8(ascii: "-") ? u.dropFirst() : u[...]
        return !body.isEmpty && body.count <= 15 && body.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }

    /// Significant digits (no leading or trailing zeros) and n with value = 0.digits × 10^n,
    /// from Swift's `1.25e-07` / `125.0` / `0.001` forms.
    private static func decompose(_ text: String) -> (String, Int) {
        var mantissa = Substring(text)
        var exp = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exp = Int(text[text.index(after: e)...]) ?? 0
        }
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        let intPart = String(parts[0])
        let fracPart = parts.count > 1 ? String(parts[1]) : ""
        var digits = intPart + fracPart
        var n = intPart.count + exp
        while digits.first == "0" {
            digits.removeFirst()
            n -= 1
        }
        while digits.last == "0" { digits.removeLast() }
        return (digits.isEmpty ? "0" : digits, n)
    }
}
