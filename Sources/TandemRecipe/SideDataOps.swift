import TandemData

/// The statistics `aggregate` computes over a row's side rows (DESIGN.md section 4).
public enum AggregateStat: String, Sendable, CaseIterable {
    case count, sum, mean, min, max, std, nunique, first, last

    /// Whether the statistic needs numbers (count, nunique, first and last read any column).
    var needsNumbers: Bool { [.sum, .mean, .min, .max, .std].contains(self) }
}

extension Step {
    /// The column an aggregate writes: `as`, else `<table>_<column>_<stat>` (`<table>_count` for a row count).
    public var aggregateOutput: String {
        if let out = string("as") { return out }
        return "\(tableStem)_\(string("column").map { $0 + "_" } ?? "")\(string("stat") ?? "")"
    }

    /// The side table a step names, without a `tables/` folder or a file extension (`weather.csv` → `weather`).
    public var tableStem: String {
        var table = string("table") ?? ""
        if table.hasPrefix("tables/") { table.removeFirst(7) }
        for ext in SideTables.extensions where table.hasSuffix(ext) { table.removeLast(ext.count) }
        return table
    }
}

/// `join` and `aggregate`: side tables brought to the main rows. Both read no target and learn nothing, so they run
/// once for every fold and for test (FoldInvariance); both compare keys exactly (KeyMatch).
public enum SideDataOps {
    /// The warning an aggregate carries when it may read side rows from after the row's own time.
    public static func futureWarning(_ s: Step, tables: SideTables) -> String? {
        guard s.op == .aggregate, s.params["before"] == nil, let table = tables.named(s.string("table") ?? ""),
              let time = table.timeColumn else { return nil }
        return "aggregate \(table.name): reads side rows from after the row's own time (no before; "
            + "the time column of \(table.name) is \"\(time)\")"
    }

    /// Key columns of both sides, checked: every main `on` column and every side `table_on` column exists.
    static func keys(_ s: Step, _ p: Preparation, table: SideTable) throws(RecipeError)
        -> (main: [WorkingColumn], side: [WorkingColumn], names: [(String, String)]) {
        let on = s.names("on"), sideOn = s.params["table_on"] == nil ? on : s.names("table_on")
        var main: [WorkingColumn] = [], sides: [WorkingColumn] = []
        for name in on {
            guard let c = p.frame[name] else {
                throw RecipeError(step: s.op, field: "on", "column \"\(name)\" does not exist in the main table")
            }
            main.append(c)
        }
        for name in sideOn {
            guard let c = table.column(name) else {
                let known = table.columnNames.prefix(12).joined(separator: ", ")
                throw RecipeError(step: s.op, field: s.params["table_on"] == nil ? "on" : "table_on",
                                  "side table \(table.name) has no column \"\(name)\" (columns: \(known))"
                                  + (s.params["table_on"] == nil ? "; give table_on when the names differ" : ""))
            }
            sides.append(c)
        }
        return (main, sides, Array(zip(on, sideOn)))
    }

    static func join(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let table = try p.context.tables.require(s.string("table") ?? "", op: s.op)
        let k = try keys(s, p, table: table)
        let match = KeyMatch.match(main: k.main, side: k.side, names: k.names, cache: p.context.tables.cache, table: table.name)
        // Many-to-one only: a repeated side key would multiply rows.
        var firstRow = [Int32](repeating: -1, count: match.groupCount)
        for (r, g) in match.sideGroup.enumerated() where g >= 0 {
            if firstRow[Int(g)] >= 0 {
                let example = k.side.map { $0.string(r) ?? "" }.joined(separator: ", ")
                throw RecipeError(step: s.op, field: "on", "the key (\(k.names.map(\.1).joined(separator: ", "))) of \(table.name) "
                                  + "is not unique: (\(sanitizeForDisplay(example, limit: 60))) appears more than once; "
                                  + "a one-to-many table is read with aggregate")
            }
            firstRow[Int(g)] = Int32(r)
        }
        let sideKeys = Set(k.names.map(\.1))
        let named = s.params["columns"] != nil
        let wanted = named ? s.names("columns") : table.columnNames.filter { !sideKeys.contains($0) }
        let prefix = s.string("prefix") ?? ""
        var out: [(String, WorkingColumn)] = []
        let mainGroup = match.mainGroup, first = firstRow
        let sideRows = ParallelRows.codes(count: mainGroup.count) { r in mainGroup[r] >= 0 ? first[Int(mainGroup[r])] : -1 }
        for name in wanted {
            guard let col = table.column(name) else {
                throw RecipeError(step: s.op, field: "columns", "side table \(table.name) has no column \"\(name)\"")
            }
            if name == p.context.target {
                if named {
                    throw RecipeError(step: s.op, field: "columns", "\"\(name)\" is the target: a join would copy the row's own label "
                                      + "(aggregate it with before)")
                }
                p.warnings.append("join \(table.name): left out \"\(name)\", the target's name (aggregate it with before)")
                continue
            }
            let outName = prefix + name
            if p.frame[outName] != nil || outName == p.context.target || p.context.idColumns.contains(outName) {
                throw RecipeError(step: s.op, field: named ? "columns" : "prefix",
                                  "column \"\(outName)\" exists already in the main table (give a prefix)")
            }
            out.append((outName, gather(col, rows: sideRows)))
        }
        for (name, col) in out { p.frame.set(name, col) }
        let matched = match.mainGroup.lazy.filter { $0 >= 0 }.count
        p.warnings.append("join \(table.name) on \(k.names.map(\.0).joined(separator: ", ")): \(percent(matched, of: p.frame.rows)) "
                          + "of rows matched (\(matched) of \(p.frame.rows)), \(out.count) column\(out.count == 1 ? "" : "s") added")
        p.warnings += match.notes.map { "join \(table.name): \($0)" }
    }

    /// The side column's values at `rows` (-1: missing), kept in the column's kind.
    static func gather(_ col: WorkingColumn, rows: [Int32]) -> WorkingColumn {
        switch col {
        case .number, .indicator, .imputed:
            let v = col.numbers ?? []
            return .number(ParallelRows.doubles(count: rows.count) { range, out in for r in range { out[r] = rows[r] >= 0 ? v[Int(rows[r])] : .nan } })
        case .date(let v):
            return .date(ParallelRows.doubles(count: rows.count) { range, out in for r in range { out[r] = rows[r] >= 0 ? v[Int(rows[r])] : .nan } })
        case .category(let codes, let levels): return .category(codes: rows.map { $0 >= 0 ? codes[Int($0)] : -1 }, levels: levels)
        case .text(let t): return .text(TextValues(rows.map { $0 >= 0 ? t[Int($0)] : nil }))
        }
    }

    static func percent(_ n: Int, of total: Int) -> String {
        total == 0 ? "0%" : formatNumber((Double(n) / Double(total) * 1000).rounded() / 10) + "%"
    }
}

extension SideDataOps {
    /// Runs one join or aggregate on every row of `frame` (they learn nothing, so no training rows are needed): the
    /// frame with its new columns and the step's warnings. For `tandem bench join` and tools outside a recipe.
    public static func apply(_ s: Step, to frame: WorkingFrame, context: RecipeContext) throws(RecipeError) -> (WorkingFrame, [String]) {
        guard s.readsSideTable else { throw RecipeError(step: s.op, field: nil, "is not a join or an aggregate") }
        var p = Preparation(frame: frame, trainRows: [], labels: [], context: context)
        try StepRules.check(s, context, frame: frame)
        if s.op == .join { try join(s, &p) } else { try aggregate(s, &p) }
        return (p.frame, p.warnings)
    }
}
