/// The model step of a recipe: which model and its parameters, named as
/// analysts know them from scikit-learn and xgboost (DESIGN.md section 4).
public enum ModelKind: String, Codable, Sendable, CaseIterable {
    case baseline, linear, logistic, gbm, randomForest = "random_forest"

    /// Parameter names each kind accepts, with their defaults.
    public var defaults: [String: Double] {
        switch self {
        case .baseline: [:]
        case .linear: ["alpha": 1.0]
        case .logistic: ["C": 1.0]
        case .gbm: ["n_estimators": 100, "learning_rate": 0.1, "max_depth": 6, "subsample": 1.0, "colsample_bytree": 1.0, "min_child_weight": 1.0]
        case .randomForest: ["n_estimators": 100, "learning_rate": 1.0, "max_depth": 8, "subsample": 0.8, "colsample_bytree": 0.8, "min_child_weight": 1.0]
        }
    }

    /// Valid ranges: a parameter outside is a validation error naming it.
    static let ranges: [String: ClosedRange<Double>] = [
        "alpha": 0...1e12, "C": 1e-12...1e12, "n_estimators": 1...10_000, "learning_rate": 1e-6...1,
        "max_depth": 1...32, "subsample": 1e-3...1, "colsample_bytree": 1e-3...1, "min_child_weight": 0...1e9,
    ]
}

public struct ModelSpec: Sendable, Equatable {
    public let kind: ModelKind
    public let params: [String: Double]

    /// Validates names and ranges; unknown names are refused with the names the kind takes.
    public init(kind: ModelKind, params: [String: Double] = [:]) throws(ModelError) {
        let known = kind.defaults
        for (name, value) in params.sorted(by: { $0.key < $1.key }) {
            guard known[name] != nil else {
                let accepted = known.keys.sorted().joined(separator: ", ")
                throw ModelError("model \(kind.rawValue): unknown parameter \"\(name)\"" + (accepted.isEmpty ? " (it takes none)" : " (it takes \(accepted))"))
            }
            guard value.isFinite, Self.inRange(name, value) else {
                throw ModelError("model \(kind.rawValue): \(name) = \(value) is out of range \(ModelKind.ranges[name].map { "\($0.lowerBound)…\($0.upperBound)" } ?? "")")
            }
            if ["n_estimators", "max_depth"].contains(name), value != value.rounded() {
                throw ModelError("model \(kind.rawValue): \(name) must be a whole number, not \(value)")
            }
        }
        self.kind = kind
        self.params = known.merging(params) { _, new in new }
    }

    private init(kind: ModelKind, validated params: [String: Double]) {
        self.kind = kind
        self.params = params
    }

    /// A kind with its default parameters (nothing to validate).
    public static func defaults(_ kind: ModelKind) -> ModelSpec { ModelSpec(kind: kind, validated: kind.defaults) }

    static func inRange(_ name: String, _ value: Double) -> Bool { ModelKind.ranges[name]?.contains(value) ?? true }

    public func value(_ name: String) -> Double { params[name] ?? 0 }
}
