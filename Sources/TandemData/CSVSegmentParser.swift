/// A problem found at a byte offset; the reader turns the offset into a line.
struct CSVProblem: Error {
    let offset: Int
    let reason: CSVError.Reason
}

/// The typed columns parsed from one segment of whole rows. Columns live in
/// raw memory so the assembler can free each one from its own thread.
struct SegmentResult: @unchecked Sendable {
    let columns: UnsafeMutablePointer<ChunkColumn>
    let columnCount: Int
    /// The first row of this segment in the final columns.
    let rowOffset: Int
    var rows: Int
    /// A quote inside an unquoted field: legal here (kept literally), but it
    /// breaks the quote parity the parallel split relies on.
    var strayQuote: Bool
    /// The rows parsed differ from the rows counted for the placement.
    var countMismatch = false

    /// What this segment learned: each column's kind, or nil for a column
    /// that saw only missing values (its placeholder kind means nothing).
    var learnedHints: [ColumnHint?] { (0..<columnCount).map { columns[$0].nonMissing > 0 ? columns[$0].hint : nil } }

    /// Frees every column's buffers and the column array itself.
    func free() {
        for c in 0..<columnCount { columns[c].free() }
        releaseColumnArray()
    }

    /// Frees the column array once each column's buffers have been freed.
    func releaseColumnArray() {
        columns.deinitialize(count: columnCount)
        columns.deallocate()
    }
}

enum SegmentOutcome {
    case parsed(SegmentResult)
    /// A value did not fit its column's kind; parse again knowing this
    /// (nil: the column has no value yet, so nothing was learned about it).
    case needsHints([ColumnHint?])
}

private let comma = UInt8(ascii: ","), quote = UInt8(ascii: "\""), lf = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")

/// Where a segment's rows go in the final columns.
struct SegmentPlacement: @unchecked Sendable {
    let regions: ColumnRegions
    let rowOffset: Int
    let rows: Int
}

/// Parses rows of an RFC 4180 file in `[start, end)` into typed chunk columns.
struct CSVSegmentParser: @unchecked Sendable { // reads the immutable mapped file only
    let base: UnsafePointer<UInt8>
    let columnCount: Int
    let maxLineBytes: Int

    /// Parses `[start, end)`. With `placement`, rows go straight into the
    /// final columns at `placement.rowOffset`; without it, into owned buffers.
    func parse(start: Int, end: Int, hints: [ColumnHint], placement: SegmentPlacement?) throws(CSVProblem) -> SegmentOutcome {
        let expectedRows = max(16, (end - start) / max(8, columnCount * 6))
        let columns = UnsafeMutablePointer<ChunkColumn>.allocate(capacity: max(columnCount, 1))
        for c in 0..<columnCount {
            let spot = placement.map { $0.regions.placement(column: c, rowOffset: $0.rowOffset, rows: $0.rows) }
            (columns + c).initialize(to: ChunkColumn(hint: hints[c], placement: spot, expectedRows: expectedRows, segmentBytes: end - start))
        }
        let result = SegmentResult(columns: columns, columnCount: columnCount, rowOffset: placement?.rowOffset ?? 0, rows: 0, strayQuote: false)
        var scratch = GrowBuffer<UInt8>()
        defer { scratch.free() }
        do throws(CSVProblem) {
            let outcome = try parseRows(start: start, end: end, into: result, scratch: &scratch)
            if case .parsed(var r) = outcome, let placement {
                r.countMismatch = r.rows != placement.rows || (0..<columnCount).contains { columns[$0].overflowed }
                return .parsed(r)
            }
            return outcome
        } catch {
            result.free()
            throw error
        }
    }

