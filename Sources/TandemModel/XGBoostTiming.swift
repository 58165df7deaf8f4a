import CXGBoost

/// The library's own work on one training matrix, timed apart (issue 18's `bench xgboost`): creating the DMatrix
/// from tandem's row-major Float32, and the boosting rounds, with the parameters tandem's gbm uses.
public enum XGBoostTiming {
    /// (seconds to create the DMatrix, seconds to train, the library's version).
    public static func measure(_ spec: ModelSpec, _ x: FeatureMatrix, _ y: TargetVector, seed: UInt64, threads: Int) throws(ModelError)
        -> (dmatrix: Double, train: Double, version: String) {
        var created = 0.0
        let start = ContinuousClock.now
        _ = try XGBoostModel.fit(spec, x, y, seed: seed, threads: threads, matrixCreated: { created = seconds($0) })
        let total = seconds(ContinuousClock.now - start)
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        XGBoostVersion(&major, &minor, &patch)
        return (created, total - created, "\(major).\(minor).\(patch)")
    }

    static func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
}
