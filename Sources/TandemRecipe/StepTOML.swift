import TOMLKit

extension StepValue {
    /// The same value model from TOML (a document's `[[advice]]` tables);
    /// TOML dates and times become their ISO text.
    public init(toml value: TOMLValueConvertible) {
        switch value.type {
        case .bool: self = .bool(value.bool ?? false)
        case .int: self = .number(Double(value.int ?? 0))
        case .double: self = .number(value.double ?? 0)
        case .string: self = .string(value.string ?? "")
        case .array: self = .array(value.array.map { $0.map { StepValue(toml: $0) } } ?? [])
        case .table:
            var t: [String: StepValue] = [:]
            if let table = value.table { for key in table.keys { if let v = table[key] { t[key] = StepValue(toml: v) } } }
            self = .table(t)
        default: self = .string(value.tomlValue.debugDescription)
        }
    }
}

extension RecipeStep {
    /// A step from one TOML table, e.g. a document's `[[advice]]` entry.
    public init(toml table: TOMLTable) throws(RecipeError) {
        var t: [String: StepValue] = [:]
        for key in table.keys { if let v = table[key] { t[key] = StepValue(toml: v) } }
        try self.init(table: t)
    }
}
