import TandemData

/// `aggregate`: one number (or a first/last value) per main row from the side rows sharing its key. With `before`,
/// only side rows strictly earlier than the row's own time count (point in time, as feature stores mean it), and
/// `window` also drops those more than N days (or units) before it.
extension SideDataOps {
    static func aggregate(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let table = try p.context.tables.require(s.string("table") ?? "", op: s.op)
        let k = try keys(s, p, table: table)
        guard let stat = AggregateStat(rawValue: s.string("stat") ?? "") else { throw RecipeError(step: s.op, field: "stat", "is unknown") }
        var values: WorkingColumn?
        if let name = s.string("column") {
            guard let col = table.column(name) else {
                let known = table.columnNames.prefix(12).joined(separator: ", ")
                throw RecipeError(step: s.op, field: "column", "side table \(table.name) has no column \"\(name)\" (columns: \(known))")
            }
            if stat.needsNumbers && !col.isNumeric {
                throw RecipeError(step: s.op, field: "column", "\(stat.rawValue) needs numbers; \"\(name)\" of \(table.name) is \(col.kindName)")
            }
            values = col
        }
        let output = s.aggregateOutput
        if p.frame[output] != nil || output == p.context.target || p.context.idColumns.contains(output) {
            throw RecipeError(step: s.op, field: "as", "column \"\(output)\" exists already in the main table (give another as)")
        }
        let bound = try timeBound(s, p, table: table)
        let window = s.number("window")
        let sideTime = bound?.side ?? table.timeColumn.flatMap { table.column($0)?.numbers }
        let match = KeyMatch.match(main: k.main, side: k.side, names: k.names, cache: p.context.tables.cache, table: table.name)
        let groups = match.index.ordered(by: sideTime == nil ? nil : bound?.sideName ?? table.timeColumn, time: sideTime)
        let rows = p.frame.rows
        // The side rows each main row reads: a range of its group's rows (in time order when there is a time).
        let ranges: [Range<Int>?] = (0..<rows).map { r in
            let g = Int(match.mainGroup[r])
            guard g >= 0 else { return 0..<0 }
            let all = groups.offsets[g]..<groups.offsets[g + 1]
            guard let bound, let time = sideTime else { return all }
            let t = bound.main[r]
            if t.isNaN { return nil }
            let hi = lowerBound(all, groups.rows, time, t)
            let lo = window.map { lowerBound(all.lowerBound..<hi, groups.rows, time, t - $0) } ?? all.lowerBound
            return lo..<hi
        }
        p.frame.set(output, compute(stat, values: values, rows: groups.rows, ranges: ranges))
        if let warning = futureWarning(s, tables: p.context.tables) { p.warnings.append(warning) }
        let matched = match.mainGroup.lazy.filter { $0 >= 0 }.count
        p.warnings.append("aggregate \(table.name) on \(k.names.map(\.0).joined(separator: ", ")): \(percent(matched, of: rows)) "
                          + "of rows have side rows (\(matched) of \(rows))")
        p.warnings += match.notes.map { "aggregate \(table.name): \($0)" }
    }

    /// The main row times and the side times `before` compares, both as numbers (dates in days).
    static func timeBound(_ s: Step, _ p: Preparation, table: SideTable) throws(RecipeError)
        -> (main: [Double], side: [Double], sideName: String)? {
        guard let raw = s.string("before") else { return nil }
        let parts = raw.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        // "COL" or "COL:SIDE_COL"; an empty side part ("COL:") means the default side time.
        guard let mainName = parts.first, !mainName.isEmpty else {
            throw RecipeError(step: s.op, field: "before", "names no column (before = \"COL\" or \"COL:SIDE_COL\")")
        }
        guard let mainCol = p.frame[mainName] else {
            throw RecipeError(step: s.op, field: "before", "column \"\(mainName)\" does not exist in the main table")
        }
        guard mainCol.isNumeric, let mainTimes = mainCol.numbers else {
            throw RecipeError(step: s.op, field: "before", "\"\(mainName)\" is \(mainCol.kindName): before needs a date or a number column")
        }
        let sideName = parts.count > 1 && !parts[1].isEmpty ? parts[1] : (table.frame[mainName] != nil ? mainName : table.timeColumn)
        guard let sideName, let sideCol = table.column(sideName) else {
            throw RecipeError(step: s.op, field: "before", "side table \(table.name) has no time column to compare with \"\(mainName)\" "
                              + "(name it: \"\(mainName):SIDE_COLUMN\")")
        }
        guard let sideTimes = sideCol.numbers else {
            throw RecipeError(step: s.op, field: "before", "\"\(sideName)\" of \(table.name) is \(sideCol.kindName): before needs a date or a number column")
        }
        if isDate(mainCol) != isDate(sideCol) {
            throw RecipeError(step: s.op, field: "before", "\"\(mainName)\" is \(isDate(mainCol) ? "a date" : "a number") and \"\(sideName)\" "
                              + "of \(table.name) is \(isDate(sideCol) ? "a date" : "a number"): they cannot be compared")
        }
        return (mainTimes, sideTimes, sideName)
    }

