import TandemModel

/// The result of `tandem evaluate` (JSON fields per issue: metric, cv_folds, cv_mean, test_score, warnings).
public struct Evaluation: Codable, Sendable, Equatable {
    public var metric: String
    public var cvFolds: [Double]
    public var cvMean: Double
    public var testScore: Double?
    public var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case metric, cvFolds = "cv_folds", cvMean = "cv_mean", testScore = "test_score", warnings
    }
}

/// The target as numbers: values (regression) or class indices, NaN when missing.
public struct TargetLabels: Sendable {
    public let values: [Double]
    public let classes: [String]

    /// Classes sorted; for binary the positive one (given, or the last sorted: "1", "true", "yes") is class 1.
    public init(_ column: WorkingColumn, task: TaskKind, positiveLabel: String? = nil) throws(RecipeError) {
        if task == .regression {
            guard let v = column.numbers else { throw RecipeError(step: nil, field: "target", "a regression target must be numbers; it is \(column.kindName)") }
            values = v
            classes = []
            return
        }
        // Each distinct stored value is formatted once, not every row.
        let (ids, distinct) = Self.distinctValues(column)
        var present = [Bool](repeating: false, count: distinct.count)
        for id in ids where id >= 0 { present[Int(id)] = true }
        var levels = Array(Set(distinct.indices.filter { present[$0] }.map { distinct[$0] })).sorted { a, b in
            if let x = Double(a), let y = Double(b) { return x < y }
            return a < b
        }
        if let positiveLabel, let i = levels.firstIndex(of: positiveLabel) { levels.remove(at: i); levels.append(positiveLabel) }
        if task == .binary, levels.count != 2 {
            throw RecipeError(step: nil, field: "target", "a binary target needs exactly 2 classes; found \(levels.count)")
        }
        let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Double($0)) })
        let idValues = distinct.map { index[$0] ?? .nan }
        values = ParallelRows.map(ids) { $0 >= 0 ? idValues[Int($0)] : .nan }
        classes = levels
    }

    /// Per row, the number of its value among the distinct ones (-1: missing),
    /// and those values as text (as `WorkingColumn.string` gives them).
    static func distinctValues(_ column: WorkingColumn) -> (ids: [Int32], distinct: [String]) {
        switch column {
        case .category(let codes, let levels):
            return (codes, levels)
        case .number(let v), .date(let v):
            // A class target holds a handful of values: the first few are found by a
            // short scan (no hashing per row), any beyond them in a dictionary.
            var few: [UInt64] = []
            var lookup: [UInt64: Int32] = [:]
            var firstRow: [Int] = []
            let ids = [Int32](unsafeUninitializedCapacity: v.count) { out, initialized in
                v.withUnsafeBufferPointer { values in
                    for r in values.indices {
                        let x = values[r]
                        if x.isNaN { out[r] = -1; continue }
                        let bits = (x == 0 ? 0 : x).bitPattern // -0 and 0 read the same
                        var id: Int32 = -1
                        for i in few.indices where few[i] == bits { id = Int32(i); break }
                        if id < 0, let known = lookup[bits] { id = known }
                        if id < 0 {
                            id = Int32(firstRow.count)
                            if few.count < 8 { few.append(bits) } else { lookup[bits] = id }
                            firstRow.append(r)
                        }
                        out[r] = id
                    }
                }
                initialized = v.count
            }
            return (ids, firstRow.map { column.string($0) ?? "" })
        case .text, .indicator, .imputed:
            let (codes, levels) = Encoding.interned((0..<column.count).map { column.string($0) })
            return (codes, levels)
        }
    }
}

/// Seconds spent per phase, for `tandem bench pipeline` (kept out of `Evaluation`, whose numbers must repeat exactly).
public final class PhaseTimes: @unchecked Sendable {
    public private(set) var prepSeconds = 0.0
    public private(set) var modelSeconds = 0.0
    public init() {}

    func addModel(_ d: Duration) { modelSeconds += Self.seconds(d) }

    /// Runs preparation work and adds its duration to `prepSeconds`.
    func prep<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let start = ContinuousClock.now
        defer { prepSeconds += Self.seconds(ContinuousClock.now - start) }
        return try body()
    }

    public static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}

