/// What a step is worth on the same folds and seed: the mean of the per-fold differences (with the step less
/// without it) and their standard error, signed so that + is better in the metric's direction. Fold-paired, so the
/// folds' own spread (an easy fold, a hard one) cancels out.
public struct FoldGain: Sendable, Equatable {
    public var mean: Double
    public var standardError: Double

    /// nil when the two sides have different folds or fewer than two.
    public init?(with: [Double], without: [Double], higherIsBetter: Bool) {
        guard with.count == without.count, with.count >= 2 else { return nil }
        let d = zip(with, without).map { higherIsBetter ? $0 - $1 : $1 - $0 }
        let n = Double(d.count)
        let m = d.reduce(0, +) / n
        let variance = d.reduce(0) { $0 + ($1 - m) * ($1 - m) } / (n - 1)
        mean = m
        standardError = (variance / n).squareRoot()
    }

    /// The gain is clear of noise: more than one standard error above zero (the validated agent's rule).
    public var isClear: Bool { mean > standardError }

    /// `ΔCV +0.0123 ± 0.0040` (`dCV` in ASCII).
    public func text(ascii: Bool = false) -> String {
        (ascii ? "dCV " : "ΔCV ") + (mean >= 0 ? "+" : "-") + Self.four(abs(mean)) + (ascii ? " +- " : " ± ") + Self.four(standardError)
    }

    static func four(_ v: Double) -> String {
        guard v.isFinite else { return "—" }
        let scaled = Int64((v * 10_000).rounded())
        let frac = String(scaled % 10_000)
        return String(scaled / 10_000) + "." + String(repeating: "0", count: 4 - frac.count) + frac
    }
}
