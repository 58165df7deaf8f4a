import Testing
import TestSupport
import TandemChallenge
import TandemRecipe
import TandemSession

/// Issue 18: a recipe that differs from the last one only in its modelling steps is scored on the last one's prepared
/// folds, and scores exactly as if prepared again; any change before modelling prepares again.
@Suite struct PreparedFoldsTests {
    @Test func aModelOnlyChangeReusesThePreparedFoldsAndScoresTheSame() throws {
        let challenge = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/hospital-readmission")
        func step(_ json: String) throws -> RecipeStep { try #require(try Recipe.parse(json: "{\"steps\": [\(json)]}").steps.first) }
        let prep = [try step(#"{"op": "impute", "column": "hba1c", "strategy": "median"}"#)]
        let shallow = prep + [try step(#"{"op": "model", "kind": "gbm", "params": {"n_estimators": 60, "max_depth": 3}}"#)]
        let deeper = prep + [try step(#"{"op": "model", "kind": "gbm", "params": {"n_estimators": 60, "max_depth": 5}}"#),
                             try step(#"{"op": "threshold", "strategy": "prior_rate"}"#)]
        let cache = PreparedFoldsCache()
        let cold = try ScoreEffects.crossValidate(Recipe(steps: shallow), challenge: challenge, seed: 42, cache: cache)
        #expect(cache.misses == 1 && cache.hits == 0)
        let hit = try ScoreEffects.crossValidate(Recipe(steps: deeper), challenge: challenge, seed: 42, cache: cache)
        #expect(cache.hits == 1)
        // The same scores, fold by fold, as without any cache.
        #expect(cold == (try ScoreEffects.crossValidate(Recipe(steps: shallow), challenge: challenge, seed: 42)))
        #expect(hit == (try ScoreEffects.crossValidate(Recipe(steps: deeper), challenge: challenge, seed: 42)))
        #expect(hit.cvFolds != cold.cvFolds)
        // A cleaning change, or another seed, prepares again.
        let other = [try step(#"{"op": "impute", "column": "hba1c", "strategy": "mean"}"#)] + Array(deeper.dropFirst())
        _ = try ScoreEffects.crossValidate(Recipe(steps: other), challenge: challenge, seed: 42, cache: cache)
        _ = try ScoreEffects.crossValidate(Recipe(steps: other), challenge: challenge, seed: 7, cache: cache)
        #expect(cache.misses == 3 && cache.hits == 1)
    }
}
