import Dispatch

/// Fits of per-fold steps learned for every fold in one pass over the rows.
/// When the folds partition the labelled rows (k-fold, stratified, group),
/// a fold's training rows are exactly the rows the other folds hold out, so
/// its median or level counts follow from per-fold parts of one pass: each
/// fold still learns from its own training rows only, and gets the very
/// number it would compute alone. Time folds do not partition; they fit
/// fold by fold.
struct FoldBatch {
    /// The labelled rows, ascending, and the fold holding each one out.
    let rows: [Int]
    let heldOutBy: [Int8]
    let folds: Int

    /// Nil unless every labelled row is held out by exactly one fold and each
    /// fold trains on exactly all the others, in ascending order.
    init?(folds: [Fold], labelled: [Int], frameRows: Int) {
        guard folds.count >= 2, folds.count < Int8.max, labelled.count >= Statistics.windowedMinimumRows else { return nil }
        var owner = [Int8](repeating: -1, count: frameRows)
        for (f, fold) in folds.enumerated() {
            guard fold.train.count + fold.valid.count == labelled.count else { return nil }
            for r in fold.valid {
                guard r >= 0, r < frameRows, owner[r] < 0 else { return nil }
                owner[r] = Int8(f)
            }
        }
        guard Self.ascending(labelled) else { return nil }
        var heldOutBy = [Int8](repeating: -1, count: labelled.count)
        for (i, r) in labelled.enumerated() {
            guard r >= 0, r < frameRows, owner[r] >= 0 else { return nil }
            heldOutBy[i] = owner[r]
        }
        // Training rows ascending (a level's first training row is then its first position too),
        // none held out by the fold itself, and as many as the others hold out: exactly those rows.
        for (f, fold) in folds.enumerated() where !Self.trainsOnTheOthers(fold.train, fold: Int8(f), owner: owner) { return nil }
        rows = labelled
        self.heldOutBy = heldOutBy
        self.folds = folds.count
    }

    /// Per fold, the median of `values` over its training rows; nil for a fold
    /// whose middle ranks fall outside the sampled bracket (it then fits alone).
    func medians(_ values: [Double]) -> [Double?] {
        let none = [Double?](repeating: nil, count: folds)
        guard values.count > (rows.last ?? 0), let (lo, hi) = bracket(values) else { return none }
        let parts = pass(values, lo: lo, hi: hi)
        var bands = [Int](repeating: 0, count: 4 * folds)
        var inner = 0
        for part in parts {
            for j in bands.indices { bands[j] += part.bands[j] }
            inner += part.inner.count
        }
        // Each fold gathers the other folds' inner values and selects among them, the folds side by side.
        var medians = none
        let k = folds, totals = bands, innerCount = inner
        medians.withUnsafeMutableBufferPointer { m in
            let out = RowWriter(m)
            DispatchQueue.concurrentPerform(iterations: k) { f in
                var w = MedianWindow(lo: lo, hi: hi)
                for g in 0..<k where g != f {
                    w.below += totals[4 * g]; w.atLo += totals[4 * g + 1]; w.atHi += totals[4 * g + 2]; w.above += totals[4 * g + 3]
                }
                w.inner.reserveCapacity(innerCount)
                for part in parts {
                    for (x, g) in zip(part.inner, part.owners) where g != f { w.inner.append(x) }
                }
                out[f] = w.median()
            }
        }
        return medians
    }

    /// The bracket from a strided sample of all labelled rows. A fold's training
    /// median sits within a few hundred ranks of the overall one, far inside
    /// the ±4 standard deviations of the sample median's rank.
    private func bracket(_ values: [Double]) -> (Double, Double)? {
        let step = max(1, rows.count / Statistics.medianSampleSize)
        var sample: [Double] = []
        sample.reserveCapacity(Statistics.medianSampleSize + 1)
        for i in stride(from: 0, to: rows.count, by: step) where !values[rows[i]].isNaN { sample.append(values[rows[i]]) }
        guard sample.count >= 256 else { return nil }
        sample.sort()
        let margin = 2 * Int(Double(sample.count).squareRoot())
        return (sample[max(0, sample.count / 2 - margin)], sample[min(sample.count - 1, sample.count / 2 + margin)])
    }

    /// One chunk's share of the pass: per holding-out fold the counts below,
    /// at lo, at hi and above the bracket; the values inside with their fold.
    struct Part {
        var bands: [Int]
        var inner: [Double] = []
        var owners: [Int8] = []
    }

