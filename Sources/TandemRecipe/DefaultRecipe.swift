import TandemData

/// The sensible default recipe an analyst (or the heuristic agent) starts
/// from, decided from the training data's profile alone: identifiers
/// dropped, sentinel codes made missing, large categoricals frequency-encoded,
/// dates split into parts, a gradient-boosted model and the validation the
/// challenge calls for. Free text is left to the analyst (the feature plan
/// leaves it out, with a warning).
public enum DefaultRecipe {
    public static let modelParams: [String: StepValue] = ["n_estimators": .number(300), "learning_rate": .number(0.05), "max_depth": .number(5)]

    /// `train`, when given, lets the side tables be matched to it (their joins and aggregates, with match rates).
    public static func steps(profile: DataProfile, context: RecipeContext, train: DataFrame? = nil) -> [RecipeStep] {
        var steps: [RecipeStep] = []
        func add(_ table: [String: StepValue], _ rationale: String) {
            // Every table here is built from the vocabulary's own names, so it parses.
            if let s = try? RecipeStep(table: table) { steps.append(RecipeStep(s.step, author: .agent, rationale: rationale)) }
        }
        for c in profile.columns where c.name != context.target && !context.nonFeatureIds.contains(c.name) {
            let keyPart = context.idColumns.contains(c.name)
            if keyPart, c.kind == .category || c.kind == .text {
                // An entity of the row key (a SKU, a store) repeats across time: its own level is what it tells.
                add(["op": .string("target_encode"), "column": .string(c.name), "smoothing": .number(20), "as": .string(c.name + "_level")],
                    "\(c.name) is part of the row key and repeats across rows: its level, encoded out of fold")
                continue
            }
            if keyPart, c.kind != .date { continue }
            if c.hints.contains(where: { $0.kind == .idLike }), c.kind != .float, !keyPart {
                add(["op": .string("drop_column"), "column": .string(c.name)], "every value of \(c.name) is unique: an identifier, not a feature")
                continue
            }
            for h in c.hints where h.kind == .sentinel {
                if let v = h.value {
                    add(["op": .string("replace_value"), "column": .string(c.name), "from": .number(v), "to": .string("")],
                        "\(StepValue.number(v).display) in \(c.name) looks like a missing-value code")
                }
            }
            if c.kind == .category, c.distinct > FeaturePlan.autoOneHotLimit {
                add(["op": .string("frequency_encode"), "column": .string(c.name)], "\(c.name) has \(c.distinct) levels, too many to one-hot")
            }
            if c.kind == .date {
                add(["op": .string("date_parts"), "column": .string(c.name), "parts": .array([.string("year"), .string("month"), .string("dow")])],
                    "dates enter the model as year, month and day of week")
            }
            if c.kind == .text {
                add(["op": .string("text_stats"), "column": .string(c.name)],
                    "\(c.name) is free text: its length, words, digits, capitals, ! and ? and links become numbers")
            }
        }
        if let train, !context.tables.isEmpty { steps += SideProposals.steps(train: train, context: context) }
        add(["op": .string("model"), "kind": .string("gbm"), "params": .table(modelParams)],
            "gradient-boosted trees handle mixed types, missing values and interactions without tuning")
        let scheme = context.timeColumn != nil ? "time" : (context.task == .regression ? "kfold" : "stratified")
        add(["op": .string("cv"), "folds": .number(5), "scheme": .string(scheme)],
            context.timeColumn != nil ? "rows are time-ordered: forward-chaining folds" : "5-fold \(scheme) validation")
        return steps
    }
}

/// Puts a default recipe and adopted advice together in stage order:
/// cleaning, features, modelling; within a stage the default's cleaning runs
/// first and its features last (advice may create or replace what they
/// read), and modelling advice overrides the default's. A default step is
/// left out where an advice step works on the same column, or, in the
/// modelling stage, is the same op.
public enum AdviceComposer {
    public static func compose(defaults: [RecipeStep], advice: [RecipeStep]) -> [RecipeStep] {
        // A side step's column is the side table's: it names no main column a default works on.
        let adviceColumns = Set(advice.filter { !$0.step.readsSideTable }.compactMap { $0.step.string("column") })
        let adviceOps = Set(advice.filter { $0.step.op.stage == .modelling }.map(\.step.op))
        let adviceJoins = Set(advice.filter { $0.step.op == .join }.map(\.step.tableStem))
        let kept = defaults.filter { d in
            if d.step.op.stage == .modelling { return !adviceOps.contains(d.step.op) }
            if d.step.readsSideTable { return d.step.op != .join || !adviceJoins.contains(d.step.tableStem) }
            return d.step.string("column").map { !adviceColumns.contains($0) } ?? true
        }
        func of(_ steps: [RecipeStep], _ stage: Stage) -> [RecipeStep] { steps.filter { $0.step.op.stage == stage } }
        // Within the stage order, a step that reads a column goes before one that replaces or drops it, so one
        // document's text_flag on a date survives another's date_parts of it.
        return StepDependencies.ordered(of(kept, .cleaning) + of(advice, .cleaning) + of(advice, .features) + of(kept, .features)
            + of(kept, .modelling) + of(advice, .modelling))
    }
}

