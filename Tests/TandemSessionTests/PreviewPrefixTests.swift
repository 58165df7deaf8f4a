import Foundation
import Testing
import TestSupport
import TandemAgent
import TandemChallenge
import TandemData
@testable import TandemRecipe

/// Issue 18: a preview resumes from the fold states of the recipe it is measured against. On every bundled challenge,
/// each cleaning and feature step of the recipe an uncritical run applies is previewed against that recipe without it,
/// as the workbench does (the step joins where `StepDependencies` puts it); the resumed folds must be a fresh run's.
@Suite struct PreviewPrefixTests {
    static let challenges = ["card-fraud", "commerce-weekly-demand", "food-shelf-life", "home-insurance-loss", "hospital-readmission",
                             "machine-failure-24h"]

    @Test func everyStepOfEveryBundledRecipePreviewsAsAFreshRunWould() async throws {
        let (reuse, previews) = try await offThePool { () throws -> (PrefixReuse, Int) in
            var total = PrefixReuse(), previews = 0
            for id in Self.challenges {
                let (r, n) = try Self.previewEveryStep(try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/" + id))
                total.evaluations += r.evaluations
                total.steps += r.steps
                total.patched += r.patched
                previews += n
            }
            return (total, previews)
        }
        // Most previews resume (a step put first shares nothing), and steps that run once patch the start frame.
        #expect(previews >= 20 && reuse.evaluations * 2 > previews && reuse.patched > 0, "\(reuse) over \(previews) previews")
    }

    static func previewEveryStep(_ c: Challenge) throws -> (PrefixReuse, Int) {
        let spec = c.spec
        let context = c.context(seed: 42)
        let frame = WorkingFrame(c.train)
        let profile = Profiler.profile(c.train, source: "train.csv", target: spec.target)
        let (defaults, advice) = HeuristicAgent.candidates(AgentContext(brief: spec, profile: profile, documents: c.documents, stage: .cleaning,
                                                                        recipe: Recipe()))
        let fewTrees = try RecipeStep(table: ["op": .string("model"), "kind": .string("gbm"),
                                              "params": .table(["n_estimators": .number(10), "max_depth": .number(4)])])
        let all = try RecipeAdmission.admit(AdviceComposer.compose(defaults: defaults, advice: advice), frame: frame, context: context,
                                            positiveLabel: spec.positiveLabel).recipe.steps.map { $0.step.op == .model ? fewTrees : $0 }
        func evaluate(_ steps: [RecipeStep], _ cache: PreparedFoldsCache) throws -> Evaluation {
            try RecipeEvaluator.crossValidate(Recipe(steps: steps), frame: frame, context: context, metric: spec.metric,
                                              positiveLabel: spec.positiveLabel, cache: cache)
        }
        let cache = PreparedFoldsCache()
        var previews = 0
        for (i, candidate) in all.enumerated() where candidate.step.op.stage != .modelling {
            var base = all
            base.remove(at: i)
            var with = base
            with.insert(candidate, at: StepDependencies.insertionIndex(of: candidate.step, into: base))
            guard (try? evaluate(base, cache)) != nil else { continue } // a step others need cannot be left out
            let resumed = try evaluate(with, cache)
            let empty = PreparedFoldsCache()
            #expect(resumed == (try evaluate(with, empty)), "\(spec.id): \(candidate.step.summary)")
            let settings = try EvaluationSettings(recipe: Recipe(steps: with), context: context)
            let key = PreparedFoldsCache.key(Recipe(steps: with), settings: settings, context: context, positiveLabel: spec.positiveLabel, rows: frame.rows)
            let a = try #require(cache.folds(for: key)).folds, b = try #require(empty.folds(for: key)).folds
            for (x, y) in zip(a, b) {
                #expect(x.xTrain.names == y.xTrain.names && x.xTrain.values.elementsEqual(y.xTrain.values) { $0.bitPattern == $1.bitPattern }
                    && x.xPredict.values.elementsEqual(y.xPredict.values) { $0.bitPattern == $1.bitPattern }, "\(spec.id): \(candidate.step.summary)")
            }
            previews += 1
        }
        return (cache.prefixReuse, previews)
    }
}
