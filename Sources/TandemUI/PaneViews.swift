import TandemData
import TandemSession

/// The Profile and Log panes.
extension Workbench {
    func drawProfile(_ b: inout ScreenBuffer, _ r: Rect) {
        let wide = r.width >= 100, narrow = r.width < 70
        // A narrow screen keeps name, type, missing and the histogram; the summary numbers need the width.
        let header = narrow ? "column       type     missing  histogram" :
            "column           type     missing distinct      mean       std  " + (wide ? "histogram             " : "histogram   ") + "hints"
        b.put(header, x: r.x, y: r.y, role: .title, limit: r.width)
        let top = scroll[.profile] ?? 0
        let columns = context.profile.columns
        for line in 0..<min(r.height - 1, max(0, columns.count - top)) {
            let i = top + line, c = columns[i]
            let y = r.y + 1 + line
            let selected = i == cursor(.profile)
            if selected { b.fill(x: r.x, y: y, width: r.width, height: 1, role: .selected) }
            let num = c.numeric
            let cells = narrow ? [ScreenBuffer.fit(sanitizeForDisplay(c.name, limit: 40), 12), ScreenBuffer.fit(c.kind.rawValue, 8),
                                  pad(String(c.missing), 7)] :
                [ScreenBuffer.fit(sanitizeForDisplay(c.name, limit: 40), 16), ScreenBuffer.fit(c.kind.rawValue, 8),
                 pad(String(c.missing), 7), pad(String(c.distinct), 8), pad(EventText.format(num?.mean), 9), pad(EventText.format(num?.std), 9)]
            var x = r.x + b.put(cells.joined(separator: " "), x: r.x, y: y, role: selected ? .selected : .normal, limit: r.width) + 2
            // Narrow screens merge neighbouring bins: 10 columns instead of 20.
            let counts = c.histogram.map { h in wide ? h.counts : Self.mergePairs(h.counts) }
            let spark = counts.map { ProfileTextReport.sparkline($0, ascii: ascii) } ?? ""
            x += b.put(ScreenBuffer.fit(spark, wide ? 20 : 10), x: x, y: y, role: selected ? .selected : .accent, limit: max(0, r.x + r.width - x)) + 2
            let hints = c.hints.map { $0.kind.rawValue }.joined(separator: ", ")
            b.put(sanitizeForDisplay(hints, limit: 80), x: x, y: y, role: selected ? .selected : .warning, limit: max(0, r.x + r.width - x))
        }
    }

    static func mergePairs(_ counts: [Int]) -> [Int] {
        stride(from: 0, to: counts.count, by: 2).map { i -> Int in
            let next: Int = i + 1 < counts.count ? counts[i + 1] : 0
            return counts[i] + next
        }
    }

    func pad(_ s: String, _ w: Int) -> String { String(repeating: " ", count: max(0, w - ScreenBuffer.columns(s))) + s }

    func drawLog(_ b: inout ScreenBuffer, _ r: Rect) {
        // The score chart: every CV evaluation and test submission so far, as sparklines.
        let cv = session.evaluations.map(\.score), test = session.submissions.map(\.score)
        func recent(_ v: [Double]) -> String { v.suffix(4).map { EventText.format($0) }.joined(separator: " → ") }
        b.put("CV   " + chart(cv) + "  " + recent(cv), x: r.x + 1, y: r.y, role: .accent, limit: r.width - 2)
        b.put("test " + chart(test) + "  " + recent(test), x: r.x + 1, y: r.y + 1, role: .good, limit: r.width - 2)
        let listTop = r.y + 3, height = r.height - 3
        let top = max(0, min(scroll[.log] ?? 0, max(0, events.count - height)))
        let shown = replay?.position ?? events.count
        for line in 0..<min(height, max(0, events.count - top)) {
            let i = top + line
            let e = events[i]
            let selected = i == cursor(.log)
            let role: Role = selected ? .selected : (i >= shown ? .dim : (e.kind == .markerAdded ? .accent : (e.actor == .human ? .normal : .dim)))
            if selected { b.fill(x: r.x, y: listTop + line, width: r.width, height: 1, role: .selected) }
            b.put((e.kind == .markerAdded ? "◆ " : "  ") + EventText.line(e), x: r.x + 1, y: listTop + line, role: role, limit: r.width - 2)
        }
        if events.isEmpty { b.put("no events yet", x: r.x + 1, y: listTop, role: .dim) }
    }

    func chart(_ values: [Double]) -> String {
        guard let lo = values.min(), let hi = values.max() else { return "—" }
        let blocks: [Character] = ascii ? Array(" .:-=+*#") : ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return String(values.suffix(40).map { v in blocks[hi > lo ? Int((v - lo) / (hi - lo) * 7) : 4] })
    }
}
