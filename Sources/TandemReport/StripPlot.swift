import Foundation

/// A challenge's strip plot for the study report: one row for the human–AI sessions and one per AI-only arm, one mark
/// per session at its hidden-test score (a circle for a human–AI session, a diamond for an AI-only one), the human–AI
/// median as a tick, and a labelled score axis that says which way is better.
enum StripPlot {
    static let width = 720.0, rowHeight = 34.0
    static let left = 130.0, right = 24.0, top = 12.0, bottom = 46.0

    static func svg(_ c: StudyReport.Challenge) -> String {
        let rows: [(label: String, scores: [StudyReport.SessionScore], human: Bool)] =
            [("human–AI", c.humanAI.scores, true)] + c.arms.map { ("AI-only \($0.agent)", $0.scores, false) }
        let all = rows.flatMap { $0.scores.map(\.test) }.filter(\.isFinite)
        guard let minimum = all.min(), let maximum = all.max() else { return "<p>No session of this challenge has a hidden-test score.</p>\n" }
        let pad = maximum - minimum > 1e-12 ? (maximum - minimum) * 0.05 : max(abs(maximum) * 0.05, 0.01)
        let lo = minimum - pad, hi = maximum + pad
        let plotW = width - left - right, plotH = Double(rows.count) * rowHeight
        let height = top + plotH + bottom
        func x(_ v: Double) -> Double { left + (v - lo) / (hi - lo) * plotW }
        func rowY(_ i: Int) -> Double { top + (Double(i) + 0.5) * rowHeight }
        let name = HTMLTranscript.escape(c.challenge, limit: 80)
        var svg = "<svg class=\"strip\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"hidden-test scores of \(name) by session\">\n"
        let axis = "stroke=\"#444\" stroke-width=\"1\""
        svg += f("<line class=\"axis x\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" \(axis)/>\n", left, top + plotH, left + plotW, top + plotH)
        svg += f("<line class=\"axis y\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" \(axis)/>\n", left, top, left, top + plotH)
        for i in 0...4 {
            let v = lo + (hi - lo) * Double(i) / 4
            svg += f("<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n", x(v), top, x(v), top + plotH)
            svg += f("<text class=\"tick x\" x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">%.4f</text>\n", x(v), top + plotH + 14, v)
        }
        let metric = HTMLTranscript.escape(c.metric ?? "score", limit: 40)
        let direction = c.higherIsBetter.map { $0 ? " (higher is better →)" : " (← lower is better)" } ?? ""
        svg += f("<text class=\"label x\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">hidden-test \(metric)\(direction)</text>\n",
                 left + plotW / 2, height - 8)
        for (i, row) in rows.enumerated() {
            let y = rowY(i)
            svg += f("<text class=\"label y\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">", left - 8, y + 4)
                + HTMLTranscript.escape(row.label, limit: 40) + "</text>\n"
            for (j, s) in row.scores.enumerated() where s.test.isFinite {
                // Spread within the row so equal scores stay visible; the offset depends only on the order, never on chance.
                let dy = (Double(j % 5) - 2) * rowHeight * 0.12
                let who = HTMLTranscript.escape((s.participant ?? String(s.session.prefix(8))) + f(": %.4f", s.test), limit: 120)
                if row.human {
                    svg += f("<circle class=\"session human-ai\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\" ", x(s.test), y + dy)
                        + "fill=\"#a50\" fill-opacity=\"0.6\">"
                        + "<title>\(who)</title></circle>\n"
                } else {
                    let cx = x(s.test)
                    svg += f("<path class=\"session ai-only\" d=\"M%.1f %.1fl6 6l-6 6l-6 -6z\" fill=\"#05a\">", cx, y - 6)
                        + "<title>\(who)</title></path>\n"
                }
            }
            if row.human, let m = c.humanAI.median {
                svg += f("<line class=\"median\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\" stroke-width=\"2\">",
                         x(m), y - rowHeight * 0.4, x(m), y + rowHeight * 0.4) + f("<title>median %.4f</title></line>\n", m)
            }
        }
        return svg + "</svg>\n"
    }

    private static func f(_ format: String, _ args: CVarArg...) -> String { String(format: format, arguments: args) }
}
