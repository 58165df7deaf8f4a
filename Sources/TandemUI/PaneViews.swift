import TandemData
import TandemSession

/// The Profile and Log panes.
extension Workbench {
    func drawProfile(_ b: inout ScreenBuffer, _ r: Rect) {
        let wide = r.width >= 100, narrow = r.width < 70
        // A narrow screen keeps name, type, missing and the histogram; the summary numbers need the width.
        let header = narrow ? "column       type     missing  histogram" :
            "column           type     missing distinct      mean       std  " + (wide ? "histogram             " : "histogram   ") + "hints"
        let (head, list) = Split.rows(r, top: 1)
        Paragraph([(header, .title)]).draw(&b, head)
        let rows = shownProfile.columns.map { c -> ListView.Item in
            let num = c.numeric
            let cells = narrow ? [ScreenBuffer.fit(sanitizeForDisplay(c.name, limit: 40), 12), ScreenBuffer.fit(c.kind.rawValue, 8),
                                  pad(String(c.missing), 7)] :
                [ScreenBuffer.fit(sanitizeForDisplay(c.name, limit: 40), 16), ScreenBuffer.fit(c.kind.rawValue, 8),
                 pad(String(c.missing), 7), pad(String(c.distinct), 8), pad(EventText.format(num?.mean), 9), pad(EventText.format(num?.std), 9)]
            // Narrow screens merge neighbouring bins: 10 columns instead of 20.
            let counts = c.histogram.map { h in wide ? h.counts : Self.mergePairs(h.counts) }
            let spark = counts.map { ProfileTextReport.sparkline($0, ascii: ascii) } ?? ""
            let hints = c.hints.map { $0.kind.rawValue }.joined(separator: ", ")
            return ListView.Item(spans: [.init(text: cells.joined(separator: " ")), .init(text: "  "),
                                         .init(text: ScreenBuffer.fit(spark, wide ? 20 : 10), role: .accent), .init(text: "  "),
                                         .init(text: sanitizeForDisplay(hints, limit: 80), role: .warning)])
        }
        ListView(items: rows, selected: cursor(.profile), top: scroll[.profile] ?? 0).draw(&b, list, indent: 0)
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
        let (scores, timeline) = Split.rows(r, top: 3)
        Paragraph([("CV   " + chart(cv) + "  " + recent(cv), .accent), ("test " + chart(test) + "  " + recent(test), .good)],
                  indent: 1, margin: 1).draw(&b, scores)
        let shown = replay?.position ?? events.count
        let rows = events.enumerated().map { i, e in
            let role: Role = i >= shown ? .dim : (e.kind == .markerAdded ? .accent : (e.actor == .human ? .normal : .dim))
            return ListView.Item(text: (e.kind == .markerAdded ? "◆ " : "  ") + EventText.line(e, ascii: ascii), role: role)
        }
        ListView(items: rows, selected: cursor(.log), top: scroll[.log] ?? 0).draw(&b, timeline, indent: 1, margin: 1)
        if events.isEmpty { Paragraph([("no events yet", .dim)], indent: 1).draw(&b, timeline) }
    }

    func chart(_ values: [Double]) -> String {
        guard let lo = values.min(), let hi = values.max() else { return "—" }
        let blocks: [Character] = ascii ? Array(" .:-=+*#") : ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
        return String(values.suffix(40).map { v in blocks[hi > lo ? Int((v - lo) / (hi - lo) * 7) : 4] })
    }
}
