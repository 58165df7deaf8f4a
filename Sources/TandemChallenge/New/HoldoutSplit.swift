import TandemData

/// Which rows of one table become the hidden test set (`tandem new`). Deterministic for the seed: the latest rows
/// when there is a time column, else stratified by class (classification) or by target deciles (regression), so
/// test.csv looks like train.csv. Rows without a target stay in training.
enum HoldoutSplit {
    enum Strategy {
        /// Time values per row (nil: missing, taken as earliest).
        case latest(column: String, times: [Double?])
        case stratified(labels: [String?])
        case deciles(values: [Double?])
    }

    struct Result: Equatable {
        /// Ascending row numbers of the test rows.
        var testRows: [Int]
        var description: String
    }

    static func split(rowCount n: Int, holdout: Double, seed: UInt64, strategy: Strategy) -> Result {
        var rng = SeededRandom(seed: seed)
        let percent = "\(Int((holdout * 100).rounded()))%"
        switch strategy {
        case .latest(let column, let times):
            let order = (0..<n).sorted { a, b in
                let ta = times[a] ?? -.infinity, tb = times[b] ?? -.infinity
                return ta != tb ? ta < tb : a < b
            }
            let k = Int((Double(n) * holdout).rounded())
            return Result(testRows: order.suffix(k).sorted(), description: "the latest \(percent) of rows by \"\(column)\"")
        case .stratified(let labels):
            var groups: [String: [Int]] = [:]
            for r in 0..<n { if let l = labels[r] { groups[l, default: []].append(r) } }
            var test: [Int] = []
            for key in groups.keys.sorted() {
                test += take(groups[key] ?? [], holdout: holdout, rng: &rng)
            }
            return Result(testRows: test.sorted(), description: "\(percent) of rows, stratified by class (seed \(seed))")
        case .deciles(let values):
            let present = (0..<n).filter { values[$0] != nil }.sorted { a, b in
                let va = values[a] ?? 0, vb = values[b] ?? 0
                return va != vb ? va < vb : a < b
            }
            var test: [Int] = []
            for d in 0..<10 {
                let lo = present.count * d / 10, hi = present.count * (d + 1) / 10
                test += take(Array(present[lo..<hi]), holdout: holdout, rng: &rng)
            }
            return Result(testRows: test.sorted(), description: "\(percent) of rows, stratified by target decile (seed \(seed))")
        }
    }

    /// A seeded share of one group, leaving at least one row of it in training.
    static func take(_ rows: [Int], holdout: Double, rng: inout SeededRandom) -> [Int] {
        guard rows.count > 1 else { return [] }
        var shuffled = rows
        for i in stride(from: shuffled.count - 1, to: 0, by: -1) { shuffled.swapAt(i, rng.int(below: i + 1)) }
        let k = min(Int((Double(rows.count) * holdout).rounded()), rows.count - 1)
        return Array(shuffled.prefix(k))
    }
}
