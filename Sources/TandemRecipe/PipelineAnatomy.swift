import Foundation
import TandemModel

/// Where the time of one cross-validation fold goes (issue 18's `bench xgboost`): tandem's own work around the
/// library (the fold split, the fold's preparation, the gather into a matrix) and the library's (the DMatrix, the
/// boosting rounds). The fold's training matrix and labels are written as raw Float32 so a peer can train on exactly
/// the same numbers.
public enum PipelineAnatomy {
    public static func measure(_ recipe: Recipe, frame: WorkingFrame, context: RecipeContext, threads: Int,
                               matrixFile: String, labelsFile: String) throws -> [String: Double] {
        var out: [String: Double] = [:]
        func time<T>(_ key: String, _ body: () throws -> T) rethrows -> T {
            let start = ContinuousClock.now
            defer { out[key] = PhaseTimes.seconds(ContinuousClock.now - start) }
            return try body()
        }
        let settings = try EvaluationSettings(recipe: recipe, context: context)
        guard let target = frame[context.target] else { throw RecipeError(step: nil, field: "target", "no column \(context.target)") }
        let labels = try TargetLabels(target, task: context.task)
        let labelled = labels.labelledRows
        let folds = try time("split_s") {
            try CrossValidation.folds(scheme: settings.scheme, count: settings.folds, rows: labelled, labels: labels.values, frame: frame,
                                      context: context, groupColumn: settings.groupColumn)
        }
        guard let fold = folds.first else { throw RecipeError(step: nil, field: "cv", "no folds") }
        let (once, perFold) = FoldInvariance.split(recipe, target: context.target, tables: context.tables)
        let base = try time("prep_once_s") {
            try RecipePreparer.prepare(once.recipe, frame: frame, trainRows: labelled, labels: [Double](repeating: .nan, count: frame.rows),
                                       context: context, numbers: once.indices)
        }
        let phases = PhaseTimes()
        let prepared = try time("fold_prepare_s") {
            try RecipeEvaluator.prepareFold(perFold.recipe, numbers: perFold.indices, frame: base.frame, train: fold.train, predict: fold.valid,
                                            labels: labels, context: context, times: phases)
        }
        out["fold_steps_s"] = phases.prepSeconds
        out["fold_gather_s"] = phases.modelSeconds
        let (dmatrix, train, version) = try XGBoostTiming.measure(settings.model, prepared.xTrain,
                                                                 TargetVector(task: context.task, values: prepared.y, classes: labels.classes),
                                                                 seed: context.seed, threads: threads)
        out["dmatrix_s"] = dmatrix
        out["train_s"] = train
        let parts = version.split(separator: ".").compactMap { Double($0) }
        out["xgboost_version"] = parts.count == 3 ? parts[0] * 10_000 + parts[1] * 100 + parts[2] : 0
        out["rows"] = Double(prepared.xTrain.rows)
        out["columns"] = Double(prepared.xTrain.columns)
        try prepared.xTrain.values.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: matrixFile)) }
        try prepared.y.map { Float($0) }.withUnsafeBytes { try Data($0).write(to: URL(fileURLWithPath: labelsFile)) }
        return out
    }
}
