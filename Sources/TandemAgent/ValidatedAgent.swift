import Foundation
import TandemChallenge
import TandemData
import TandemModel
import TandemRecipe

/// The critical AI-only baseline (DESIGN.md section 6, issue 18): offline and deterministic, it has the heuristic's
/// candidates (the profile-driven defaults and every visible document's advice) but adopts each only on evidence.
/// In a fixed order, each candidate is tried on its own against the recipe so far, on the session's folds and seed;
/// tandem's leakage rules refuse what they refuse before anything is scored. A candidate is adopted when its
/// fold-paired CV gain exceeds one standard error. With the budget left in the modelling stage, it tunes the gbm's
/// n_estimators, learning_rate and max_depth on a small grid. It never sees the key: only train.csv's folds.
public struct ValidatedAgent: Agent {
    public let name = "validated"
    public let challenge: Challenge
    /// Steps it may try in a session (each costs one cross-validation).
    public let budget: Int

    public static let defaultBudget = 40
    /// The grid tuning walks, one parameter at a time, after the candidates.
    static let grid: [(String, [Double])] = [("n_estimators", [150, 300, 600]), ("learning_rate", [0.03, 0.05, 0.1]), ("max_depth", [3, 5, 7])]

    public init(challenge: Challenge, budget: Int = defaultBudget) {
        self.challenge = challenge
        self.budget = budget
    }

    public var configJSON: String { "{\"budget\":\(budget)}" }