public enum RecipeEvaluator {
    /// Cross-validated score: the whole recipe is refitted inside every fold.
    /// With a `cache`, a recipe whose cleaning and feature steps match the last one's reuses its prepared folds.
    public static func crossValidate(_ recipe: Recipe, frame: WorkingFrame, context: RecipeContext, metric: Metric,
                                     positiveLabel: String? = nil, threads: Int = 0, times: PhaseTimes? = nil, monitor: JobMonitor? = nil,
                                     cache: PreparedFoldsCache? = nil) throws(RecipeError) -> Evaluation {
        try crossValidate(recipe, frame: frame, context: context, metric: metric, positiveLabel: positiveLabel, threads: threads, times: times, hoisting: true,
                          monitor: monitor, cache: cache)
    }

    /// `hoisting: false` runs every step in every fold (tests compare the two).
    static func crossValidate(_ recipe: Recipe, frame: WorkingFrame, context: RecipeContext, metric: Metric, positiveLabel: String?,
                              threads: Int, times: PhaseTimes?, hoisting: Bool, monitor: JobMonitor? = nil,
                              cache: PreparedFoldsCache? = nil) throws(RecipeError) -> Evaluation {
        let settings = try EvaluationSettings(recipe: recipe, context: context)
        guard let targetColumn = frame[context.target] else { throw RecipeError(step: nil, field: "target", "column \"\(context.target)\" is not in the data") }
        // Timed as the Python peers time them: reading the labels is preparation, splitting folds is cross-validation.
        let phases = times ?? PhaseTimes()
        let (labels, labelled) = try phases.prep { () throws(RecipeError) in
            let labels = try TargetLabels(targetColumn, task: context.task, positiveLabel: positiveLabel)
            return (labels, labels.labelledRows)
        }
        let foldsStart = ContinuousClock.now
        let folds = try CrossValidation.folds(scheme: settings.scheme, count: settings.folds, rows: labelled, labels: labels.values,
                                              frame: frame, context: context, groupColumn: settings.groupColumn)
        phases.addModel(ContinuousClock.now - foldsStart)
        var scores: [Double] = []
        var warnings = settings.notes
        monitor?.begin(parts: folds.count + 1)
        let key = cache.map { _ in PreparedFoldsCache.key(recipe, settings: settings, context: context, positiveLabel: positiveLabel, rows: frame.rows) }
        let cached = key.flatMap { cache?.folds(for: $0) }
        // Without a hit, the folds are prepared one at a time (and kept only when there is a cache to keep them in);
        // with a cache, from the states of a recipe sharing steps with this one where there is one.
        let foldsKey = PreparedFoldsCache.foldsKey(settings: settings, context: context, positiveLabel: positiveLabel, rows: frame.rows,
                                                   hoisting: hoisting)
        var preparer = cached != nil ? nil
            : try FoldPreparer(recipe, frame: frame, folds: folds, labelled: labelled, hoisting: hoisting, context: context, times: phases,
                               trails: cache?.trails, textCodes: cache?.textCodes ?? TextCodes(), foldsKey: foldsKey)
        var prepWarnings = cached?.warnings ?? preparer?.baseWarnings ?? []
        monitor?.finishPart()
        var kept: [PreparedFold] = []
        for (k, fold) in folds.enumerated() {
            try monitor?.check()
            let prepared: PreparedFold
            if let cached { prepared = cached.folds[k] } else if preparer != nil, let made = try preparer?.prepare(k, fold, labels: labels, times: phases) {
                prepared = made
                for n in prepared.warnings where !prepWarnings.contains(n) { prepWarnings.append(n) }
                if cache != nil { kept.append(prepared) }
            } else {
                throw RecipeError(step: nil, field: nil, "fold \(k + 1) was neither prepared nor cached")
            }
            let (predictions, threshold) = try fit(prepared, settings: settings, labels: labels, context: context, metric: metric,
                                                   threads: threads, times: phases)
            do {
                scores.append(try metric.score(truth: fold.valid.map { labels.values[$0] }, predictions: predictions, threshold: threshold))
            } catch {
                throw RecipeError(step: nil, field: "metric", error.message)
            }
            monitor?.finishPart()
        }
        if let trail = preparer?.trail(foldsKey: foldsKey) { cache?.trails.keep(trail) }
        for n in prepWarnings where !warnings.contains(n) { warnings.append(n) }
        if let key, cached == nil { cache?.keep(kept, warnings: prepWarnings, for: key) }
        return Evaluation(metric: metric.rawValue, cvFolds: scores, cvMean: scores.reduce(0, +) / Double(scores.count), testScore: nil, warnings: warnings)
    }