    private func parseRows(start: Int, end: Int, into initial: SegmentResult, scratch: inout GrowBuffer<UInt8>) throws(CSVProblem) -> SegmentOutcome {
        var result = initial
        let columns = result.columns
        var p = base + start
        let e = base + end
        while p < e {
            let first = p.pointee
            if first == lf { p += 1; continue }                        // blank line
            if first == cr, p + 1 < e, p[1] == lf { p += 2; continue }
            let rowStart = p
            var c = 0
            while true {
                var fieldStart = p
                var fieldEnd = p
                var ascii = true
                // Fast path: a number read in the same pass that finds the field's end.
                var stored = false
                if c < columnCount, p < e, let stop = storeNumberInPlace(columns + c, p, e) {
                    stored = true
                    p = stop
                    fieldEnd = stop
                } else if p < e, p.pointee == quote {
                    let open = p
                    p += 1
                    var runStart = p
                    var unescaped = false
                    scratch.removeAll()
                    while true {
                        guard p < e else { throw problem(open, .unterminatedQuote) }
                        let ch = p.pointee
                        if ch == quote {
                            if p + 1 < e, p[1] == quote {
                                scratch.append(contentsOf: runStart, count: p + 1 - runStart)
                                p += 2
                                runStart = p
                                unescaped = true
                                continue
                            }
                            break
                        }
                        if ch == 0 { throw problem(p, .binaryData) }
                        if ch >= 0x80 { ascii = false }
                        p += 1
                    }
                    if unescaped {
                        scratch.append(contentsOf: runStart, count: p - runStart)
                        fieldStart = UnsafePointer(scratch.base.unsafelyUnwrapped)
                        fieldEnd = fieldStart + scratch.count
                    } else {
                        fieldStart = runStart
                        fieldEnd = p
                    }
                    p += 1 // closing quote
                    if p < e, p.pointee != comma, p.pointee != lf, p.pointee != cr {
                        throw problem(p, .textAfterClosingQuote)
                    }
                } else {
                    fieldStart = p
                    while p < e {
                        let ch = p.pointee
                        // Fast path: printable ASCII above ',' is never special.
                        if ch > comma, ch < 0x80 { p += 1; continue }
                        if ch == comma || ch == lf || ch == cr { break }
                        if ch == quote { result.strayQuote = true } else if ch == 0 { throw problem(p, .binaryData) } else if ch >= 0x80 { ascii = false }
                        p += 1
                    }
                    fieldEnd = p
                }
                let endOfRow: Bool
                if p >= e {
                    endOfRow = true
                } else if p.pointee == comma {
                    endOfRow = false
                    p += 1
                } else {
                    endOfRow = true
                    if p.pointee == cr, p + 1 < e, p[1] == lf { p += 2 } else { p += 1 }
                }
                guard c < columnCount else {
                    throw problem(rowStart, .raggedRow(expected: columnCount, found: countFields(rowStart, e)))
                }
                if !ascii, !UTF8Validation.isValid(fieldStart, fieldEnd - fieldStart) {
                    throw problem(rowStart, .invalidUTF8)
                }
                if !stored, let promoted = store(&columns[c], fieldStart, fieldEnd) {
                    var next = result.learnedHints
                    let wanted = ColumnHint(kind: promoted, textMode: false)
                    next[c] = next[c].map { $0.joined(wanted) } ?? wanted
                    result.free()
                    return .needsHints(next)
                }
                c += 1
                if endOfRow { break }
            }
            guard c == columnCount else {
                throw problem(rowStart, .raggedRow(expected: columnCount, found: c))
            }
            if p - rowStart > maxLineBytes { throw problem(rowStart, .lineTooLong(limit: maxLineBytes)) }
            result.rows += 1
        }
        return .parsed(result)
    }

    private func problem(_ at: UnsafePointer<UInt8>, _ reason: CSVError.Reason) -> CSVProblem {
        CSVProblem(offset: at - base, reason: reason)
    }

    /// For int, float and date columns: parses the value at `p` and, when it
    /// ends exactly at a field separator, stores it and returns where it ended.
    @inline(__always)
    private func storeNumberInPlace(_ col: UnsafeMutablePointer<ChunkColumn>, _ p: UnsafePointer<UInt8>, _ e: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
        let kind = col.pointee.kind
        if kind == .float {
            if let (v, stop) = NumberParsing.scanDouble(p, e), stop == e || Self.endsField(stop.pointee) {
                col.pointee.appendFloat(v)
                return stop
            }
        } else if kind == .int {
            if let (v, stop) = NumberParsing.scanInt(p, e), stop == e || Self.endsField(stop.pointee) {
                col.pointee.appendInt(v)
                return stop
            }
        } else if kind == .date {
            if e - p >= 10, p + 10 == e || Self.endsField(p[10]), let v = DateParsing.parse(p, p + 10) {
                col.pointee.appendInt(v)
                return p + 10
            }
        }
        return nil
    }

    @inline(__always)
    private static func endsField(_ b: UInt8) -> Bool { b == comma || b == lf || b == cr }