/// A step tandem refused, with the reason (for the session log and the calibration table).
public struct RefusedStep: Sendable, Equatable {
    public let step: RecipeStep
    public let reason: String
}

public enum RecipeAdmission {
    /// Validates `steps` against the data in order and leaves out each step
    /// that is refused (reads the target, random folds on time-ordered data,
    /// a column that is gone, ...). A step refused only for its place (it reads a column a later step creates, or one
    /// an earlier step removes) is moved and tried again. Throws only for problems no single step causes.
    /// - Parameter applied: how many leading steps are already in the recipe: they never move (a new step may go before them,
    ///   where approving it puts it, see StepDependencies.insertionIndex).
    public static func admit(_ steps: [RecipeStep], frame: WorkingFrame, context: RecipeContext,
                             positiveLabel: String? = nil, applied: Int = 0) throws(RecipeError) -> (recipe: Recipe, refused: [RefusedStep]) {
        var recipe = Recipe(steps: steps)
        var refused: [RefusedStep] = []
        var moves = 0
        while true {
            do {
                try EvaluationSettings.checkEveryModelStep(recipe, context: context)
                try RecipeEvaluator.validate(recipe, frame: frame, context: context, positiveLabel: positiveLabel)
                return (recipe, refused)
            } catch {
                guard let i = error.index, recipe.steps.indices.contains(i) else { throw error }
                if moves < 2 * steps.count, i >= applied, let to = ColumnOrder.retryPlace(of: i, in: recipe.steps, error: error) {
                    let step = recipe.steps.remove(at: i)
                    recipe.steps.insert(step, at: to > i ? to - 1 : to)
                    moves += 1
                    continue
                }
                var reason = error
                reason.index = nil
                refused.append(RefusedStep(step: recipe.steps[i], reason: reason.description + ColumnOrder.hint(for: i, in: recipe.steps, error: error)))
                recipe.steps.remove(at: i)
            }
        }
    }
}

/// Where a step refused for a missing column could go instead, and what the refusal should say would make it valid.
enum ColumnOrder {
    /// The missing column a "does not exist" error names.
    static func missingColumn(_ error: RecipeError) -> String? {
        guard error.message.contains("does not exist"), let open = error.message.firstIndex(of: "\""),
              let close = error.message[error.message.index(after: open)...].firstIndex(of: "\"") else { return nil }
        return String(error.message[error.message.index(after: open)..<close])
    }

    /// The index to insert step `i` at (before removal): after a later step that creates the column, or before an
    /// earlier step that removes it. Nil when moving cannot help.
    static func retryPlace(of i: Int, in steps: [RecipeStep], error: RecipeError) -> Int? {
        guard let column = missingColumn(error), StepDependencies.reads(steps[i].step).contains(column) else { return nil }
        if let j = steps.indices.last(where: { $0 > i && StepDependencies.creates(steps[$0].step).contains(column) }) { return j + 1 }
        if let k = steps.indices.first(where: { $0 < i && StepDependencies.removes(steps[$0].step).contains(column) }) {
            // Only when nothing between needs to run first: the step must not read what those steps create.
            let between = steps[k..<i].reduce(into: Set<String>()) { $0.formUnion(StepDependencies.creates($1.step)) }
            return between.isDisjoint(with: StepDependencies.reads(steps[i].step)) ? k : nil
        }
        return nil
    }

    static func hint(for i: Int, in steps: [RecipeStep], error: RecipeError) -> String {
        guard let column = missingColumn(error) else { return "" }
        if let k = steps.indices.first(where: { $0 < i && StepDependencies.removes(steps[$0].step).contains(column) }) {
            return " (step \(k + 1), \(steps[k].step.op.rawValue), replaced it: the step is valid before that one)"
        }
        return " (a step that creates \"\(column)\" before this one would make it valid)"
    }
}
