import Synchronization
import TandemModel

/// One fold made ready for its model: the matrices it is fitted on and predicts, and the training target.
struct PreparedFold: Sendable {
    let xTrain: FeatureMatrix
    let xPredict: FeatureMatrix
    /// The training rows' labels, before any target transform (a modelling step).
    let y: [Double]
    let warnings: [String]

    var floats: Int { xTrain.values.count + xPredict.values.count }
}

/// The prepared folds of the last recipe evaluated, keyed by what preparing them depends on: the fingerprint of the
/// recipe's cleaning and feature steps (its prefix before modelling), the folds and the seed. A recipe that differs
/// only in its modelling steps (a model's parameters, a threshold) is then scored on them without preparing again:
/// the cost is the model fits (issue 18). One entry, for one data set: an owner keeps one cache per challenge.
public final class PreparedFoldsCache: Sendable {
    private struct Entry: Sendable {
        let key: String
        let folds: [PreparedFold]
        let warnings: [String]
    }

    private let entry = Mutex<Entry?>(nil)
    private let counts = Mutex<(hits: Int, misses: Int)>((0, 0))
    /// Folds bigger than this (Float32 cells over all folds) are not kept: 1 GiB.
    public let limit: Int

    /// The fold states of the last recipes prepared, which a recipe sharing their first steps resumes from.
    let trails: FoldTrails
    /// Text columns' automatic encodings, the same in every fold and every evaluation of the data.
    let textCodes = TextCodes()

    public init(limit: Int = 1 << 28) {
        self.limit = limit
        trails = FoldTrails(limitBytes: limit * MemoryLayout<Float>.size)
    }

    /// Evaluations served from the cache, and those that prepared their folds.
    public var hits: Int { counts.withLock { $0.hits } }
    public var misses: Int { counts.withLock { $0.misses } }
    /// Evaluations that missed but resumed from the fold states of a recipe sharing their first steps.
    public var prefixReuse: PrefixReuse { trails.reuse }

    func folds(for key: String) -> (folds: [PreparedFold], warnings: [String])? {
        let found = entry.withLock { e in e.flatMap { $0.key == key ? ($0.folds, $0.warnings) : nil } }
        counts.withLock { if found == nil { $0.misses += 1 } else { $0.hits += 1 } }
        return found
    }

    func keep(_ folds: [PreparedFold], warnings: [String], for key: String) {
        guard folds.reduce(0, { $0 + $1.floats }) <= limit else { return }
        entry.withLock { $0 = Entry(key: key, folds: folds, warnings: warnings) }
    }

    /// What a fold's states depend on beside the recipe's steps.
    static func foldsKey(settings: EvaluationSettings, context: RecipeContext, positiveLabel: String?, rows: Int, hoisting: Bool) -> String {
        [settings.scheme.rawValue, String(settings.folds), settings.groupColumn ?? "", String(context.seed), context.target, positiveLabel ?? "",
         String(rows), hoisting ? "hoisted" : "plain"].joined(separator: "|")
    }

    /// What preparing a recipe's folds depends on.
    static func key(_ recipe: Recipe, settings: EvaluationSettings, context: RecipeContext, positiveLabel: String?, rows: Int) -> String {
        let prefix = Recipe(steps: recipe.steps.filter { $0.step.op.stage != .modelling })
        return prefix.fingerprint + "|" + foldsKey(settings: settings, context: context, positiveLabel: positiveLabel, rows: rows, hoisting: true)
    }
}
