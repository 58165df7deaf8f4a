/// Which steps give the same output in every fold, so cross-validation can
/// run them once. A step qualifies when it learns nothing from training rows
/// (no fitted state, no row selection) and shares no column with any fitted
/// step before it: running it first then changes nothing any step sees.
enum FoldInvariance {
    static let stateless: Set<OpName> = [.dropColumn, .replaceValue, .cast, .parseDate, .normalizeText, .log1p, .dateParts, .textFlag, .derive, .lag, .rollingMean]

    /// A subset of a recipe's steps that remembers each step's number in the whole recipe (for messages).
    struct Part {
        var recipe = Recipe()
        var indices: [Int] = []
        mutating func append(_ step: RecipeStep, at index: Int) { recipe.steps.append(step); indices.append(index) }
    }

    /// (steps to run once, steps to run in every fold), each in recipe order.
    static func split(_ recipe: Recipe, target: String) -> (once: Part, perFold: Part) {
        var once = Part(), perFold = Part()
        var touchedByFitted = Set<String>()
        for (index, rs) in recipe.steps.enumerated() {
            let s = rs.step
            let columns = Set(StepRules.readColumns(s).map(\.1) + written(s))
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
    static func written(_ s: Step) -> [String] {
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
}
