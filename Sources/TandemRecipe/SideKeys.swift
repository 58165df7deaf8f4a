import TandemData

/// Main rows matched to side rows on one or more key columns, compared exactly (DESIGN.md section 3): numbers by
/// value (an id beyond 2^53 is already exact text, see `WorkingFrame`), text by its bytes, and a number against a
/// text column by the number's text form (`42` matches "42"), which `notes` says.
struct KeyMatch {
    /// Per main row, the id of the group of side rows sharing its key; -1 when no side row has it (or a part is missing).
    let mainGroup: [Int32]
    /// Per side row, its group; -1 when a part of its key is missing.
    let sideGroup: [Int32]
    let groupCount: Int
    let notes: [String]

    /// `main` and `side` are the key columns, pairwise; `names` names them for notes (main name, side name).
    static func match(main: [WorkingColumn], side: [WorkingColumn], names: [(String, String)]) -> KeyMatch {
        let mainRows = main.first?.count ?? 0, sideRows = side.first?.count ?? 0
        var notes: [String] = []
        // Per key part: dense codes of the side's distinct values, and each main row's code (-1: not on the side).
        var sideCodes: [[Int32]] = [], mainCodes: [[Int32]] = [], radix: [Int] = []
        for (k, (m, s)) in zip(main, side).enumerated() {
            let part: (side: [Int32], main: [Int32], distinct: Int)
            if m.isNumeric && s.isNumeric, let mv = m.numbers, let sv = s.numbers {
                part = denseCodes(side: sv, main: mv) ?? codes(side: sv, main: mv) { $0.isNaN ? nil : $0 }
            } else {
                if m.isNumeric != s.isNumeric {
                    notes.append("key \"\(names[k].0)\" (\(m.kindName)) and \"\(names[k].1)\" (\(s.kindName)) are compared as text")
                }
                part = codes(side: (0..<sideRows).map { canonical(s, $0) }, main: (0..<mainRows).map { canonical(m, $0) }) { $0 }
            }
            sideCodes.append(part.side); mainCodes.append(part.main); radix.append(part.distinct)
        }
        if sideCodes.count == 1 {
            return KeyMatch(mainGroup: mainCodes[0], sideGroup: sideCodes[0], groupCount: radix[0], notes: notes)
        }
        // Several parts: one number per combination (mixed radix), then dense group ids over the side's combinations.
        var product: Int64 = 1, fits = true
        for r in radix {
            let (p, overflow) = product.multipliedReportingOverflow(by: Int64(max(r, 1)))
            if overflow || p > Int64(1) << 62 { fits = false; break }
            product = p
        }
        func combined(_ parts: [[Int32]], row: Int) -> Int64? {
            var value: Int64 = 0
            for k in parts.indices {
                let c = parts[k][row]
                if c < 0 { return nil }
                value = value * Int64(max(radix[k], 1)) + Int64(c)
            }
            return value
        }
        var groups: [Int64: Int32] = [:]
        var listGroups: [[Int32]: Int32] = [:]
        var sideGroup = [Int32](repeating: -1, count: sideRows)
        for r in 0..<sideRows {
            if fits {
                guard let v = combined(sideCodes, row: r) else { continue }
                if let g = groups[v] { sideGroup[r] = g } else { let g = Int32(groups.count); groups[v] = g; sideGroup[r] = g }
            } else {
                let parts = sideCodes.map { $0[r] }
                if parts.contains(where: { $0 < 0 }) { continue }
                if let g = listGroups[parts] { sideGroup[r] = g } else { let g = Int32(listGroups.count); listGroups[parts] = g; sideGroup[r] = g }
            }
        }
        var mainGroup = [Int32](repeating: -1, count: mainRows)
        for r in 0..<mainRows {
            if fits {
                if let v = combined(mainCodes, row: r), let g = groups[v] { mainGroup[r] = g }
            } else {
                let parts = mainCodes.map { $0[r] }
                if !parts.contains(where: { $0 < 0 }), let g = listGroups[parts] { mainGroup[r] = g }
            }
        }
        return KeyMatch(mainGroup: mainGroup, sideGroup: sideGroup, groupCount: fits ? groups.count : listGroups.count, notes: notes)
    }

