import Dispatch

/// The median of a column at chosen rows (a fold's training rows), missing
/// values left out, without copying the column. Impute refits it in every
/// fold, so it is the hottest statistic of cross-validation.
extension Statistics {
    /// Below this many rows one histogram pass is as cheap as anything.
    static let windowedMinimumRows = 1 << 15
    static let medianSampleSize = 4096

    /// Median of `values` at `rows`, missing ones left out.
    static func median(_ values: [Double], rows: [Int]) -> Double {
        if rows.count >= windowedMinimumRows, let m = windowedMedian(values, rows: rows) { return m }
        return histogramMedian(values, rows: rows)
    }

    /// A strided sample brackets the middle ranks; one parallel pass then counts
    /// the values below and above the bracket and keeps only those inside it
    /// (a few percent). Nil when the bracket misses a middle rank, which the
    /// exact histogram route then answers.
    static func windowedMedian(_ values: [Double], rows: [Int]) -> Double? {
        values.withUnsafeBufferPointer { v -> Double? in
            rows.withUnsafeBufferPointer { r -> Double? in
                let input = RowReader(v), picked = RowReader(r)
                guard picked.count >= medianSampleSize else { return nil }
                var sample: [Double] = []
                sample.reserveCapacity(medianSampleSize)
                let step = picked.count / medianSampleSize
                for i in 0..<medianSampleSize {
                    let x = input[picked[i * step]]
                    if !x.isNaN { sample.append(x) }
                }
                guard sample.count >= 256 else { return nil }
                sample.sort()
                // The sample median's rank among all values has a standard deviation of
                // about √s/2 sample positions; the bracket spans ±4 of them.
                let margin = 2 * Int(Double(sample.count).squareRoot())
                let lo = sample[max(0, sample.count / 2 - margin)], hi = sample[min(sample.count - 1, sample.count / 2 + margin)]
                var window = Self.window(input, picked, lo: lo, hi: hi, expected: picked.count * (2 * margin + 1) / sample.count)
                return window.median()
            }
        }
    }

