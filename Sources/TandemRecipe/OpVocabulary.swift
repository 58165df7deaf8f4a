/// The op vocabulary of DESIGN.md section 4, as data: each op's stage and
/// fields. One table drives parsing, validation and the messages, so the
/// parser, the TUI's step form and the agent prompt cannot disagree.
public enum Stage: String, Codable, Sendable, CaseIterable {
    case cleaning, features, modelling
}

public enum OpName: String, Codable, Sendable, CaseIterable {
    case dropColumn = "drop_column", impute, replaceValue = "replace_value", clip, dropRows = "drop_rows", cast
    case parseDate = "parse_date", dedupe, normalizeText = "normalize_text"
    case log1p, standardize, oneHot = "one_hot", frequencyEncode = "frequency_encode", targetEncode = "target_encode"
    case bin, dateParts = "date_parts", lag, rollingMean = "rolling_mean", groupStat = "group_stat"
    case textFlag = "text_flag", derive
    case join, aggregate, textStats = "text_stats", textTfidf = "text_tfidf"
    case model, cv, targetTransform = "target_transform", threshold
}

public struct FieldSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        case column                 // an existing column's name
        case newColumn              // a name for a column the step creates
        case text                   // free text (a format, a pattern)
        case scalar                 // a number or a string (replace_value's from/to)
        case number(ClosedRange<Double>)
        case integer(ClosedRange<Int>)
        case choice([String])
        case choices([String])      // a list drawn from these
        case expression
        case flag                   // true or false
        case parameters             // a table of numbers (model params)
        case columns                // one existing column's name, or a list of them (a composite key)
        case table                  // a side table's name
        case sideColumns            // one column of the side table, or a list of them
        case sideColumn             // one column of the side table
        case timeBound              // "COL" or "COL:SIDE_COL": a main time column and, optionally, the side's
    }

    public let name: String
    public let kind: Kind
    public let required: Bool
}

extension OpName {
    public var stage: Stage {
        switch self {
        case .dropColumn, .impute, .replaceValue, .clip, .dropRows, .cast, .parseDate, .dedupe, .normalizeText: .cleaning
        case .model, .cv, .targetTransform, .threshold: .modelling
        default: .features
        }
    }

    public var fields: [FieldSpec] {
        func f(_ name: String, _ kind: FieldSpec.Kind, _ required: Bool = true) -> FieldSpec { FieldSpec(name: name, kind: kind, required: required) }
        let column = f("column", .column), renamed = f("as", .newColumn, false)
        switch self {
        case .dropColumn: return [column]
        case .impute: return [column, f("strategy", .choice(["mean", "median", "mode", "constant"])), f("value", .scalar, false), renamed]
        case .replaceValue: return [column, f("from", .scalar), f("to", .scalar), renamed]
        case .clip: return [column, f("lower", .number(-.infinity ... .infinity), false), f("upper", .number(-.infinity ... .infinity), false), renamed]
        case .dropRows: return [f("where", .expression)]
        case .cast: return [column, f("to", .choice(["number", "category", "text", "date"])), renamed]
        case .parseDate: return [column, f("format", .text, false), renamed]
        case .dedupe: return []
        case .normalizeText: return [column, renamed]
        case .log1p, .standardize, .frequencyEncode: return [column, renamed]
        case .oneHot: return [column, f("max_levels", .integer(1...1000), false)]
        case .targetEncode: return [column, f("smoothing", .number(0...1e9), false), renamed]
        case .bin: return [column, f("quantiles", .integer(2...100)), renamed]
        case .dateParts: return [column, f("parts", .choices(["year", "month", "dow", "hour"]))]
        case .lag: return [column, f("periods", .integer(1...100_000)), f("by", .column, false)]
        case .rollingMean: return [column, f("window", .integer(1...100_000)), f("by", .column, false)]
        case .groupStat: return [column, f("by", .column), f("stat", .choice(["mean", "count", "std"]))]
        case .textFlag: return [column, f("pattern", .text), f("as", .newColumn)]
        case .derive: return [f("as", .newColumn), f("expr", .expression)]
        case .textStats: return [column]
        case .textTfidf:
            return [column, f("max_features", .integer(1...1000)), f("min_df", .integer(1...1_000_000), false), f("ngram", .integer(1...2), false)]
        case .join:
            return [f("table", .table), f("on", .columns), f("table_on", .sideColumns, false), f("columns", .sideColumns, false),
                    f("prefix", .text, false)]
        case .aggregate:
            return [f("table", .table), f("on", .columns), f("table_on", .sideColumns, false), f("column", .sideColumn, false),
                    f("stat", .choice(AggregateStat.allCases.map(\.rawValue))), renamed, f("before", .timeBound, false),
                    f("window", .number(0 ... 1e12), false)]
        case .model: return [f("kind", .choice(["baseline", "linear", "logistic", "gbm", "random_forest"])), f("params", .parameters, false)]
        case .cv:
            return [f("folds", .integer(2...50)), f("scheme", .choice(["kfold", "stratified", "time", "group"])), f("group_column", .column, false),
                    f("force", .flag, false)]
        case .targetTransform: return [f("kind", .choice(["log1p", "none"]))]
        case .threshold: return [f("strategy", .choice(["fixed", "optimize_metric", "prior_rate"])), f("value", .number(0...1), false)]
        }
    }
}