    /// Stores one field; returns the kind it needs when it does not fit.
    @inline(__always)
    private func store(_ col: inout ChunkColumn, _ s: UnsafePointer<UInt8>, _ e: UnsafePointer<UInt8>) -> ParseKind? {
        if s == e { col.appendMissing(); return nil }
        // Branches, not a switch: a jump table per field mispredicts (measured).
        let kind = col.kind
        if kind == .string {
            if MissingTokens.matches(s, e) { col.appendMissing() } else { col.appendString(s, e - s) }
            return nil
        } else if kind == .float {
            if let v = NumberParsing.parseDouble(s, e) { col.appendFloat(v); return nil }
        } else if kind == .int {
            if let v = NumberParsing.parseInt(s, e) { col.appendInt(v); return nil }
        } else if let v = DateParsing.parse(s, e) {
            col.appendInt(v)
            return nil
        }
        return storeSlow(&col, s, e)
    }

    /// The rare paths: missing tokens, padded numbers, promotions.
    private func storeSlow(_ col: inout ChunkColumn, _ s0: UnsafePointer<UInt8>, _ e0: UnsafePointer<UInt8>) -> ParseKind? {
        if MissingTokens.matches(s0, e0) { col.appendMissing(); return nil }
        var s = s0, e = e0
        while s < e, s.pointee == 0x20 { s += 1 }
        while e > s, (e - 1).pointee == 0x20 { e -= 1 }
        let token = ValueClassifier.classify(s, e)
        if col.nonMissing == 0, token != col.kind {
            col.resetEmpty(to: token)
            return store(&col, s, e)
        }
        switch (col.kind, token) {
        case (.int, .int):
            if let v = NumberParsing.parseInt(s, e) { col.appendInt(v); return nil }
        case (.int, .float):
            col.convertIntsToFloats()
            if let v = NumberParsing.parseDouble(s, e) { col.appendFloat(v); return nil }
        case (.float, .int), (.float, .float):
            if let v = NumberParsing.parseDouble(s, e) { col.appendFloat(v); return nil }
        case (.date, .date):
            if let v = DateParsing.parse(s, e) { col.appendInt(v); return nil }
        default:
            break
        }
        return col.kind.joined(token)
    }

    private func countFields(_ rowStart: UnsafePointer<UInt8>, _ e: UnsafePointer<UInt8>) -> Int {
        RowTokenizer.fields(base: rowStart, end: e).fields.count
    }
}

/// The tokens read as missing (as pandas does by default): NA, N/A, NaN,
/// nan, -NaN, -nan, n/a, null, NULL, None, #N/A. Compared byte by byte:
/// this runs on every text field.
enum MissingTokens {
    @inline(__always)
    static func matches(_ s: UnsafePointer<UInt8>, _ e: UnsafePointer<UInt8>) -> Bool {
        let n = e - s
        if n == 4 {
            let w = UnsafeRawPointer(s).loadUnaligned(as: UInt32.self)
            return w == word("null") || w == word("NULL") || w == word("None")
                || w == word("#N/A") || w == word("-NaN") || w == word("-nan")
        }
        if n == 3 {
            let (a, b, c) = (s[0], s[1], s[2])
            return (a == 0x4E && b == 0x2F && c == 0x41)                               // N/A
                || (a == 0x4E && b == 0x61 && c == 0x4E)                               // NaN
                || (a == 0x6E && b == 0x61 && c == 0x6E)                               // nan
                || (a == 0x6E && b == 0x2F && c == 0x61)                               // n/a
        }
        return n == 2 && s[0] == 0x4E && s[1] == 0x41                                 // NA
    }

    @inline(__always)
    static func word(_ t: StaticString) -> UInt32 {
        let p = t.utf8Start
        return UInt32(p[0]) | UInt32(p[1]) << 8 | UInt32(p[2]) << 16 | UInt32(p[3]) << 24
    }
}

/// The narrowest kind a single token fits.
enum ValueClassifier {
    static func classify(_ s: UnsafePointer<UInt8>, _ e: UnsafePointer<UInt8>) -> ParseKind {
        if NumberParsing.parseInt(s, e) != nil { return .int }
        if NumberParsing.parseDouble(s, e) != nil { return .float }
        if DateParsing.parse(s, e) != nil { return .date }
        return .string
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
