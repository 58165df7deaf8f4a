import TandemChallenge
import TandemData
import TandemModel
import TandemRecipe

/// `tandem predict`: a recipe fitted on all of a challenge's training rows, applied to rows it has never seen
/// (OpenRefine's "apply the history to new data"). The new rows need the feature columns, with the same kinds.
public enum NewRowPredictions {
    public struct Result: Sendable {
        public var file: SubmissionFile
        /// What was left out or made up: an ignored target column, row numbers standing in for a missing id.
        public var notes: [String]
    }

    public static func predict(_ recipe: Recipe, challenge: Challenge, rows: DataFrame, file: String, seed: UInt64) throws(SessionError) -> Result {
        let spec = challenge.spec
        var notes: [String] = []
        guard rows.rowCount > 0 else { throw SessionError("\(file): has a header but no rows") }
        let features = challenge.train.columns.filter { $0.name != spec.target && !spec.idColumns.contains($0.name) }
        let missing = features.map(\.name).filter { rows[$0] == nil }
        guard missing.isEmpty else {
            let shown = missing.prefix(6).map { "\"\(sanitizeForDisplay($0, limit: 30))\"" }.joined(separator: ", ")
            let more = missing.count > 6 ? ", …" : ""
            throw SessionError("\(file): lacks the feature column\(missing.count == 1 ? "" : "s") \(shown)\(more) of \(spec.id)")
        }
        for c in features {
            guard let theirs = rows[c.name], theirs.missingCount < theirs.count, c.missingCount < c.count else { continue }
            if c.kind.isNumeric != theirs.kind.isNumeric || (c.kind == .date) != (theirs.kind == .date) {
                throw SessionError("\(file): column \"\(sanitizeForDisplay(c.name, limit: 30))\" holds \(theirs.kind.rawValue) values; "
                                   + "in the training rows it holds \(c.kind.rawValue)")
            }
        }
        // The target, if the new rows carry it, never reaches the fitted recipe.
        var kept = rows.columns.filter { $0.name != spec.target }
        if rows[spec.target] != nil { notes.append("the column \"\(spec.target)\" of \(file) was ignored: predictions never read the target") }
        let ids: [String]
        // Row numbers are not ids: a header that named the id column would invite a wrong join.
        var outSpec = spec
        if let values = ChallengeIds.values(rows, columns: spec.idColumns) {
            ids = values
        } else {
            ids = (1...rows.rowCount).map(String.init)
            notes.append("\(file) has no \"\(spec.idLabel)\" column\(spec.idColumns.count > 1 ? "s" : ""): the first column is \"row\", "
                         + "its rows numbered from 1")
            kept = kept.filter { !spec.idColumns.contains($0.name) }
            outSpec.idColumns = ["row"]
        }
        do {
            let result = try RecipeEvaluator.predictTest(recipe, train: WorkingFrame(challenge.train), test: WorkingFrame(DataFrame(columns: kept)),
                                                         context: ScoreEffects.context(challenge, seed: seed), metric: spec.metric,
                                                         positiveLabel: spec.positiveLabel)
            let out = try SubmissionFile.make(outSpec, sample: nil, ids: ids, predictions: result.predictions, classes: result.classes,
                                              threshold: result.threshold)
            return Result(file: out, notes: notes)
        } catch let e as RecipeError {
            throw SessionError("predict: \(e.description)")
        } catch let e as ChallengeError {
            throw SessionError("\(file): \(e.description)")
        } catch {
            throw SessionError("predict: \(error)")
        }
    }
}
