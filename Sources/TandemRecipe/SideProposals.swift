import TandemData

/// The side-data steps the heuristic agent proposes (DESIGN.md section 6): a `join` where a side table's unique key
/// matches main columns (by name, or at least 90% of a main column's values found in it), for a one-to-many table an
/// `aggregate` count and a mean per numeric column (bounded by `before` when both tables have a time column), and
/// `text_stats` for free text. Each rationale gives the match rate.
public enum SideProposals {
    public static let minimumMatch = 0.9

    public static func steps(train: DataFrame, context: RecipeContext) -> [RecipeStep] {
        var out: [RecipeStep] = []
        func add(_ table: [String: StepValue], _ rationale: String) {
            // Built from the vocabulary's own names, so it parses.
            if let s = try? RecipeStep(table: table) { out.append(RecipeStep(s.step, author: .agent, rationale: rationale)) }
        }
        // Only the columns a key is tried on are converted (a million-row train.csv is asked at every stage).
        let main = MainColumns(train)
        let candidates = train.columnNames.filter { $0 != context.target }
        for table in context.tables.tables {
            guard let (on, sideOn, rate, unique) = bestKey(table, main: main, candidates: candidates, context: context) else { continue }
            func keyFields(_ on: [String], _ sideOn: [String]) -> [String: StepValue] {
                var fields: [String: StepValue] = ["table": .string(table.name), "on": names(on)]
                if sideOn != on { fields["table_on"] = names(sideOn) }
                return fields
            }
            func matched(_ rate: Double) -> String { "\(SideDataOps.percent(Int((rate * 1000).rounded()), of: 1000)) of rows find a row" }
            if unique {
                add(keyFields(on, sideOn).merging(["op": .string("join")]) { a, _ in a },
                    "\(table.name) holds one row per \(on.joined(separator: ", ")): \(matched(rate)) of it")
                // A history keyed by entity and time (promotions per SKU and week) is also read as the entity's past.
                guard on.count > 1, let time = table.timeColumn, let t = sideOn.firstIndex(of: time) else { continue }
                let entity = (on.enumerated().filter { $0.offset != t }.map(\.element), sideOn.filter { $0 != time })
                guard let entityRate = self.rate(table, on: entity.0, sideOn: entity.1, main: main, context: context), entityRate > 0 else { continue }
                aggregates(entity.0, entity.1, entityRate)
                continue
            }
            aggregates(on, sideOn, rate)

            func aggregates(_ on: [String], _ sideOn: [String], _ rate: Double) {
                var bound: [String: StepValue] = [:]
                if let mainTime = context.timeColumn, let sideTime = table.timeColumn {
                    bound["before"] = .string(mainTime == sideTime ? mainTime : "\(mainTime):\(sideTime)")
                }
                let keyText = on.joined(separator: ", ")
                let when = bound.isEmpty ? "" : ", only rows before the row's own \(context.timeColumn ?? "time")"
                // A bounded aggregate says so in its name, and so never meets an unbounded one of the same table and column.
                func named(_ column: String?, _ stat: String) -> [String: StepValue] {
                    guard let time = context.timeColumn, !bound.isEmpty else { return [:] }
                    return ["as": .string("\(table.name)_\(column.map { $0 + "_" } ?? "")\(stat)_before_\(time)")]
                }
                let fields = keyFields(on, sideOn)
                add(fields.merging(["op": .string("aggregate"), "stat": .string("count")].merging(bound) { a, _ in a }
                    .merging(named(nil, "count")) { a, _ in a }) { a, _ in a },
                    "\(table.name) holds several rows per \(keyText) (\(matched(rate))): count them\(when)")
                let skip = Set(table.key + sideOn + [table.timeColumn].compactMap { $0 })
                for column in table.frame.columns where column.kind.isNumeric && !skip.contains(column.name) {
                    // The target's earlier outcomes are read only with before.
                    if column.name == context.target && bound.isEmpty { continue }
                    add(fields.merging(["op": .string("aggregate"), "column": .string(column.name), "stat": .string("mean")]
                        .merging(bound) { a, _ in a }.merging(named(column.name, "mean")) { a, _ in a }) { a, _ in a },
                        "the mean of \(table.name).\(column.name) per \(keyText) (\(matched(rate)))\(when)")
                }
            }
        }
        return out
    }

    /// The main table's columns as recipe steps read them, each converted on first use.
    final class MainColumns {
        let frame: DataFrame
        private var converted: [String: WorkingColumn] = [:]
        init(_ frame: DataFrame) { self.frame = frame }
        subscript(name: String) -> WorkingColumn? {
            if let c = converted[name] { return c }
            guard let column = frame[name] else { return nil }
            let c = WorkingFrame(DataFrame(columns: [column])).columns[0]
            converted[name] = c
            return c
        }
    }

    /// The share of main rows that find side rows on these columns.
    static func rate(_ table: SideTable, on: [String], sideOn: [String], main: MainColumns, context: RecipeContext) -> Double? {
        let mainCols = on.compactMap { main[$0] }, sideCols = sideOn.compactMap { table.column($0) }
        guard !on.isEmpty, mainCols.count == on.count, sideCols.count == sideOn.count else { return nil }
        return KeyMatch.match(main: mainCols, side: sideCols, names: Array(zip(on, sideOn)), cache: context.tables.cache, table: table.name).matchRate
    }

    static func names(_ n: [String]) -> StepValue { n.count == 1 ? .string(n[0]) : .array(n.map { .string($0) }) }

    /// The main columns a table is keyed to: its declared or inferred key when main has those names, else the same-named
    /// column, else any main column whose values are at least 90% found in the table's one-column key. With the share
    /// of main rows matched and whether the side rows are unique on it.
    static func bestKey(_ table: SideTable, main: MainColumns, candidates: [String], context: RecipeContext)
        -> (on: [String], sideOn: [String], rate: Double, unique: Bool)? {
        var tries: [([String], [String])] = []
        if !table.key.isEmpty, table.key.allSatisfy(candidates.contains) { tries.append((table.key, table.key)) }
        for c in candidates where table.frame[c] != nil && !(table.key == [c]) && c != table.timeColumn { tries.append(([c], [c])) }
        if table.key.count == 1, let k = table.key.first {
            for c in candidates where c != k && table.frame[c] == nil { tries.append(([c], [k])) }
        }
        for (on, sideOn) in tries {
            let mainCols = on.compactMap { main[$0] }
            let sideCols = sideOn.compactMap { table.column($0) }
            guard mainCols.count == on.count, sideCols.count == sideOn.count else { continue }
            let match = KeyMatch.match(main: mainCols, side: sideCols, names: Array(zip(on, sideOn)), cache: context.tables.cache,
                                       table: table.name)
            let rate = match.matchRate
            // The table's own key under the main table's names is a join at any rate (a promotion in 12% of weeks);
            // any other column must find 90% of its values.
            let ownKey = on == sideOn && on == table.key && table.key.count > 1
            guard rate >= minimumMatch || (ownKey && rate > 0) else { continue }
            var seen = [Bool](repeating: false, count: match.groupCount)
            var unique = true
            for g in match.sideGroup where g >= 0 {
                if seen[Int(g)] { unique = false; break }
                seen[Int(g)] = true
            }
            return (on, sideOn, rate, unique)
        }
        return nil
    }
}
