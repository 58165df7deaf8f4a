/// The first things an analyst wants to know about a column.
enum ProfileHints {
    /// Values that data exports use for "unknown".
    static let sentinelCandidates: [Double] = [-999_999, -99_999, -9_999, -999, 999, 9_999, 99_999, 999_999]

    static func hints(for column: Column, profile p: ColumnProfile) -> [ProfileHint] {
        var hints: [ProfileHint] = []
        let present = p.rows - p.missing
        if p.rows > 0, Double(p.missing) > 0.5 * Double(p.rows) {
            hints.append(ProfileHint(kind: .mostlyMissing, message: "\(percent(p.missing, p.rows)) of values are missing", value: nil))
        }
        if present > 0, p.distinct <= 1 {
            hints.append(ProfileHint(kind: .constant, message: "constant: every present value is \(p.top.first?.value ?? "the same")", value: nil))
        }
        if present > 1, p.missing == 0, p.distinct == p.rows, column.kind != .float, column.kind != .date {
            hints.append(ProfileHint(kind: .idLike, message: "every value is unique: an identifier, not a feature", value: nil))
        }
        if column.kind.isNumeric { hints += sentinels(column, profile: p) }
        if let skew = p.numeric?.skewness, abs(skew) > 2, p.distinct > 10 {
            hints.append(ProfileHint(kind: .skewed, message: "heavily skewed (skewness \(format(skew))): consider log1p", value: skew))
        }
        if column.kind == .category || column.kind == .text, let share = DateLikeStrings.share(p.top.map(\.value)), share >= 0.8 {
            hints.append(ProfileHint(kind: .dateLike, message: "text that looks like dates (\(p.top.first?.value ?? "")): parse_date it", value: nil))
        }
        return hints
    }

    /// A candidate sentinel is reported when it is frequent and far outside the other values.
    static func sentinels(_ column: Column, profile p: ColumnProfile) -> [ProfileHint] {
        let values = Profiler.numericValues(column)
        guard values.count >= 20 else { return [] }
        var result: [ProfileHint] = []
        for candidate in sentinelCandidates {
            var hits = 0
            var lo = Double.infinity, hi = -Double.infinity, sum = 0.0, sumSq = 0.0
            for v in values {
                if v == candidate { hits += 1; continue }
                lo = min(lo, v); hi = max(hi, v); sum += v; sumSq += v * v
            }
            let others = values.count - hits
            guard hits >= 3, Double(hits) >= 0.001 * Double(values.count), others > 1 else { continue }
            let mean = sum / Double(others)
            let sd = max((sumSq / Double(others) - mean * mean), 0).squareRoot()
            let margin = max(3 * sd, 1e-9)
            if candidate < lo - margin || candidate > hi + margin {
                result.append(ProfileHint(kind: .sentinel,
                                          message: "\(formatNumber(candidate)) appears \(hits) times (\(percent(hits, values.count))), far outside the other values: a code for missing?",
                                          value: candidate))
            }
        }
        return result
    }

    static func leakageHint(_ association: TargetAssociation?, column: String, target: String) -> ProfileHint? {
        guard let association else { return nil }
        if let r = association.correlation, abs(r) >= 0.98 {
            return ProfileHint(kind: .possibleLeakage, message: "nearly identical to the target \(target) (r = \(format(r))): possible leakage", value: nil)
        }
        return nil
    }

    static func percent(_ part: Int, _ whole: Int) -> String {
        guard whole > 0 else { return "0%" }
        let v = 100 * Double(part) / Double(whole)
        return v < 10 ? "\(format(v, digits: 1))%" : "\(Int(v.rounded()))%"
    }

    static func format(_ v: Double, digits: Int = 2) -> String {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return formatNumber((v * scale).rounded() / scale)
    }
}

/// Strings in day/month/year shapes other than ISO (which the reader parses itself).
enum DateLikeStrings {
    static func share(_ values: [String]) -> Double? {
        guard !values.isEmpty else { return nil }
        let hits = values.filter(looksLikeDate).count
        return Double(hits) / Double(values.count)
    }

    static func looksLikeDate(_ s: String) -> Bool {
        let parts = s.split(whereSeparator: { $0 == "/" || $0 == "." || $0 == "-" }).map(String.init)
        if parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isNumber) }) {
            let lengths = parts.map(\.count)
            return lengths == [2, 2, 4] || lengths == [1, 1, 4] || lengths == [4, 2, 2] || lengths == [1, 2, 4] || lengths == [2, 1, 4]
        }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        let lower = s.lowercased()
        return months.contains { lower.hasPrefix($0) || lower.contains(" \($0)") } && lower.contains(where: \.isNumber) && lower.count <= 20
    }
}
