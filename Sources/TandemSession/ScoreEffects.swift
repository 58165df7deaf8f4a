import Foundation
import TandemChallenge
import TandemModel
import TandemRecipe

/// The scoring effects the driver performs and replay re-performs: the same
/// code, the same seed, so a replay reproduces every logged score exactly.
public enum ScoreEffects {
    public static func context(_ challenge: Challenge, seed: UInt64) -> RecipeContext { challenge.context(seed: seed) }

    /// The model library this build scores with, as session_started records it.
    public static var modelLibrary: String { "xgboost " + XGBoostLibrary.version }

    public static func crossValidate(_ recipe: Recipe, challenge: Challenge, seed: UInt64, monitor: JobMonitor? = nil,
                                     cache: PreparedFoldsCache? = nil) throws(RecipeError) -> Evaluation {
        try RecipeEvaluator.crossValidate(recipe, frame: WorkingFrame(challenge.train), context: context(challenge, seed: seed),
                                          metric: challenge.spec.metric, positiveLabel: challenge.spec.positiveLabel, monitor: monitor, cache: cache)
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
            let ids = ChallengeIds.values(challenge.test, columns: spec.idColumns) ?? []
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

/// The payloads of the scoring events, pure of the store: the driver runs them on a thread of their own and appends
/// the event when they are done.
extension ScoreEffects {
    /// The warning an unscored submission carries.
    public static let unscoredWarning = "unscored: the challenge has no key/test_labels.csv, so the submission was written and validated, not scored"

    /// The `evaluated` payload of a recipe (a recipe error is the evaluation's reason), and the evaluation itself.
    public static func evaluatedPayload(_ recipe: Recipe, challenge: Challenge, seed: UInt64, monitor: JobMonitor? = nil,
                                        cache: PreparedFoldsCache? = nil) -> (EventPayload.Evaluated, Evaluation?) {
        let start = ContinuousClock.now
        var p = EventPayload.Evaluated(fingerprint: recipe.fingerprint, metric: challenge.spec.metric.rawValue)
        var result: Evaluation?
        do {
            let e = try crossValidate(recipe, challenge: challenge, seed: seed, monitor: monitor, cache: cache)
            p.cvMean = e.cvMean
            p.cvFolds = e.cvFolds
            p.warnings = e.warnings
            result = e
        } catch {
            p.reason = error.description
        }
        p.durationMs = milliseconds(ContinuousClock.now - start)
        return (p, result)
    }

    /// The `submitted` payload of a recipe: submission.csv validated and written into `folder` (when given), its
    /// path and SHA-256, and the hidden-test score when the challenge is scored.
    public static func submittedPayload(_ recipe: Recipe, challenge: Challenge, seed: UInt64, folder: String? = nil) -> EventPayload.Submitted {
        var p = EventPayload.Submitted(fingerprint: recipe.fingerprint, metric: challenge.spec.metric.rawValue)
        do {
            let s = try submission(recipe, challenge: challenge, seed: seed)
            p.submissionSha256 = s.file.sha256
            if let folder {
                let path = (folder as NSString).appendingPathComponent("submission.csv")
                do { try s.file.write(to: path) } catch { throw SessionError("submit: \(error.description)") }
                p.submissionPath = path
            }
            p.testScore = s.score
            if s.score == nil { p.warnings = [unscoredWarning] }
        } catch {
            p.reason = "\(error)"
        }
        return p
    }

    static func milliseconds(_ d: Duration) -> Int { Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000) }
}

public struct SessionError: Error, CustomStringConvertible, Sendable, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
