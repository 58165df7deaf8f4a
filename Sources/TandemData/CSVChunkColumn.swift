/// What the parser tries a column as. `string` stores through a dictionary
/// (category) or, once the values look unique, as raw text.
enum ParseKind: UInt8, Sendable {
    case int, float, date, string

    func joined(_ other: ParseKind) -> ParseKind {
        if self == other { return self }
        if (self == .int && other == .float) || (self == .float && other == .int) { return .float }
        return .string
    }
}

struct ColumnHint: Sendable, Equatable {
    var kind: ParseKind
    var textMode: Bool

    static let initial = ColumnHint(kind: .int, textMode: false)

    func joined(_ other: ColumnHint) -> ColumnHint {
        ColumnHint(kind: kind.joined(other.kind), textMode: textMode || other.textMode)
    }
}

/// One column's values for one chunk of rows, in the layout of its kind.
/// Every row has an entry (a placeholder when missing) so rows stay aligned.
struct ChunkColumn {
    var kind: ParseKind
    var textMode: Bool
    var ints = GrowBuffer<Int64>()      // int and date (epoch seconds)
    var floats = GrowBuffer<Double>()
    var codes = GrowBuffer<Int32>()
    var dictionary = ByteDictionary()
    var textBytes = GrowBuffer<UInt8>()
    var textEnds = GrowBuffer<Int>()
    var missingRows = GrowBuffer<Int32>()

    /// With a placement, values go straight into the final column's slice;
    /// without one (the sequential counting pass), into owned buffers.
    init(hint: ColumnHint, placement: ColumnPlacement?, expectedRows: Int, segmentBytes: Int) {
        kind = hint.kind
        textMode = hint.textMode
        if kind == .string, textMode {
            // Reserve once rather than grow by doubling: each regrowth is a
            // copy into fresh pages. Untouched capacity costs no memory.
            textBytes.reserve(min(segmentBytes, (placement?.rows ?? expectedRows) * 64))
        }
        if let pl = placement {
            // ints and floats are two views of the same 8-byte slots; a column
            // is one or the other, and int → float converts in place.
            ints = GrowBuffer(borrowing: pl.slots.assumingMemoryBound(to: Int64.self), capacity: pl.rows)
            floats = GrowBuffer(borrowing: pl.slots.assumingMemoryBound(to: Double.self), capacity: pl.rows)
            codes = GrowBuffer(borrowing: pl.codes, capacity: pl.rows)
            textEnds = GrowBuffer(borrowing: pl.textEnds, capacity: pl.rows)
            return
        }
        switch kind {
        case .int, .date: ints.reserve(expectedRows)
        case .float: floats.reserve(expectedRows)
        case .string: if textMode { textEnds.reserve(expectedRows) } else { codes.reserve(expectedRows) }
        }
    }

    var hint: ColumnHint { ColumnHint(kind: kind, textMode: textMode) }

    /// Rows stored so far: the length of the active buffer.
    var rows: Int {
        switch kind {
        case .int, .date: ints.count
        case .float: floats.count
        case .string: textMode ? textEnds.count : codes.count
        }
    }

    var nonMissing: Int { rows - missingRows.count }

    /// A borrowed slice received more rows than were counted for it.
    var overflowed: Bool { ints.overflowed || floats.overflowed || codes.overflowed || textEnds.overflowed }

    @inline(__always) mutating func appendMissing() {
        // Branches rather than a switch, as in the parser's hot loop.
        if kind == .float {
            missingRows.append(Int32(truncatingIfNeeded: floats.count))
            floats.append(.nan)
        } else if kind == .string {
            if textMode {
                missingRows.append(Int32(truncatingIfNeeded: textEnds.count))
                textEnds.append(textBytes.count)
            } else {
                missingRows.append(Int32(truncatingIfNeeded: codes.count))
                codes.append(-1)
            }
        } else {
            missingRows.append(Int32(truncatingIfNeeded: ints.count))
            ints.append(0)
        }
    }

    @inline(__always) mutating func appendInt(_ v: Int64) { ints.append(v) }
    @inline(__always) mutating func appendFloat(_ v: Double) { floats.append(v) }

    @inline(__always) mutating func appendString(_ p: UnsafePointer<UInt8>, _ n: Int) {
        if textMode {
            textBytes.append(contentsOf: p, count: n)
            textEnds.append(textBytes.count)
        } else {
            codes.append(dictionary.intern(p, n))
            // Mostly-unique values are text, not categories: stop hashing them.
            if dictionary.count > 4096, dictionary.count * 2 > codes.count { switchToText() }
        }
    }

    /// int → float keeps every value (missing rows become NaN).
    mutating func convertIntsToFloats() {
        if ints.borrowed, let slots = ints.base {
            let raw = UnsafeMutableRawPointer(slots)
            for i in 0..<ints.count {
                let v = raw.load(fromByteOffset: i * 8, as: Int64.self)
                raw.storeBytes(of: Double(v), toByteOffset: i * 8, as: Double.self)
            }
            for i in 0..<missingRows.count { raw.storeBytes(of: Double.nan, toByteOffset: Int(missingRows[i]) * 8, as: Double.self) }
            floats.setCount(ints.count)
            ints.free()
            kind = .float
            return
        }
        floats.reserve(Swift.max(ints.count * 2, 16))
        for i in 0..<ints.count { floats.append(Double(ints[i])) }
        for i in 0..<missingRows.count { floats[Int(missingRows[i])] = .nan }
        ints.free()
        kind = .float
    }

    /// Dictionary codes → raw text, same rows.
    mutating func switchToText() {
        guard kind == .string, !textMode else { return }
        textEnds.reserve(Swift.max(codes.capacity, 16))
        for i in 0..<codes.count {
            let code = codes[i]
            if code >= 0 {
                let bytes = dictionary.entry(Int(code))
                if let b = bytes.baseAddress { textBytes.append(contentsOf: b, count: bytes.count) }
            }
            textEnds.append(textBytes.count)
        }
        codes.free()
        textMode = true
    }

    /// A column with no value yet may change kind freely: rebuild its placeholders.
    mutating func resetEmpty(to newKind: ParseKind) {
        let n = rows
        ints.free(); floats.free(); codes.free(); textBytes.free(); textEnds.free(); missingRows.free()
        kind = newKind
        for _ in 0..<n { appendMissing() }
    }

    mutating func free() {
        ints.free(); floats.free(); codes.free(); dictionary.free()
        textBytes.free(); textEnds.free(); missingRows.free()
    }
}
