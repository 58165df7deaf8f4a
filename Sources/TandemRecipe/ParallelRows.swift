import Dispatch
import Foundation

/// Column-length loops split into contiguous row chunks across the cores.
/// Each chunk writes only its own rows, so the result is exactly the
/// sequential loop's; short columns run on the calling thread.
enum ParallelRows {
    static let minimumChunk = 1 << 16
    static let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)

    static func chunkCount(_ count: Int) -> Int {
        cores > 1 ? max(1, min(cores * 4, count / minimumChunk)) : 1
    }

    static func chunk(_ c: Int, of chunks: Int, count: Int) -> Range<Int> {
        (count * c / chunks)..<(count * (c + 1) / chunks)
    }

    /// Runs `body` on disjoint row ranges covering `0..<count`, in parallel.
    static func forEach(count: Int, _ body: @Sendable (Range<Int>) -> Void) {
        let chunks = chunkCount(count)
        guard chunks > 1 else { body(0..<count); return }
        DispatchQueue.concurrentPerform(iterations: chunks) { c in body(chunk(c, of: chunks, count: count)) }
    }

    /// A new array whose rows `fill` writes chunk by chunk; `fill` must write every row of its range.
    static func doubles(count: Int, _ fill: @Sendable (Range<Int>, RowWriter<Double>) -> Void) -> [Double] {
        [Double](unsafeUninitializedCapacity: count) { out, initialized in
            let writer = RowWriter(out)
            forEach(count: count) { fill($0, writer) }
            initialized = count
        }
    }

    /// A new array of codes, `code(row)` for every row, in parallel chunks.
    static func codes(count: Int, _ code: @Sendable (Int) -> Int32) -> [Int32] {
        [Int32](unsafeUninitializedCapacity: count) { out, initialized in
            let writer = RowWriter(out)
            forEach(count: count) { range in for r in range { writer[r] = code(r) } }
            initialized = count
        }
    }

    /// `transform` applied to every value, in parallel chunks.
    static func map(_ values: [Double], _ transform: @Sendable (Double) -> Double) -> [Double] {
        values.withUnsafeBufferPointer { v in
            let input = RowReader(v)
            return doubles(count: v.count) { range, out in
                for i in range { out[i] = transform(input[i]) }
            }
        }
    }

    /// `transform` of each category code, in parallel chunks.
    static func map(_ codes: [Int32], _ transform: @Sendable (Int32) -> Double) -> [Double] {
        codes.withUnsafeBufferPointer { v in
            let input = RowReader(v)
            return doubles(count: v.count) { range, out in
                for i in range { out[i] = transform(input[i]) }
            }
        }
    }
}

/// Rows of an output buffer; each parallel chunk writes only its own rows.
struct RowWriter<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
    init(_ buffer: UnsafeMutableBufferPointer<T>) { base = buffer.baseAddress ?? UnsafeMutablePointer(bitPattern: 16).unsafelyUnwrapped }
    @inline(__always) subscript(i: Int) -> T {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

/// Read-only rows shared by the parallel chunks.
struct RowReader<T>: @unchecked Sendable {
    let base: UnsafePointer<T>
    var count: Int
    init(_ buffer: UnsafeBufferPointer<T>) {
        base = buffer.baseAddress ?? UnsafePointer(bitPattern: 16).unsafelyUnwrapped
        count = buffer.count
    }
    @inline(__always) subscript(i: Int) -> T { base[i] }
}
