import Synchronization
import TandemData

/// Main rows matched to side rows on one or more key columns, compared exactly (DESIGN.md section 3): numbers by
/// value (an id beyond 2^53 is already exact text, see `WorkingFrame`), text by its bytes, and a number against a
/// text column by the number's text form (`42` matches "42"), which `notes` says.
struct KeyMatch {
    /// Per main row, the id of the group of side rows sharing its key; -1 when no side row has it (or a part is missing).
    let mainGroup: [Int32]
    let index: SideIndex
    let notes: [String]

    var sideGroup: [Int32] { index.sideGroup }
    var groupCount: Int { index.groupCount }

    /// `main` and `side` are the key columns, pairwise; `names` names them for notes (main name, side name). The side's
    /// half comes from `cache` when the same table was indexed on the same columns before.
    static func match(main: [WorkingColumn], side: [WorkingColumn], names: [(String, String)], cache: SideIndexCache,
                      table: String) -> KeyMatch {
        var notes: [String] = []
        // A part compares numbers when both sides are numbers, else text.
        let numeric = zip(main, side).map { $0.isNumeric && $1.isNumeric }
        for (k, (m, s)) in zip(main, side).enumerated() where m.isNumeric != s.isNumeric {
            notes.append("key \"\(names[k].0)\" (\(m.kindName)) and \"\(names[k].1)\" (\(s.kindName)) are compared as text")
        }
        let key = table + "\u{1F}" + names.map(\.1).joined(separator: "\u{1F}") + "\u{1F}" + numeric.map { $0 ? "n" : "t" }.joined()
        let index = cache.index(key) { SideIndex(side, numeric: numeric) }
        return KeyMatch(mainGroup: index.groups(of: main, numeric: numeric), index: index, notes: notes)
    }

    /// Share of main rows that found a side group.
    var matchRate: Double {
        guard !mainGroup.isEmpty else { return 0 }
        return Double(mainGroup.lazy.filter { $0 >= 0 }.count) / Double(mainGroup.count)
    }
}

/// The side half of a key match, which depends on the side table alone: per key part a lookup from value to code,
/// the group of every side row and, per time column, the groups' rows in time order. Kept in a `SideIndexCache`, so an
/// aggregate's count and its mean (or a preview beside an evaluation) index a 5M-row table once.
final class SideIndex: Sendable {
    enum Lookup: Sendable {
        /// Small whole numbers: the code is `slots[value]` (no hashing).
        case dense([Int32])
        case numbers([Double: Int32])
        case text([String: Int32])
    }

    /// How the parts' codes combine into a group (one part: the code is the group).
    enum Combined: Sendable {
        case single
        /// The mixed-radix number of the codes indexes `groups` when it is small, else is hashed.
        case dense([Int32])
        case hashed([Int64: Int32])
        case lists([[Int32]: Int32])
    }

    let lookups: [Lookup]
    let radix: [Int]
    let combined: Combined
    /// Per side row, its group; -1 when a part of its key is missing.
    let sideGroup: [Int32]
    let groupCount: Int
    private let ordered = Mutex<[String: SideGroups]>([:])

    init(_ side: [WorkingColumn], numeric: [Bool]) {
        var lookups: [Lookup] = [], codes: [[Int32]] = [], radix: [Int] = []
        for (k, s) in side.enumerated() {
            let part: (Lookup, [Int32], Int)
            if numeric[k], let values = s.numbers {
                part = Self.denseCodes(values) ?? Self.hashedCodes(values.map { $0.isNaN ? nil : $0 }) { .numbers($0) }
            } else {
                part = Self.hashedCodes((0..<s.count).map { s.string($0) }) { .text($0) }
            }
            lookups.append(part.0); codes.append(part.1); radix.append(part.2)
        }
        self.lookups = lookups
        self.radix = radix
        let rows = codes.first?.count ?? 0
        if codes.count == 1 {
            combined = .single
            sideGroup = codes[0]
            groupCount = radix[0]
            return
        }
        var product: Int64 = 1, fits = true
        for r in radix {
            let (p, overflow) = product.multipliedReportingOverflow(by: Int64(max(r, 1)))
            if overflow || p > Int64(1) << 62 { fits = false; break }
            product = p
        }
        var group = [Int32](repeating: -1, count: rows)
        var count: Int32 = 0
        if fits, product <= Int64(max(1 << 22, rows * 4)) {
            var slots = [Int32](repeating: -1, count: Int(product))
            for r in 0..<rows {
                guard let v = Self.mixed(codes, radix, row: r) else { continue }
                if slots[Int(v)] < 0 { slots[Int(v)] = count; count += 1 }
                group[r] = slots[Int(v)]
            }
            combined = .dense(slots)
        } else if fits {
            var table: [Int64: Int32] = [:]
            for r in 0..<rows {
                guard let v = Self.mixed(codes, radix, row: r) else { continue }
                if let g = table[v] { group[r] = g } else { table[v] = count; group[r] = count; count += 1 }
            }
            combined = .hashed(table)
        } else {
            var table: [[Int32]: Int32] = [:]
            for r in 0..<rows {
                let parts = codes.map { $0[r] }
                if parts.contains(where: { $0 < 0 }) { continue }
                if let g = table[parts] { group[r] = g } else { table[parts] = count; group[r] = count; count += 1 }
            }
            combined = .lists(table)
        }
        sideGroup = group
        groupCount = Int(count)
    }

