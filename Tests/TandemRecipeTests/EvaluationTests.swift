import Testing
@testable import TandemData
@testable import TandemModel
@testable import TandemRecipe

@Suite struct EvaluationTests {
    /// A leakage trap: `key` has a level per pair of rows and the label is pure noise.
    /// Encoding it with labels from all rows (the classic mistake) scores near-perfectly;
    /// tandem refits per fold and encodes training rows out-of-fold, so it scores chance.
    @Test func heldOutRowsNeverLeakIntoFittedSteps() throws {
        var rng = SeededRandom(seed: 99)
        var csv = "id,key,noise,y\n"
        var labels: [Int] = []
        for i in 0..<1200 {
            let y = rng.chance(0.5) ? 1 : 0
            labels.append(y)
            csv += "\(i),k\(i / 2),\(rng.normal()),\(y)\n"
        }
        let f = try frame(csv)
        // The mistake, done by hand: each row's key encoded with every row's label.
        var sums: [String: (Double, Double)] = [:]
        for i in 0..<1200 { let k = "k\(i / 2)"; sums[k] = ((sums[k]?.0 ?? 0) + Double(labels[i]), (sums[k]?.1 ?? 0) + 1) }
        let leaky = (0..<1200).map { i in sums["k\(i / 2)"].map { $0.0 / $0.1 } ?? 0 }
        let leakyAUC = Metric.auc(labels.map { $0 == 1 }, leaky)
        #expect(leakyAUC > 0.85)

        let r = try recipe(#"{"op":"target_encode","column":"key","smoothing":1}"#, #"{"op":"drop_column","column":"noise"}"#,
                           #"{"op":"model","kind":"logistic"}"#, #"{"op":"cv","folds":5,"scheme":"stratified"}"#)
        let context = RecipeContext(target: "y", task: .binary, idColumn: "id", seed: 3)
        let evaluation = try RecipeEvaluator.crossValidate(r, frame: f, context: context, metric: .auc)
        #expect(evaluation.cvFolds.count == 5)
        #expect(abs(evaluation.cvMean - 0.5) < 0.08, "cv auc \(evaluation.cvMean) should be chance")
        // Imputation too: the held-out rows' values never shape the fill.
        let p = try prepare(try recipe(#"{"op":"impute","column":"a","strategy":"mean"}"#), try frame("id,a,y\n1,1,0\n2,,0\n3,1000,0\n"), train: [0, 1])
        #expect(p.frame["a"]?.numbers?[1] == 1)
    }

    static func timeSeries() throws -> WorkingFrame {
        var csv = "id,week,x,y\n"
        for i in 0..<300 { csv += "\(i),\(i),\(Double(i % 7)),\(Double(i) * 0.5 + Double(i % 7))\n" }
        return try frame(csv)
    }

    @Test func randomFoldsOnTimeOrderedDataAreRefusedUnlessForced() throws {
        let f = try Self.timeSeries()
        let context = RecipeContext(target: "y", task: .regression, idColumn: "id", timeColumn: "week")
        do {
            _ = try RecipeEvaluator.crossValidate(try recipe(#"{"op":"model","kind":"linear"}"#, #"{"op":"cv","folds":4,"scheme":"kfold"}"#),
                                                  frame: f, context: context, metric: .rmse)
            Issue.record("expected the refusal")
        } catch let error as RecipeError {
            #expect(error.description.hasPrefix("step 2 (cv): field \"scheme\": kfold folds on time-ordered data"))
            #expect(error.description.contains("use scheme \"time\""))
        }
        let forced = try RecipeEvaluator.crossValidate(try recipe(#"{"op":"model","kind":"linear"}"#, #"{"op":"cv","folds":4,"scheme":"kfold","force":true}"#),
                                                       frame: f, context: context, metric: .rmse)
        #expect(forced.cvFolds.count == 4)
        let timed = try RecipeEvaluator.crossValidate(try recipe(#"{"op":"model","kind":"linear"}"#), frame: f, context: context, metric: .rmse)
        #expect(timed.warnings.contains("no cv step: 5-fold time validation"))
    }

    @Test func timeFoldsChainForward() throws {
        let f = try Self.timeSeries()
        let context = RecipeContext(target: "y", task: .regression, idColumn: "id", timeColumn: "week")
        let folds = try CrossValidation.folds(scheme: .time, count: 4, rows: Array(0..<300), labels: [], frame: f, context: context, groupColumn: nil)
        #expect(folds.count == 4)
        for fold in folds { #expect((fold.train.max() ?? 0) < (fold.valid.min() ?? 0)) }
        #expect(folds[0].train.count == 60 && folds[3].valid.count == 60)
    }

    @Test func groupFoldsKeepGroupsTogether() throws {
        var csv = "id,g,y\n"
        for i in 0..<120 { csv += "\(i),g\(i % 10),\(i)\n" }
        let f = try frame(csv)
        let folds = try CrossValidation.folds(scheme: .group, count: 5, rows: Array(0..<120), labels: [], frame: f,
                                              context: RecipeContext(target: "y", task: .regression), groupColumn: "g")
        for fold in folds {
            let trainGroups = Set(fold.train.map { $0 % 10 }), validGroups = Set(fold.valid.map { $0 % 10 })
            #expect(trainGroups.isDisjoint(with: validGroups))
        }
    }

    @Test func sameSeedSameScoresEveryRun() throws {
        let bench = TempBench()
        try BenchmarkTable.write(rows: 1500, seed: 8, to: bench.path)
        let f = WorkingFrame(try CSVReader.read(path: bench.path))
        let r = try recipe(#"{"op":"replace_value","column":"sensor_a","from":-999,"to":""}"#, #"{"op":"frequency_encode","column":"sku"}"#,
                           #"{"op":"date_parts","column":"signup_date","parts":["month","dow"]}"#, #"{"op":"drop_column","column":"note"}"#,
                           #"{"op":"drop_column","column":"target_amount"}"#, #"{"op":"model","kind":"gbm","params":{"n_estimators":30}}"#)
        let context = RecipeContext(target: "target_binary", task: .binary, idColumn: "id", seed: 5)
        let a = try RecipeEvaluator.crossValidate(r, frame: f, context: context, metric: .auc)
        let b = try RecipeEvaluator.crossValidate(r, frame: f, context: context, metric: .auc)
        #expect(a == b)
        #expect(a.cvMean > 0.6)
        #expect(a.warnings.contains { $0.hasPrefix("region: category with 5 training levels, one-hot encoded automatically") })
    }

    @Test func targetTransformAndThresholds() throws {
        var rng = SeededRandom(seed: 4)
        var csv = "id,x,y,label\n"
        for i in 0..<400 {
            let x = rng.uniform() * 3
            csv += "\(i),\(x),\(exp(x + rng.normal() * 0.1)),\(x + rng.normal() * 0.5 > 2.4 ? 1 : 0)\n"
        }
        let f = try frame(csv)
        let context = RecipeContext(target: "y", task: .regression, idColumn: "id")
        let plain = try RecipeEvaluator.crossValidate(try recipe(#"{"op":"drop_column","column":"label"}"#, #"{"op":"model","kind":"linear","params":{"alpha":0}}"#),
                                                      frame: f, context: context, metric: .rmse)
        let logged = try RecipeEvaluator.crossValidate(try recipe(#"{"op":"drop_column","column":"label"}"#, #"{"op":"model","kind":"linear","params":{"alpha":0}}"#,
                                                                  #"{"op":"target_transform","kind":"log1p"}"#), frame: f, context: context, metric: .rmse)
        #expect(logged.cvMean < plain.cvMean * 0.8, "log1p \(logged.cvMean) vs plain \(plain.cvMean)")

        let binary = RecipeContext(target: "label", task: .binary, idColumn: "id")
        let fixed = try RecipeEvaluator.crossValidate(try recipe(#"{"op":"drop_column","column":"y"}"#, #"{"op":"model","kind":"logistic"}"#,
                                                                 #"{"op":"threshold","strategy":"fixed","value":0.95}"#), frame: f, context: binary, metric: .macroF1)
        let tuned = try RecipeEvaluator.crossValidate(try recipe(#"{"op":"drop_column","column":"y"}"#, #"{"op":"model","kind":"logistic"}"#,
                                                                 #"{"op":"threshold","strategy":"optimize_metric"}"#), frame: f, context: binary, metric: .macroF1)
        #expect(tuned.cvMean > fixed.cvMean)
        #expect(throws: RecipeError.self) {
            try RecipeEvaluator.crossValidate(try recipe(#"{"op":"threshold","strategy":"prior_rate"}"#), frame: f, context: context, metric: .rmse)
        }
    }

    @Test func testPredictionsUseTrainingFitOnly() throws {
        let train = try frame("id,x,y\n1,1,2\n2,2,4\n3,3,6\n4,4,8\n")
        let test = try frame("id,x\n10,5\n11,\n")
        let result = try RecipeEvaluator.predictTest(try recipe(#"{"op":"impute","column":"x","strategy":"mean"}"#, #"{"op":"model","kind":"linear","params":{"alpha":0}}"#),
                                                     train: train, test: test, context: RecipeContext(target: "y", task: .regression, idColumn: "id"), metric: .rmse)
        #expect(same(result.predictions.values, [10, 5], tolerance: 1e-6)) // the missing x is filled with the training mean 2.5
    }
}

final class TempBench {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-bench-\(UUID().uuidString).csv").path
    deinit { try? FileManager.default.removeItem(atPath: path) }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif

@Suite struct FoldInvarianceTests {
    @Test func stepsThatLearnNothingRunOnceWithoutChangingAnyScore() throws {
        let bench = TempBench()
        try BenchmarkTable.write(rows: 1200, seed: 12, to: bench.path)
        let f = WorkingFrame(try CSVReader.read(path: bench.path))
        let r = try recipe(#"{"op":"drop_column","column":"note"}"#, #"{"op":"replace_value","column":"sensor_a","from":-999,"to":""}"#,
                           #"{"op":"impute","column":"sensor_a","strategy":"median"}"#, #"{"op":"log1p","column":"sensor_a","as":"la"}"#,
                           #"{"op":"date_parts","column":"signup_date","parts":["dow"]}"#, #"{"op":"frequency_encode","column":"sku"}"#,
                           #"{"op":"drop_column","column":"target_amount"}"#, #"{"op":"model","kind":"gbm","params":{"n_estimators":20}}"#)
        let (once, perFold) = FoldInvariance.split(r, target: "target_binary")
        // log1p reads what impute (fitted) wrote, so it stays per fold; the rest of the stateless steps run once.
        #expect(once.indices == [0, 1, 4, 6])
        #expect(perFold.indices == [2, 3, 5, 7])
        let context = RecipeContext(target: "target_binary", task: .binary, idColumn: "id", seed: 2)
        let hoisted = try RecipeEvaluator.crossValidate(r, frame: f, context: context, metric: .auc, positiveLabel: nil, threads: 0, times: nil, hoisting: true)
        let plain = try RecipeEvaluator.crossValidate(r, frame: f, context: context, metric: .auc, positiveLabel: nil, threads: 0, times: nil, hoisting: false)
        #expect(hoisted.cvFolds == plain.cvFolds)
    }

    @Test func errorsKeepTheirStepNumberAfterTheSplit() throws {
        let f = try frame(table)
        do {
            _ = try RecipeEvaluator.crossValidate(try recipe(#"{"op":"drop_column","column":"t"}"#, #"{"op":"impute","column":"a","strategy":"median"}"#,
                                                             #"{"op":"standardize","column":"nope"}"#, #"{"op":"cv","folds":2,"scheme":"kfold"}"#),
                                                  frame: f, context: RecipeContext(target: "y", task: .regression, idColumn: "id"), metric: .rmse)
            Issue.record("expected an error")
        } catch let error as RecipeError {
            #expect(error.description.hasPrefix("step 3 (standardize): field \"column\": column \"nope\" does not exist"))
        }
    }
}
