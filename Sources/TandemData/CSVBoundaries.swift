#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch

/// Splits the data part of a file into segments of whole rows so several
/// threads can parse at once.
///
/// Pass 1 counts quotes per nominal chunk (in parallel); their prefix
/// parity says whether each chunk starts inside a quoted field. Pass 2
/// finds, from each chunk's start, the first line break outside quotes.
/// Valid for RFC 4180 files; a stray quote inside an unquoted field is
/// reported by the parser and the reader then parses sequentially.
enum CSVBoundaries {
    static func quoteCount(_ p: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var count = 0
        var q = UnsafeRawPointer(p)
        var remaining = n
        while remaining > 0, let hit = memchr(q, 0x22, remaining) {
            let hitPtr = UnsafeRawPointer(hit)
            count += 1
            remaining -= hitPtr - q + 1
            q = hitPtr + 1
        }
        return count
    }

    /// First offset after a line break outside quotes within `[from, to)`, or nil.
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

    /// Row-aligned segment starts for `[dataStart, size)`, beginning with
    /// `dataStart`. Throws `lineTooLong` when no line break appears within
    /// `maxLineBytes` plus one chunk.
    /// The first chunk is small: it is parsed alone, to learn the column
    /// kinds, while the other core waits.
    static let learningChunkBytes = 256 << 10

    static func segments(base: UnsafePointer<UInt8>, dataStart: Int, size: Int, chunkBytes: Int, maxLineBytes: Int) throws(CSVProblem) -> [Range<Int>] {
        let span = size - dataStart
        guard span > chunkBytes else { return [dataStart..<size] }
        // Nominal chunk k covers [nominal[k], nominal[k + 1]).
        var bounds = [dataStart, dataStart + min(learningChunkBytes, chunkBytes)]
        while bounds[bounds.count - 1] < size { bounds.append(min(size, bounds[bounds.count - 1] + chunkBytes)) }
        let nominal = bounds
        let chunks = nominal.count - 1
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: chunks)
        defer { counts.deallocate() }
        let countsBase = counts.baseAddress.unsafelyUnwrapped
        let sendableBase = SendablePointer(base), sendableCounts = SendablePointer(countsBase)
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            sendableCounts.pointer[k] = quoteCount(sendableBase.pointer + nominal[k], nominal[k + 1] - nominal[k])
        }
        var inQuotesAt = [Bool](repeating: false, count: chunks)
        var parity = false
        for k in 0..<chunks { inQuotesAt[k] = parity; if counts[k] & 1 == 1 { parity.toggle() } }
        let starts = UnsafeMutableBufferPointer<Int>.allocate(capacity: chunks)
        defer { starts.deallocate() }
        let sendableStarts = SendablePointer(starts.baseAddress.unsafelyUnwrapped)
        let quoteState = inQuotesAt
        DispatchQueue.concurrentPerform(iterations: chunks) { k in
            if k == 0 { sendableStarts.pointer[0] = dataStart; return }
            sendableStarts.pointer[k] = firstRowStart(sendableBase.pointer, from: nominal[k], to: nominal[k + 1], inQuotes: quoteState[k]) ?? -1
        }
        var result: [Range<Int>] = []
        var current = dataStart
        var lastBreakChunk = 0 // the last chunk that holds a row start
        for k in 1..<chunks {
            if starts[k] < 0 {
                if nominal[k + 1] - nominal[lastBreakChunk + 1] > maxLineBytes {
                    throw CSVProblem(offset: longRowStart(base, before: nominal[lastBreakChunk + 1], from: current), reason: .lineTooLong(limit: maxLineBytes))
                }
                continue
            }
            lastBreakChunk = k
            if starts[k] < size, starts[k] > current { result.append(current..<starts[k]); current = starts[k] }
        }
        if size - current > maxLineBytes + chunkBytes {
            throw CSVProblem(offset: longRowStart(base, before: size, from: current), reason: .lineTooLong(limit: maxLineBytes))
        }
        if current < size { result.append(current..<size) }
        return result
    }
}

extension CSVBoundaries {
    /// Where the over-long row begins: just after the last line break before `before` (for the error's line number).
    static func longRowStart(_ base: UnsafePointer<UInt8>, before: Int, from: Int) -> Int {
        var i = before - 1
        while i >= from { if base[i] == 0x0A { return i + 1 }; i -= 1 }
        return from
    }
}

/// Lets a raw pointer cross into `concurrentPerform`; each index writes a distinct slot.
struct SendablePointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ p: UnsafeMutablePointer<T>) { pointer = p }
    init(_ p: UnsafePointer<T>) { pointer = UnsafeMutablePointer(mutating: p) }
}
