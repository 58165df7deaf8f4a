import CXGBoost

/// gbm and random_forest on XGBoost's C API (hist trees, fixed seed). Every
/// return code is checked; a failure carries XGBoost's own message.
final class XGBoostModel: TrainedModel, @unchecked Sendable {
    private let booster: BoosterHandle
    private let task: TaskKind
    private let classCount: Int
    private let threads: Int

    private init(booster: BoosterHandle, task: TaskKind, classCount: Int, threads: Int) {
        self.booster = booster
        self.task = task
        self.classCount = classCount
        self.threads = threads
    }

    deinit { XGBoosterFree(booster) }

    static func check(_ rc: Int32, _ what: String) throws(ModelError) {
        guard rc == 0 else {
            let message = XGBGetLastError().map { String(cString: $0) } ?? "unknown error"
            throw ModelError("xgboost \(what): \(message.split(separator: "\n").first.map(String.init) ?? message)")
        }
    }

    static func matrix(_ x: FeatureMatrix, threads: Int) throws(ModelError) -> DMatrixHandle {
        var handle: DMatrixHandle?
        let rc = x.values.withUnsafeBufferPointer { v in
            XGDMatrixCreateFromMat_omp(v.baseAddress, UInt64(x.rows), UInt64(x.columns), Float.nan, &handle, Int32(threads))
        }
        try check(rc, "creating the data matrix")
        guard let handle else { throw ModelError("xgboost returned no data matrix") }
        return handle
    }

    static func parameters(_ spec: ModelSpec, _ y: TargetVector, seed: UInt64, threads: Int) -> [(String, String)] {
        var p: [(String, String)] = [
            ("booster", "gbtree"), ("tree_method", "hist"), ("verbosity", "0"),
            ("seed", String(seed % 2_147_483_647)), ("nthread", String(threads)),
            ("max_depth", String(Int(spec.value("max_depth")))),
            ("eta", String(spec.value("learning_rate"))),
            ("subsample", String(spec.value("subsample"))),
            ("min_child_weight", String(spec.value("min_child_weight"))),
        ]
        switch y.task {
        case .regression: p.append(("objective", "reg:squarederror"))
        case .binary: p.append(("objective", "binary:logistic"))
        case .multiclass: p += [("objective", "multi:softprob"), ("num_class", String(y.classCount))]
        }
        if spec.kind == .randomForest {
            // XGBoost's random forest: one round of many parallel trees, sampled per node.
            p += [("num_parallel_tree", String(Int(spec.value("n_estimators")))), ("colsample_bynode", String(spec.value("colsample_bytree")))]
        } else {
            p.append(("colsample_bytree", String(spec.value("colsample_bytree"))))
        }
        return p
    }

    /// `matrixCreated` is told how long the training DMatrix took (`tandem bench xgboost`).
    static func fit(_ spec: ModelSpec, _ x: FeatureMatrix, _ y: TargetVector, seed: UInt64, threads: Int,
                    matrixCreated: (Duration) -> Void = { _ in }) throws(ModelError) -> XGBoostModel {
        let start = ContinuousClock.now
        let dtrain = try matrix(x, threads: threads)
        matrixCreated(ContinuousClock.now - start)
        defer { XGDMatrixFree(dtrain) }
        let labels = y.values.map { Float($0) }
        try check(labels.withUnsafeBufferPointer { XGDMatrixSetFloatInfo(dtrain, "label", $0.baseAddress, UInt64(labels.count)) }, "setting labels")
        var handle: BoosterHandle?
        var matrices: [DMatrixHandle?] = [dtrain]
        try check(matrices.withUnsafeMutableBufferPointer { XGBoosterCreate($0.baseAddress, 1, &handle) }, "creating the booster")
        guard let booster = handle else { throw ModelError("xgboost returned no booster") }
        let model = XGBoostModel(booster: booster, task: y.task, classCount: y.classCount, threads: threads)
        for (name, value) in parameters(spec, y, seed: seed, threads: threads) {
            try check(XGBoosterSetParam(booster, name, value), "setting \(name) = \(value)")
        }
        let rounds = spec.kind == .randomForest ? 1 : Int(spec.value("n_estimators"))
        for i in 0..<rounds { try check(XGBoosterUpdateOneIter(booster, Int32(i), dtrain), "training round \(i)") }
        return model
    }

    func predict(_ x: FeatureMatrix) throws(ModelError) -> Predictions {
        let d = try Self.matrix(x, threads: threads)
        defer { XGDMatrixFree(d) }
        var length: UInt64 = 0
        var result: UnsafePointer<Float>?
        try Self.check(XGBoosterPredict(booster, d, 0, 0, 0, &length, &result), "predicting")
        guard let result else { throw ModelError("xgboost returned no predictions") }
        let values = (0..<Int(length)).map { Double(result[$0]) }
        let expected = task == .multiclass ? x.rows * classCount : x.rows
        guard values.count == expected else { throw ModelError("xgboost returned \(values.count) predictions for \(x.rows) rows") }
        return Predictions(task: task, values: values, classCount: task == .regression ? 0 : classCount)
    }
}