    /// Minutes of cross-validation run on a thread of their own: on the cooperative pool (two threads on two cores)
    /// they would starve every other task of the process, the workbench's included.
    public func propose(_ context: AgentContext) async throws(AgentError) -> AgentReply {
        let agent = self
        return await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: agent.search(context)) }
        }
    }

    func search(_ context: AgentContext) -> AgentReply {
        var search = Search(challenge: challenge, context: context, budget: max(0, budget - context.trialsSoFar))
        guard let base = search.folds(context.recipe.steps) else {
            return AgentReply(steps: [], remark: "the recipe as it is does not evaluate, so no step can be judged against it")
        }
        search.base = base
        let (defaults, advice) = HeuristicAgent.candidates(context)
        // Defaults first, then the documents' advice in document order: a fixed order, so a run is reproducible.
        for candidate in HeuristicAgent.open(defaults + advice, context) where search.left > 0 { search.consider(candidate) }
        if context.stage == .modelling { search.tune() }
        let tried = search.trials.count, adopted = search.adopted.count
        let remark = "validated \(tried) step(s) on \(base.count) folds, adopted \(adopted) (gain over one standard error); "
            + "\(search.left) of \(budget) trials left" + (HeuristicAgent.remark(context.documents).map { "; " + $0 } ?? "")
        return AgentReply(steps: search.adopted, remark: remark, trials: search.trials)
    }

    /// One stage's search: the recipe so far and its folds, what was tried and adopted, the budget left.
    struct Search {
        let frame: WorkingFrame
        let recipeContext: RecipeContext
        let metric: Metric
        let positiveLabel: String?
        var left: Int
        var recipe: [RecipeStep]
        var base: [Double] = []
        var trials: [AgentReply.Trial] = []
        var adopted: [RecipeStep] = []
        /// Tuning changes the model only: its trials reuse the prepared folds.
        let cache = PreparedFoldsCache()

        init(challenge: Challenge, context: AgentContext, budget: Int) {
            frame = WorkingFrame(challenge.train)
            recipeContext = challenge.context(seed: context.seed)
            metric = challenge.spec.metric
            positiveLabel = challenge.spec.positiveLabel
            left = budget
            recipe = context.recipe.steps
        }

        func folds(_ steps: [RecipeStep]) -> [Double]? {
            try? RecipeEvaluator.crossValidate(Recipe(steps: steps), frame: frame, context: recipeContext, metric: metric,
                                               positiveLabel: positiveLabel, cache: cache).cvFolds
        }

        /// Tries `step` added to the recipe; adopts it when the gain is clear. A step that reads the future (an aggregate
        /// without before over a timed table) is never adopted, whatever its gain: its gain is the leak's.
        mutating func consider(_ step: RecipeStep) {
            if let warning = SideDataOps.futureWarning(step.step, tables: recipeContext.tables) {
                return record(step, with: [], adopted: false, reason: "not adopted: \(warning)")
            }
            let admitted: Recipe
            do {
                let result = try RecipeAdmission.admit(recipe + [step], frame: frame, context: recipeContext, positiveLabel: positiveLabel,
                                                       applied: recipe.count)
                if let refusal = result.refused.first(where: { $0.step.step == step.step }) {
                    return record(step, with: [], adopted: false, reason: "refused by tandem before scoring: \(refusal.reason)")
                }
                admitted = result.recipe
            } catch {
                return record(step, with: [], adopted: false, reason: "refused by tandem before scoring: \(error.description)")
            }
            attempt(admitted.steps, trying: step) { $0.adopted.append(step) }
        }

        /// Walks the grid of the gbm adopted (or applied) in this stage, one parameter at a time. A recipe with no model
        /// step runs tandem's default gbm: tuning starts from that, written out as a step.
        mutating func tune() {
            let implicit = ModelKind.gbm.defaults.filter { ["n_estimators", "learning_rate", "max_depth"].contains($0.key) }
            guard let implicitStep = try? Step(op: .model, params: ["kind": .string("gbm"), "params": .table(implicit.mapValues { .number($0) })])
            else { return }
            for (name, values) in ValidatedAgent.grid {
                for value in values where left > 0 {
                    let at = recipe.lastIndex { $0.step.op == .model }
                    let current = at.map { recipe[$0] }
                        ?? RecipeStep(implicitStep, author: .agent, rationale: "tandem's default gbm, tuned on the session's folds")
                    guard current.step.op == .model, current.step.string("kind") == "gbm", case .table(var params)? = current.step.params["params"]
                    else { return }
                    if params[name] == .number(value) { continue }
                    params[name] = .number(value)
                    var p = current.step.params
                    p["params"] = .table(params)
                    guard let tuned = try? Step(op: .model, params: p) else { continue }
                    var step = current
                    step.step = tuned
                    step.rationale = (current.rationale.map { $0 + "; " } ?? "") + "tuned \(name) = \(ValidatedAgent.number(value))"
                    var steps = recipe
                    if let at { steps[at] = step } else { steps.append(step) }
                    attempt(steps, trying: step) { search in
                        // The tuned model replaces the one proposed in this stage, or is proposed as a new model step.
                        if let i = search.adopted.lastIndex(where: { $0.step.op == .model }) { search.adopted[i] = step } else { search.adopted.append(step) }
                    }
                }
            }
        }

        private mutating func attempt(_ steps: [RecipeStep], trying step: RecipeStep, onAdopt: (inout Search) -> Void) {
            left -= 1
            guard let with = folds(steps) else { return record(step, with: [], adopted: false, reason: "the recipe with it does not evaluate") }
            guard let gain = FoldGain(with: with, without: base, higherIsBetter: metric.higherIsBetter) else {
                return record(step, with: with, adopted: false, reason: "the folds do not pair")
            }
            let adopt = gain.isClear
            let verdict = adopt ? "the gain exceeds one standard error" : (gain.mean <= 0 ? "no gain" : "the gain is within one standard error (noise)")
            record(step, with: with, adopted: adopt, reason: verdict)
            guard adopt else { return }
            recipe = steps
            base = with
            onAdopt(&self)
        }

        private mutating func record(_ step: RecipeStep, with: [Double], adopted: Bool, reason: String) {
            trials.append(AgentReply.Trial(step: step, fingerprint: Recipe(steps: recipe).fingerprint, metric: metric.rawValue, cvFolds: with,
                                           baseFolds: with.isEmpty ? [] : base, adopted: adopted, reason: reason))
        }
    }

    static func number(_ v: Double) -> String { v == v.rounded() ? String(Int(v)) : String(v) }
}
