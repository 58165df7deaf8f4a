import TandemModel

/// The modelling steps of a recipe, with defaults for what it leaves out.
public struct EvaluationSettings: Sendable {
    public let model: ModelSpec
    public let scheme: CVScheme
    public let folds: Int
    public let groupColumn: String?
    public let logTarget: Bool
    public let thresholdStrategy: String
    public let thresholdValue: Double
    public let notes: [String]
    /// The model step's number in the recipe (for messages), if it has one.
    public let modelIndex: Int?

    public init(recipe: Recipe, context: RecipeContext) throws(RecipeError) {
        var notes: [String] = []
        if let m = recipe.last(.model) {
            model = try Self.modelSpec(m, index: Self.index(of: .model, in: recipe))
        } else {
            model = ModelSpec.defaults(.gbm)
            notes.append("no model step: gbm with default parameters")
        }
        let cv = recipe.last(.cv)
        let defaultScheme: CVScheme = context.timeColumn != nil ? .time : (context.task == .regression ? .kfold : .stratified)
        scheme = cv.flatMap { CVScheme(rawValue: $0.string("scheme") ?? "") } ?? defaultScheme
        folds = cv?.int("folds") ?? 5
        groupColumn = cv?.string("group_column")
        if cv == nil { notes.append("no cv step: \(folds)-fold \(scheme.rawValue) validation") }
        if context.timeColumn != nil, scheme != .time, !(cv?.bool("force") ?? false) {
            throw RecipeError(step: .cv, field: "scheme",
                              "\(scheme.rawValue) folds on time-ordered data (time column \"\(context.timeColumn ?? "")\") train on the future to predict the past, so the score is optimistic; use scheme \"time\" (forward-chaining), or force = true to accept that",
                              index: Self.index(of: .cv, in: recipe))
        }
        logTarget = recipe.last(.targetTransform)?.string("kind") == "log1p"
        if logTarget, context.task != .regression {
            throw RecipeError(step: .targetTransform, field: "kind", "log1p applies to a regression target", index: Self.index(of: .targetTransform, in: recipe))
        }
        let threshold = recipe.last(.threshold)
        thresholdStrategy = threshold?.string("strategy") ?? "fixed"
        thresholdValue = threshold?.number("value") ?? 0.5
        if threshold != nil, context.task != .binary {
            throw RecipeError(step: .threshold, field: "strategy", "thresholds apply to a binary target", index: Self.index(of: .threshold, in: recipe))
        }
        self.notes = notes
        modelIndex = Self.index(of: .model, in: recipe)
    }

    static func index(of op: OpName, in recipe: Recipe) -> Int? { recipe.steps.lastIndex { $0.step.op == op } }

    /// A model step's kind and parameters, checked (unknown or out-of-range parameters are refused).
    static func modelSpec(_ step: Step, index: Int?) throws(RecipeError) -> ModelSpec {
        let kind = ModelKind(rawValue: step.string("kind") ?? "") ?? .gbm
        let params = (step.params["params"]?.table ?? [:]).compactMapValues(\.number)
        do { return try ModelSpec(kind: kind, params: params) } catch {
            throw RecipeError(step: .model, field: "params", error.message, index: index)
        }
    }

    /// Every model step, not only the fitted last one: a proposed step that could never fit this target is refused when
    /// proposed. (Evaluation itself fits the last model step, as it always has, so logged sessions replay unchanged.)
    static func checkEveryModelStep(_ recipe: Recipe, context: RecipeContext) throws(RecipeError) {
        for (i, step) in recipe.steps.enumerated() where step.step.op == .model {
            let spec = try modelSpec(step.step, index: i)
            if let mismatch = spec.kind.mismatch(for: context.task) { throw RecipeError(step: .model, field: "kind", mismatch, index: i) }
        }
    }

}