    /// One parallel pass over the labelled rows.
    private func pass(_ values: [Double], lo: Double, hi: Double) -> [Part] {
        let chunks = ParallelRows.chunkCount(rows.count), k = folds
        var parts = [Part](repeating: Part(bands: []), count: chunks)
        values.withUnsafeBufferPointer { v in
            rows.withUnsafeBufferPointer { r in
                heldOutBy.withUnsafeBufferPointer { h in
                    let input = RowReader(v), picked = RowReader(r), owner = RowReader(h)
                    parts.withUnsafeMutableBufferPointer { p in
                        let out = RowWriter(p)
                        DispatchQueue.concurrentPerform(iterations: chunks) { c in
                            let range = ParallelRows.chunk(c, of: chunks, count: picked.count)
                            var part = Part(bands: [Int](repeating: 0, count: 4 * k))
                            part.inner.reserveCapacity(range.count / 12)
                            part.owners.reserveCapacity(range.count / 12)
                            part.bands.withUnsafeMutableBufferPointer { b in
                                for i in range {
                                    let x = input[picked[i]], g = 4 * Int(owner[i])
                                    // Without a branch, as in Statistics.windowedMedian.
                                    let isBelow = x < lo, isAbove = x > hi
                                    b[g] &+= Int(unsafeBitCast(isBelow, to: UInt8.self))
                                    b[g + 3] &+= Int(unsafeBitCast(isAbove, to: UInt8.self))
                                    if isBelow || isAbove { continue }
                                    if x == lo { b[g + 1] += 1 } else if x == hi { b[g + 2] += 1 } else if x == x {
                                        part.inner.append(x)
                                        part.owners.append(owner[i])
                                    }
                                }
                            }
                            out[c] = part
                        }
                    }
                }
            }
        }
        return parts
    }

    /// Per fold, each level's count over its training rows and the first
    /// training row holding it (Int.max: none), as `Encoding.topLevels` ranks them.
    /// Nil past `maximumLevels`, where per-fold tallies would cost more than they save.
    func levelCounts(_ codes: [Int32], levelCount: Int) -> [(counts: [Int], firstRows: [Int])]? {
        guard levelCount <= Self.maximumLevels, codes.count > (rows.last ?? 0) else { return nil }
        let chunks = min(ParallelRows.cores, ParallelRows.chunkCount(rows.count)), k = folds
        // Per chunk and fold: a tally row (slot 0 is the missing code -1) and a first-row row.
        let width = levelCount + 1
        var tallies = [Int](repeating: 0, count: chunks * k * width)
        var firsts = [Int](repeating: Int.max, count: chunks * k * width)
        codes.withUnsafeBufferPointer { cb in
            rows.withUnsafeBufferPointer { r in
                heldOutBy.withUnsafeBufferPointer { h in
                    let input = RowReader(cb), picked = RowReader(r), owner = RowReader(h)
                    tallies.withUnsafeMutableBufferPointer { t in
                        firsts.withUnsafeMutableBufferPointer { fb in
                            let tally = RowWriter(t), first = RowWriter(fb)
                            DispatchQueue.concurrentPerform(iterations: chunks) { c in
                                for i in ParallelRows.chunk(c, of: chunks, count: picked.count) {
                                    let slot = Int(input[picked[i]]) &+ 1
                                    guard slot >= 0, slot < width else { continue }
                                    let at = (c * k + Int(owner[i])) * width + slot
                                    tally[at] += 1
                                    // Rows ascend within a chunk: the first one met is the smallest.
                                    if first[at] == Int.max { first[at] = picked[i] }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (0..<k).map { f in
            var counts = [Int](repeating: 0, count: levelCount), firstRows = [Int](repeating: Int.max, count: levelCount)
            for c in 0..<chunks {
                for g in 0..<k where g != f {
                    let base = (c * k + g) * width + 1
                    for level in 0..<levelCount {
                        counts[level] += tallies[base + level]
                        firstRows[level] = min(firstRows[level], firsts[base + level])
                    }
                }
            }
            return (counts, firstRows)
        }
    }

    static let maximumLevels = 1 << 16

    static func trainsOnTheOthers(_ train: [Int], fold: Int8, owner: [Int8]) -> Bool {
        train.withUnsafeBufferPointer { t in
            owner.withUnsafeBufferPointer { o in
                var ok = true
                var last = -1
                for r in t {
                    ok = ok && r > last && r < o.count && o[r] >= 0 && o[r] != fold
                    last = r
                }
                return ok
            }
        }
    }

    static func ascending(_ rows: [Int]) -> Bool {
        rows.withUnsafeBufferPointer { r in
            var ok = true
            for i in r.indices.dropFirst() { ok = ok && r[i - 1] < r[i] }
            return ok
        }
    }
}
