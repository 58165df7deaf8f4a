import TandemData

/// Text values, read straight from the CSV reader's buffer until a step
/// rewrites them: a free-text column that is only dropped costs nothing.
public struct TextValues: RandomAccessCollection, Sendable {
    private enum Storage: Sendable {
        case buffer(TextBuffer, ColumnBuffer<Bool>?)
        case strings([String?])
    }

    private let storage: Storage
    public let count: Int

    public init(_ strings: [String?]) {
        storage = .strings(strings)
        count = strings.count
    }

    init(buffer: TextBuffer, missing: ColumnBuffer<Bool>?) {
        storage = .buffer(buffer, missing)
        count = buffer.count
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// What identifies these values while they live: the reader's buffers, or the strings' storage.
    var identity: [UInt] {
        switch storage {
        case .buffer(let b, let missing):
            [UInt(bitPattern: ObjectIdentifier(b.bytes)), UInt(bitPattern: ObjectIdentifier(b.offsets)),
             missing.map { UInt(bitPattern: ObjectIdentifier($0)) } ?? 0]
        case .strings(let s):
            [s.withUnsafeBytes { UInt(bitPattern: $0.baseAddress) }, UInt(s.count)]
        }
    }

    /// The strings a step wrote, as an address and a size (a column read from the file shares the reader's buffer: nil).
    var ownedStorage: (address: UnsafeRawPointer?, bytes: Int)? {
        guard case .strings(let s) = storage else { return nil }
        return s.withUnsafeBytes { ($0.baseAddress, $0.count) }
    }

    public subscript(i: Int) -> String? {
        switch storage {
        case .strings(let s): s[i]
        case .buffer(let b, let missing): missing?[i] == true ? nil : b[i]
        }
    }

    public func isMissing(_ i: Int) -> Bool {
        switch storage {
        case .strings(let s): s[i] == nil
        case .buffer(_, let missing): missing?[i] == true
        }
    }

    /// Row `i`'s UTF-8 bytes (nil when missing), without making a String of text read from a file.
    public func withUTF8<R>(_ i: Int, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        switch storage {
        case .strings(let s):
            guard var v = s[i] else { return body(nil) }
            return v.withUTF8 { body($0) }
        case .buffer(let b, let missing):
            if missing?[i] == true { return body(nil) }
            let start = b.offsets[i], end = b.offsets[i + 1]
            return body(UnsafeBufferPointer(start: b.bytes.base + start, count: end - start))
        }
    }
}

/// A column as recipe steps transform it: numbers and dates as doubles
/// (NaN = missing; dates in days since 1970-01-01), categories as codes.
public enum WorkingColumn: Sendable {
    case number([Double])
    case category(codes: [Int32], levels: [String])
    case text(TextValues)
    case date([Double])
    /// 1 where the row's code is `code`, else 0: a one-hot column kept as codes,
    /// so encoding a many-level column costs no dense arrays.
    case indicator(codes: [Int32], code: Int32)
    /// A number column whose missing values read as `fill` (impute): the filled
    /// copy is never written; the feature matrix fills as it gathers rows.
    case imputed(values: [Double], fill: Double)

    public var kindName: String {
        switch self {
        case .number, .indicator, .imputed: "number"
        case .category: "category"
        case .text: "text"
        case .date: "date"
        }
    }

    public var count: Int {
        switch self {
        case .number(let v), .date(let v), .imputed(let v, _): v.count
        case .category(let codes, _), .indicator(let codes, _): codes.count
        case .text(let t): t.count
        }
    }

    /// Row values as text (categories and text), nil when missing or not textual.
    public func string(_ row: Int) -> String? {
        switch self {
        case .category(let codes, let levels): codes[row] >= 0 ? levels[Int(codes[row])] : nil
        case .text(let t): t[row]
        case .number(let v): v[row].isNaN ? nil : formatNumber(v[row])
        case .date(let v): v[row].isNaN ? nil : formatDate(seconds: Int64((v[row] * 86_400).rounded()))
        case .indicator(let codes, let code): codes[row] == code ? "1" : "0"
        case .imputed(let v, let fill): formatNumber(v[row].isNaN ? fill : v[row])
        }
    }

    public var isNumeric: Bool {
        switch self {
        case .number, .date, .indicator, .imputed: true
        default: false
        }
    }

    public var isTextual: Bool { !isNumeric }

    /// The values as doubles for number and date columns.
    public var numbers: [Double]? {
        switch self {
        case .number(let v), .date(let v): v
        case .indicator(let codes, let code): codes.map { $0 == code ? 1 : 0 }
        case .imputed(let v, let fill): ParallelRows.map(v) { $0.isNaN ? fill : $0 }
        default: nil
        }
    }
}

/// The table a recipe runs on: every row of the data (training, held-out
/// and test rows alike); steps learn from training rows only.
public struct WorkingFrame: Sendable {
    public private(set) var names: [String]
    public private(set) var columns: [WorkingColumn]
    public let rows: Int

