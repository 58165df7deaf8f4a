import CLapack
#if canImport(Glibc)
import Glibc
#endif

/// Solves the symmetric positive definite system `a · x = b` in place (LAPACK dposv).
func solveSPD(_ a: inout [Double], _ b: inout [Double], n: Int) throws(ModelError) {
    let info = a.withUnsafeMutableBufferPointer { ap in
        b.withUnsafeMutableBufferPointer { bp in tandem_dposv(Int32(n), 1, ap.baseAddress, bp.baseAddress) }
    }
    guard info == 0 else {
        throw ModelError(info > 0 ? "the system is singular (LAPACK dposv: leading minor \(info) not positive); add regularisation" : "LAPACK dposv: argument \(-info) is invalid")
    }
}

/// Ridge regression through the normal equations: (XcᵀXc + αI) β = Xcᵀyc on
/// centred data, intercept unpenalised (as scikit-learn's Ridge).
struct RidgeRegression: TrainedModel {
    let fill: MedianFill
    let coefficients: [Double]
    let intercept: Double

    static func fit(_ x: FeatureMatrix, _ y: [Double], alpha: Double) throws(ModelError) -> RidgeRegression {
        let fill = MedianFill(x)
        let n = x.rows, p = x.columns
        var data = fill.filled(x)
        let yMean = y.reduce(0, +) / Double(n)
        guard p > 0 else { return RidgeRegression(fill: fill, coefficients: [], intercept: yMean) }
        var means = [Double](repeating: 0, count: p)
        for r in 0..<n { for c in 0..<p { means[c] += data[r * p + c] } }
        for c in 0..<p { means[c] /= Double(n) }
        for r in 0..<n { for c in 0..<p { data[r * p + c] -= means[c] } }
        let yc = y.map { $0 - yMean }
        var gram = [Double](repeating: 0, count: p * p)
        var rhs = [Double](repeating: 0, count: p)
        data.withUnsafeBufferPointer { d in
            gram.withUnsafeMutableBufferPointer { g in tandem_gram(Int32(n), Int32(p), d.baseAddress, g.baseAddress) }
            yc.withUnsafeBufferPointer { v in rhs.withUnsafeMutableBufferPointer { o in tandem_xtv(Int32(n), Int32(p), d.baseAddress, v.baseAddress, o.baseAddress) } }
        }
        // A constant column has zero variance: a tiny ridge keeps the system solvable when alpha is 0.
        let jitter = max(alpha, 1e-10 * max(1, (0..<p).map { gram[$0 * p + $0] }.max() ?? 1))
        for c in 0..<p { gram[c * p + c] += jitter }
        try solveSPD(&gram, &rhs, n: p)
        let intercept = yMean - zip(means, rhs).reduce(0) { $0 + $1.0 * $1.1 }
        return RidgeRegression(fill: fill, coefficients: rhs, intercept: intercept)
    }

    func predict(_ x: FeatureMatrix) throws(ModelError) -> Predictions {
        let data = fill.filled(x)
        let p = x.columns
        var out = [Double](repeating: intercept, count: x.rows)
        for r in 0..<x.rows {
            var s = intercept
            for c in 0..<p { s += data[r * p + c] * coefficients[c] }
            out[r] = s
        }
        return Predictions(task: .regression, values: out)
    }
}

/// L2-penalised logistic regression by Newton's method (IRLS), objective
/// Σ logloss + ‖w‖² / (2C) with the intercept unpenalised, as scikit-learn's
/// LogisticRegression(C=…). Multiclass is one-vs-rest, renormalised.
struct LogisticRegression: TrainedModel {
    let fill: MedianFill
    /// One weight vector (features then intercept) per binary problem.
    let weights: [[Double]]
    let task: TaskKind
    let classCount: Int

    static func fit(_ x: FeatureMatrix, _ y: TargetVector, c: Double) throws(ModelError) -> LogisticRegression {
        let fill = MedianFill(x)
        let data = fill.filled(x, intercept: true)
        let k = y.classCount
        var weights: [[Double]] = []
        let problems = y.task == .binary ? [1] : Array(0..<k)
        for positive in problems {
            let labels = y.values.map { Int($0) == positive ? 1.0 : 0.0 }
            weights.append(try newton(data, rows: x.rows, width: x.columns + 1, labels: labels, c: c))
        }
        return LogisticRegression(fill: fill, weights: weights, task: y.task, classCount: k)
    }

    static func newton(_ data: [Double], rows n: Int, width p: Int, labels y: [Double], c: Double) throws(ModelError) -> [Double] {
        var w = [Double](repeating: 0, count: p)
        var z = [Double](repeating: 0, count: n)
        var scaled = [Double](repeating: 0, count: n * p)
        for _ in 0..<50 {
            data.withUnsafeBufferPointer { d in w.withUnsafeBufferPointer { wp in z.withUnsafeMutableBufferPointer { zp in
                tandem_xw(Int32(n), Int32(p), d.baseAddress, wp.baseAddress, zp.baseAddress)
            } } }
            var residual = [Double](repeating: 0, count: n)
            for r in 0..<n {
                let prob = 1 / (1 + exp(-z[r]))
                residual[r] = prob - y[r]
                let s = max(prob * (1 - prob), 1e-10).squareRoot()
                for j in 0..<p { scaled[r * p + j] = data[r * p + j] * s }
            }
            var hessian = [Double](repeating: 0, count: p * p)
            var gradient = [Double](repeating: 0, count: p)
            scaled.withUnsafeBufferPointer { s in hessian.withUnsafeMutableBufferPointer { h in tandem_gram(Int32(n), Int32(p), s.baseAddress, h.baseAddress) } }
            data.withUnsafeBufferPointer { d in residual.withUnsafeBufferPointer { v in gradient.withUnsafeMutableBufferPointer { g in
                tandem_xtv(Int32(n), Int32(p), d.baseAddress, v.baseAddress, g.baseAddress)
            } } }
            for j in 0..<(p - 1) { hessian[j * p + j] += 1 / c; gradient[j] += w[j] / c }
            hessian[(p - 1) * p + (p - 1)] += 1e-9
            try solveSPD(&hessian, &gradient, n: p)
            var step = 0.0
            for j in 0..<p { w[j] -= gradient[j]; step = max(step, abs(gradient[j])) }
            if step < 1e-9 { break }
        }
        return w
    }

    func predict(_ x: FeatureMatrix) throws(ModelError) -> Predictions {
        let data = fill.filled(x, intercept: true)
        let p = x.columns + 1
        let scores = weights.map { w in
            (0..<x.rows).map { r in
                var s = 0.0
                for j in 0..<p { s += data[r * p + j] * w[j] }
                return 1 / (1 + exp(-s))
            }
        }
        if task == .binary { return Predictions(task: .binary, values: scores[0], classCount: 2) }
        var out = [Double](repeating: 0, count: x.rows * classCount)
        for r in 0..<x.rows {
            let total = scores.reduce(0) { $0 + $1[r] }
            for k in 0..<classCount { out[r * classCount + k] = total > 0 ? scores[k][r] / total : 1 / Double(classCount) }
        }
        return Predictions(task: .multiclass, values: out, classCount: classCount)
    }
}
