import TandemModel

/// Fits a recipe's cleaning and feature steps on training rows, in order,
/// and applies each to every row. Errors name the step (1-based) and field.
enum RecipePreparer {
    /// `numbers` gives each step's number in the whole recipe when `recipe` is a part of it.
    static func prepare(_ recipe: Recipe, frame: WorkingFrame, trainRows: [Int], labels: [Double], context: RecipeContext,
                        numbers: [Int]? = nil, fits: [Int: StepFit] = [:]) throws(RecipeError) -> Preparation {
        var p = Preparation(frame: frame, trainRows: trainRows, labels: labels, context: context, fits: fits)
        try resume(recipe, from: 0, &p, numbers: numbers)
        return p
    }

    /// Runs the recipe's cleaning and feature steps from position `start` on, on a state that has run those before it
    /// (a fold resumed from a `FoldTrail`); `checkpoint` sees the state after each step, with that step's position.
    static func resume(_ recipe: Recipe, from start: Int, _ p: inout Preparation, numbers: [Int]? = nil,
                       checkpoint: ((Int, Preparation) -> Void)? = nil) throws(RecipeError) {
        for i in recipe.steps.indices.dropFirst(start) {
            let recipeStep = recipe.steps[i]
            if recipeStep.step.op.stage != .modelling {
                p.currentStep = i
                do {
                    try StepRules.check(recipeStep.step, p.context, frame: p.frame)
                    try apply(recipeStep.step, &p)
                } catch {
                    throw error.at(index: numbers?[i] ?? i)
                }
            }
            checkpoint?(i, p)
        }
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
        case .join: try SideDataOps.join(s, &p)
        case .aggregate: try SideDataOps.aggregate(s, &p)
        case .textStats: try TextStatsOp.apply(s, &p)
        case .textTfidf: try TextTfidfOp.apply(s, &p)
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
        case number([Double])
        /// Missing rows read as the fill value.
        case filled([Double], Double)
        case indicator([Int32], Int32)
        /// Row codes and the level codes that get a column each.
        case oneHot([Int32], [Int])
    }

    static let autoOneHotLimit = 30

    let entries: [Entry]
    let names: [String]
    let warnings: [String]

    /// `textCodes` keeps text columns' codes from fold to fold (and evaluation to evaluation, with a cache).
    init(frame: WorkingFrame, trainRows: [Int], context: RecipeContext, textCodes: TextCodes? = nil) {
        var entries: [Entry] = [], names: [String] = [], warnings: [String] = []
        for (i, name) in frame.names.enumerated() where name != context.target && !context.idColumns.contains(name) {
            let col = frame.columns[i]
            if case .indicator(let codes, let code) = col {
                entries.append(.indicator(codes, code)); names.append(name)
                continue
            }
            if case .imputed(let values, let fill) = col {
                entries.append(.filled(values, fill)); names.append(name)
                continue
            }
            if let values = col.numbers {
                entries.append(.number(values)); names.append(name)
                continue
            }
            let (codes, allLevels) = textCodes?.codes(col) ?? Encoding.codes(col)
            let levels = Encoding.topLevels(codes: codes, levelCount: allLevels.count, rows: trainRows, limit: Self.autoOneHotLimit + 1)
            if levels.count <= Self.autoOneHotLimit {
                entries.append(.oneHot(codes, levels))
                names += levels.map { "\(name)_\(allLevels[$0])" }
                warnings.append("\(name): \(col.kindName) with \(levels.count) training levels, one-hot encoded automatically")
            } else {
                warnings.append("\(name): \(col.kindName) with more than \(Self.autoOneHotLimit) training levels, left out (encode it with a step)")
            }
        }
        self.entries = entries
        self.names = names
        self.warnings = warnings
    }

    /// Row-major Float32 for the given rows, filled a block of rows at a time on every core.
    func matrix(_ frame: WorkingFrame, rows: [Int]) -> FeatureMatrix {
        let width = names.count
        // Per entry: its first output column and, for one-hot, each row code's offset (-1: none).
        var offsets: [Int] = []
        var slots: [[Int]] = []
        var next = 0
        for entry in entries {
            offsets.append(next)
            switch entry {
            case .number, .filled, .indicator: slots.append([]); next += 1
            case .oneHot(let codes, let levels):
                var slot = [Int](repeating: -1, count: (codes.max().map { Int($0) } ?? -1) + 1)
                for (j, level) in levels.enumerated() where level < slot.count { slot[level] = j }
                slots.append(slot)
                next += levels.count
            }
        }
        let blocks = max(1, min(64, rows.count / 4096))
        let entryOffsets = offsets, entrySlots = slots
        // Every cell is written below, so the buffer starts uninitialised (no zero-fill pass).
        let values = [Float](unsafeUninitializedCapacity: rows.count * width) { out, initialized in
            initialized = rows.count * width
            let target = SendableBuffer(out)
            DispatchQueue.concurrentPerform(iterations: blocks) { b in
                let blockStart = rows.count * b / blocks, blockEnd = rows.count * (b + 1) / blocks
                // Tiles of 64 rows: a tile's cells stay in L1 while every entry writes its column.
                var start = blockStart
                while start < blockEnd {
                    let end = min(start + 64, blockEnd)
                    for (e, entry) in entries.enumerated() {
                        let offset = entryOffsets[e]
                        switch entry {
                        case .number(let v):
                            for i in start..<end { target.buffer[i * width + offset] = Float(v[rows[i]]) }
                        case .filled(let v, let fill):
                            for i in start..<end {
                                let x = v[rows[i]]
                                target.buffer[i * width + offset] = Float(x.isNaN ? fill : x)
                            }
                        case .indicator(let codes, let code):
                            for i in start..<end { target.buffer[i * width + offset] = codes[rows[i]] == code ? 1 : 0 }
                        case .oneHot(let codes, let levels):
                            let slot = entrySlots[e]
                            for i in start..<end {
                                for j in 0..<levels.count { target.buffer[i * width + offset + j] = 0 }
                                let c = Int(codes[rows[i]])
                                if c >= 0, c < slot.count, slot[c] >= 0 { target.buffer[i * width + offset + slot[c]] = 1 }
                            }
                        }
                    }
                    start = end
                }
            }
        }
        return FeatureMatrix(rows: rows.count, names: names, values: values)
    }
}

/// Each block writes its own rows only.
struct SendableBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Float>
    init(_ b: UnsafeMutableBufferPointer<Float>) { buffer = b }
}

import Dispatch
