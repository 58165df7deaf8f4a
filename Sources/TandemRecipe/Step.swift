/// One recipe step: an op and its parameters, checked against the op's
/// fields when it is made (unknown names, wrong types, out-of-range values
/// and missing required fields are refused with the field named).
public struct Step: Sendable, Hashable {
    public let op: OpName
    public let params: [String: StepValue]

    public init(op: OpName, params: [String: StepValue]) throws(RecipeError) {
        self.op = op
        self.params = params
        try StepSchema.check(self)
    }

    /// Parses `{"op": ..., field: value, ...}` (from JSON or TOML alike).
    public init(table: [String: StepValue]) throws(RecipeError) {
        guard let name = table["op"] else { throw RecipeError(step: nil, field: "op", "is missing") }
        guard let opName = name.string, let op = OpName(rawValue: opName) else {
            throw RecipeError(step: nil, field: "op", "\(name.display) is not an op (ops: \(OpName.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        var params = table
        for key in RecipeStep.provenanceKeys + ["op"] { params[key] = nil }
        try self.init(op: op, params: params)
    }

    public func string(_ name: String) -> String? { params[name]?.string }
    public func number(_ name: String) -> Double? { params[name]?.number }
    public func int(_ name: String) -> Int? { params[name]?.number.map { Int($0) } }
    public func bool(_ name: String) -> Bool { params[name]?.bool ?? false }
    public var column: String { string("column") ?? "" }
    /// A field that holds one name or a list of names (`on = "sku_id"` or `on = ["sku_id", "week"]`).
    public func names(_ name: String) -> [String] {
        guard let v = params[name] else { return [] }
        return (v.array ?? [v]).compactMap(\.string)
    }
    /// Whether the step reads a side table (its `column` names a side column then, not a main one).
    public var readsSideTable: Bool { op == .join || op == .aggregate }
    /// The column a step writes: `as` when given, else its input column.
    public var output: String { string("as") ?? column }

    /// Short human form for the screen, e.g. `impute(age, strategy="median")`.
    public var summary: String { text(namingColumn: false) }

    /// The one formatter of a step: parameters in name order; the column first and unnamed on screen, named in
    /// transcripts (`impute(column="age", strategy="median")`), where every parameter reads as name=value.
    public func text(namingColumn: Bool) -> String {
        if namingColumn { return "\(op.rawValue)(" + params.keys.sorted().map { "\($0)=\(params[$0]?.display ?? "")" }.joined(separator: ", ") + ")" }
        let rest = params.keys.sorted().filter { $0 != "column" }.map { "\($0)=\(params[$0]?.display ?? "")" }
        let head = params["column"]?.string.map { [$0] } ?? []
        return "\(op.rawValue)(" + (head + rest).joined(separator: ", ") + ")"
    }
}

/// Field-by-field validation of a step against the op vocabulary.
enum StepSchema {
    static func check(_ step: Step) throws(RecipeError) {
        let fields = step.op.fields
        for key in step.params.keys.sorted() where !fields.contains(where: { $0.name == key }) {
            let accepted = fields.map(\.name).joined(separator: ", ")
            let takes = accepted.isEmpty ? " (it takes none)" : " (it takes \(accepted))"
            throw RecipeError(step: step.op, field: key, "is not a field of \(step.op.rawValue)" + takes)
        }
        for field in fields {
            guard let value = step.params[field.name] else {
                if field.required { throw RecipeError(step: step.op, field: field.name, "is required") }
                continue
            }
            try check(value, against: field, in: step.op)
        }
        switch step.op {
        case .impute where step.string("strategy") == "constant" && step.params["value"] == nil:
            throw RecipeError(step: step.op, field: "value", "is required when strategy is constant")
        case .clip where step.params["lower"] == nil && step.params["upper"] == nil:
            throw RecipeError(step: step.op, field: "lower", "clip needs lower, upper or both")
        case .clip:
            if let lo = step.number("lower"), let hi = step.number("upper"), lo > hi {
                throw RecipeError(step: step.op, field: "lower", "\(lo) is above upper \(hi)")
            }
        case .threshold where step.string("strategy") == "fixed" && step.params["value"] == nil:
            throw RecipeError(step: step.op, field: "value", "is required when strategy is fixed")
        case .cv where step.string("scheme") == "group" && step.params["group_column"] == nil:
            throw RecipeError(step: step.op, field: "group_column", "is required when scheme is group")
        case .aggregate where step.string("stat") != "count" && step.params["column"] == nil:
            throw RecipeError(step: step.op, field: "column", "is required for stat \"\(step.string("stat") ?? "")\" (only count needs no column)")
        case .aggregate where step.params["window"] != nil && step.params["before"] == nil:
            throw RecipeError(step: step.op, field: "window", "needs before (the window ends at the row's own time)")
        case .join, .aggregate:
            if let sideOn = step.params["table_on"], (sideOn.array ?? [sideOn]).count != step.names("on").count {
                let n = (sideOn.array ?? [sideOn]).count
                throw RecipeError(step: step.op, field: "table_on", "names \(n) column\(n == 1 ? "" : "s") for the \(step.names("on").count) of on")
            }
        case .dateParts where step.params["parts"]?.array?.isEmpty ?? true:
            throw RecipeError(step: step.op, field: "parts", "names at least one of year, month, dow, hour")
        default: break
        }
        if step.op == .derive || step.op == .dropRows {
            let source = step.string(step.op == .derive ? "expr" : "where") ?? ""
            do { _ = try ExpressionParser.parse(source) } catch {
                throw RecipeError(step: step.op, field: step.op == .derive ? "expr" : "where", error.description)
            }
        }
    }

    static func check(_ value: StepValue, against field: FieldSpec, in op: OpName) throws(RecipeError) {
        func fail(_ why: String) -> RecipeError { RecipeError(step: op, field: field.name, why) }
        switch field.kind {
        case .columns, .sideColumns:
            let items = value.array ?? [value]
            guard !items.isEmpty, items.allSatisfy({ !($0.string ?? "").trimmingCharacters(in: .whitespaces).isEmpty }) else {
                throw fail("must be a column name or a list of names, not \(value.display)")
            }
        case .column, .newColumn, .text, .expression, .table, .sideColumn, .timeBound:
            guard let s = value.string, !s.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail("must be a non-empty string, not \(value.display)") }
        case .scalar:
            guard value.string != nil || value.number != nil else { throw fail("must be a number or a string, not \(value.display)") }
        case .number(let range):
            guard let d = value.number, d.isFinite else { throw fail("must be a number, not \(value.display)") }
            guard range.contains(d) else { throw fail("\(value.display) is outside \(range.lowerBound)…\(range.upperBound)") }
        case .integer(let range):
            guard let d = value.number, d == d.rounded(), let i = Int(exactly: d) else { throw fail("must be a whole number, not \(value.display)") }
            guard range.contains(i) else { throw fail("\(i) is outside \(range.lowerBound)…\(range.upperBound)") }
        case .choice(let allowed):
            guard let s = value.string, allowed.contains(s) else { throw fail("\(value.display) is not one of \(allowed.joined(separator: ", "))") }
        case .choices(let allowed):
            guard let items = value.array else { throw fail("must be a list drawn from \(allowed.joined(separator: ", "))") }
            for item in items where !(item.string.map(allowed.contains) ?? false) {
                throw fail("\(item.display) is not one of \(allowed.joined(separator: ", "))")
            }
        case .flag:
            guard value.bool != nil else { throw fail("must be true or false, not \(value.display)") }
        case .parameters:
            guard let table = value.table else { throw fail("must be a table of name = number") }
            for (k, v) in table where v.number == nil { throw RecipeError(step: op, field: "params.\(k)", "must be a number, not \(v.display)") }
        }
    }
}

import Foundation
