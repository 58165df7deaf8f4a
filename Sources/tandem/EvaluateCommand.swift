import ArgumentParser
import Foundation
import TandemChallenge
import TandemData
import TandemModel
import TandemRecipe

struct EvaluateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evaluate",
        abstract: "Cross-validated score of a recipe on a challenge, and with --submit its hidden-test score."
    )

    @Argument(help: "A challenge id or folder, or a CSV file with --target.") var challenge: String
    @OptionGroup var challengeOptions: ChallengeOptions
    @Option(help: "Recipe JSON file: {\"steps\": [...]}.") var recipe: String
    @Flag(help: "Also fit on all training rows and score test.csv against the key.") var submit = false
    @Flag(help: "Print JSON: metric, cv_folds, cv_mean, test_score (with --submit), warnings.") var json = false
    @OptionGroup var data: DataOptions

    func run() throws {
        try reportingErrors {
            let loaded = try data.loadChallenge(challenge, overrides: challengeOptions.overrides)
            guard let text = try? String(contentsOfFile: recipe, encoding: .utf8) else { throw CommandFailure.userError("\(recipe): cannot read the recipe file") }
            let parsed: Recipe
            do { parsed = try Recipe.parse(json: text) } catch { throw CommandFailure.userError("\(recipe): \(error)") }
            let spec = loaded.spec
            var evaluation: Evaluation
            do {
                evaluation = try RecipeEvaluator.crossValidate(parsed, frame: WorkingFrame(loaded.train), context: loaded.context,
                                                               metric: spec.metric, positiveLabel: spec.positiveLabel)
                if submit {
                    let result = try RecipeEvaluator.predictTest(parsed, train: WorkingFrame(loaded.train), test: WorkingFrame(loaded.test),
                                                                 context: loaded.context, metric: spec.metric, positiveLabel: spec.positiveLabel)
                    let key = try loadKey(loaded)
                    let idColumn = loaded.test[spec.idColumn]
                    let ids = (0..<loaded.test.rowCount).map { idColumn?.string(at: $0) ?? "" }
                    do {
                        evaluation.testScore = try SubmissionScorer.score(loaded, key: key, ids: ids, predictions: result.predictions,
                                                                         classes: result.classes, threshold: result.threshold)
                    } catch { throw CommandFailure.userError("\(error)") }
                }
            } catch let error as RecipeError {
                throw CommandFailure.userError("\(recipe): \(error.description)")
            }
            for w in loaded.warnings where !evaluation.warnings.contains(w) { evaluation.warnings.append(w) }
            if json {
                print(try JSONOutput.string(evaluation))
            } else {
                print(EvaluationText.render(evaluation, challenge: spec.id))
            }
        }
    }

    func loadKey(_ challenge: Challenge) throws -> ChallengeKey {
        do { return try ChallengeKey.load(challenge) } catch { throw CommandFailure.userError("\(error)") }
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