    static func isDate(_ c: WorkingColumn) -> Bool { if case .date = c { true } else { false } }

    /// The first position in `range` of `rows` whose time is not below `t` (missing times sort last).
    static func lowerBound(_ range: Range<Int>, _ rows: [Int32], _ time: [Double], _ t: Double) -> Int {
        var lo = range.lowerBound, hi = range.upperBound
        while lo < hi {
            let mid = (lo + hi) / 2
            let v = time[Int(rows[mid])]
            if !v.isNaN && v < t { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The statistic per main row. A row with no side rows counts 0; every other statistic is missing then, as it is
    /// when no side value is present. A row whose own time is missing (`nil` range) is missing for every statistic.
    static func compute(_ stat: AggregateStat, values: WorkingColumn?, rows: [Int32], ranges: [Range<Int>?]) -> WorkingColumn {
        let numbers = values?.numbers
        let present: (Int32) -> Bool = { r in
            guard let values else { return true }
            if let numbers { return !numbers[Int(r)].isNaN }
            return values.string(Int(r)) != nil
        }
        if stat == .first || stat == .last, let values {
            let picked: [Int32] = ranges.map { range in
                guard let range else { return -1 }
                if stat == .first { return range.first { present(rows[$0]) }.map { rows[$0] } ?? -1 }
                return range.reversed().first { present(rows[$0]) }.map { rows[$0] } ?? -1
            }
            return gather(values, rows: picked)
        }
        return .number(ParallelRows.doubles(count: ranges.count) { chunk, out in
            for r in chunk { out[r] = value(stat, ranges[r], values: values, numbers: numbers, rows: rows) }
        })
    }

    /// One row's statistic over its side rows `rows[range]`.
    static func value(_ stat: AggregateStat, _ range: Range<Int>?, values: WorkingColumn?, numbers: [Double]?, rows: [Int32]) -> Double {
        guard let range else { return .nan }
        switch stat {
        case .count:
            guard values != nil else { return Double(range.count) }
            if let numbers { return Double(range.lazy.filter { !numbers[Int(rows[$0])].isNaN }.count) }
            return Double(range.lazy.filter { values?.string(Int(rows[$0])) != nil }.count)
        case .nunique:
            if let numbers { return Double(Set(range.map { numbers[Int(rows[$0])] }.filter { !$0.isNaN }).count) }
            return Double(Set(range.compactMap { values?.string(Int(rows[$0])) }).count)
        case .first, .last:
            return .nan  // a column is required for them (StepSchema); computed as values by compute
        default:
            guard let numbers else { return .nan }
            var n = 0.0, sum = 0.0, lo = Double.infinity, hi = -Double.infinity
            var mean = 0.0, m2 = 0.0
            for i in range {
                let x = numbers[Int(rows[i])]
                if x.isNaN { continue }
                n += 1; sum += x; lo = Swift.min(lo, x); hi = Swift.max(hi, x)
                let d = x - mean
                mean += d / n
                m2 += d * (x - mean)
            }
            if n == 0 { return .nan }
            switch stat {
            case .sum: return sum
            case .mean: return sum / n
            case .min: return lo
            case .max: return hi
            default: return n > 1 ? (m2 / (n - 1)).squareRoot() : .nan
            }
        }
    }
}
