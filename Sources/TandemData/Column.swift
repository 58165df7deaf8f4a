/// The logical type of a column (DESIGN.md section 4: number, category, text, date).
public enum ColumnKind: String, Codable, Sendable, CaseIterable {
    case int, float, category, text, date

    public var isNumeric: Bool { self == .int || self == .float }
}

/// Variable-length strings packed into one byte buffer with row offsets.
public struct TextBuffer: Sendable {
    public let bytes: ColumnBuffer<UInt8>
    /// `count + 1` offsets; row `i` is `bytes[offsets[i] ..< offsets[i + 1]]`.
    public let offsets: ColumnBuffer<Int>

    public var count: Int { offsets.count - 1 }

    public subscript(i: Int) -> String {
        let start = offsets[i], end = offsets[i + 1]
        return String(decoding: UnsafeBufferPointer(start: bytes.base + start, count: end - start), as: UTF8.self)
    }
}

public enum ColumnStorage: Sendable {
    case int(ColumnBuffer<Int64>)
    case float(ColumnBuffer<Double>)
    /// Seconds since 1970-01-01T00:00:00Z.
    case date(ColumnBuffer<Int64>)
    /// Codes index `levels`; a missing row has code -1.
    case category(codes: ColumnBuffer<Int32>, levels: [String])
    case text(TextBuffer)
}

/// One named, typed column with an optional missing mask (`nil` when no value is missing).
public struct Column: Sendable {
    public let name: String
    public let storage: ColumnStorage
    public let missing: ColumnBuffer<Bool>?

    public init(name: String, storage: ColumnStorage, missing: ColumnBuffer<Bool>?) {
        self.name = name
        self.storage = storage
        self.missing = missing
    }

    public var kind: ColumnKind {
        switch storage {
        case .int: .int
        case .float: .float
        case .date: .date
        case .category: .category
        case .text: .text
        }
    }

    public var count: Int {
        switch storage {
        case .int(let b): b.count
        case .float(let b): b.count
        case .date(let b): b.count
        case .category(let codes, _): codes.count
        case .text(let t): t.count
        }
    }

    public var missingCount: Int {
        guard let missing else { return 0 }
        var n = 0
        for i in 0..<missing.count where missing.base[i] { n += 1 }
        return n
    }

    @inline(__always) public func isMissing(_ row: Int) -> Bool {
        missing?[row] ?? false
    }

    /// The value as a number: ints and floats as they are, dates as days
    /// since 1970-01-01; nil when missing or not numeric.
    public func double(at row: Int) -> Double? {
        if isMissing(row) { return nil }
        switch storage {
        case .int(let b): return Double(b[row])
        case .float(let b): return b[row]
        case .date(let b): return Double(b[row]) / 86_400
        case .category, .text: return nil
        }
    }

    /// The value as display text (unsanitised); nil when missing.
    public func string(at row: Int) -> String? {
        if isMissing(row) { return nil }
        switch storage {
        case .int(let b): return String(b[row])
        case .float(let b): return formatNumber(b[row])
        case .date(let b): return formatDate(seconds: b[row])
        case .category(let codes, let levels): return levels[Int(codes[row])]
        case .text(let t): return t[row]
        }
    }
}

/// Shortest round-tripping text for a double, without a trailing ".0" on whole numbers.
public func formatNumber(_ value: Double) -> String {
    if value.isNaN { return "NaN" }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    return "\(value)"
}