    /// Checks a recipe against the data without scoring it: its modelling
    /// settings, and every cleaning and feature step fitted once on all
    /// labelled rows. Errors name the step and field.
    public static func validate(_ recipe: Recipe, frame: WorkingFrame, context: RecipeContext, positiveLabel: String? = nil) throws(RecipeError) {
        _ = try EvaluationSettings(recipe: recipe, context: context)
        guard let targetColumn = frame[context.target] else { throw RecipeError(step: nil, field: "target", "column \"\(context.target)\" is not in the data") }
        let labels = try TargetLabels(targetColumn, task: context.task, positiveLabel: positiveLabel)
        let labelled = labels.labelledRows
        _ = try RecipePreparer.prepare(recipe, frame: frame, trainRows: labelled, labels: labels.values, context: context)
    }

    /// Fits on every labelled training row and predicts `test` (appended after them).
    public static func predictTest(_ recipe: Recipe, train: WorkingFrame, test: WorkingFrame, context: RecipeContext, metric: Metric,
                                   positiveLabel: String? = nil)
        throws(RecipeError) -> (predictions: Predictions, threshold: Double, classes: [String], warnings: [String]) {
        let settings = try EvaluationSettings(recipe: recipe, context: context)
        guard let targetColumn = train[context.target] else { throw RecipeError(step: nil, field: "target", "column \"\(context.target)\" is not in the data") }
        let trainLabels = try TargetLabels(targetColumn, task: context.task, positiveLabel: positiveLabel)
        let combined = train.appending(test)
        let labels = TargetLabels(values: trainLabels.values + Array(repeating: .nan, count: test.rows), classes: trainLabels.classes)
        let trainRows = trainLabels.labelledRows
        let (p, t, notes) = try fitAndPredict(recipe, settings: settings, frame: combined, train: trainRows,
                                              predict: Array(train.rows..<combined.rows), labels: labels, context: context, metric: metric)
        return (p, t, trainLabels.classes, settings.notes + notes)
    }

    static func fitAndPredict(_ recipe: Recipe, numbers: [Int]? = nil, settings: EvaluationSettings, frame: WorkingFrame, train: [Int], predict: [Int],
                              labels: TargetLabels, context: RecipeContext, metric: Metric,
                              threads: Int = 0, times: PhaseTimes = PhaseTimes(),
                              fits: [Int: StepFit] = [:]) throws(RecipeError) -> (Predictions, Double, [String]) {
        let prepared = try prepareFold(recipe, numbers: numbers, frame: frame, train: train, predict: predict, labels: labels, context: context,
                                       times: times, fits: fits)
        let (predictions, threshold) = try fit(prepared, settings: settings, labels: labels, context: context, metric: metric, threads: threads, times: times)
        return (predictions, threshold, prepared.warnings)
    }

    /// A fold's cleaning and feature steps fitted on its training rows, and the matrices its model needs.
    static func prepareFold(_ recipe: Recipe, numbers: [Int]? = nil, frame: WorkingFrame, train: [Int], predict: [Int], labels: TargetLabels,
                            context: RecipeContext, times: PhaseTimes, fits: [Int: StepFit] = [:]) throws(RecipeError) -> PreparedFold {
        let prepared = try times.prep { () throws(RecipeError) in
            try RecipePreparer.prepare(recipe, frame: frame, trainRows: train, labels: trainingLabels(labels, train: train, rows: frame.rows),
                                       context: context, numbers: numbers, fits: fits)
        }
        return matrices(prepared, predict: predict, context: context, times: times, textCodes: TextCodes())
    }

