#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// One pass over the data, in parallel, that yields row-aligned segments
/// and each segment's row count, so every segment can be parsed on its own
/// core straight into final column memory.
///
/// Each nominal chunk is scanned once, hopping between quotes and line
/// breaks with memchr, counting line breaks separately at even and odd
/// local quote parity. Once the prefix parity of the chunks says whether a
/// chunk starts inside a quoted field, the matching counts are the row
/// ends. Valid for RFC 4180; a stray quote inside an unquoted field, or
/// rows ending in a lone CR, make the parser's row count differ, and the
/// reader then parses sequentially.
enum CSVSplit {
    struct Segment: Equatable {
        var range: Range<Int>
        var rows: Int
    }

    /// What one chunk scan found, for both possible starting states.
    struct ChunkScan {
        var quotes = 0
        /// Line breaks (and those ending blank lines) at even / odd local parity.
        var breaks = (0, 0)
        var blanks = (0, 0)
        /// The first line break at each parity, and whether it ends a blank line.
        var first: (Int?, Int?) = (nil, nil)
        var firstBlank = (false, false)

        func breaks(startingInQuotes: Bool) -> Int { startingInQuotes ? breaks.1 : breaks.0 }
        func blanks(startingInQuotes: Bool) -> Int { startingInQuotes ? blanks.1 : blanks.0 }
        func first(startingInQuotes: Bool) -> Int? { startingInQuotes ? first.1 : first.0 }
        func firstBlank(startingInQuotes: Bool) -> Bool { startingInQuotes ? firstBlank.1 : firstBlank.0 }
    }

    /// The first learning chunk is small: it is parsed alone, to learn the
    /// column kinds, while the other cores wait.
    static let learningChunkBytes = 256 << 10

    static func scan(_ base: UnsafePointer<UInt8>, from: Int, to: Int, dataStart: Int) -> ChunkScan {
        var s = ChunkScan()
        func offset(_ hit: UnsafeMutableRawPointer?) -> Int { hit.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? to }
        var nextQuote = offset(memchr(base + from, 0x22, to - from))
        var nextBreak = offset(memchr(base + from, 0x0A, to - from))
        var odd = false
        while nextQuote < to || nextBreak < to {
            if nextQuote < nextBreak {
                s.quotes += 1
                odd.toggle()
                nextQuote = offset(memchr(base + nextQuote + 1, 0x22, to - nextQuote - 1))
            } else {
                let p = nextBreak
                // Blank: the line ending here is empty or a lone CR (no quote between, so same parity).
                let blank = p > dataStart && (base[p - 1] == 0x0A || (base[p - 1] == 0x0D && p - 1 > dataStart && base[p - 2] == 0x0A))
                if odd {
                    if s.first.1 == nil { s.first.1 = p; s.firstBlank.1 = blank }
                    s.breaks.1 += 1
                    if blank { s.blanks.1 += 1 }
                } else {
                    if s.first.0 == nil { s.first.0 = p; s.firstBlank.0 = blank }
                    s.breaks.0 += 1
                    if blank { s.blanks.0 += 1 }
                }
                nextBreak = offset(memchr(base + p + 1, 0x0A, to - p - 1))
            }
        }
        return s
    }

    /// `release` is handed each chunk once scanned: the file's pages need
    /// not stay in the process until the parse reads them again.
    static func segments(base: UnsafePointer<UInt8>, dataStart: Int, size: Int, chunkBytes: Int, maxLineBytes: Int,
                         release: (@Sendable (Range<Int>) -> Void)? = nil) throws(CSVProblem) -> [Segment] {
        var bounds = [dataStart]
        if size - dataStart > chunkBytes { bounds.append(dataStart + min(learningChunkBytes, chunkBytes)) }
        while bounds[bounds.count - 1] < size { bounds.append(min(size, bounds[bounds.count - 1] + chunkBytes)) }
        let nominal = bounds
        let chunks = nominal.count - 1
        let scans = ParallelSlots<ChunkScan>(count: chunks)
        let sendableBase = SendablePointer(base)
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            scans.set(k, scan(sendableBase.pointer, from: nominal[k], to: nominal[k + 1], dataStart: dataStart))
            release?(nominal[k]..<nominal[k + 1])
        }
        let all = scans.all()
        var inQuotes = false
        var result: [Segment] = []
        var start = dataStart, rows = 0
        var lastBoundaryChunk = 0
        for k in 0..<chunks {
            let s = all[k]
            defer { if s.quotes & 1 == 1 { inQuotes.toggle() } }
            let rowEnds = s.breaks(startingInQuotes: inQuotes) - s.blanks(startingInQuotes: inQuotes)
            guard k > 0, let firstBreak = s.first(startingInQuotes: inQuotes) else {
                rows += rowEnds
                if k > 0, nominal[k + 1] - nominal[lastBoundaryChunk + 1] > maxLineBytes {
                    throw CSVProblem(offset: longRowStart(base, before: nominal[lastBoundaryChunk + 1], from: start), reason: .lineTooLong(limit: maxLineBytes))
                }
                continue
            }
            // The first break of this chunk ends the previous segment's last row.
            rows += s.firstBlank(startingInQuotes: inQuotes) ? 0 : 1
            if firstBreak + 1 < size {
                result.append(Segment(range: start..<(firstBreak + 1), rows: rows))
                start = firstBreak + 1
                rows = rowEnds - (s.firstBlank(startingInQuotes: inQuotes) ? 0 : 1)
            } else {
                rows += rowEnds - (s.firstBlank(startingInQuotes: inQuotes) ? 0 : 1)
            }
            lastBoundaryChunk = k
        }
        // A last row without a line break still counts, unless it is blank.
        let trailing = size > start && base[size - 1] != 0x0A && !(size - 1 == start && base[start] == 0x0D)
        if trailing { rows += 1 }
        if size - start > maxLineBytes + chunkBytes {
            throw CSVProblem(offset: longRowStart(base, before: size, from: start), reason: .lineTooLong(limit: maxLineBytes))
        }
        if start < size { result.append(Segment(range: start..<size, rows: rows)) }
        return result
    }

    /// (Stops at the first one, unlike `scan`.) First offset after a line break outside quotes within `[from, to)`, or nil.
    static func firstRowStart(_ base: UnsafePointer<UInt8>, from: Int, to: Int, inQuotes: Bool) -> Int? {
        var quoted = inQuotes
        var i = from
        while i < to {
            if quoted {
                guard let hit = memchr(base + i, 0x22, to - i) else { return nil }
                i = UnsafeRawPointer(hit) - UnsafeRawPointer(base) + 1
                quoted = false
            } else {
                let n = to - i
                let nl = memchr(base + i, 0x0A, n).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? to
                let qt = memchr(base + i, 0x22, nl - i).map { UnsafeRawPointer($0) - UnsafeRawPointer(base) }
                if let qt {
                    i = qt + 1
                    quoted = true
                } else if nl < to {
                    return nl + 1
                } else {
                    return nil
                }
            }
        }
        return nil
    }


    /// Where an over-long row begins: just after the last line break before
    /// `before` (for the error's line number).
    static func longRowStart(_ base: UnsafePointer<UInt8>, before: Int, from: Int) -> Int {
        var i = before - 1
        while i >= from { if base[i] == 0x0A { return i + 1 }; i -= 1 }
        return from
    }
}

/// Lets the mapped file's base pointer cross into `concurrentPerform` (read only).
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafePointer<T>
    init(_ p: UnsafePointer<T>) { pointer = p }
}
