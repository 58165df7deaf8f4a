import Testing
@testable import TandemRecipe
import TandemData
import TandemModel
import Foundation

/// Fits learned for every fold in one pass equal the fits each fold learns
/// alone from its own training rows.
@Suite struct FoldBatchTests {
    static let rows = 90_001

    /// Labels with three classes (some missing), a number column with missing
    /// values, ties and a skew, and a category column with missing codes.
    static func data(seed: UInt64) -> (labels: [Double], values: [Double], codes: [Int32]) {
        var rng = SeededRandom(seed: seed)
        var labels: [Double] = [], values: [Double] = [], codes: [Int32] = []
        for _ in 0..<rows {
            labels.append(rng.chance(0.05) ? .nan : Double(rng.int(below: 3)))
            values.append(rng.chance(0.2) ? .nan : rng.chance(0.3) ? Double(rng.int(below: 4)) : exp(rng.normal()))
            codes.append(Int32(rng.int(below: 13)) - 1)
        }
        return (labels, values, codes)
    }

    static func folds(_ scheme: CVScheme, labels: [Double], labelled: [Int]) throws -> [Fold] {
        let context = RecipeContext(target: "y", task: .multiclass, timeColumn: scheme == .time ? "t" : nil, seed: 9)
        let frame = WorkingFrame(names: ["t"], columns: [.number((0..<rows).map { Double($0 % 1000) })])
        return try CrossValidation.folds(scheme: scheme, count: 5, rows: labelled, labels: labels, frame: frame, context: context, groupColumn: nil)
    }