    /// The same codes without hashing when the side's keys are small whole numbers (entity ids 0..<N): one array
    /// indexed by value. nil when they are not (negative, fractional, or spread far beyond the row count).
    private static func denseCodes(side: [Double], main: [Double]) -> (side: [Int32], main: [Int32], distinct: Int)? {
        var top = 0.0
        for v in side where !v.isNaN {
            guard v >= 0, v == v.rounded(.towardZero) else { return nil }
            top = Swift.max(top, v)
        }
        guard top < Double(Swift.max(1 << 20, side.count * 4)) else { return nil }
        var slot = [Int32](repeating: -1, count: Int(top) + 1)
        var distinct: Int32 = 0
        let sideCodes = side.map { v -> Int32 in
            guard !v.isNaN else { return -1 }
            let i = Int(v)
            if slot[i] < 0 { slot[i] = distinct; distinct += 1 }
            return slot[i]
        }
        let mainCodes = main.map { v -> Int32 in
            guard !v.isNaN, v >= 0, v <= top, v == v.rounded(.towardZero) else { return -1 }
            return slot[Int(v)]
        }
        return (sideCodes, mainCodes, Int(distinct))
    }

    /// Dense codes of the side's values (in first-seen order) and the main values' codes, -1 for missing or unmatched.
    private static func codes<T, K: Hashable>(side: [T], main: [T], key: (T) -> K?) -> (side: [Int32], main: [Int32], distinct: Int) {
        var lookup: [K: Int32] = [:]
        lookup.reserveCapacity(min(side.count, 1 << 20))
        let sideCodes = side.map { v -> Int32 in
            guard let k = key(v) else { return -1 }
            if let c = lookup[k] { return c }
            let c = Int32(lookup.count)
            lookup[k] = c
            return c
        }
        let mainCodes = main.map { v -> Int32 in key(v).flatMap { lookup[$0] } ?? -1 }
        return (sideCodes, mainCodes, lookup.count)
    }

    /// A key value's text: whole numbers without a decimal point (`42`, not `42.0`), so a number matches its text.
    static func canonical(_ column: WorkingColumn, _ row: Int) -> String? {
        column.string(row)
    }

    /// Share of main rows that found a side group.
    var matchRate: Double {
        guard !mainGroup.isEmpty else { return 0 }
        return Double(mainGroup.lazy.filter { $0 >= 0 }.count) / Double(mainGroup.count)
    }
}

/// The side rows of each group, in one array (CSR): group g's rows are `rows[offsets[g] ..< offsets[g + 1]]`, in the
/// side's time order when `time` is given (ties in file order), else in file order.
struct SideGroups {
    let offsets: [Int]
    let rows: [Int32]

    init(_ match: KeyMatch, time: [Double]?) {
        var counts = [Int](repeating: 0, count: match.groupCount + 1)
        for g in match.sideGroup where g >= 0 { counts[Int(g) + 1] += 1 }
        for g in 0..<match.groupCount { counts[g + 1] += counts[g] }
        var next = counts
        var rows = [Int32](repeating: 0, count: counts[match.groupCount])
        for (r, g) in match.sideGroup.enumerated() where g >= 0 {
            rows[next[Int(g)]] = Int32(r)
            next[Int(g)] += 1
        }
        if let time {
            // Within each group by time, ties in file order (rows went in ascending), a missing time last (never "before").
            // One buffer of (order-preserving time bits, row), each group's slice sorted in place.
            var keyed = rows.map { r -> (UInt64, Int32) in (Self.orderBits(time[Int(r)]), r) }
            keyed.withUnsafeMutableBufferPointer { buffer in
                for g in 0..<match.groupCount where counts[g + 1] - counts[g] > 1 {
                    var slice = UnsafeMutableBufferPointer(rebasing: buffer[counts[g]..<counts[g + 1]])
                    slice.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
                }
            }
            rows = keyed.map(\.1)
        }
        offsets = counts
        self.rows = rows
    }

    /// A double's bits, mapped so unsigned order is numeric order; NaN after everything.
    static func orderBits(_ t: Double) -> UInt64 {
        if t.isNaN { return .max }
        let b = t.bitPattern
        return b & (1 << 63) != 0 ? ~b : b | (1 << 63)
    }
}
