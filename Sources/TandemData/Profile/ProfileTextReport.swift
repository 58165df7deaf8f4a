/// The aligned terminal report of `tandem profile`.
public enum ProfileTextReport {
    static let blocks: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
    static let asciiBlocks: [Character] = [".", ":", "-", "=", "+", "*", "#", "@"]

    /// A sparkline of counts, one character a bin.
    public static func sparkline(_ counts: [Int], ascii: Bool = false) -> String {
        let glyphs = ascii ? asciiBlocks : blocks
        guard let top = counts.max(), top > 0 else { return String(repeating: " ", count: counts.count) }
        return String(counts.map { c -> Character in
            if c == 0 { return " " }
            let level = Int((Double(c) / Double(top) * Double(glyphs.count - 1)).rounded(.up))
            return glyphs[min(glyphs.count - 1, max(0, level))]
        })
    }

    public static func render(_ profile: DataProfile, ascii: Bool = false) -> String {
        var out = "\(sanitizeForDisplay(profile.source)): \(grouped(profile.rows)) rows × \(profile.columns.count) columns"
        if let target = profile.target { out += " (target: \(sanitizeForDisplay(target)))" }
        out += "\n\n"
        let headers = ["column", "type", "missing", "distinct", "min", "mean", "max", "std", "histogram / top values"]
        var rows: [[String]] = []
        for c in profile.columns {
            let n = c.numeric
            let shape: String
            if let h = c.histogram { shape = sparkline(h.counts, ascii: ascii) }
            else { shape = c.top.prefix(3).map { "\(sanitizeForDisplay($0.value, limit: 14)) (\(grouped($0.count)))" }.joined(separator: ", ") }
            rows.append([
                sanitizeForDisplay(c.name, limit: 24), c.kind.rawValue,
                c.missing == 0 ? "0" : "\(grouped(c.missing)) (\(ProfileHints.percent(c.missing, c.rows)))",
                grouped(c.distinct),
                n.map { value($0.min, c.kind) } ?? "", n.map { value($0.mean, c.kind) } ?? "",
                n.map { value($0.max, c.kind) } ?? "", n?.std.map { short($0) } ?? "", shape,
            ])
        }
        out += table(headers: headers, rows: rows, rightAligned: [2, 3, 4, 5, 6, 7])
        let hinted = profile.columns.filter { !$0.hints.isEmpty }
        if !hinted.isEmpty {
            out += "\nHints\n"
            for c in hinted { for h in c.hints { out += "  \(sanitizeForDisplay(c.name, limit: 40)): \(sanitizeForDisplay(h.message))\n" } }
        }
        if let target = profile.target, !profile.ranking.isEmpty {
            out += "\nAssociation with \(sanitizeForDisplay(target)) (mutual information, nats; r = Pearson)\n"
            let ranked = profile.ranking.compactMap { profile[$0] }
            let top = ranked.compactMap { $0.association?.mutualInformation }.max() ?? 0
            var lines: [[String]] = []
            for (i, c) in ranked.enumerated() {
                guard let a = c.association else { continue }
                let barWidth = top > 0 ? Int((a.mutualInformation / top * 20).rounded()) : 0
                lines.append(["\(i + 1).", sanitizeForDisplay(c.name, limit: 24), ProfileHints.format(a.mutualInformation, digits: 4),
                              a.correlation.map { "r = " + signed($0) } ?? "", String(repeating: ascii ? "#" : "█", count: barWidth)])
            }
            out += table(headers: nil, rows: lines, rightAligned: [0, 2], indent: "  ")
        }
        return out
    }

    static func table(headers: [String]?, rows: [[String]], rightAligned: Set<Int>, indent: String = "") -> String {
        let all = (headers.map { [$0] } ?? []) + rows
        guard let columns = all.map(\.count).max() else { return "" }
        var widths = [Int](repeating: 0, count: columns)
        for r in all { for (i, cell) in r.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for r in all {
            var line = indent
            for (i, cell) in r.enumerated() {
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                line += rightAligned.contains(i) ? pad + cell : cell + (i == r.count - 1 ? "" : pad)
                if i < r.count - 1 { line += "  " }
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    static func value(_ v: Double, _ kind: ColumnKind) -> String {
        kind == .date ? formatDate(seconds: Int64((v * 86_400).rounded())) : short(v)
    }

    /// Compact number: at most 4 significant decimals.
    static func short(_ v: Double) -> String {
        if v == v.rounded(), abs(v) < 1e12 { return grouped(Int(v)) }
        let digits = abs(v) >= 1000 ? 1 : abs(v) >= 1 ? 3 : 4
        return ProfileHints.format(v, digits: digits)
    }

    static func signed(_ v: Double) -> String { (v >= 0 ? "+" : "") + ProfileHints.format(v, digits: 3) }

    /// 1234567 → "1,234,567".
    public static func grouped(_ n: Int) -> String {
        let s = String(n.magnitude)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0, (s.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }
}
