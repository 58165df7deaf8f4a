/// Prepares a cross-validation's folds: the steps that learn nothing once on all rows, the rest in every fold. With
/// trails (`FoldTrails`), a recipe sharing steps with one prepared before resumes where they part: the start frame is
/// reused when the once part is the same, and each fold's state after the shared per-fold steps is reused (patched
/// when only the start frame changed, `FoldTrailPatch`). What is reused is what a fresh run computes, so scores do
/// not depend on what was evaluated before.
struct FoldPreparer {
    let part: FoldInvariance.Part
    let context: RecipeContext
    let base: WorkingFrame
    let baseWarnings: [String]
    /// Per-fold steps already run: folds resume from `resumed` (nil: from `base`).
    let shared: Int
    private let resumed: [FoldState]?
    private let inherited: [[FoldState]]
    private let fits: [[Int: StepFit]]?
    private let onceFingerprint: String
    private let stepPrints: [String]
    private let recording: Bool
    private let textCodes: TextCodes
    /// Per fold, its states after each step it ran here.
    private var recorded: [[FoldState]]

    init(_ recipe: Recipe, frame: WorkingFrame, folds: [Fold], labelled: [Int], hoisting: Bool, context: RecipeContext,
         times: PhaseTimes, trails: FoldTrails?, textCodes: TextCodes, foldsKey: String) throws(RecipeError) {
        self.textCodes = textCodes
        let (once, everyFold) = hoisting ? FoldInvariance.split(recipe, target: context.target, tables: context.tables)
            : (FoldInvariance.Part(), FoldInvariance.Part(recipe: recipe, indices: Array(recipe.steps.indices)))
        var part = FoldInvariance.Part()
        for (rs, i) in zip(everyFold.recipe.steps, everyFold.indices) where rs.step.op.stage != .modelling { part.append(rs, at: i) }
        self.part = part
        self.context = context
        onceFingerprint = once.recipe.steps.map(FoldTrail.stepPrint).joined(separator: ",")
        stepPrints = part.recipe.steps.map(FoldTrail.stepPrint)
        let found = trails?.best(foldsKey: foldsKey, onceFingerprint: onceFingerprint, stepPrints: stepPrints)
        var shared = 0, resumed: [FoldState]?, inherited: [[FoldState]] = []
        if let found, found.trail.onceFingerprint == onceFingerprint {
            base = found.trail.base
            baseWarnings = found.trail.baseWarnings
            shared = found.shared
            inherited = Array(found.trail.states.prefix(shared))
        } else {
            let prepared = try times.prep { () throws(RecipeError) in
                try RecipePreparer.prepare(once.recipe, frame: frame, trainRows: labelled, labels: [Double](repeating: .nan, count: frame.rows),
                                           context: context, numbers: once.indices)
            }
            base = prepared.frame
            baseWarnings = prepared.warnings
            if let found, found.shared > 0, let patched = times.prep({
                FoldTrailPatch.states(found.trail, shared: found.shared, base: prepared.frame,
                                      steps: part.recipe.steps.prefix(found.shared).map(\.step), context: context)
            }) {
                shared = found.shared
                inherited = patched
            }
        }
        resumed = inherited.last
        if shared > 0 { trails?.resumed(steps: shared, patched: found?.trail.onceFingerprint != onceFingerprint) }
        self.shared = shared
        self.resumed = resumed
        self.inherited = inherited
        // Medians and level counts of every fold from one pass each, when the folds partition the rows.
        let start = base
        fits = times.prep {
            hoisting ? FoldBatch(folds: folds, labelled: labelled, frameRows: frame.rows).map {
                FoldInvariance.batchFits(part.recipe, frame: start, batch: $0, from: shared)
            } : nil
        }
        recording = trails != nil
        recorded = Array(repeating: [], count: folds.count)
    }

    /// Fold `k`'s cleaning and feature steps fitted on its training rows, and the matrices its model needs.
    mutating func prepare(_ k: Int, _ fold: Fold, labels: TargetLabels, times: PhaseTimes) throws(RecipeError) -> PreparedFold {
        let fit = fits?[k] ?? [:]
        var p: Preparation
        if let resumed {
            guard k < resumed.count else { throw RecipeError(step: nil, field: nil, "fold \(k + 1) has no prepared state to resume from") }
            p = resumed[k].preparation(context, fits: fit)
        } else {
            p = Preparation(frame: base, trainRows: fold.train, labels: RecipeEvaluator.trainingLabels(labels, train: fold.train, rows: base.rows),
                            context: context, fits: fit)
        }
        var states: [FoldState] = []
        let keep = recording
        try times.prep { () throws(RecipeError) in
            try RecipePreparer.resume(part.recipe, from: shared, &p, numbers: part.indices,
                                      checkpoint: keep ? { _, state in states.append(FoldState(state)) } : nil)
        }
        if recording { recorded[k] = states }
        return RecipeEvaluator.matrices(p, predict: fold.valid, context: context, times: times, textCodes: textCodes)
    }

    /// The states this run went through, for the next recipe to resume from; nil when a fold was not prepared here.
    func trail(foldsKey: String) -> FoldTrail? {
        let ran = stepPrints.count - shared
        guard recording, recorded.allSatisfy({ $0.count == ran }) else { return nil }
        var states = inherited
        for m in 0..<ran { states.append(recorded.map { $0[m] }) }
        return FoldTrail(foldsKey: foldsKey, onceFingerprint: onceFingerprint, base: base, baseWarnings: baseWarnings, stepPrints: stepPrints,
                         states: states)
    }
}