    public init(names: [String], columns: [WorkingColumn]) {
        self.names = names
        self.columns = columns
        rows = columns.first?.count ?? 0
    }

    public init(_ frame: DataFrame) {
        var cols: [WorkingColumn] = []
        for c in frame.columns {
            switch c.storage {
            // One parallel pass per column: convert, and NaN where the reader marked a value missing.
            // An id of 19 digits does not survive a double (two tweet ids would collide): such a column stays exact, as text.
            case .int(let b) where Self.exceedsDoublePrecision(b):
                cols.append(.text(TextValues((0..<b.count).map { c.missing?[$0] == true ? nil : String(b[$0]) })))
            case .int(let b): cols.append(.number(Self.doubles(b, c.missing) { Double($0) }))
            case .float(let b): cols.append(.number(Self.doubles(b, c.missing) { $0 }))
            case .date(let b): cols.append(.date(Self.doubles(b, c.missing) { Double($0) / 86_400 }))
            case .category(let codes, let levels): cols.append(.category(codes: Array(codes), levels: levels))
            case .text(let t): cols.append(.text(TextValues(buffer: t, missing: c.missing)))
            }
        }
        self.init(names: frame.columnNames, columns: cols)
    }

    /// Whether an integer column holds a value a double cannot represent exactly (beyond ±2^53).
    static func exceedsDoublePrecision(_ b: ColumnBuffer<Int64>) -> Bool {
        let limit: Int64 = 1 << 53
        return b.withUnsafeBufferPointer { $0.contains { $0 > limit || $0 < -limit } }
    }

    static func doubles<T>(_ values: ColumnBuffer<T>, _ missing: ColumnBuffer<Bool>?, _ convert: @Sendable @escaping (T) -> Double) -> [Double] {
        ParallelRows.doubles(count: values.count) { range, out in
            if let missing {
                for i in range { out[i] = missing.base[i] ? .nan : convert(values.base[i]) }
            } else {
                for i in range { out[i] = convert(values.base[i]) }
            }
        }
    }

    public func index(of name: String) -> Int? { names.firstIndex(of: name) }
    public subscript(name: String) -> WorkingColumn? { index(of: name).map { columns[$0] } }

    /// Replaces the column of that name, or appends it.
    public mutating func set(_ name: String, _ column: WorkingColumn) {
        precondition(column.count == rows, "column \(name) has \(column.count) rows, frame \(rows)")
        if let i = index(of: name) { columns[i] = column } else { names.append(name); columns.append(column) }
    }

    /// Puts new columns where `name` stood (one_hot, date_parts), removing it.
    public mutating func replace(_ name: String, with new: [(String, WorkingColumn)]) {
        guard let i = index(of: name) else { for (n, c) in new { set(n, c) }; return }
        names.remove(at: i)
        columns.remove(at: i)
        for (offset, (n, c)) in new.enumerated() {
            if let existing = index(of: n) { columns[existing] = c; continue }
            names.insert(n, at: i + offset)
            columns.insert(c, at: i + offset)
        }
    }

    public mutating func remove(_ name: String) {
        guard let i = index(of: name) else { return }
        names.remove(at: i)
        columns.remove(at: i)
    }

    /// Appends rows of another frame with the same columns (test rows after training rows);
    /// a column the other frame lacks (the target) is missing there.
    public func appending(_ other: WorkingFrame) -> WorkingFrame {
        var cols: [WorkingColumn] = []
        for (i, name) in names.enumerated() {
            let mine = columns[i]
            let theirs = other[name]
            switch mine {
            case .number(let v): cols.append(.number(v + (theirs?.numbers ?? Array(repeating: .nan, count: other.rows))))
            case .indicator, .imputed: cols.append(.number((mine.numbers ?? []) + (theirs?.numbers ?? Array(repeating: .nan, count: other.rows))))
            case .date(let v): cols.append(.date(v + (theirs?.numbers ?? Array(repeating: .nan, count: other.rows))))
            case .text(let t): cols.append(.text(TextValues(Array(t) + (0..<other.rows).map { theirs?.string($0) })))
            case .category(let codes, var levels):
                var lookup = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, Int32($0)) })
                var extra: [Int32] = []
                extra.reserveCapacity(other.rows)
                for r in 0..<other.rows {
                    guard let s = theirs?.string(r) else { extra.append(-1); continue }
                    if let code = lookup[s] { extra.append(code) } else {
                        let code = Int32(levels.count)
                        levels.append(s)
                        lookup[s] = code
                        extra.append(code)
                    }
                }
                cols.append(.category(codes: codes + extra, levels: levels))
            }
        }
        return WorkingFrame(names: names, columns: cols)
    }
}