    @Test(arguments: [CVScheme.stratified, .kfold])
    func mediansAndLevelCountsEqualEachFoldAlone(scheme: CVScheme) throws {
        let (labels, values, codes) = Self.data(seed: scheme == .kfold ? 1 : 2)
        let labelled = (0..<Self.rows).filter { !labels[$0].isNaN }
        let folds = try Self.folds(scheme, labels: labels, labelled: labelled)
        let batch = try #require(FoldBatch(folds: folds, labelled: labelled, frameRows: Self.rows))
        let medians = batch.medians(values)
        let levels = try #require(batch.levelCounts(codes, levelCount: 12))
        for (f, fold) in folds.enumerated() {
            #expect(medians[f] == Statistics.histogramMedian(values, rows: fold.train), "fold \(f)")
            #expect(levels[f].counts == Encoding.trainingCounts(codes: codes, levelCount: 12, rows: fold.train), "fold \(f)")
            let firstRows = (0..<12).map { level in fold.train.first { codes[$0] == Int32(level) } ?? Int.max }
            #expect(levels[f].firstRows == firstRows, "fold \(f)")
            #expect(Encoding.ranked(counts: levels[f].counts, firstSeen: levels[f].firstRows, limit: 5)
                    == Encoding.topLevels(codes: codes, levelCount: 12, rows: fold.train, limit: 5))
        }
    }

    /// Time folds train on ever longer prefixes: no fold's rows are "all the others".
    @Test func foldsThatDoNotPartitionTheRowsAreNotBatched() throws {
        let (labels, _, _) = Self.data(seed: 3)
        let labelled = (0..<Self.rows).filter { !labels[$0].isNaN }
        #expect(FoldBatch(folds: try Self.folds(.time, labels: labels, labelled: labelled), labelled: labelled, frameRows: Self.rows) == nil)
        // A row held out twice, or a labelled row held out by none.
        let good = try Self.folds(.kfold, labels: labels, labelled: labelled)
        var twice = good
        twice[1] = Fold(train: good[1].train, valid: good[1].valid + [good[0].valid[0]])
        #expect(FoldBatch(folds: twice, labelled: labelled, frameRows: Self.rows) == nil)
        #expect(FoldBatch(folds: Array(good.dropLast()), labelled: labelled, frameRows: Self.rows) == nil)
        // A fold that trains on one of its own held-out rows instead of another fold's.
        var leaky = good
        let own = good[2].valid[0], other = good[2].train[0]
        leaky[2] = Fold(train: (good[2].train.filter { $0 != other } + [own]).sorted(), valid: good[2].valid)
        #expect(FoldBatch(folds: leaky, labelled: labelled, frameRows: Self.rows) == nil)
        #expect(FoldBatch(folds: good, labelled: labelled, frameRows: Self.rows) != nil)
    }

    /// Only steps that read a column as the shared frame holds it, on the
    /// fold's own rows, take a batch fit.
    @Test func onlyStepsReadingSharedColumnsOnTheFoldsRowsAreBatched() throws {
        let (labels, values, codes) = Self.data(seed: 4)
        let labelled = (0..<Self.rows).filter { !labels[$0].isNaN }
        let folds = try Self.folds(.kfold, labels: labels, labelled: labelled)
        let batch = try #require(FoldBatch(folds: folds, labelled: labelled, frameRows: Self.rows))
        let levels = (0..<12).map { "L\($0)" }
        let frame = WorkingFrame(names: ["a", "b", "c", "d", "e"],
                                 columns: [.number(values), .number(values), .category(codes: codes, levels: levels), .category(codes: codes, levels: levels),
                                           .number(values)])
        let r = try recipe(#"{"op":"impute","column":"a","strategy":"median"}"#,       // 0: batched
                           #"{"op":"standardize","column":"b"}"#,                      // 1: fitted, not batched
                           #"{"op":"impute","column":"b","strategy":"median"}"#,       // 2: reads what step 1 wrote
                           #"{"op":"impute","column":"a","strategy":"mean","as":"m"}"#, // 3: a mean is not batched
                           #"{"op":"one_hot","column":"c"}"#,                          // 4: batched
                           #"{"op":"drop_rows","where":"e > 100"}"#,                    // 5: changes the rows
                           #"{"op":"frequency_encode","column":"d"}"#)                 // 6: after it, nothing is batched
        let fits = FoldInvariance.batchFits(r, frame: frame, batch: batch)
        #expect(fits.count == 5)
        for f in fits { #expect(f.keys.sorted() == [0, 4]) }
        #expect(fits[2][0] == .fill(Statistics.histogramMedian(values, rows: folds[2].train)))
    }

    /// Cross-validation with batch fits scores exactly as fitting every step in every fold.
    @Test func crossValidationScoresAreUnchangedByBatchFits() throws {
        let bench = TempBench()
        try BenchmarkTable.write(rows: 40_000, seed: 8, to: bench.path)
        let f = WorkingFrame(try CSVReader.read(path: bench.path))
        let r = try recipe(#"{"op":"drop_column","column":"note"}"#, #"{"op":"replace_value","column":"sensor_a","from":-999,"to":""}"#,
                           #"{"op":"impute","column":"sensor_a","strategy":"median"}"#, #"{"op":"impute","column":"sensor_c","strategy":"median"}"#,
                           #"{"op":"one_hot","column":"state","max_levels":5}"#, #"{"op":"frequency_encode","column":"sku"}"#,
                           #"{"op":"drop_column","column":"target_amount"}"#, #"{"op":"model","kind":"gbm","params":{"n_estimators":10}}"#,
                           #"{"op":"cv","folds":5,"scheme":"stratified"}"#)
        let context = RecipeContext(target: "target_binary", task: .binary, idColumn: "id", seed: 3)
        let labels = try TargetLabels(try #require(f["target_binary"]), task: .binary)
        let labelled = (0..<f.rows).filter { !labels.values[$0].isNaN }
        let folds = try CrossValidation.folds(scheme: .stratified, count: 5, rows: labelled, labels: labels.values, frame: f, context: context, groupColumn: nil)
        let batch = try #require(FoldBatch(folds: folds, labelled: labelled, frameRows: f.rows))
        let (_, perFold) = FoldInvariance.split(r, target: "target_binary")
        #expect(FoldInvariance.batchFits(perFold.recipe, frame: f, batch: batch)[0].count == 4)
        let batched = try RecipeEvaluator.crossValidate(r, frame: f, context: context, metric: .auc, positiveLabel: nil, threads: 0, times: nil, hoisting: true)
        let plain = try RecipeEvaluator.crossValidate(r, frame: f, context: context, metric: .auc, positiveLabel: nil, threads: 0, times: nil, hoisting: false)
        #expect(batched.cvFolds == plain.cvFolds)
    }
}
