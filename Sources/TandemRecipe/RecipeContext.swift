import TandemModel

/// What a recipe needs to know about its challenge.
public struct RecipeContext: Sendable {
    public let target: String
    public let task: TaskKind
    /// The id columns: one, or several for a composite key such as sku_id and week. Never features as they are; the
    /// parts of a composite key may be read by steps that write new columns (an entity's level, a week's month).
    public let idColumns: [String]
    /// A single id: no step may read it (a row's name carries no signal).
    public var nonFeatureIds: [String] { idColumns.count == 1 ? idColumns : [] }
    /// When set, validation must be forward-chaining and lag/rolling_mean read rows in this order.
    public let timeColumn: String?
    public let seed: UInt64
    /// The challenge's side tables, which join and aggregate read.
    public let tables: SideTables

    public init(target: String, task: TaskKind, idColumns: [String] = [], timeColumn: String? = nil, seed: UInt64 = 42,
                tables: SideTables = SideTables()) {
        self.target = target
        self.task = task
        self.idColumns = idColumns
        self.timeColumn = timeColumn
        self.seed = seed
        self.tables = tables
    }

    /// One id column (nil for none).
    public init(target: String, task: TaskKind, idColumn: String?, timeColumn: String? = nil, seed: UInt64 = 42) {
        self.init(target: target, task: task, idColumns: idColumn.map { [$0] } ?? [], timeColumn: timeColumn, seed: seed)
    }
}

/// The recipe's state while it is fitted on one set of training rows.
struct Preparation {
    var frame: WorkingFrame
    /// Rows the model trains on (drop_rows and dedupe remove some).
    var trainRows: [Int]
    /// Training labels per frame row (clip on the target changes these, never the scored labels).
    var labels: [Double]
    var warnings: [String] = []
    let context: RecipeContext
    /// Fits learned for this fold ahead of time (FoldBatch), by step position, and the step now running.
    var fits: [Int: StepFit] = [:]
    var currentStep = -1

    /// The current step's fit from the batch, if it has one.
    var presetFit: StepFit? { fits[currentStep] }

    func column(_ step: Step, _ field: String = "column") throws(RecipeError) -> WorkingColumn {
        let name = step.string(field) ?? ""
        guard let col = frame[name] else {
            let known = frame.names.prefix(20).joined(separator: ", ")
            throw RecipeError(step: step.op, field: field, "column \"\(name)\" does not exist (columns: \(known)\(frame.names.count > 20 ? ", …" : ""))")
        }
        return col
    }

    func numbers(_ step: Step, _ field: String = "column") throws(RecipeError) -> [Double] {
        let col = try column(step, field)
        guard let v = col.numbers else {
            throw RecipeError(step: step.op, field: field, "\(step.op.rawValue) needs a number column; \"\(step.string(field) ?? "")\" is \(col.kindName)")
        }
        return v
    }

    /// Values at the training rows, missing ones left out.
    func trainingValues(_ v: [Double]) -> [Double] {
        var out: [Double] = []
        out.reserveCapacity(trainRows.count)
        v.withUnsafeBufferPointer { values in
            for r in trainRows { let x = values[r]; if !x.isNaN { out.append(x) } }
        }
        return out
    }
}

/// What a per-fold step learned from the fold's training rows, when FoldBatch
/// learned it for every fold at once.
enum StepFit: Sendable, Equatable {
    /// impute's median.
    case fill(Double)
    /// one_hot's and frequency_encode's training count per level, and each level's first training row.
    case levels(counts: [Int], firstRows: [Int])
}
