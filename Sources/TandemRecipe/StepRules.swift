/// The target rules of DESIGN.md section 4, checked before a step is fitted:
/// only clip, drop_rows and target_transform may touch the target; no
/// feature may be computed from it except target_encode (out-of-fold).
enum StepRules {
    static func check(_ step: Step, _ context: RecipeContext, frame: WorkingFrame) throws(RecipeError) {
        let target = context.target
        let reads: [(String, String)] = readColumns(step)
        switch step.op {
        case .clip, .dropRows, .targetTransform, .model, .cv, .threshold, .dedupe:
            break
        case .lag, .rollingMean, .groupStat, .derive:
            if let (field, _) = reads.first(where: { $0.1 == target }) {
                throw RecipeError(step: step.op, field: field, "reads the target")
            }
        default:
            if let (field, _) = reads.first(where: { $0.1 == target }) {
                throw RecipeError(step: step.op, field: field, "touches the target \"\(target)\" (only clip, drop_rows and target_transform may)")
            }
        }
        if let out = step.params["as"]?.string, out == target || context.idColumns.contains(out) {
            throw RecipeError(step: step.op, field: "as", "would overwrite \"\(out)\"")
        }
        if step.op != .dropColumn, step.op != .dropRows, !step.readsSideTable, context.nonFeatureIds.contains(step.column),
           step.params["column"] != nil {
            throw RecipeError(step: step.op, field: "column", "\"\(step.column)\" is the id column, not a feature")
        }
        // A part of a composite id keeps its values: steps read it into new columns, never over it.
        if context.idColumns.count > 1, !step.readsSideTable, step.params["column"] != nil, context.idColumns.contains(step.column),
           step.op == .dropColumn || StepDependencies.creates(step).isEmpty {
            throw RecipeError(step: step.op, field: "column", "\"\(step.column)\" is part of the id (\(context.idColumns.joined(separator: ", "))): "
                              + (step.op == .dropColumn ? "it is never a feature, so there is nothing to drop" : "give as, so the key keeps its values"))
        }
    }

    /// (field, column) pairs a step reads.
    static func readColumns(_ step: Step) -> [(String, String)] {
        var out: [(String, String)] = []
        if step.readsSideTable {
            // Their `column` and `columns` name side columns; the main table is read through `on` and `before` only.
            out += step.names("on").map { ("on", $0) }
            if let before = step.string("before"), let main = before.split(separator: ":").first { out.append(("before", String(main))) }
            return out
        }
        for field in ["column", "by", "group_column"] { if let c = step.string(field) { out.append((field, c)) } }
        if step.op == .derive, let e = try? ExpressionParser.parse(step.string("expr") ?? "") { out += e.columns.map { ("expr", $0) } }
        return out
    }
}
