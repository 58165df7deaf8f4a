import Dispatch
import TandemData

/// Small statistics over present values (callers drop missing ones first).
enum Statistics {
    static func mean(_ v: [Double]) -> Double { v.isEmpty ? .nan : v.reduce(0, +) / Double(v.count) }

    /// Median by selection (expected linear time), not a full sort.
    static func median(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return .nan }
        var a = v
        let m = a.count / 2
        let upper = select(&a, m)
        guard a.count % 2 == 0 else { return upper }
        // The lower middle is the largest value left of m after selection.
        var lower = -Double.infinity
        for i in 0..<m where a[i] > lower { lower = a[i] }
        return (lower + upper) / 2
    }

    /// Hoare's selection with a median-of-three pivot: puts the k-th smallest
    /// at a[k] and nothing larger before it.
    static func select(_ a: inout [Double], _ k: Int) -> Double {
        a.withUnsafeMutableBufferPointer { b -> Double in
            var lo = 0, hi = b.count - 1
            while lo < hi {
                let mid = lo + (hi - lo) / 2
                let x = b[lo], y = b[mid], z = b[hi]
                let pivot = max(min(x, y), min(max(x, y), z))
                var i = lo, j = hi
                while i <= j {
                    while b[i] < pivot { i += 1 }
                    while b[j] > pivot { j -= 1 }
                    if i <= j { b.swapAt(i, j); i += 1; j -= 1 }
                }
                if k <= j { hi = j } else if k >= i { lo = i } else { break }
            }
            return b[k]
        }
    }

    /// Most frequent value; ties go to the smallest.
    static func mode(_ v: [Double]) -> Double {
        var counts: [Double: Int] = [:]
        for x in v { counts[x, default: 0] += 1 }
        return counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }?.key ?? .nan
    }

    /// Population standard deviation (as scikit-learn's StandardScaler).
    static func std(_ v: [Double]) -> Double {
        guard v.count > 0 else { return .nan }
        let m = mean(v)
        return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count)).squareRoot()
    }

    /// Sample standard deviation (n − 1), as pandas' groupby std.
    static func sampleStd(_ v: [Double]) -> Double {
        guard v.count > 1 else { return .nan }
        let m = mean(v)
        return (v.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(v.count - 1)).squareRoot()
    }

    /// Linear-interpolation quantile of sorted values.
    static func quantile(sorted s: [Double], _ q: Double) -> Double {
        guard !s.isEmpty else { return .nan }
        let h = Double(s.count - 1) * q
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, s.count - 1)
        return s[lo] + (h - Double(lo)) * (s[hi] - s[lo])
    }
}

enum Encoding {
    /// A category column from row values, levels in first-seen order.
    static func category(_ values: [String?]) -> WorkingColumn {
        let (codes, levels) = interned(values)
        return .category(codes: codes, levels: levels)
    }

    /// Row codes (-1: missing) and the distinct values in first-seen order.
    static func interned(_ values: [String?]) -> (codes: [Int32], levels: [String]) {
        var lookup: [String: Int32] = [:]
        var levels: [String] = []
        let codes: [Int32] = values.map { v in
            guard let v else { return -1 }
            if let c = lookup[v] { return c }
            let c = Int32(levels.count)
            lookup[v] = c
            levels.append(v)
            return c
        }
        return (codes, levels)
    }

    /// A per-row key for grouping: the level text, or the number as text.
    static func keys(_ col: WorkingColumn, rows: Int) -> [String?] { (0..<rows).map { col.string($0) } }

    /// Any column as dense codes (-1 missing) over its distinct values: categories
    /// as they are, text and numbers interned once. Grouping and counting then
    /// work on integers, not strings.
    static func codes(_ col: WorkingColumn) -> (codes: [Int32], levels: [String]) {
        if case .category(let codes, let levels) = col { return (codes, levels) }
        guard case .category(let codes, let levels) = category((0..<col.count).map { col.string($0) }) else { return ([], []) }
        return (codes, levels)
    }