    /// The labels a fold's steps may see: only training rows carry theirs, so held-out labels cannot leak into any
    /// fitted step.
    static func trainingLabels(_ labels: TargetLabels, train: [Int], rows: Int) -> [Double] {
        var out = [Double](repeating: .nan, count: rows)
        for r in train { out[r] = labels.values[r] }
        return out
    }

    /// A prepared fold's matrices (the feature plan timed as preparation).
    static func matrices(_ prepared: Preparation, predict: [Int], context: RecipeContext, times: PhaseTimes, textCodes: TextCodes) -> PreparedFold {
        let plan = times.prep { FeaturePlan(frame: prepared.frame, trainRows: prepared.trainRows, context: context, textCodes: textCodes) }
        return gather(prepared, plan: plan, predict: predict, times: times)
    }

    private static func gather(_ prepared: Preparation, plan: FeaturePlan, predict: [Int], times: PhaseTimes) -> PreparedFold {
        // Gathering a fold's rows into matrices is timed with the model, as the peers' x[train] is.
        let modelStart = ContinuousClock.now
        defer { times.addModel(ContinuousClock.now - modelStart) }
        return PreparedFold(xTrain: plan.matrix(prepared.frame, rows: prepared.trainRows), xPredict: plan.matrix(prepared.frame, rows: predict),
                            y: prepared.trainRows.map { prepared.labels[$0] }, warnings: prepared.warnings + plan.warnings)
    }

    /// The modelling steps on a prepared fold: the target transform, the model, the threshold.
    static func fit(_ fold: PreparedFold, settings: EvaluationSettings, labels: TargetLabels, context: RecipeContext, metric: Metric,
                    threads: Int, times: PhaseTimes) throws(RecipeError) -> (Predictions, Double) {
        let y = settings.logTarget ? fold.y.map { $0 > -1 ? log1p($0) : .nan } : fold.y
        let modelStart = ContinuousClock.now
        defer { times.addModel(ContinuousClock.now - modelStart) }
        do {
            let model = try ModelTrainer.train(settings.model, features: fold.xTrain,
                                               target: TargetVector(task: context.task, values: y, classes: labels.classes),
                                               seed: context.seed, threads: threads)
            var predictions = try model.predict(fold.xPredict)
            if settings.logTarget { predictions = Predictions(task: .regression, values: predictions.values.map { expm1($0) }) }
            var threshold = settings.thresholdValue
            if context.task == .binary, settings.thresholdStrategy != "fixed" {
                let fitted = try model.predict(fold.xTrain)
                threshold = Thresholds.choose(settings.thresholdStrategy, scores: fitted.values, labels: y, metric: metric)
            }
            return (predictions, threshold)
        } catch {
            throw RecipeError(step: .model, field: nil, error.message, index: settings.modelIndex)
        }
    }
}

extension TargetLabels {
    init(values: [Double], classes: [String]) {
        self.values = values
        self.classes = classes
    }

    /// Rows whose label is known, ascending.
    var labelledRows: [Int] {
        var rows: [Int] = []
        rows.reserveCapacity(values.count)
        values.withUnsafeBufferPointer { v in
            for r in v.indices where !v[r].isNaN { rows.append(r) }
        }
        return rows
    }
}

/// Binary decision thresholds learned from training predictions.
public enum Thresholds {
    public static func choose(_ strategy: String, scores: [Double], labels: [Double], metric: Metric) -> Double {
        if strategy == "prior_rate" {
            // Predict positive for the same share of rows as the training prior.
            let prior = labels.reduce(0, +) / Double(max(labels.count, 1))
            let sorted = scores.sorted()
            return Statistics.quantile(sorted: sorted, 1 - prior)
        }
        // optimize_metric: the best of 99 candidate thresholds on the training predictions.
        var best = 0.5, bestScore = -Double.infinity
        for k in 1...99 {
            let t = Double(k) / 100
            let p = Predictions(task: .binary, values: scores, classCount: 2)
            guard let s = try? metric.score(truth: labels, predictions: p, threshold: t) else { continue }
            let value = metric.higherIsBetter ? s : -s
            if value > bestScore { bestScore = value; best = t }
        }
        return best
    }
}

#if canImport(Glibc)
import Glibc
#endif
