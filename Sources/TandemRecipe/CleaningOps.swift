import TandemData
#if canImport(Glibc)
import Glibc
#endif

/// Fit-and-apply for the cleaning ops. Each learns from training rows only
/// and rewrites the column for every row.
enum CleaningOps {
    static func dropColumn(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        _ = try p.column(s)
        p.frame.remove(s.column)
    }

    static func impute(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let col = try p.column(s)
        let strategy = s.string("strategy") ?? "median"
        switch col {
        case .number, .date, .indicator, .imputed:
            let v = col.numbers ?? []
            let fill: Double
            switch strategy {
            case "mean": fill = Statistics.mean(p.trainingValues(v))
            case "median":
                if case .fill(let preset) = p.presetFit { fill = preset } else { fill = Statistics.median(v, rows: p.trainRows) }
            case "mode": fill = Statistics.mode(p.trainingValues(v))
            default:
                guard let value = s.number("value") ?? s.string("value").flatMap(Double.init) else {
                    throw RecipeError(step: s.op, field: "value", "must be a number for the number column \"\(s.column)\"")
                }
                fill = value
            }
            if fill.isNaN { p.warnings.append("impute \(s.column): no training value to learn \(strategy) from; left missing") }
            if case .date = col {
                p.frame.set(s.output, .date(ParallelRows.map(v) { $0.isNaN ? fill : $0 }))
            } else {
                // Numbers keep their missing rows and the fill beside them: no filled copy per fold.
                p.frame.set(s.output, fill.isNaN ? .number(v) : .imputed(values: v, fill: fill))
            }
        case .category(let codes, var levels):
            let fillCode: Int32
            switch strategy {
            case "mode":
                let counts = Encoding.trainingCounts(codes: codes, levelCount: levels.count, rows: p.trainRows)
                guard let best = counts.indices.max(by: { counts[$0] < counts[$1] || (counts[$0] == counts[$1] && $0 > $1) }), counts[best] > 0 else { return }
                fillCode = Int32(best)
            case "constant":
                let value = s.string("value") ?? s.number("value").map(formatNumber) ?? ""
                if let i = levels.firstIndex(of: value) { fillCode = Int32(i) } else { levels.append(value); fillCode = Int32(levels.count - 1) }
            default:
                throw RecipeError(step: s.op, field: "strategy", "\(strategy) needs a number column; \"\(s.column)\" is category (use mode or constant)")
            }
            p.frame.set(s.output, .category(codes: codes.map { $0 < 0 ? fillCode : $0 }, levels: levels))
        case .text(let t):
            guard strategy == "constant" || strategy == "mode" else {
                throw RecipeError(step: s.op, field: "strategy", "\(strategy) needs a number column; \"\(s.column)\" is text (use mode or constant)")
            }
            var fill = s.string("value") ?? ""
            if strategy == "mode" {
                var counts: [String: Int] = [:]
                for r in p.trainRows { if let v = t[r] { counts[v, default: 0] += 1 } }
                fill = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? ""
            }
            p.frame.set(s.output, .text(TextValues(t.map { $0 ?? fill })))
        }
    }

    static func replaceValue(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let col = try p.column(s)
        let from = s.params["from"], to = s.params["to"]
        let toMissing = to?.string == ""
        switch col {
        case .number, .date, .indicator, .imputed:
            let v = col.numbers ?? []
            guard let f = from?.number ?? from?.string.flatMap(Double.init) else {
                throw RecipeError(step: s.op, field: "from", "must be a number for the number column \"\(s.column)\"")
            }
            let replacement: Double
            if toMissing { replacement = .nan } else if let t = to?.number ?? to?.string.flatMap(Double.init) { replacement = t } else {
                throw RecipeError(step: s.op, field: "to", "must be a number (or \"\" for missing) for the number column \"\(s.column)\"")
            }
            let out = ParallelRows.map(v) { $0 == f ? replacement : $0 }
            if case .date = col { p.frame.set(s.output, .date(out)) } else { p.frame.set(s.output, .number(out)) }
        case .category(let codes, var levels):
            let f = from?.string ?? from?.number.map(formatNumber) ?? ""
            guard let fromCode = levels.firstIndex(of: f).map(Int32.init) else {
                p.warnings.append("replace_value \(s.column): \"\(f)\" does not occur")
                return
            }
            var toCode: Int32 = -1
            if !toMissing {
                let t = to?.string ?? to?.number.map(formatNumber) ?? ""
                if let i = levels.firstIndex(of: t) { toCode = Int32(i) } else { levels.append(t); toCode = Int32(levels.count - 1) }
            }
            p.frame.set(s.output, .category(codes: codes.map { $0 == fromCode ? toCode : $0 }, levels: levels))
        case .text(let t):
            let f = from?.string ?? from?.number.map(formatNumber) ?? ""
            let replacement: String? = toMissing ? nil : (to?.string ?? to?.number.map(formatNumber))
            p.frame.set(s.output, .text(TextValues(t.map { $0 == f ? replacement : $0 })))
        }
    }

