import TandemRecipe

/// A form built from an op's parameters (OpName.fields), validated as you type.
public struct StepForm: Equatable, Sendable {
    public enum Target: Equatable, Sendable {
        case edit(proposal: String, original: RecipeStep)
        case add
    }

    public var op: OpName
    public var target: Target
    public var names: [String]
    public var values: [String]
    public var focus = 0

    public init(op: OpName, target: Target, from step: Step? = nil) {
        self.op = op
        self.target = target
        names = op.fields.map(\.name)
        values = names.map { name in step?.params[name].map(Self.text) ?? "" }
    }

    static func text(_ v: StepValue) -> String {
        switch v {
        case .string(let s): s
        case .array(let a): a.map(text).joined(separator: ", ")
        case .table(let t): t.keys.sorted().map { "\($0)=\(t[$0].map(text) ?? "")" }.joined(separator: ", ")
        default: v.display
        }
    }

    /// The field's text as a parameter value, read by the field's kind.
    static func value(_ text: String, kind: FieldSpec.Kind) -> StepValue? {
        let t = text.trimmedSpaces
        if t.isEmpty { return nil }
        switch kind {
        case .number, .integer: return Double(t).map { .number($0) } ?? .string(t)
        case .flag: return .bool(["true", "yes", "1", "on"].contains(t.lowercased()))
        case .choices: return .array(t.split(separator: ",").map { .string($0.trimmedSpaces) })
        case .scalar: return Double(t).map { .number($0) } ?? .string(t)
        case .parameters:
            var table: [String: StepValue] = [:]
            for pair in t.split(separator: ",") {
                let kv = pair.split(separator: "=", maxSplits: 1).map { $0.trimmedSpaces }
                guard kv.count == 2 else { return .string(t) }
                table[kv[0]] = Double(kv[1]).map { .number($0) } ?? .string(kv[1])
            }
            return .table(table)
        default: return .string(t)
        }
    }

    /// The step the form describes, or the validation error naming the field.
    public var validated: Result<Step, RecipeError> {
        var params: [String: StepValue] = [:]
        for (i, f) in op.fields.enumerated() where i < values.count {
            if let v = Self.value(values[i], kind: f.kind) { params[f.name] = v }
        }
        do { return .success(try Step(op: op, params: params)) } catch { return .failure(error) }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmedSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

/// What a form's fields may be picked from (←/→): the main table's columns and each side table with its columns.
public struct FormChoices: Equatable, Sendable {
    public var columns: [String]
    public var tables: [SideTableSchema]

    public init(columns: [String] = [], tables: [SideTableSchema] = []) {
        self.columns = columns
        self.tables = tables
    }
}

/// A side table as the workbench names it: enough to offer it and its columns in a step form.
public struct SideTableSchema: Equatable, Sendable {
    public var name: String
    public var columns: [String]

    public init(name: String, columns: [String]) {
        self.name = name
        self.columns = columns
    }
}

extension StepForm {
    /// The values field `i` may be picked from: tables for `table`, the named table's columns for side fields, the main
    /// columns for column fields, the op's choices for a choice; empty for free text.
    public func options(_ i: Int, _ choices: FormChoices) -> [String] {
        guard op.fields.indices.contains(i) else { return [] }
        switch op.fields[i].kind {
        case .column, .columns, .timeBound: return choices.columns
        case .table: return choices.tables.map(\.name)
        case .sideColumn, .sideColumns:
            let named = names.firstIndex(of: "table").map { values[$0].trimmedSpaces } ?? ""
            let stem = SideTables.extensions.reduce(named) { $0.hasSuffix($1) ? String($0.dropLast($1.count)) : $0 }
            return choices.tables.first { $0.name == stem }?.columns ?? []
        case .choice(let o): return o
        default: return []
        }
    }

    /// Sets the focused field to the next (or previous) of its options, from where its value stands.
    public mutating func pick(_ step: Int, _ choices: FormChoices) {
        let o = options(focus, choices)
        guard !o.isEmpty, values.indices.contains(focus) else { return }
        let i = o.firstIndex(of: values[focus].trimmedSpaces).map { ($0 + step + o.count) % o.count } ?? (step > 0 ? 0 : o.count - 1)
        values[focus] = o[i]
    }
}
