import ArgumentParser
import Foundation
import TandemChallenge
import TandemData
import TandemModel
import TandemRecipe
import TandemSession

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Cross-validated score of a recipe on a challenge, and with --submit its hidden-test score."
    )

    @Argument(help: "A challenge id or folder, or a CSV file with --target.") var challenge: String
    @OptionGroup var challengeOptions: ChallengeOptions
    @Option(help: "Recipe JSON file: {\"steps\": [...]}.") var recipe: String
    @Flag(help: "Also fit on all training rows and score test.csv against the key (if the challenge has one).") var submit = false
    @Option(help: "With --submit: write the submission file (submission.csv's format) here.") var predictions: String?
    @Option(help: "Seed for folds and models.") var seed: UInt64 = 42
    @Flag(help: "Print JSON: metric, cv_folds, cv_mean, test_score (with --submit), warnings.") var json = false
    @OptionGroup var data: DataOptions

    func validate() throws {
        if predictions != nil && !submit { throw ValidationError("--predictions FILE needs --submit") }
    }

    func run() throws {
        try reportingErrors {
            let loaded = try data.loadChallenge(challenge, overrides: challengeOptions.overrides)
            guard let text = try? String(contentsOfFile: recipe, encoding: .utf8) else {
                throw CommandFailure.userError("\(recipe): cannot read the recipe file")
            }
            let parsed: Recipe
            do { parsed = try Recipe.parse(json: text) } catch { throw CommandFailure.userError("\(recipe): \(error)") }
            var evaluation: Evaluation
            do throws(RecipeError) { evaluation = try ScoreEffects.crossValidate(parsed, challenge: loaded, seed: seed) } catch {
                throw CommandFailure.userError("\(recipe): \(error.description)")
            }
            if submit {
                // The same effect a session's submit performs: a validated submission file, scored when there is a key.
                let submission: ScoreEffects.Submission
                do throws(SessionError) { submission = try ScoreEffects.submission(parsed, challenge: loaded, seed: seed) } catch {
                    throw CommandFailure.userError("\(recipe): \(error.description)")
                }
                evaluation.testScore = submission.score
                if submission.score == nil { evaluation.warnings.append(ScoreEffects.unscoredWarning) }
                if let predictions {
                    do throws(ChallengeError) { try submission.file.write(to: predictions) } catch {
                        throw CommandFailure.internalError(error.description)
                    }
                    printError("tandem: wrote \(predictions): \(submission.file.rows.count) rows (sha256 \(submission.file.sha256))")
                }
            }
            for w in loaded.warnings where !evaluation.warnings.contains(w) { evaluation.warnings.append(w) }
            if json {
                print(try JSONOutput.string(evaluation))
            } else {
                print(EvaluationText.render(evaluation, challenge: loaded.spec.id))
            }
        }
    }
}

enum EvaluationText {
    static func render(_ e: Evaluation, challenge: String) -> String {
        func f(_ v: Double) -> String { String(format: "%.4f", v) }
        var out = "\(challenge): \(e.metric) \(f(e.cvMean)) (cross-validated mean of \(e.cvFolds.count) folds: \(e.cvFolds.map(f).joined(separator: ", ")))"
        if let t = e.testScore { out += "\nhidden test \(e.metric): \(f(t))" }
        if !e.warnings.isEmpty { out += "\nwarnings:\n" + e.warnings.map { "  " + sanitizeForDisplay($0) }.joined(separator: "\n") }
        return out
    }
}
