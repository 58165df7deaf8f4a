import TandemData

/// The analyst's usual preparation of a CSV with a binary target, decided
/// from tandem's profile and handed as-is to the Python peers of
/// `tandem bench pipeline`, so both sides do identical work.
public struct PipelinePlan: Codable, Sendable, Equatable {
    public var target: String
    public var drop: [String]
    public var sentinels: [String: [Double]]
    public var imputeMedian: [String]
    public var oneHot: [String]
    public var frequency: [String]
    public var dateParts: [String]

    enum CodingKeys: String, CodingKey {
        case target, drop, sentinels, imputeMedian = "impute_median", oneHot = "one_hot", frequency, dateParts = "date_parts"
    }

    public static let maxOneHotLevels = 50

    /// Sentinels → missing, median impute, one-hot up to 50 levels, frequency-encode larger
    /// categoricals, date parts, free text and identifiers dropped.
    public init(profile: DataProfile, target: String) {
        self.target = target
        drop = []; sentinels = [:]; imputeMedian = []; oneHot = []; frequency = []; dateParts = []
        for c in profile.columns where c.name != target {
            if c.hints.contains(where: { $0.kind == .idLike }) { drop.append(c.name); continue }
            switch c.kind {
            case .int, .float:
                let codes = c.hints.filter { $0.kind == .sentinel }.compactMap(\.value)
                if !codes.isEmpty { sentinels[c.name] = codes }
                if c.missing > 0 || !codes.isEmpty { imputeMedian.append(c.name) }
            case .category:
                if c.distinct <= Self.maxOneHotLevels { oneHot.append(c.name) } else { frequency.append(c.name) }
            case .date: dateParts.append(c.name)
            case .text: drop.append(c.name)
            }
        }
    }

    /// The same plan as recipe steps, with the benchmark's model and 5-fold stratified CV.
    public func recipe() throws(RecipeError) -> Recipe {
        func s(_ table: [String: StepValue]) throws(RecipeError) -> RecipeStep { try RecipeStep(table: table) }
        var steps: [RecipeStep] = []
        for c in drop { steps.append(try s(["op": .string("drop_column"), "column": .string(c)])) }
        for c in sentinels.keys.sorted() {
            for v in sentinels[c] ?? [] { steps.append(try s(["op": .string("replace_value"), "column": .string(c), "from": .number(v), "to": .string("")])) }
        }
        for c in imputeMedian { steps.append(try s(["op": .string("impute"), "column": .string(c), "strategy": .string("median")])) }
        for c in oneHot { steps.append(try s(["op": .string("one_hot"), "column": .string(c), "max_levels": .number(Double(Self.maxOneHotLevels))])) }
        for c in frequency { steps.append(try s(["op": .string("frequency_encode"), "column": .string(c)])) }
        for c in dateParts { steps.append(try s(["op": .string("date_parts"), "column": .string(c), "parts": .array([.string("year"), .string("month"), .string("dow")])])) }
        steps.append(try s(["op": .string("model"), "kind": .string("gbm"),
                            "params": .table(["n_estimators": .number(100), "max_depth": .number(6), "learning_rate": .number(0.1)])]))
        steps.append(try s(["op": .string("cv"), "folds": .number(5), "scheme": .string("stratified")]))
        return Recipe(steps: steps)
    }
}
