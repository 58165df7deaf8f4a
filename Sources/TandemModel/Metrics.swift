#if canImport(Glibc)
import Glibc
#endif

/// Scoring metrics (DESIGN.md section 3), checked against scikit-learn.
public enum Metric: String, Codable, Sendable, CaseIterable {
    case rmse, mae, r2, accuracy
    case macroF1 = "macro_f1"
    case auc, logloss
    case normalizedGini = "normalized_gini"

    public var higherIsBetter: Bool {
        switch self {
        case .rmse, .mae, .logloss: false
        default: true
        }
    }

    /// Whether the metric fits a task (an error message otherwise).
    public func check(task: TaskKind) throws(ModelError) {
        switch (self, task) {
        case (.rmse, .regression), (.mae, .regression), (.r2, .regression), (.normalizedGini, _): return
        case (.accuracy, .binary), (.accuracy, .multiclass), (.macroF1, .binary), (.macroF1, .multiclass),
             (.auc, .binary), (.auc, .multiclass), (.logloss, .binary), (.logloss, .multiclass): return
        default: throw ModelError("metric \(rawValue) does not apply to a \(task.rawValue) task")
        }
    }

    /// The score of predictions against true values (regression) or class indices.
    public func score(truth: [Double], predictions p: Predictions, threshold: Double = 0.5) throws(ModelError) -> Double {
        try check(task: p.task)
        guard truth.count == p.rows, !truth.isEmpty else { throw ModelError("\(truth.count) labels for \(p.rows) predictions") }
        switch self {
        case .rmse: return (zip(truth, p.values).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / Double(truth.count)).squareRoot()
        case .mae: return zip(truth, p.values).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(truth.count)
        case .r2: return Self.r2(truth, p.values)
        case .accuracy:
            let labels = p.labels(threshold: threshold)
            return Double(zip(truth, labels).filter { Int($0.0) == $0.1 }.count) / Double(truth.count)
        case .macroF1: return Self.macroF1(truth.map { Int($0) }, p.labels(threshold: threshold), classes: max(p.classCount, 2))
        case .auc:
            if p.task == .binary { return Self.auc(truth.map { $0 == 1 }, p.values) }
            // Multiclass: macro average of one-vs-rest AUCs (scikit-learn's multi_class="ovr").
            let k = p.classCount
            var total = 0.0
            for c in 0..<k { total += Self.auc(truth.map { Int($0) == c }, (0..<p.rows).map { p.values[$0 * k + c] }) }
            return total / Double(k)
        case .logloss:
            let eps = 1e-15
            var sum = 0.0
            for (r, t) in truth.enumerated() { sum -= log(min(max(p.probability(row: r, ofClass: Int(t)), eps), 1 - eps)) }
            return sum / Double(truth.count)
        case .normalizedGini:
            let scores = p.task == .multiclass ? (0..<p.rows).map { p.values[$0 * p.classCount + p.classCount - 1] } : p.values
            return Self.normalizedGini(truth, scores)
        }
    }

    static func r2(_ y: [Double], _ f: [Double]) -> Double {
        let mean = y.reduce(0, +) / Double(y.count)
        let total = y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let residual = zip(y, f).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return total > 0 ? 1 - residual / total : (residual == 0 ? 1 : 0)
    }

    /// Unweighted mean of per-class F1 over the classes present in truth or prediction.
    static func macroF1(_ truth: [Int], _ predicted: [Int], classes: Int) -> Double {
        var tp = [Double](repeating: 0, count: classes), fp = tp, fn = tp
        var present = [Bool](repeating: false, count: classes)
        for (t, p) in zip(truth, predicted) {
            present[t] = true; present[p] = true
            if t == p { tp[t] += 1 } else { fp[p] += 1; fn[t] += 1 }
        }
        var sum = 0.0, n = 0.0
        for c in 0..<classes where present[c] {
            let denominator = 2 * tp[c] + fp[c] + fn[c]
            sum += denominator > 0 ? 2 * tp[c] / denominator : 0
            n += 1
        }
        return n > 0 ? sum / n : 0
    }

    /// Area under the ROC curve by the rank-sum formula, ties counted half.
    static func auc(_ positive: [Bool], _ score: [Double]) -> Double {
        let order = score.indices.sorted { score[$0] < score[$1] }
        var rankSum = 0.0
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, score[order[j + 1]] == score[order[i]] { j += 1 }
            let averageRank = Double(i + j) / 2 + 1
            for k in i...j where positive[order[k]] { rankSum += averageRank }
            i = j + 1
        }
        let nPos = Double(positive.filter { $0 }.count), nNeg = Double(positive.count) - nPos
        guard nPos > 0, nNeg > 0 else { return .nan }
        return (rankSum - nPos * (nPos + 1) / 2) / (nPos * nNeg)
    }

    /// Gini of the actual values ordered by prediction, over the Gini of the perfect order (the Kaggle form).
    static func normalizedGini(_ actual: [Double], _ predicted: [Double]) -> Double {
        func gini(_ by: [Double]) -> Double {
            let n = actual.count
            // Descending by score; ties keep the original order (a stable sort), as numpy's lexsort does.
            let order = actual.indices.sorted { by[$0] != by[$1] ? by[$0] > by[$1] : $0 < $1 }
            let total = actual.reduce(0, +)
            guard total != 0 else { return 0 }
            var cumulative = 0.0, sum = 0.0
            for i in order { cumulative += actual[i]; sum += cumulative }
            return (sum / total - Double(n + 1) / 2) / Double(n)
        }
        let perfect = gini(actual)
        return perfect != 0 ? gini(predicted) / perfect : 0
    }
}
