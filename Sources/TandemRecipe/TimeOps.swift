import TandemData

/// lag, rolling_mean and group_stat. lag and rolling_mean read rows in time
/// order (the challenge's time column, else file order), within `by` groups.
enum TimeOps {
    /// Row indices in time order (stable for ties).
    static func timeOrder(_ p: Preparation) -> [Int] {
        guard let t = p.context.timeColumn, let times = p.frame[t]?.numbers else { return Array(0..<p.frame.rows) }
        return (0..<p.frame.rows).sorted { (times[$0].isNaN ? .infinity : times[$0], $0) < (times[$1].isNaN ? .infinity : times[$1], $1) }
    }

    static func groups(_ s: Step, _ p: Preparation) throws(RecipeError) -> [String?] {
        guard s.params["by"] != nil else { return Array(repeating: "", count: p.frame.rows) }
        return Encoding.keys(try p.column(s, "by"), rows: p.frame.rows)
    }

    /// Each group's rows in time order.
    static func orderedGroups(_ s: Step, _ p: Preparation) throws(RecipeError) -> [[Int]] {
        let group = try groups(s, p)
        var index: [String: Int] = [:]
        var lists: [[Int]] = []
        for r in timeOrder(p) {
            let key = group[r] ?? "\u{0}"
            if let i = index[key] { lists[i].append(r) } else { index[key] = lists.count; lists.append([r]) }
        }
        return lists
    }

    static func lag(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let v = try p.numbers(s)
        let periods = s.int("periods") ?? 1
        var out = [Double](repeating: .nan, count: p.frame.rows)
        for rows in try orderedGroups(s, p) {
            for i in periods..<max(periods, rows.count) { out[rows[i]] = v[rows[i - periods]] }
        }
        p.frame.set("\(s.column)_lag\(periods)", .number(out))
    }

    /// Mean of the present values among the last `window` rows, up to and including the row.
    static func rollingMean(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let v = try p.numbers(s)
        let window = s.int("window") ?? 3
        var out = [Double](repeating: .nan, count: p.frame.rows)
        for rows in try orderedGroups(s, p) {
            var sum = 0.0, present = 0
            for (i, r) in rows.enumerated() {
                if !v[r].isNaN { sum += v[r]; present += 1 }
                if i >= window, !v[rows[i - window]].isNaN { sum -= v[rows[i - window]]; present -= 1 }
                out[r] = present > 0 ? sum / Double(present) : .nan
            }
        }
        p.frame.set("\(s.column)_roll\(window)", .number(out))
    }

    /// A per-group statistic learned on training rows; unseen groups get missing (count: 0).
    static func groupStat(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let v = try p.numbers(s)
        let stat = s.string("stat") ?? "mean"
        let by = s.string("by") ?? ""
        let keys = Encoding.keys(try p.column(s, "by"), rows: p.frame.rows)
        var values: [String: [Double]] = [:]
        for r in p.trainRows { if let k = keys[r], !v[r].isNaN { values[k, default: []].append(v[r]) } }
        let table: [String: Double] = values.mapValues { xs in
            switch stat {
            case "count": Double(xs.count)
            case "std": Statistics.sampleStd(xs)
            default: Statistics.mean(xs)
            }
        }
        let unseen = stat == "count" ? 0.0 : .nan
        p.frame.set("\(s.column)_\(stat)_by_\(by)", .number(keys.map { k in k.flatMap { table[$0] } ?? unseen }))
    }
}

/// Deterministic fold numbers from a seed.
enum FoldAssignment {
    /// Fold of each of `count` items after a seeded shuffle, sizes balanced.
    static func shuffled(count: Int, folds: Int, seed: UInt64) -> [Int] {
        var order = Array(0..<count)
        var rng = SeededRandom(seed: seed)
        order.shuffle(using: &rng)
        var out = [Int](repeating: 0, count: count)
        for (position, item) in order.enumerated() { out[item] = position % folds }
        return out
    }
}

