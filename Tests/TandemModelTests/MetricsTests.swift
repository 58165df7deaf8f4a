import Foundation
import Testing
@testable import TandemModel

/// Values produced by scikit-learn (Reference/metrics_reference.py, committed with its output).
struct Reference: Decodable {
    struct Case: Decodable {
        let task: String
        let truth: [Double]
        let predictions: [Double]
        let classes: Int
        let expected: [String: Double]
    }
    struct Models: Decodable {
        struct Ridge: Decodable { let alpha: Double; let y: [Double]; let coef: [Double]; let intercept: Double; let predictions: [Double] }
        struct Logistic: Decodable { let C: Double; let y: [Double]; let coef: [Double]; let intercept: Double; let probabilities: [Double] }
        let X: [Double]
        let columns: Int
        let ridge: Ridge
        let logistic: Logistic
    }
    let cases: [Case]
    let models: Models

    static func load() throws -> Reference {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Reference/metrics_reference.json")
        return try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url))
    }
}

@Suite struct MetricsTests {
    @Test func everyMetricMatchesScikitLearn() throws {
        let reference = try Reference.load()
        var checked = 0
        for c in reference.cases {
            let task = try #require(TaskKind(rawValue: c.task))
            let predictions = Predictions(task: task, values: c.predictions, classCount: c.classes)
            for (name, expected) in c.expected {
                let metric = try #require(Metric(rawValue: name), "unknown metric \(name)")
                let got = try metric.score(truth: c.truth, predictions: predictions)
                #expect(abs(got - expected) < 1e-9, "\(c.task) \(name): \(got) vs scikit-learn \(expected)")
                checked += 1
            }
        }
        #expect(checked == 13)
        #expect(Set(reference.cases.flatMap { $0.expected.keys }) == Set(Metric.allCases.map(\.rawValue)))
    }

    @Test func metricsRefuseTheWrongTask() {
        #expect(throws: ModelError.self) { try Metric.rmse.check(task: .binary) }
        #expect(throws: ModelError.self) { try Metric.auc.check(task: .regression) }
        #expect(Metric.logloss.higherIsBetter == false && Metric.auc.higherIsBetter)
    }

    @Test func aucCountsTiesAsHalf() {
        #expect(Metric.auc(positive: [true, false], [0.5, 0.5]) == 0.5)
        #expect(Metric.auc(positive: [false, true, true], [0.1, 0.4, 0.9]) == 1)
    }
}

extension Metric {
    static func auc(positive: [Bool], _ scores: [Double]) -> Double { auc(positive, scores) }
}
