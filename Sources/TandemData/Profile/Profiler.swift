import Dispatch

/// Computes a `DataProfile`: per-column statistics in parallel, then hints
/// and the ranking of columns by association with the target.
public enum Profiler {
    public static let histogramBins = 20
    public static let topCount = 10
    static let quantilePoints: [Double] = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]

    public static func profile(_ frame: DataFrame, source: String, target: String? = nil) -> DataProfile {
        let targetColumn = target.flatMap { frame[$0] }
        let targetBins = targetColumn.map { AssociationMeasure.bins(for: $0) }
        let slots = ParallelSlots<ColumnProfile>(count: frame.columns.count)
        DispatchQueue.concurrentPerform(iterations: frame.columns.count) { i in
            let column = frame.columns[i]
            var p = profileColumn(column)
            p.hints = ProfileHints.hints(for: column, profile: p)
            if let targetColumn, let targetBins, column.name != targetColumn.name {
                p.association = AssociationMeasure.association(column, targetBins: targetBins, target: targetColumn)
                if let leak = ProfileHints.leakageHint(p.association, column: column.name, target: targetColumn.name) {
                    p.hints.append(leak)
                }
            }
            slots.set(i, p)
        }
        let columns = slots.all()
        let ranking = columns.filter { $0.association != nil }
            .sorted { ($0.association?.mutualInformation ?? 0, $1.name) > ($1.association?.mutualInformation ?? 0, $0.name) }
            .map(\.name)
        return DataProfile(source: source, rows: frame.rowCount, target: targetColumn?.name, columns: columns, ranking: ranking)
    }

    static func profileColumn(_ column: Column) -> ColumnProfile {
        let missing = column.missingCount
        var profile = ColumnProfile(name: column.name, kind: column.kind, rows: column.count, missing: missing,
                                    distinct: 0, numeric: nil, top: [], histogram: nil, hints: [], association: nil)
        switch column.storage {
        case .int, .float, .date:
            let sorted = numericValues(column).sorted()
            profile.distinct = distinctCount(sorted)
            profile.numeric = summary(sorted)
            profile.histogram = histogram(sorted, bins: histogramBins)
            profile.top = topNumeric(sorted, kind: column.kind)
        case .category(let codes, let levels):
            var counts = [Int](repeating: 0, count: levels.count)
            for i in 0..<codes.count where codes.base[i] >= 0 { counts[Int(codes.base[i])] += 1 }
            profile.distinct = counts.filter { $0 > 0 }.count
            profile.top = topLevels(counts.enumerated().map { (levels[$0.offset], $0.element) })
        case .text(let text):
            var dictionary = ByteDictionary()
            defer { dictionary.free() }
            var counts: [Int] = []
            for i in 0..<text.count where !column.isMissing(i) {
                let s = text.offsets[i], e = text.offsets[i + 1]
                let code = withUnsafePointer(to: UInt8(0)) { zero in
                    dictionary.intern(e > s ? UnsafePointer(text.bytes.base + s) : zero, e - s)
                }
                if Int(code) == counts.count { counts.append(0) }
                counts[Int(code)] += 1
            }
            profile.distinct = counts.count
            profile.top = topLevels(counts.enumerated().map { (dictionary.string($0.offset), $0.element) })
        }
        return profile
    }

    /// Non-missing values as doubles (dates as days since 1970-01-01).
    static func numericValues(_ column: Column) -> [Double] {
        var values: [Double] = []
        values.reserveCapacity(column.count)
        switch column.storage {
        case .int(let b): for i in 0..<b.count where !column.isMissing(i) { values.append(Double(b.base[i])) }
        case .float(let b): for i in 0..<b.count where !column.isMissing(i) && !b.base[i].isNaN { values.append(b.base[i]) }
        case .date(let b): for i in 0..<b.count where !column.isMissing(i) { values.append(Double(b.base[i]) / 86_400) }
        case .category, .text: break
        }
        return values
    }

    static func distinctCount(_ sorted: [Double]) -> Int {
        guard !sorted.isEmpty else { return 0 }
        var n = 1
        for i in 1..<sorted.count where sorted[i] != sorted[i - 1] { n += 1 }
        return n
    }

    /// Quantile by linear interpolation between closest ranks (numpy/pandas default).
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    static func summary(_ sorted: [Double]) -> NumericSummary? {
        guard let first = sorted.first, let last = sorted.last else { return nil }
        let n = Double(sorted.count)
        var sum = 0.0
        for v in sorted { sum += v }
        let mean = sum / n
        var m2 = 0.0, m3 = 0.0
        for v in sorted { let d = v - mean; m2 += d * d; m3 += d * d * d }
        let std = sorted.count > 1 ? (m2 / (n - 1)).squareRoot() : nil
        var skew: Double? = nil
        if sorted.count > 2, m2 > 0 {
            let g1 = (m3 / n) / pow(m2 / n, 1.5)
            skew = g1 * (n * (n - 1)).squareRoot() / (n - 2)
        }
        return NumericSummary(min: first, max: last, mean: mean, std: std,
                              quantiles: quantilePoints.map { Quantile(p: $0, value: quantile(sorted, $0)) },
                              skewness: skew)
    }

    static func histogram(_ sorted: [Double], bins: Int) -> Histogram? {
        guard let lo = sorted.first, let hi = sorted.last, lo.isFinite, hi.isFinite else { return nil }
        var counts = [Int](repeating: 0, count: bins)
        let width = (hi - lo) / Double(bins)
        for v in sorted {
            let b = width > 0 ? min(bins - 1, Int((v - lo) / width)) : 0
            counts[b] += 1
        }
        return Histogram(lower: lo, upper: hi, counts: counts)
    }

    static func topNumeric(_ sorted: [Double], kind: ColumnKind) -> [ValueCount] {
        var runs: [(Double, Int)] = []
        var i = 0
        while i < sorted.count {
            var j = i + 1
            while j < sorted.count, sorted[j] == sorted[i] { j += 1 }
            runs.append((sorted[i], j - i))
            i = j
        }
        let best = runs.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }.prefix(topCount)
        return best.map { ValueCount(value: kind == .date ? formatDate(seconds: Int64(($0.0 * 86_400).rounded())) : formatNumber($0.0), count: $0.1) }
    }

    static func topLevels(_ counts: [(String, Int)]) -> [ValueCount] {
        // Stable sort keeps first-seen order among ties.
        let indexed = counts.enumerated().filter { $0.element.1 > 0 }
        let best = indexed.sorted { $0.element.1 != $1.element.1 ? $0.element.1 > $1.element.1 : $0.offset < $1.offset }.prefix(topCount)
        return best.map { ValueCount(value: $0.element.0, count: $0.element.1) }
    }
}


#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