    /// Level indices by training frequency (ties: first seen), at most `limit`.
    static func topLevels(codes: [Int32], levelCount: Int, rows: [Int], limit: Int) -> [Int] {
        let counts = trainingCounts(codes: codes, levelCount: levelCount, rows: rows)
        // First-seen positions only break ties: the scan stops once every present level was met.
        var firstSeen = [Int](repeating: Int.max, count: levelCount)
        var unmet = counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        var position = 0
        while unmet > 0, position < rows.count {
            let c = Int(codes[rows[position]])
            if c >= 0, firstSeen[c] == Int.max { firstSeen[c] = position; unmet -= 1 }
            position += 1
        }
        return ranked(counts: counts, firstSeen: firstSeen, limit: limit)
    }

    /// Levels present in `counts`, most frequent first, ties to the earliest seen, at most `limit`.
    static func ranked(counts: [Int], firstSeen: [Int], limit: Int) -> [Int] {
        let seen = counts.indices.filter { counts[$0] > 0 }
        return Array(seen.sorted { (counts[$0], -firstSeen[$0]) > (counts[$1], -firstSeen[$1]) }.prefix(limit))
    }

    /// How many of `rows` hold each level (missing rows count nowhere); one
    /// tally per core, summed. Codes outside the levels count nowhere either.
    static func trainingCounts(codes: [Int32], levelCount: Int, rows: [Int]) -> [Int] {
        // Slot 0 takes the missing code -1, so the hot loop has no branch for it.
        let width = levelCount + 1
        let parts = min(ParallelRows.cores, ParallelRows.chunkCount(rows.count))
        var tallies = [Int](repeating: 0, count: parts * width)
        codes.withUnsafeBufferPointer { c in
            rows.withUnsafeBufferPointer { r in
                let input = RowReader(c), picked = RowReader(r)
                tallies.withUnsafeMutableBufferPointer { t in
                    let out = RowWriter(t)
                    DispatchQueue.concurrentPerform(iterations: parts) { part in
                        let tally = out.base + part * width
                        for i in ParallelRows.chunk(part, of: parts, count: picked.count) {
                            let slot = Int(input[picked[i]]) &+ 1
                            if slot >= 0, slot < width { tally[slot] += 1 }
                        }
                    }
                }
            }
        }
        return (1..<width).map { slot in (0..<parts).reduce(0) { $0 + tallies[$1 * width + slot] } }
    }
}

/// strptime-style formats for parse_date: %Y %y %m %d %H %M %S %b (month name), other characters literal.
enum DateFormatParser {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func parse(_ text: String, format: String) -> Int64? {
        let t = Array(text), f = Array(format)
        var i = 0, j = 0
        var year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0
        func digits(_ maxCount: Int) -> Int? {
            var v = 0, n = 0
            while i < t.count, n < maxCount, let d = t[i].wholeNumberValue, t[i].isASCII { v = v * 10 + d; i += 1; n += 1 }
            return n > 0 ? v : nil
        }
        while j < f.count {
            if f[j] == "%", j + 1 < f.count {
                let spec = f[j + 1]
                j += 2
                switch spec {
                case "Y": guard let v = digits(4) else { return nil }; year = v
                case "y": guard let v = digits(2) else { return nil }; year = v < 69 ? 2000 + v : 1900 + v
                case "m": guard let v = digits(2) else { return nil }; month = v
                case "d": guard let v = digits(2) else { return nil }; day = v
                case "H": guard let v = digits(2) else { return nil }; hour = v
                case "M": guard let v = digits(2) else { return nil }; minute = v
                case "S": guard let v = digits(2) else { return nil }; second = v
                case "b", "B":
                    var word = ""
                    while i < t.count, t[i].isLetter { word.append(t[i]); i += 1 }
                    guard let m = months.firstIndex(of: String(word.lowercased().prefix(3))) else { return nil }
                    month = m + 1
                case "%": guard i < t.count, t[i] == "%" else { return nil }; i += 1
                default: return nil
                }
            } else {
                guard i < t.count, t[i] == f[j] else { return nil }
                i += 1; j += 1
            }
        }
        guard i == t.count else { return nil }
        return epochSeconds(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
    }
}
