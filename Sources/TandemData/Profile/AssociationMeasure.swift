/// Association between a column and the target: mutual information over
/// bins (numbers in up to ten quantile bins, categories by level, missing as
/// its own bin) and, for two numeric columns, Pearson correlation.
enum AssociationMeasure {
    static let quantileBins = 10
    static let maxLevels = 30

    struct Bins {
        var codes: [Int32]    // per row; -1 never appears (missing has its own bin)
        var count: Int
    }

    static func bins(for column: Column) -> Bins? {
        switch column.storage {
        case .int, .float, .date:
            let sorted = Profiler.numericValues(column).sorted()
            guard !sorted.isEmpty else { return nil }
            var cuts: [Double] = []
            for k in 1..<quantileBins {
                let c = Profiler.quantile(sorted, Double(k) / Double(quantileBins))
                if cuts.last != c { cuts.append(c) }
            }
            let missingBin = Int32(cuts.count + 1)
            var codes = [Int32](repeating: 0, count: column.count)
            for i in 0..<column.count {
                guard let v = column.double(at: i), !v.isNaN else { codes[i] = missingBin; continue }
                var lo = 0, hi = cuts.count
                while lo < hi { let mid = (lo + hi) / 2; if v > cuts[mid] { lo = mid + 1 } else { hi = mid } }
                codes[i] = Int32(lo)
            }
            return Bins(codes: codes, count: cuts.count + 2)
        case .category(let codes, let levels):
            var counts = [Int](repeating: 0, count: levels.count)
            for i in 0..<codes.count where codes.base[i] >= 0 { counts[Int(codes.base[i])] += 1 }
            // The most frequent levels keep their own bin; the rest share one.
            let keep = counts.enumerated().sorted { $0.element > $1.element }.prefix(maxLevels).map(\.offset)
            var map = [Int32](repeating: Int32(maxLevels), count: levels.count)
            for (bin, level) in keep.enumerated() { map[level] = Int32(bin) }
            var out = [Int32](repeating: Int32(maxLevels + 1), count: codes.count)
            for i in 0..<codes.count where codes.base[i] >= 0 { out[i] = map[Int(codes.base[i])] }
            return Bins(codes: out, count: maxLevels + 2)
        case .text:
            return nil
        }
    }

    static func association(_ column: Column, targetBins: Bins?, target: Column) -> TargetAssociation? {
        guard let targetBins, let featureBins = bins(for: column) else { return nil }
        let mi = mutualInformation(featureBins, targetBins)
        var r: Double? = nil
        if column.kind != .category, target.kind != .category, target.kind != .text { r = pearson(column, target) }
        return TargetAssociation(mutualInformation: mi, correlation: r)
    }

    static func mutualInformation(_ a: Bins, _ b: Bins) -> Double {
        var joint = [Int](repeating: 0, count: a.count * b.count)
        var ca = [Int](repeating: 0, count: a.count), cb = [Int](repeating: 0, count: b.count)
        let n = min(a.codes.count, b.codes.count)
        guard n > 0 else { return 0 }
        for i in 0..<n {
            let x = Int(a.codes[i]), y = Int(b.codes[i])
            joint[x * b.count + y] += 1
            ca[x] += 1; cb[y] += 1
        }
        var mi = 0.0
        let total = Double(n)
        for x in 0..<a.count where ca[x] > 0 {
            for y in 0..<b.count {
                let j = joint[x * b.count + y]
                guard j > 0 else { continue }
                let pxy = Double(j) / total
                mi += pxy * log(pxy / (Double(ca[x]) / total * Double(cb[y]) / total))
            }
        }
        return max(0, mi)
    }

    /// Pearson correlation over rows where both are present (two passes,
    /// so large offsets do not cancel); nil without spread.
    static func pearson(_ x: Column, _ y: Column) -> Double? {
        let rows = min(x.count, y.count)
        var n = 0.0, sx = 0.0, sy = 0.0
        for i in 0..<rows {
            guard let a = x.double(at: i), let b = y.double(at: i), !a.isNaN, !b.isNaN else { continue }
            n += 1; sx += a; sy += b
        }
        guard n > 1 else { return nil }
        let mx = sx / n, my = sy / n
        var sxx = 0.0, syy = 0.0, sxy = 0.0
        for i in 0..<rows {
            guard let a = x.double(at: i), let b = y.double(at: i), !a.isNaN, !b.isNaN else { continue }
            sxx += (a - mx) * (a - mx); syy += (b - my) * (b - my); sxy += (a - mx) * (b - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