    /// On a feature: clips every row. On the target: clips training labels only.
    static func clip(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let lo = s.number("lower") ?? -.infinity, hi = s.number("upper") ?? .infinity
        if s.column == p.context.target {
            guard p.context.task == .regression else {
                throw RecipeError(step: s.op, field: "column", "clip on a \(p.context.task.rawValue) target changes its classes")
            }
            for r in p.trainRows where !p.labels[r].isNaN { p.labels[r] = min(max(p.labels[r], lo), hi) }
            return
        }
        let v = try p.numbers(s)
        p.frame.set(s.output, .number(v.map { $0.isNaN ? $0 : min(max($0, lo), hi) }))
    }

    /// Removes matching training rows; held-out and test rows are never dropped.
    static func dropRows(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let expression: Expression
        do { expression = try ExpressionParser.parse(s.string("where") ?? "") } catch {
            throw RecipeError(step: s.op, field: "where", error.description)
        }
        let mask: [Double]
        do { mask = try ExpressionEvaluator.evaluate(expression, in: p.frame) } catch {
            throw RecipeError(step: s.op, field: "where", error.message)
        }
        let before = p.trainRows.count
        p.trainRows = p.trainRows.filter { mask[$0].isNaN || mask[$0] == 0 }
        if p.trainRows.isEmpty { throw RecipeError(step: s.op, field: "where", "drops every training row") }
        if p.trainRows.count == before { p.warnings.append("drop_rows: no training row matches \(s.string("where") ?? "")") }
    }

    static func cast(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let col = try p.column(s)
        let n = p.frame.rows
        switch s.string("to") ?? "" {
        case "number":
            switch col {
            case .number, .imputed: return
            case .date(let v): p.frame.set(s.output, .number(v)); return
            default: break
            }
            p.frame.set(s.output, .number((0..<n).map { col.string($0).flatMap { Double($0.trimmingSpaces) } ?? .nan }))
        case "category":
            p.frame.set(s.output, Encoding.category((0..<n).map { col.string($0) }))
        case "text":
            p.frame.set(s.output, .text(TextValues((0..<n).map { col.string($0) })))
        default: // date
            if case .date = col { return }
            switch col {
            case .number, .imputed: p.frame.set(s.output, .date(col.numbers ?? [])); return
            default: break
            }
            p.frame.set(s.output, .date((0..<n).map { col.string($0).flatMap(parseISODate).map { Double($0) / 86_400 } ?? .nan }))
        }
    }

    static func parseDate(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let col = try p.column(s)
        if case .date = col { return }
        guard col.isTextual else { throw RecipeError(step: s.op, field: "column", "parse_date reads text; \"\(s.column)\" is \(col.kindName)") }
        let format = s.string("format")
        var failures = 0
        let days: [Double] = (0..<p.frame.rows).map { r in
            guard let text = col.string(r) else { return .nan }
            let seconds = format.map { DateFormatParser.parse(text, format: $0) } ?? parseISODate(text)
            if seconds == nil { failures += 1 }
            return seconds.map { Double($0) / 86_400 } ?? .nan
        }
        if failures > 0 { p.warnings.append("parse_date \(s.column): \(failures) values did not match \(format ?? "ISO 8601") and are missing") }
        p.frame.set(s.output, .date(days))
    }

    /// Drops training rows identical (in every column but the id) to an earlier training row.
    static func dedupe(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let columns = p.frame.names.indices.filter { !p.context.idColumns.contains(p.frame.names[$0]) }
        var seen = Set<[String]>()
        p.trainRows = p.trainRows.filter { r in
            seen.insert(columns.map { p.frame.columns[$0].string(r) ?? "\u{0}" }).inserted
        }
    }

    static func normalizeText(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let col = try p.column(s)
        guard col.isTextual else { throw RecipeError(step: s.op, field: "column", "normalize_text reads text; \"\(s.column)\" is \(col.kindName)") }
        func norm(_ t: String) -> String { t.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ") }
        let values = (0..<p.frame.rows).map { col.string($0).map(norm) }
        if case .category = col { p.frame.set(s.output, Encoding.category(values)) } else { p.frame.set(s.output, .text(TextValues(values))) }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s.removeFirst() }
        while s.last?.isWhitespace == true { s.removeLast() }
        return String(s)
    }
}
