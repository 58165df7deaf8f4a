/// Which steps give the same output in every fold, so cross-validation can
/// run them once. A step qualifies when it learns nothing from training rows
/// (no fitted state, no row selection) and shares no column with any fitted
/// step before it: running it first then changes nothing any step sees.
enum FoldInvariance {
    static let stateless: Set<OpName> = [.dropColumn, .replaceValue, .cast, .parseDate, .normalizeText, .log1p, .dateParts, .textFlag, .derive,
                                         .lag, .rollingMean, .join, .aggregate, .textStats]

    /// A subset of a recipe's steps that remembers each step's number in the whole recipe (for messages).
    struct Part {
        var recipe = Recipe()
        var indices: [Int] = []
        mutating func append(_ step: RecipeStep, at index: Int) { recipe.steps.append(step); indices.append(index) }
    }

    /// (steps to run once, steps to run in every fold), each in recipe order.
    /// `tables` names a join's columns when the step lists none (it brings every column of its table).
    static func split(_ recipe: Recipe, target: String, tables: SideTables = SideTables()) -> (once: Part, perFold: Part) {
        var once = Part(), perFold = Part()
        var touchedByFitted = Set<String>()
        for (index, rs) in recipe.steps.enumerated() {
            let s = rs.step
            let columns = Set(StepRules.readColumns(s).map(\.1) + written(s, tables: tables))
            if s.op.stage != .modelling, stateless.contains(s.op), !columns.contains(target), columns.isDisjoint(with: touchedByFitted) {
                once.append(rs, at: index)
            } else {
                perFold.append(rs, at: index)
                if s.op.stage != .modelling { touchedByFitted.formUnion(columns) }
                if s.op == .dropRows || s.op == .dedupe { touchedByFitted.insert("\u{0}rows") }
            }
        }
        return (once, perFold)
    }

    /// Columns a step creates or replaces (name patterns of DESIGN.md section 4).
    static func written(_ s: Step, tables: SideTables = SideTables()) -> [String] {
        if s.op == .join {
            var columns = s.names("columns")
            if s.params["columns"] == nil, let table = tables.named(s.string("table") ?? "") {
                let keys = Set(s.params["table_on"] == nil ? s.names("on") : s.names("table_on"))
                columns = table.columnNames.filter { !keys.contains($0) }
            }
            return columns.map { (s.string("prefix") ?? "") + $0 }
        }
        if s.op == .aggregate { return [s.aggregateOutput] }
        if s.op == .textStats { return TextStatsOp.outputs(s.column) }
        var out = [s.output]
        if let a = s.string("as") { out.append(a) }
        switch s.op {
        case .dateParts: out += (s.params["parts"]?.array ?? []).compactMap(\.string).map { "\(s.column)_\($0)" }
        case .lag: out.append("\(s.column)_lag\(s.int("periods") ?? 1)")
        case .rollingMean: out.append("\(s.column)_roll\(s.int("window") ?? 3)")
        default: break
        }
        return out.filter { !$0.isEmpty }
    }

    /// Fits FoldBatch can learn for every fold at once, per fold, by step
    /// position in `perFold`: a median impute, one_hot or frequency_encode
    /// that reads a column of `frame` as it is (no earlier per-fold step wrote
    /// it) on the fold's own rows (no earlier step dropped any). Steps before `start` have run already (a fold resumed
    /// from a trail): they are not fitted, only followed.
    static func batchFits(_ perFold: Recipe, frame: WorkingFrame, batch: FoldBatch, from start: Int = 0) -> [[Int: StepFit]] {
        var fits = [[Int: StepFit]](repeating: [:], count: batch.folds)
        var written = Set<String>()
        for (i, rs) in perFold.steps.enumerated() where rs.step.op.stage != .modelling {
            let s = rs.step
            if s.op == .dropRows || s.op == .dedupe { break }
            defer { written.formUnion(self.written(s)) }
            guard i >= start, !written.contains(s.column), let col = frame[s.column] else { continue }
            switch (s.op, col) {
            case (.impute, .number(let v)) where (s.string("strategy") ?? "median") == "median":
                for (f, m) in batch.medians(v).enumerated() { if let m { fits[f][i] = .fill(m) } }
            case (.oneHot, .category(let codes, let levels)), (.frequencyEncode, .category(let codes, let levels)):
                guard let perFold = batch.levelCounts(codes, levelCount: levels.count) else { continue }
                for (f, fit) in perFold.enumerated() { fits[f][i] = .levels(counts: fit.counts, firstRows: fit.firstRows) }
            default: continue
            }
        }
        return fits
    }
}
