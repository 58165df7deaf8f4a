import Testing
@testable import TandemModel
@testable import TandemData

@Suite struct LinearModelTests {
    @Test func ridgeMatchesScikitLearn() throws {
        let m = try Reference.load().models
        let x = FeatureMatrix(rows: m.ridge.y.count, names: ["a", "b", "c"], values: m.X.map { Float($0) })
        let spec = try ModelSpec(kind: .linear, params: ["alpha": m.ridge.alpha])
        let model = try ModelTrainer.train(spec, features: x, target: TargetVector(task: .regression, values: m.ridge.y), seed: 1)
        let ridge = try #require(model as? RidgeRegression)
        // Float32 features bound the agreement to ~1e-6.
        for (a, b) in zip(ridge.coefficients, m.ridge.coef) { #expect(abs(a - b) < 1e-5) }
        #expect(abs(ridge.intercept - m.ridge.intercept) < 1e-5)
        let p = try model.predict(x)
        for (a, b) in zip(p.values, m.ridge.predictions) { #expect(abs(a - b) < 1e-4) }
    }

    @Test func logisticMatchesScikitLearn() throws {
        let m = try Reference.load().models
        let x = FeatureMatrix(rows: m.logistic.y.count, names: ["a", "b", "c"], values: m.X.map { Float($0) })
        let spec = try ModelSpec(kind: .logistic, params: ["C": m.logistic.C])
        let model = try ModelTrainer.train(spec, features: x, target: TargetVector(task: .binary, values: m.logistic.y, classes: ["0", "1"]), seed: 1)
        let fitted = try #require(model as? LogisticRegression)
        for (a, b) in zip(fitted.weights[0].prefix(3), m.logistic.coef) { #expect(abs(a - b) < 1e-4, "\(a) vs \(b)") }
        #expect(abs((fitted.weights[0].last ?? 0) - m.logistic.intercept) < 1e-4)
        let p = try model.predict(x)
        for (a, b) in zip(p.values, m.logistic.probabilities) { #expect(abs(a - b) < 1e-5) }
    }

    @Test func missingValuesAreMedianFilledFromTrainingRows() throws {
        // y = 2x; the NaN row is filled with the training median (2), predicting 4.
        let x = FeatureMatrix(rows: 4, names: ["x"], values: [1, 2, 3, .nan])
        let model = try ModelTrainer.train(try ModelSpec(kind: .linear, params: ["alpha": 0]), features: x.selecting(rows: [0, 1, 2]),
                                           target: TargetVector(task: .regression, values: [2, 4, 6]), seed: 1)
        let p = try model.predict(x)
        #expect(abs(p.values[3] - 4) < 1e-6)
        #expect(abs(p.values[0] - 2) < 1e-6)
    }

    @Test func wrongModelForTheTaskIsRefused() throws {
        let x = FeatureMatrix(rows: 2, names: ["x"], values: [1, 2])
        #expect(throws: ModelError.self) {
            try ModelTrainer.train(try ModelSpec(kind: .linear), features: x, target: TargetVector(task: .binary, values: [0, 1], classes: ["a", "b"]), seed: 1)
        }
    }

    @Test func unknownParameterIsNamed() {
        #expect(throws: ModelError("model gbm: unknown parameter \"depth\" (it takes colsample_bytree, learning_rate, max_depth, min_child_weight, n_estimators, subsample)")) {
            try ModelSpec(kind: .gbm, params: ["depth": 3])
        }
        #expect(throws: ModelError.self) { try ModelSpec(kind: .gbm, params: ["max_depth": 2.5]) }
        #expect(throws: ModelError.self) { try ModelSpec(kind: .gbm, params: ["subsample": 0]) }
        #expect(throws: ModelError.self) { try ModelSpec(kind: .baseline, params: ["alpha": 1]) }
    }

    @Test func baselinePredictsMeanAndPriors() throws {
        let x = FeatureMatrix(rows: 4, names: [], values: [])
        let reg = try ModelTrainer.train(try ModelSpec(kind: .baseline), features: x, target: TargetVector(task: .regression, values: [1, 2, 3, 6]), seed: 1)
        #expect(try reg.predict(x).values == [3, 3, 3, 3])
        let bin = try ModelTrainer.train(try ModelSpec(kind: .baseline), features: x, target: TargetVector(task: .binary, values: [0, 1, 1, 1], classes: ["n", "y"]), seed: 1)
        #expect(try bin.predict(x).values == [0.75, 0.75, 0.75, 0.75])
    }
}

@Suite struct XGBoostModelTests {
    static func data(rows: Int, seed: UInt64) -> (FeatureMatrix, [Double]) {
        var rng = SeededRandom(seed: seed)
        var values: [Float] = []
        var y: [Double] = []
        for _ in 0..<rows {
            let a = rng.uniform() * 4 - 2, b = rng.normal()
            values += [Float(a), rng.chance(0.1) ? .nan : Float(b)]
            y.append(a * a + (b > 0 ? 1 : 0))
        }
        return (FeatureMatrix(rows: rows, names: ["a", "b"], values: values), y)
    }

    @Test func gbmLearnsANonlinearFunctionFarBetterThanTheBaseline() throws {
        let (x, y) = Self.data(rows: 2000, seed: 3)
        let target = TargetVector(task: .regression, values: y)
        let train = Array(0..<1500), test = Array(1500..<2000)
        let gbm = try ModelTrainer.train(try ModelSpec(kind: .gbm, params: ["n_estimators": 60, "max_depth": 4]),
                                         features: x.selecting(rows: train), target: target.selecting(rows: train), seed: 7)
        let base = try ModelTrainer.train(try ModelSpec(kind: .baseline), features: x.selecting(rows: train), target: target.selecting(rows: train), seed: 7)
        let truth = test.map { y[$0] }
        let gbmRMSE = try Metric.rmse.score(truth: truth, predictions: gbm.predict(x.selecting(rows: test)))
        let baseRMSE = try Metric.rmse.score(truth: truth, predictions: base.predict(x.selecting(rows: test)))
        #expect(gbmRMSE < baseRMSE * 0.3, "gbm \(gbmRMSE) baseline \(baseRMSE)")
    }

    @Test func sameSeedSamePredictions() throws {
        let (x, y) = Self.data(rows: 500, seed: 4)
        let target = TargetVector(task: .binary, values: y.map { $0 > 1.5 ? 1 : 0 }, classes: ["0", "1"])
        let spec = try ModelSpec(kind: .randomForest, params: ["n_estimators": 20])
        let a = try ModelTrainer.train(spec, features: x, target: target, seed: 11).predict(x)
        let b = try ModelTrainer.train(spec, features: x, target: target, seed: 11).predict(x)
        #expect(a == b)
        let auc = try Metric.auc.score(truth: target.values, predictions: a)
        #expect(auc > 0.9)
    }

    @Test func multiclassGivesProbabilitiesPerClass() throws {
        let (x, y) = Self.data(rows: 600, seed: 5)
        let target = TargetVector(task: .multiclass, values: y.map { $0 < 1 ? 0 : $0 < 2.5 ? 1 : 2 }, classes: ["lo", "mid", "hi"])
        let model = try ModelTrainer.train(try ModelSpec(kind: .gbm, params: ["n_estimators": 30]), features: x, target: target, seed: 2)
        let p = try model.predict(x)
        #expect(p.values.count == 600 * 3)
        for r in 0..<600 { #expect(abs((0..<3).reduce(0) { $0 + p.probability(row: r, ofClass: $1) } - 1) < 1e-4) }
        #expect(try Metric.accuracy.score(truth: target.values, predictions: p) > 0.8)
    }

    @Test func xgboostErrorsCarryItsMessage() throws {
        // binary:logistic refuses a label of 2; the error comes from XGBoost itself.
        let x = FeatureMatrix(rows: 3, names: ["a"], values: [1, 2, 3])
        do {
            _ = try ModelTrainer.train(try ModelSpec(kind: .gbm, params: ["n_estimators": 2]), features: x,
                                       target: TargetVector(task: .binary, values: [0, 1, 2], classes: ["a", "b"]), seed: 1)
            Issue.record("expected an XGBoost error")
        } catch {
            #expect(error.message.hasPrefix("xgboost "))
            #expect(error.message.lowercased().contains("label"))
        }
    }
}