    /// The parts' codes as one number in mixed radix; nil when a part is missing.
    static func mixed(_ codes: [[Int32]], _ radix: [Int], row: Int) -> Int64? {
        var value: Int64 = 0
        for k in codes.indices {
            let c = codes[k][row]
            if c < 0 { return nil }
            value = value * Int64(max(radix[k], 1)) + Int64(c)
        }
        return value
    }

    /// Codes without hashing when the side's keys are small whole numbers (entity ids 0..<N); nil when they are not.
    static func denseCodes(_ side: [Double]) -> (Lookup, [Int32], Int)? {
        var top = 0.0
        for v in side where !v.isNaN {
            guard v >= 0, v == v.rounded(.towardZero) else { return nil }
            top = max(top, v)
        }
        guard top < Double(max(1 << 20, side.count * 4)) else { return nil }
        var slots = [Int32](repeating: -1, count: Int(top) + 1)
        var distinct: Int32 = 0
        let codes = side.map { v -> Int32 in
            guard !v.isNaN else { return -1 }
            let i = Int(v)
            if slots[i] < 0 { slots[i] = distinct; distinct += 1 }
            return slots[i]
        }
        return (.dense(slots), codes, Int(distinct))
    }

    /// Codes in first-seen order through a dictionary; nil values are missing (-1).
    static func hashedCodes<K: Hashable>(_ side: [K?], _ wrap: ([K: Int32]) -> Lookup) -> (Lookup, [Int32], Int) {
        var lookup: [K: Int32] = [:]
        lookup.reserveCapacity(min(side.count, 1 << 20))
        let codes = side.map { v -> Int32 in
            guard let v else { return -1 }
            if let c = lookup[v] { return c }
            let c = Int32(lookup.count)
            lookup[v] = c
            return c
        }
        return (wrap(lookup), codes, lookup.count)
    }

    /// Each main row's group (-1: no side row has its key).
    func groups(of main: [WorkingColumn], numeric: [Bool]) -> [Int32] {
        let rows = main.first?.count ?? 0
        let codes: [[Int32]] = main.enumerated().map { k, m in
            switch lookups[k] {
            case .dense(let slots):
                guard numeric[k], let v = m.numbers else { return [Int32](repeating: -1, count: rows) }
                return ParallelRows.codes(count: rows) { r in
                    let x = v[r]
                    guard x >= 0, x < Double(slots.count), x == x.rounded(.towardZero) else { return -1 }
                    return slots[Int(x)]
                }
            case .numbers(let table):
                guard numeric[k], let v = m.numbers else { return [Int32](repeating: -1, count: rows) }
                return v.map { $0.isNaN ? -1 : table[$0] ?? -1 }
            case .text(let table):
                return (0..<rows).map { r in m.string(r).flatMap { table[$0] } ?? -1 }
            }
        }
        switch combined {
        case .single: return codes[0]
        case .dense(let slots):
            return ParallelRows.codes(count: rows) { r in Self.mixed(codes, self.radix, row: r).map { slots[Int($0)] } ?? -1 }
        case .hashed(let table): return (0..<rows).map { r in Self.mixed(codes, radix, row: r).flatMap { table[$0] } ?? -1 }
        case .lists(let table): return (0..<rows).map { r in table[codes.map { $0[r] }] ?? -1 }
        }
    }

    /// The groups' rows in the order of `time` (named `name`), made once per time column.
    func ordered(by name: String?, time: [Double]?) -> SideGroups {
        let key = name ?? ""
        if let known = ordered.withLock({ $0[key] }) { return known }
        let made = SideGroups(self, time: name == nil ? nil : time)
        ordered.withLock { $0[key] = made }
        return made
    }
}

/// Side indexes of one set of side tables, by table, key columns and comparison (a few, each freed with the tables).
public final class SideIndexCache: Sendable {
    private let entries = Mutex<[String: SideIndex]>([:])

    public init() {}

    func index(_ key: String, make: () -> SideIndex) -> SideIndex {
        if let known = entries.withLock({ $0[key] }) { return known }
        let made = make()
        entries.withLock { $0[key] = made }
        return made
    }
}

/// The side rows of each group, in one array (CSR): group g's rows are `rows[offsets[g] ..< offsets[g + 1]]`, in the
/// side's time order when `time` is given (ties in file order), else in file order.
struct SideGroups: Sendable {
    let offsets: [Int]
    let rows: [Int32]

    init(_ index: SideIndex, time: [Double]?) {
        let groupCount = index.groupCount
        var counts = [Int](repeating: 0, count: groupCount + 1)
        for g in index.sideGroup where g >= 0 { counts[Int(g) + 1] += 1 }
        for g in 0..<groupCount { counts[g + 1] += counts[g] }
        var next = counts
        var rows = [Int32](repeating: 0, count: counts[groupCount])
        for (r, g) in index.sideGroup.enumerated() where g >= 0 {
            rows[next[Int(g)]] = Int32(r)
            next[Int(g)] += 1
        }
        if let time {
            // Within each group by time, ties in file order (rows went in ascending), a missing time last (never "before").
            // One buffer of (order-preserving time bits, row), each group's slice sorted in place.
            var keyed = rows.map { r -> (UInt64, Int32) in (Self.orderBits(time[Int(r)]), r) }
            keyed.withUnsafeMutableBufferPointer { buffer in
                for g in 0..<groupCount where counts[g + 1] - counts[g] > 1 {
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