    /// The values at rows split into bands around [lo, hi]: counts below, at lo,
    /// at hi and above, and the values strictly between, gathered per chunk.
    private static func window(_ input: RowReader<Double>, _ picked: RowReader<Int>, lo: Double, hi: Double, expected: Int) -> MedianWindow {
        let chunks = ParallelRows.chunkCount(picked.count)
        var parts = [MedianWindow](repeating: MedianWindow(lo: lo, hi: hi), count: chunks)
        parts.withUnsafeMutableBufferPointer { p in
            let out = RowWriter(p)
            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                var w = MedianWindow(lo: lo, hi: hi)
                w.inner.reserveCapacity(expected / chunks * 3 / 2 + 16)
                var below = 0, above = 0
                for i in ParallelRows.chunk(c, of: chunks, count: picked.count) {
                    let x = input[picked[i]]
                    // Counted without a branch: below and above are each about half the rows, in no
                    // order a predictor can learn (a branch here made the pass 3.5x slower).
                    let isBelow = x < lo, isAbove = x > hi
                    below &+= Int(unsafeBitCast(isBelow, to: UInt8.self))
                    above &+= Int(unsafeBitCast(isAbove, to: UInt8.self))
                    if isBelow || isAbove { continue }
                    if x == lo { w.atLo += 1 } else if x == hi { w.atHi += 1 } else if x == x { w.inner.append(x) }
                }
                w.below = below
                w.above = above
                out[c] = w
            }
        }
        var all = MedianWindow(lo: lo, hi: hi)
        all.inner.reserveCapacity(parts.reduce(0) { $0 + $1.inner.count })
        for w in parts {
            all.below += w.below; all.atLo += w.atLo; all.atHi += w.atHi; all.above += w.above
            all.inner += w.inner
        }
        return all
    }

    /// Histogram route: one pass on the top 16 bits of the order-preserving bit
    /// pattern finds the bucket(s) holding the middle ranks, then only those
    /// values are selected among. Exact for any data.
    static func histogramMedian(_ values: [Double], rows: [Int]) -> Double {
        values.withUnsafeBufferPointer { v -> Double in
            rows.withUnsafeBufferPointer { r -> Double in
                let input = RowReader(v), picked = RowReader(r)
                // One histogram per core over its share of the rows, then summed.
                let parts = min(ParallelRows.cores, max(1, r.count / ParallelRows.minimumChunk))
                let buckets = 1 << 16
                var all = [Int](repeating: 0, count: parts * buckets)
                all.withUnsafeMutableBufferPointer { a in
                    let out = RowWriter(a)
                    DispatchQueue.concurrentPerform(iterations: parts) { c in
                        let h = out.base + c * buckets
                        for i in ParallelRows.chunk(c, of: parts, count: picked.count) {
                            let x = input[picked[i]]
                            if !x.isNaN { h[Int(orderKey(x) >> 48)] += 1 }
                        }
                    }
                }
                var histogram = Array(all[0..<buckets])
                for c in 1..<parts { for b in 0..<buckets { histogram[b] += all[c * buckets + b] } }
                let n = histogram.reduce(0, +)
                guard n > 0 else { return .nan }
                let upperRank = n / 2, lowerRank = n % 2 == 1 ? upperRank : upperRank - 1
                // Buckets of the two middle ranks, and how many values lie below the lower one.
                var below = 0, bucket = 0
                while below + histogram[bucket] <= lowerRank { below += histogram[bucket]; bucket += 1 }
                let lowBucket = bucket
                var through = below + histogram[bucket]
                while through <= upperRank { bucket += 1; through += histogram[bucket] }
                let highBucket = bucket
                var candidates: [Double] = []
                candidates.reserveCapacity(through - below)
                for i in 0..<picked.count {
                    let x = input[picked[i]]
                    if x.isNaN { continue }
                    let b = Int(orderKey(x) >> 48)
                    if b >= lowBucket && b <= highBucket { candidates.append(x) }
                }
                let upper = select(&candidates, upperRank - below)
                guard lowerRank != upperRank else { return upper }
                var lower = -Double.infinity
                for i in 0..<(upperRank - below) where candidates[i] > lower { lower = candidates[i] }
                return (lower + upper) / 2
            }
        }
    }

    /// Maps a double to an unsigned key with the same order (negatives flipped).
    @inline(__always) static func orderKey(_ x: Double) -> UInt64 {
        let b = x.bitPattern
        return b & (1 << 63) != 0 ? ~b : b | (1 << 63)
    }
}

/// Present values at rows, banded around a bracket [lo, hi] (NaN counts nowhere).
struct MedianWindow {
    let lo: Double, hi: Double
    var below = 0, atLo = 0, atHi = 0, above = 0
    var inner: [Double] = []

    init(lo: Double, hi: Double) { self.lo = lo; self.hi = hi }

    /// The median when both middle ranks fall inside the bracket, else nil.
    mutating func median() -> Double? {
        let n = below + atLo + inner.count + atHi + above
        guard n > 0 else { return nil }
        let upperRank = n / 2, lowerRank = n % 2 == 1 ? upperRank : upperRank - 1
        guard let upper = value(rank: upperRank) else { return nil }
        if lowerRank == upperRank { return upper }
        // After selecting the upper rank inside `inner`, the lower one is the largest value left of it.
        let k = upperRank - below - atLo
        if k > 0, k < inner.count, lowerRank - below - atLo == k - 1 {
            var lower = -Double.infinity
            for i in 0..<k where inner[i] > lower { lower = inner[i] }
            return (lower + upper) / 2
        }
        guard let lower = value(rank: lowerRank) else { return nil }
        return (lower + upper) / 2
    }

    private mutating func value(rank: Int) -> Double? {
        var r = rank - below
        if r < 0 { return nil }
        if r < atLo { return lo }
        r -= atLo
        if r < inner.count { return Statistics.select(&inner, r) }
        r -= inner.count
        return r < atHi ? hi : nil
    }
}
