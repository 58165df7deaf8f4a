import Foundation
import Testing
@testable import TandemModel
@testable import TandemRecipe

/// Issue 19: fold scores are computed against the labels as given, whatever a recipe does to the labels it trains on.
/// Worked by hand on six time-ordered rows, two forward-chaining folds (train rows 1–2 → score 3–4; train 1–4 →
/// score 5–6) and the baseline model (the training mean): a test that would still pass if scores were computed on
/// log-transformed or clipped labels is no test of them.
@Suite struct ScoredOnOriginalLabelsTests {
    /// log1p of the labels, in time order.
    static let logs: [Double] = [1, 3, 2, 2, 0, 4]
    static var labels: [Double] { logs.map { exp($0) - 1 } }

    static func table() throws -> WorkingFrame {
        try frame("id,t,x,y\n" + labels.enumerated().map { "\($0.offset + 1),\($0.offset + 1),0,\($0.element)" }.joined(separator: "\n") + "\n")
    }

    static func rmse(_ predicted: Double, _ actual: [Double]) -> Double {
        (actual.map { ($0 - predicted) * ($0 - predicted) }.reduce(0, +) / Double(actual.count)).squareRoot()
    }

    static let context = RecipeContext(target: "y", task: .regression, idColumn: "id", timeColumn: "t")
    static let base = [#"{"op":"model","kind":"baseline"}"#, #"{"op":"cv","folds":2,"scheme":"time"}"#]

    @Test func aLogTargetIsScoredOnTheOriginalScale() throws {
        let r = try Recipe.parse(json: "{\"steps\": [" + (Self.base + [#"{"op":"target_transform","kind":"log1p"}"#]).joined(separator: ",") + "]}")
        let e = try RecipeEvaluator.crossValidate(r, frame: try Self.table(), context: Self.context, metric: .rmse)
        let y = Self.labels
        // Fold 1 trains on logs 1 and 3: the prediction is expm1(2) for rows 3 and 4, whose labels are expm1(2).
        // Fold 2 trains on logs 1, 3, 2, 2: expm1(2) again, against labels expm1(0) = 0 and expm1(4).
        let expected = [Self.rmse(exp(2) - 1, [y[2], y[3]]), Self.rmse(exp(2) - 1, [y[4], y[5]])]
        #expect(e.cvFolds.count == 2 && abs(e.cvFolds[0] - expected[0]) < 1e-9 && abs(e.cvFolds[1] - expected[1]) < 1e-9, "\(e.cvFolds) vs \(expected)")
        #expect(abs(e.cvFolds[1] - 33.686) < 0.001)   // on the log scale it would be 2
    }

    @Test func aClippedTargetTrainsOnClippedLabelsAndIsScoredOnTheGivenOnes() throws {
        let r = try Recipe.parse(json: "{\"steps\": [" + ([#"{"op":"clip","column":"y","upper":10}"#] + Self.base).joined(separator: ",") + "]}")
        let e = try RecipeEvaluator.crossValidate(r, frame: try Self.table(), context: Self.context, metric: .rmse)
        let y = Self.labels, clipped = y.map { min($0, 10) }
        let mean1 = (clipped[0] + clipped[1]) / 2, mean2 = clipped[0..<4].reduce(0, +) / 4
        let expected = [Self.rmse(mean1, [y[2], y[3]]), Self.rmse(mean2, [y[4], y[5]])]
        #expect(e.cvFolds.count == 2 && abs(e.cvFolds[0] - expected[0]) < 1e-9 && abs(e.cvFolds[1] - expected[1]) < 1e-9, "\(e.cvFolds) vs \(expected)")
        // Scored on the clipped labels, fold 2 would be against 0 and 10.
        #expect(abs(e.cvFolds[1] - Self.rmse(mean2, [clipped[4], clipped[5]])) > 10)
    }
}
