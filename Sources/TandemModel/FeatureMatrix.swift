/// The model's input: rows × columns of Float32, row-major, NaN = missing
/// (the layout XGBoost's C API takes without conversion).
public struct FeatureMatrix: Sendable {
    public let rows: Int
    public let columns: Int
    public let names: [String]
    public let values: [Float]

    public init(rows: Int, names: [String], values: [Float]) {
        precondition(values.count == rows * names.count, "feature matrix shape")
        self.rows = rows
        self.columns = names.count
        self.names = names
        self.values = values
    }

    public subscript(row: Int, column: Int) -> Float { values[row * columns + column] }

    /// The given rows, in order (a fold's training or held-out part).
    public func selecting(rows indices: [Int]) -> FeatureMatrix {
        var out = [Float](repeating: 0, count: indices.count * columns)
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for (r, i) in indices.enumerated() {
                    for c in 0..<columns { dst[r * columns + c] = src[i * columns + c] }
                }
            }
        }
        return FeatureMatrix(rows: indices.count, names: names, values: out)
    }
}

/// What is being predicted.
public enum TaskKind: String, Codable, Sendable {
    case regression, binary, multiclass
}

/// Training labels: a value per row (regression) or a class index per row
/// (classification, indexing `classes`; for binary, class 1 is the positive one).
public struct TargetVector: Sendable {
    public let task: TaskKind
    public let values: [Double]
    public let classes: [String]

    public init(task: TaskKind, values: [Double], classes: [String] = []) {
        self.task = task
        self.values = values
        self.classes = classes
    }

    public var classCount: Int { task == .regression ? 0 : max(classes.count, 2) }

    public func selecting(rows indices: [Int]) -> TargetVector {
        TargetVector(task: task, values: indices.map { values[$0] }, classes: classes)
    }
}

/// Model output: a value (regression), P(class 1) (binary), or per-class
/// probabilities row-major (multiclass).
public struct Predictions: Sendable, Equatable {
    public let task: TaskKind
    public let values: [Double]
    public let classCount: Int

    public init(task: TaskKind, values: [Double], classCount: Int = 0) {
        self.task = task
        self.values = values
        self.classCount = classCount
    }

    public var rows: Int { task == .multiclass ? values.count / max(classCount, 1) : values.count }

    public func probability(row: Int, ofClass k: Int) -> Double {
        switch task {
        case .multiclass: values[row * classCount + k]
        case .binary: k == 1 ? values[row] : 1 - values[row]
        case .regression: .nan
        }
    }

    /// Predicted class per row: argmax, or for binary P(1) ≥ threshold.
    public func labels(threshold: Double = 0.5) -> [Int] {
        switch task {
        case .binary: return values.map { $0 >= threshold ? 1 : 0 }
        case .multiclass:
            return (0..<rows).map { r in
                var best = 0
                for k in 1..<classCount where values[r * classCount + k] > values[r * classCount + best] { best = k }
                return best
            }
        case .regression: return values.map { Int($0.rounded()) }
        }
    }
}

public struct ModelError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
