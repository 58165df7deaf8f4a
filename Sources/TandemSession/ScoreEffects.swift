import TandemChallenge
import TandemModel
import TandemRecipe

/// The scoring effects a runtime performs and replay re-performs: the same
/// code, the same seed, so a replay reproduces every logged score exactly.
public enum ScoreEffects {
    public static func context(_ challenge: Challenge, seed: UInt64) -> RecipeContext {
        let s = challenge.spec
        return RecipeContext(target: s.target, task: s.task, idColumn: s.idColumn, timeColumn: s.timeColumn, seed: seed)
    }

    public static func crossValidate(_ recipe: Recipe, challenge: Challenge, seed: UInt64, monitor: JobMonitor? = nil) throws(RecipeError) -> Evaluation {
        try RecipeEvaluator.crossValidate(recipe, frame: WorkingFrame(challenge.train), context: context(challenge, seed: seed),
                                          metric: challenge.spec.metric, positiveLabel: challenge.spec.positiveLabel, monitor: monitor)
    }

    /// The hidden-test score of the recipe fitted on all training rows.
    public static func testScore(_ recipe: Recipe, challenge: Challenge, seed: UInt64) throws(SessionError) -> Double {
        let spec = challenge.spec
        do {
            let result = try RecipeEvaluator.predictTest(recipe, train: WorkingFrame(challenge.train), test: WorkingFrame(challenge.test),
                                                         context: context(challenge, seed: seed), metric: spec.metric, positiveLabel: spec.positiveLabel)
            let key = try ChallengeKey.load(challenge)
            let idColumn = challenge.test[spec.idColumn]
            let ids = (0..<challenge.test.rowCount).map { idColumn?.string(at: $0) ?? "" }
            return try SubmissionScorer.score(challenge, key: key, ids: ids, predictions: result.predictions, classes: result.classes, threshold: result.threshold)
        } catch let e as RecipeError {
            throw SessionError("submit: \(e.description)")
        } catch let e as ChallengeError {
            throw SessionError("submit: \(e.description)")
        } catch {
            throw SessionError("submit: \(error)")
        }
    }
}

public struct SessionError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
