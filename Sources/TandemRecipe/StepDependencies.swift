/// Which columns a step reads, removes and creates: what advice composition and admission order steps by
/// (DESIGN.md section 4: a step that reads a column comes before a step that replaces or drops it).
public enum StepDependencies {
    /// Columns the step reads by name (its column, by, group_column, the columns of an expression).
    public static func reads(_ step: Step) -> Set<String> {
        if step.readsSideTable { return Set(StepRules.readColumns(step).map(\.1)) }
        var out = Set<String>()
        for field in ["column", "by", "group_column"] { if let c = step.string(field) { out.insert(c) } }
        for field in ["expr", "where"] {
            if let text = step.string(field), let e = try? ExpressionParser.parse(text) { out.formUnion(e.columns) }
        }
        return out
    }

    /// Columns the step takes away: drop_column, and one_hot and date_parts, which replace their column by others.
    public static func removes(_ step: Step) -> Set<String> {
        switch step.op {
        case .dropColumn, .oneHot, .dateParts: return step.string("column").map { [$0] } ?? []
        default: return []
        }
    }

    /// Columns whose values the step re-encodes in place (a key's text becomes numbers): a join or aggregate on such a
    /// column must read it before, as it reads the raw key.
    public static func recodes(_ step: Step) -> Set<String> {
        switch step.op {
        case .targetEncode, .frequencyEncode: return step.string("column").map { [$0] } ?? []
        default: return []
        }
    }

    /// What must still hold a column's original values when `step` runs: for a side step its keys, else nothing.
    static func rawReads(_ step: Step) -> Set<String> { step.readsSideTable ? reads(step) : [] }

    /// Columns the step adds under a new name (`as`, lag, rolling_mean and group_stat outputs, date parts).
    public static func creates(_ step: Step) -> Set<String> {
        let c = step.column
        switch step.op {
        case .join, .aggregate, .textStats: return Set(FoldInvariance.written(step))
        case .lag: return ["\(c)_lag\(step.int("periods") ?? 0)"]
        case .rollingMean: return ["\(c)_roll\(step.int("window") ?? 0)"]
        case .groupStat: return ["\(c)_\(step.string("stat") ?? "")_by_\(step.string("by") ?? "")"]
        case .dateParts:
            guard case .array(let parts)? = step.params["parts"] else { return [] }
            return Set(parts.compactMap(\.string).map { "\(c)_\($0)" })
        default: return step.string("as").map { [$0] } ?? []
        }
    }

    /// Where a step joins a recipe: before the first step that removes a column it reads, else at the end.
    public static func insertionIndex(of step: Step, into recipe: [RecipeStep]) -> Int {
        let needs = reads(step), raw = rawReads(step)
        return recipe.firstIndex { !removes($0.step).isDisjoint(with: needs) || !recodes($0.step).isDisjoint(with: raw) } ?? recipe.count
    }

    /// A stable reordering in which every step that reads a column comes before any step that removes it (a join's key
    /// before any step that re-encodes it); steps
    /// with no such conflict keep their order. A cycle (each needs the other first) leaves the rest as given.
    public static func ordered(_ steps: [RecipeStep]) -> [RecipeStep] {
        var remaining = Array(steps.indices)
        var out: [RecipeStep] = []
        out.reserveCapacity(steps.count)
        let reads = steps.map { Self.reads($0.step) }, removes = steps.map { Self.removes($0.step) }
        let creates = steps.map { Self.creates($0.step) }, recodes = steps.map { Self.recodes($0.step) }
        let raw = steps.map { Self.rawReads($0.step) }
        while !remaining.isEmpty {
            // The first step, in the given order, that removes nothing another remaining step still reads and reads
            // nothing an earlier remaining step has yet to create.
            let pick = remaining.firstIndex { i in
                (removes[i].isEmpty && recodes[i].isEmpty || !remaining.contains { j in
                    j != i && (!reads[j].isDisjoint(with: removes[i]) || !raw[j].isDisjoint(with: recodes[i])) })
                    && !remaining.contains { j in j < i && !creates[j].isDisjoint(with: reads[i]) }
            } ?? 0
            out.append(steps[remaining[pick]])
            remaining.remove(at: pick)
        }
        return out
    }
}
