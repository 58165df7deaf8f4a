import TandemModel

/// Fits a recipe's cleaning and feature steps on training rows, in order,
/// and applies each to every row. Errors name the step (1-based) and field.
enum RecipePreparer {
    static func prepare(_ recipe: Recipe, frame: WorkingFrame, trainRows: [Int], labels: [Double], context: RecipeContext) throws(RecipeError) -> Preparation {
        var p = Preparation(frame: frame, trainRows: trainRows, labels: labels, context: context)
        for (i, recipeStep) in recipe.steps.enumerated() where recipeStep.step.op.stage != .modelling {
            do {
                try StepRules.check(recipeStep.step, context, frame: p.frame)
                try apply(recipeStep.step, &p)
            } catch {
                throw error.at(index: i)
            }
        }
        return p
    }

    static func apply(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        switch s.op {
        case .dropColumn: try CleaningOps.dropColumn(s, &p)
        case .impute: try CleaningOps.impute(s, &p)
        case .replaceValue: try CleaningOps.replaceValue(s, &p)
        case .clip: try CleaningOps.clip(s, &p)
        case .dropRows: try CleaningOps.dropRows(s, &p)
        case .cast: try CleaningOps.cast(s, &p)
        case .parseDate: try CleaningOps.parseDate(s, &p)
        case .dedupe: try CleaningOps.dedupe(s, &p)
        case .normalizeText: try CleaningOps.normalizeText(s, &p)
        case .log1p: try FeatureOps.log1p(s, &p)
        case .standardize: try FeatureOps.standardize(s, &p)
        case .oneHot: try FeatureOps.oneHot(s, &p)
        case .frequencyEncode: try FeatureOps.frequencyEncode(s, &p)
        case .targetEncode: try FeatureOps.targetEncode(s, &p)
        case .bin: try FeatureOps.bin(s, &p)
        case .dateParts: try FeatureOps.dateParts(s, &p)
        case .lag: try TimeOps.lag(s, &p)
        case .rollingMean: try TimeOps.rollingMean(s, &p)
        case .groupStat: try TimeOps.groupStat(s, &p)
        case .textFlag: try FeatureOps.textFlag(s, &p)
        case .derive: try FeatureOps.derive(s, &p)
        case .model, .cv, .targetTransform, .threshold: break
        }
    }
}

/// The model's features: every remaining column but the id and the target.
/// Numbers as they are, dates as days; category and text columns that no
/// step encoded are one-hot encoded up to 30 training levels and left out
/// beyond. Each automatic choice is a warning, never silent.
struct FeaturePlan {
    enum Entry {
        case number(Int)
        case oneHot(Int, [String])
    }

    static let autoOneHotLimit = 30

    let entries: [Entry]
    let names: [String]
    let warnings: [String]

    init(frame: WorkingFrame, trainRows: [Int], context: RecipeContext) {
        var entries: [Entry] = [], names: [String] = [], warnings: [String] = []
        for (i, name) in frame.names.enumerated() where name != context.target && name != context.idColumn {
            let col = frame.columns[i]
            if col.isNumeric {
                entries.append(.number(i)); names.append(name)
                continue
            }
            let keys = Encoding.keys(col, rows: frame.rows)
            let levels = FeatureOps.topLevels(keys, rows: trainRows, limit: Self.autoOneHotLimit + 1)
            if levels.count <= Self.autoOneHotLimit {
                entries.append(.oneHot(i, levels))
                names += levels.map { "\(name)_\($0)" }
                warnings.append("\(name): \(col.kindName) with \(levels.count) training levels, one-hot encoded automatically")
            } else {
                warnings.append("\(name): \(col.kindName) with more than \(Self.autoOneHotLimit) training levels, left out (encode it with a step)")
            }
        }
        self.entries = entries
        self.names = names
        self.warnings = warnings
    }

    func matrix(_ frame: WorkingFrame, rows: [Int]) -> FeatureMatrix {
        let width = names.count
        var values = [Float](repeating: 0, count: rows.count * width)
        var offset = 0
        for entry in entries {
            switch entry {
            case .number(let c):
                if let v = frame.columns[c].numbers { for (r, row) in rows.enumerated() { values[r * width + offset] = Float(v[row]) } }
                offset += 1
            case .oneHot(let c, let levels):
                let col = frame.columns[c]
                let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
                for (r, row) in rows.enumerated() {
                    if let k = col.string(row), let j = index[k] { values[r * width + offset + j] = 1 }
                }
                offset += levels.count
            }
        }
        return FeatureMatrix(rows: rows.count, names: names, values: values)
    }
}
