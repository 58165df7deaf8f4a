import TandemChallenge
import TandemModel
import TandemRecipe

/// The scoring effects a runtime performs and replay re-performs: the same
/// code, the same seed, so a replay reproduces every logged score exactly.
public enum ScoreEffects {
    public static func context(_ challenge: Challenge, seed: UInt64) -> RecipeContext { challenge.context(seed: seed) }

    public static func crossValidate(_ recipe: Recipe, challenge: Challenge, seed: UInt64, monitor: JobMonitor? = nil) throws(RecipeError) -> Evaluation {
        try RecipeEvaluator.crossValidate(recipe, frame: WorkingFrame(challenge.train), context: context(challenge, seed: seed),
                                          metric: challenge.spec.metric, positiveLabel: challenge.spec.positiveLabel, monitor: monitor)
    }

    /// A submission: the validated submission.csv of the recipe fitted on all training rows, and its hidden-test
    /// score (nil when the challenge has no key/test_labels.csv: unscored).
    public struct Submission: Sendable {
        public var file: SubmissionFile
        public var score: Double?
    }

    /// The hidden-test score of the recipe fitted on all training rows (an unscored challenge is an error here).
    public static func testScore(_ recipe: Recipe, challenge: Challenge, seed: UInt64) throws(SessionError) -> Double {
        guard let score = try submission(recipe, challenge: challenge, seed: seed).score else {
            throw SessionError("submit: \(challenge.folder)/key/test_labels.csv is missing: the challenge is unscored")
        }
        return score
    }

    public static func submission(_ recipe: Recipe, challenge: Challenge, seed: UInt64) throws(SessionError) -> Submission {
        let spec = challenge.spec
        do {
            let result = try RecipeEvaluator.predictTest(recipe, train: WorkingFrame(challenge.train), test: WorkingFrame(challenge.test),
                                                         context: context(challenge, seed: seed), metric: spec.metric, positiveLabel: spec.positiveLabel)
            let idColumn = challenge.test[spec.idColumn]
            let ids = (0..<challenge.test.rowCount).map { idColumn?.string(at: $0) ?? "" }
            let file = try SubmissionFile.make(challenge, ids: ids, predictions: result.predictions, classes: result.classes, threshold: result.threshold)
            guard challenge.scored else { return Submission(file: file, score: nil) }
            let key = try ChallengeKey.load(challenge)
            let score = try SubmissionScorer.score(challenge, key: key, ids: ids, predictions: result.predictions, classes: result.classes,
                                                   threshold: result.threshold)
            return Submission(file: file, score: score)
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
