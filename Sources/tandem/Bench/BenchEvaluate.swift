import ArgumentParser
import Foundation
import TandemAgent
import TandemChallenge
import TandemData
import TandemRecipe
import TandemSession

/// `tandem bench evaluate`: what the prepared-folds cache buys (issue 18). On the recipe an uncritical AI-only run
/// applies to a challenge or a CSV: a cold cross-validation, a re-evaluation after changing only the model step (a cache hit: the cost should
/// be the model fits), and one preview (the recipe with one more feature step; its without-step folds are shared, and
/// its folds resume from the states of the steps it shares with the recipe), against the same preview on an empty cache.
struct BenchEvaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Cold evaluation, a model-only change (prepared folds reused) and one preview on a challenge or a CSV (tandem alone)."
    )

    @Argument(help: "A challenge id or folder, or a CSV file (with --target).") var challenge: String
    @OptionGroup var challengeOptions: ChallengeOptions
    @OptionGroup var data: DataOptions
    @Flag(help: "Print JSON (DESIGN.md section 10).") var json = false

    struct Figures: Encodable {
        var bench = "evaluate"
        var challenge: String
        var rows: Int
        var steps: Int
        var coldSeconds: Double
        var coldModelSeconds: Double
        var modelChangeSeconds: Double
        var modelChangeFitSeconds: Double
        var previewSeconds: Double
        var previewPrepSeconds: Double
        var previewStep: String
        var previewReusedSteps: Int
        var previewPatched: Bool
        var previewColdSeconds: Double
        var previewColdPrepSeconds: Double
        var cacheHits: Int

        enum CodingKeys: String, CodingKey {
            case bench, challenge, rows, steps
            case coldSeconds = "cold_s", coldModelSeconds = "cold_model_s", modelChangeSeconds = "model_change_s"
            case modelChangeFitSeconds = "model_change_fits_s", previewSeconds = "preview_s", previewStep = "preview_step", cacheHits = "cache_hits"
            case previewPrepSeconds = "preview_prep_s", previewReusedSteps = "preview_reused_steps", previewPatched = "preview_patched"
            case previewColdSeconds = "preview_cold_s", previewColdPrepSeconds = "preview_cold_prep_s"
        }

        var text: String {
            """
            \(challenge): \(rows) rows, a recipe of \(steps) steps
              cold evaluation        \(f(coldSeconds)) s (model fits \(f(coldModelSeconds)) s)
              model-only change      \(f(modelChangeSeconds)) s (model fits \(f(modelChangeFitSeconds)) s; prepared folds reused: \(cacheHits) hit)
              one preview            \(f(previewSeconds)) s (\(previewStep); preparation \(f(previewPrepSeconds)) s, \(reuse))
              the same, nothing kept \(f(previewColdSeconds)) s (preparation \(f(previewColdPrepSeconds)) s)

            """
        }

        var reuse: String {
            previewReusedSteps == 0 ? "every fold prepared again"
                : "\(previewReusedSteps) per-fold step\(previewReusedSteps == 1 ? "" : "s") reused\(previewPatched ? " on a patched start frame" : "")"
        }

        func f(_ v: Double) -> String { String(format: "%.3f", v) }
    }

    func run() async throws {
        try await reportingErrorsAsync {
            let loaded = try data.loadChallenge(challenge, overrides: challengeOptions.overrides)
            let spec = loaded.spec
            let profile = Profiler.profile(loaded.train, source: loaded.folder + "/train.csv", target: spec.target)
            // The recipe an uncritical AI-only run applies: the defaults and every document's advice, as tandem admits them.
            let (defaults, advice) = HeuristicAgent.candidates(AgentContext(brief: spec, profile: profile, documents: loaded.documents, stage: .cleaning,
                                                                            recipe: Recipe()))
            let all = try RecipeAdmission.admit(AdviceComposer.compose(defaults: defaults, advice: advice), frame: WorkingFrame(loaded.train),
                                                context: loaded.context(seed: 42), positiveLabel: spec.positiveLabel).recipe.steps
            // The preview's step: the last feature step of the default recipe, left out of the base.
            guard let previewAt = all.lastIndex(where: { $0.step.op.stage == .features }) ?? all.lastIndex(where: { $0.step.op.stage == .cleaning }),
                  let modelAt = all.lastIndex(where: { $0.step.op == .model }) else {
                throw CommandFailure.userError("\(challenge): the recipe has no cleaning or feature step, or no model, to measure with")
            }
            var base = all
            let previewStep = base.remove(at: previewAt)
            let changed = try Self.changingModel(base, at: modelAt > previewAt ? modelAt - 1 : modelAt)
            let cache = PreparedFoldsCache()
            func timed(_ steps: [RecipeStep], on cache: PreparedFoldsCache) throws -> (seconds: Double, model: Double, prep: Double) {
                let phases = PhaseTimes()
                let start = ContinuousClock.now
                _ = try RecipeEvaluator.crossValidate(Recipe(steps: steps), frame: WorkingFrame(loaded.train), context: loaded.context(seed: 42),
                                                      metric: spec.metric, positiveLabel: spec.positiveLabel, times: phases, cache: cache)
                return (PhaseTimes.seconds(ContinuousClock.now - start), phases.modelSeconds, phases.prepSeconds)
            }
            let cold = try timed(base, on: cache)
            let hit = try timed(changed, on: cache)
            let hits = cache.hits
            var with = changed
            with.insert(previewStep, at: StepDependencies.insertionIndex(of: previewStep.step, into: with))
            let preview = try timed(with, on: cache)
            let reuse = cache.prefixReuse
            let previewCold = try timed(with, on: PreparedFoldsCache())
            let figures = Figures(challenge: spec.id, rows: loaded.train.rowCount, steps: base.count, coldSeconds: cold.seconds, coldModelSeconds: cold.model,
                                  modelChangeSeconds: hit.seconds, modelChangeFitSeconds: hit.model, previewSeconds: preview.seconds,
                                  previewPrepSeconds: preview.prep, previewStep: previewStep.step.summary, previewReusedSteps: reuse.steps,
                                  previewPatched: reuse.patched > 0, previewColdSeconds: previewCold.seconds, previewColdPrepSeconds: previewCold.prep,
                                  cacheHits: hits)
            print(json ? try JSONOutput.string(figures, pretty: false) : figures.text)
        }
    }

    /// The recipe with its model step's max_depth one less (or n_estimators halved): a model-only change.
    static func changingModel(_ steps: [RecipeStep], at i: Int) throws -> [RecipeStep] {
        var out = steps
        guard case .table(var params)? = steps[i].step.params["params"] else { return out }
        if case .number(let depth)? = params["max_depth"], depth > 2 { params["max_depth"] = .number(depth - 1) } else {
            params["n_estimators"] = .number(50)
        }
        var p = steps[i].step.params
        p["params"] = .table(params)
        out[i].step = try Step(op: .model, params: p)
        return out
    }
}
