import TandemData

/// A date part (year, month, weekday, hour) of every row. Whole-day dates
/// read it from a table over the column's day range, computed once per
/// calendar day rather than once per row: a million rows span a few
/// thousand days. Date-times and far-flung ranges compute it per row.
struct DayTable: Sendable {
    /// Tables wider than this many days are not built (about 2,900 years).
    static let maximumSpan = 1 << 20

    let first: Int
    let table: [Double]
    let value: @Sendable (DateParts) -> Double

    init(range: ClosedRange<Int>?, _ value: @escaping @Sendable (DateParts) -> Double) {
        self.value = value
        guard let range, range.count <= Self.maximumSpan else { first = 0; table = []; return }
        first = range.lowerBound
        table = range.map { value(DateParts(seconds: Int64($0) * 86_400)) }
    }

    /// The whole days the present values span, nil when there are none. Values
    /// too far out to be dates (and NaN) are left to the per-row path.
    static func range(_ days: [Double]) -> ClosedRange<Int>? {
        var lo = Double.infinity, hi = -Double.infinity
        for d in days where abs(d) < 1e12 {
            lo = min(lo, d)
            hi = max(hi, d)
        }
        guard lo <= hi else { return nil }
        return Int(lo.rounded(.down))...Int(hi.rounded(.down))
    }

    func apply(_ days: [Double]) -> [Double] {
        ParallelRows.map(days) { day in
            if day.isNaN { return .nan }
            let whole = day.rounded(.down)
            // Wrapping: a day near Int.min must fall outside the table, not trap.
            let i = Int(exactly: whole).map { $0 &- first } ?? -1
            if whole == day, i >= 0, i < table.count { return table[i] }
            guard let seconds = Int64(exactly: (day * 86_400).rounded()) else { return .nan }
            return value(DateParts(seconds: seconds))
        }
    }
}
