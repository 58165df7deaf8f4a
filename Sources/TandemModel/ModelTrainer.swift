/// A fitted model that predicts on new rows.
public protocol TrainedModel: Sendable {
    func predict(_ x: FeatureMatrix) throws(ModelError) -> Predictions
}

/// Fits a `ModelSpec` to training rows. Seeds are explicit, so the same
/// data, spec and seed give the same model every run.
public enum ModelTrainer {
    public static func train(_ spec: ModelSpec, features x: FeatureMatrix, target y: TargetVector,
                             seed: UInt64, threads: Int = 0) throws(ModelError) -> any TrainedModel {
        guard x.rows == y.values.count else { throw ModelError("features have \(x.rows) rows but the target \(y.values.count)") }
        guard x.rows > 0 else { throw ModelError("no training rows") }
        if let mismatch = spec.kind.mismatch(for: y.task) { throw ModelError(mismatch) }
        switch spec.kind {
        case .baseline: return BaselineModel(target: y)
        case .linear: return try RidgeRegression.fit(x, y.values, alpha: spec.value("alpha"))
        case .logistic: return try LogisticRegression.fit(x, y, c: spec.value("C"))
        case .gbm, .randomForest: return try XGBoostModel.fit(spec, x, y, seed: seed, threads: threads)
        }
    }
}

extension ModelKind {
    /// Why this kind cannot fit a target of `task`, or nil when it can (checked before training, and when a step is proposed).
    public func mismatch(for task: TaskKind) -> String? {
        switch (self, task) {
        case (.linear, .binary), (.linear, .multiclass): "model linear is for regression; use logistic for a \(task.rawValue) target"
        case (.logistic, .regression): "model logistic is for classification; use linear for a regression target"
        default: nil
        }
    }
}

/// Predicts the training mean (regression) or the class priors (classification).
struct BaselineModel: TrainedModel {
    let task: TaskKind
    let constant: [Double]

    init(target y: TargetVector) {
        task = y.task
        if y.task == .regression {
            constant = [y.values.reduce(0, +) / Double(y.values.count)]
        } else {
            var counts = [Double](repeating: 0, count: y.classCount)
            for v in y.values { counts[Int(v)] += 1 }
            constant = counts.map { $0 / Double(y.values.count) }
        }
    }

    func predict(_ x: FeatureMatrix) throws(ModelError) -> Predictions {
        switch task {
        case .regression: Predictions(task: task, values: Array(repeating: constant[0], count: x.rows))
        case .binary: Predictions(task: task, values: Array(repeating: constant[1], count: x.rows), classCount: 2)
        case .multiclass:
            Predictions(task: task, values: (0..<x.rows).flatMap { _ in constant }, classCount: constant.count)
        }
    }
}

/// Column medians of the training rows, to fill what is still missing
/// before a linear model (DESIGN.md section 4); learned on training rows only.
struct MedianFill: Sendable {
    let medians: [Double]

    init(_ x: FeatureMatrix) {
        var medians = [Double](repeating: 0, count: x.columns)
        for c in 0..<x.columns {
            var present: [Float] = []
            present.reserveCapacity(x.rows)
            for r in 0..<x.rows { let v = x[r, c]; if !v.isNaN { present.append(v) } }
            guard !present.isEmpty else { continue }
            present.sort()
            let mid = present.count / 2
            medians[c] = present.count % 2 == 1 ? Double(present[mid]) : (Double(present[mid - 1]) + Double(present[mid])) / 2
        }
        self.medians = medians
    }

    /// Row-major doubles with missing values filled, plus a trailing 1 per row when `intercept`.
    func filled(_ x: FeatureMatrix, intercept: Bool = false) -> [Double] {
        let width = x.columns + (intercept ? 1 : 0)
        var out = [Double](repeating: 1, count: x.rows * width)
        for r in 0..<x.rows {
            for c in 0..<x.columns {
                let v = x[r, c]
                out[r * width + c] = v.isNaN ? medians[c] : Double(v)
            }
        }
        return out
    }
}
