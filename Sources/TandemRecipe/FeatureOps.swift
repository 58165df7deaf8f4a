import TandemData
#if canImport(Glibc)
import Glibc
#endif

/// Fit-and-apply for the feature ops; every fitted parameter comes from training rows only.
enum FeatureOps {
    static func log1p(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let v = try p.numbers(s)
        var negative = 0
        let out = v.map { x -> Double in
            if x.isNaN { return x }
            if x <= -1 { negative += 1; return .nan }
            return Glibc.log1p(x)
        }
        if negative > 0 { p.warnings.append("log1p \(s.column): \(negative) values ≤ -1 became missing") }
        p.frame.set(s.output, .number(out))
    }

    static func standardize(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let v = try p.numbers(s)
        let train = p.trainingValues(v)
        let mean = Statistics.mean(train)
        var sd = Statistics.std(train)
        if !(sd > 0) { sd = 1; p.warnings.append("standardize \(s.column): no spread in the training rows; only centred") }
        p.frame.set(s.output, .number(v.map { ($0 - mean) / sd }))
    }

    /// `<column>_<level>` 0/1 columns for the most frequent training levels; unseen and missing rows are all 0.
    static func oneHot(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let maxLevels = s.int("max_levels") ?? 30
        let (codes, levels) = Encoding.codes(try p.column(s))
        let kept: [Int]
        if case .levels(let counts, let firstRows) = p.presetFit, counts.count == levels.count {
            kept = Encoding.ranked(counts: counts, firstSeen: firstRows, limit: maxLevels)
        } else {
            kept = Encoding.topLevels(codes: codes, levelCount: levels.count, rows: p.trainRows, limit: maxLevels)
        }
        if kept.count == maxLevels, levels.count > maxLevels { p.warnings.append("one_hot \(s.column): kept the \(maxLevels) most frequent training levels") }
        p.frame.replace(s.column, with: kept.map { ("\(s.column)_\(levels[$0])", .indicator(codes: codes, code: Int32($0))) })
    }

    /// Share of training rows with each value; unseen values get 0.
    static func frequencyEncode(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let (codes, levels) = Encoding.codes(try p.column(s))
        let counts: [Int]
        if case .levels(let preset, _) = p.presetFit, preset.count == levels.count { counts = preset } else {
            counts = Encoding.trainingCounts(codes: codes, levelCount: levels.count, rows: p.trainRows)
        }
        let n = Double(max(p.trainRows.count, 1))
        let frequencies = counts.map { Double($0) / n }
        p.frame.set(s.output, .number(ParallelRows.map(codes) { $0 >= 0 ? frequencies[Int($0)] : .nan }))
    }

    /// Smoothed target mean per level. Training rows are encoded out-of-fold
    /// (five inner folds), so a row's own label never shapes its feature;
    /// every other row uses all training rows.
    static func targetEncode(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        guard p.context.task != .multiclass else { throw RecipeError(step: s.op, field: "column", "target_encode needs a regression or binary target") }
        let keys = Encoding.keys(try p.column(s), rows: p.frame.rows)
        let m = s.number("smoothing") ?? 10
        func encoder(_ rows: [Int]) -> (prior: Double, table: [String: Double]) {
            var sum: [String: Double] = [:], count: [String: Double] = [:]
            var total = 0.0, n = 0.0
            for r in rows where !p.labels[r].isNaN {
                total += p.labels[r]; n += 1
                if let k = keys[r] { sum[k, default: 0] += p.labels[r]; count[k, default: 0] += 1 }
            }
            let prior = n > 0 ? total / n : 0
            var table: [String: Double] = [:]
            for (k, v) in sum { table[k] = (v + prior * m) / ((count[k] ?? 0) + m) }
            return (prior, table)
        }
        let all = encoder(p.trainRows)
        var out = keys.map { k in k.flatMap { all.table[$0] } ?? all.prior }
        let folds = FoldAssignment.shuffled(count: p.trainRows.count, folds: 5, seed: p.context.seed &+ 17)
        for f in 0..<5 {
            let inner = p.trainRows.enumerated().filter { folds[$0.offset] != f }.map(\.element)
            let held = p.trainRows.enumerated().filter { folds[$0.offset] == f }.map(\.element)
            let enc = encoder(inner)
            for r in held { out[r] = keys[r].flatMap { enc.table[$0] } ?? enc.prior }
        }
        p.frame.set(s.output, .number(out))
    }

    /// Bin index (0 … quantiles − 1) by training quantile edges.
    static func bin(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let v = try p.numbers(s)
        let q = s.int("quantiles") ?? 4
        let sorted = p.trainingValues(v).sorted()
        var edges: [Double] = []
        for k in 1..<q { let e = Statistics.quantile(sorted: sorted, Double(k) / Double(q)); if edges.last != e { edges.append(e) } }
        p.frame.set(s.output, .number(v.map { x in
            guard !x.isNaN else { return x }
            var lo = 0, hi = edges.count
            while lo < hi { let mid = (lo + hi) / 2; if x > edges[mid] { lo = mid + 1 } else { hi = mid } }
            return Double(lo)
        }))
    }

    static func dateParts(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let col = try p.column(s)
        guard case .date(let days) = col else {
            throw RecipeError(step: s.op, field: "column", "date_parts needs a date column; \"\(s.column)\" is \(col.kindName) (parse_date it first)")
        }
        let parts = (s.params["parts"]?.array ?? []).compactMap(\.string)
        let range = DayTable.range(days)
        p.frame.replace(s.column, with: parts.map { part in
            // The part is chosen once, not compared as text on every row.
            let value: @Sendable (DateParts) -> Double = switch part {
            case "year": { Double($0.year) }
            case "month": { Double($0.month) }
            case "dow": { Double($0.weekday) }
            default: { Double($0.hour) }
            }
            return ("\(s.column)_\(part)", .number(DayTable(range: range, value).apply(days)))
        })
    }

    static func textFlag(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let col = try p.column(s)
        // A list of holiday dates is how an analyst writes such advice: a date column is matched by its ISO 8601 text.
        let isDate = if case .date = col { true } else { false }
        guard col.isTextual || isDate else {
            throw RecipeError(step: s.op, field: "column", "text_flag reads text or dates; \"\(s.column)\" is \(col.kindName)")
        }
        if isDate { p.warnings.append("text_flag \(s.column): a date column, matched against its ISO 8601 text (2004-07-05)") }
        let patterns = (s.string("pattern") ?? "").lowercased().split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !patterns.isEmpty else { throw RecipeError(step: s.op, field: "pattern", "has no substring to look for") }
        p.frame.set(s.string("as") ?? "", .number((0..<p.frame.rows).map { r in
            guard let t = col.string(r)?.lowercased() else { return 0 }
            return patterns.contains { t.contains($0) } ? 1 : 0
        }))
    }

    static func derive(_ s: Step, _ p: inout Preparation) throws(RecipeError) {
        let expression: Expression
        do { expression = try ExpressionParser.parse(s.string("expr") ?? "") } catch { throw RecipeError(step: s.op, field: "expr", error.description) }
        for name in expression.columns where p.frame[name] == nil {
            throw RecipeError(step: s.op, field: "expr", "column \"\(name)\" does not exist")
        }
        do { p.frame.set(s.string("as") ?? "", .number(try ExpressionEvaluator.evaluate(expression, in: p.frame))) } catch {
            throw RecipeError(step: s.op, field: "expr", error.message)
        }
    }
}

import Foundation
