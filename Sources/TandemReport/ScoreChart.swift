import Foundation
import TandemSession

/// The session transcript's score chart (issue 20, item 4): CV (line) and test (dots) by event number against the
/// AI-only run's (dashed), with labelled axes, and a mark for each flag and each rejection, where the human stepped in.
enum ScoreChart {
    static let width = 640.0, height = 260.0
    static let left = 64.0, right = 120.0, top = 16.0, bottom = 40.0

    static func svg(events: [SessionEvent], state: SessionState, aiOnly: SessionState?, metric: String?) -> String {
        let series: [(String, [ScorePoint], String)] = [
            ("CV", state.evaluations, "#05a"), ("test", state.submissions, "#a50"),
            ("AI-only CV", aiOnly?.evaluations ?? [], "#888"), ("AI-only test", aiOnly?.submissions ?? [], "#bbb"),
        ]
        let all = series.flatMap { $0.1 }
        guard !all.isEmpty else { return "<p>No scores were logged.</p>\n" }
        let lo = all.map(\.score).min() ?? 0, hi = all.map(\.score).max() ?? 1
        let span = hi - lo > 1e-12 ? hi - lo : 1
        let lastSeq = max(events.last?.seq ?? 1, all.map(\.seq).max() ?? 1, 1)
        let plotW = width - left - right, plotH = height - top - bottom
        func x(_ seq: Int) -> Double { left + Double(seq) / Double(lastSeq) * plotW }
        func y(_ v: Double) -> Double { top + plotH - (v - lo) / span * plotH }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-label=\"scores by event number\">\n"
        // Axes, their ticks and their labels.
        let axis = "stroke=\"#444\" stroke-width=\"1\""
        svg += f("<line class=\"axis x\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" \(axis)/>\n", left, top + plotH, left + plotW, top + plotH)
        svg += f("<line class=\"axis y\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" \(axis)/>\n", left, top, left, top + plotH)
        for seq in Set([0, lastSeq / 2, lastSeq]).sorted() {
            svg += f("<text class=\"tick x\" x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">\(seq)</text>\n", x(seq), top + plotH + 14)
        }
        for v in [lo, (lo + hi) / 2, hi] {
            svg += f("<text class=\"tick y\" x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%.4f</text>\n", left - 4, y(v) + 3, v)
        }
        svg += f("<text class=\"label x\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\">event number</text>\n",
                 left + plotW / 2, height - 6)
        let yLabel = HTMLTranscript.escape(metric.map { "score (\($0))" } ?? "score", limit: 60)
        svg += f("<text class=\"label y\" x=\"12\" y=\"%.1f\" font-size=\"11\" text-anchor=\"middle\" transform=\"rotate(-90 12 %.1f)\">\(yLabel)</text>\n",
                 top + plotH / 2, top + plotH / 2)
        // Where the human stepped in: a flag (a dashed red line) and a rejection (an orange one).
        for e in events {
            let (kind, colour): (String, String)
            switch e.kind {
            case .documentFlagged: (kind, colour) = ("flag", "#c00")
            case .stepRejected: (kind, colour) = ("reject", "#e80")
            default: continue
            }
            let what = HTMLTranscript.escape("\(kind) at event \(e.seq)" + (e.payload.document.map { ": \($0)" } ?? ""), limit: 120)
            svg += f("<line class=\"mark \(kind)\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"\(colour)\" stroke-dasharray=\"2 2\">",
                     x(e.seq), top, x(e.seq), top + plotH) + "<title>\(what)</title></line>\n"
        }
        // The legend lists the series drawn, one under the other, then the two marks.
        var legendY = top + 12
        for (name, points, colour) in series where !points.isEmpty {
            let dash = name.hasPrefix("AI-only") ? " stroke-dasharray=\"4 3\"" : ""
            let coords = points.map { f("%.1f,%.1f", x($0.seq), y($0.score)) }.joined(separator: " ")
            svg += "<polyline class=\"series\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash) points=\"\(coords)\"/>\n"
            for p in points { svg += f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" ", x(p.seq), y(p.score)) + "fill=\"\(colour)\"/>\n" }
            svg += f("<text class=\"legend\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"\(colour)\">\(name)</text>\n",
                     left + plotW + 10, legendY)
            legendY += 14
        }
        svg += f("<text class=\"legend\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#c00\">flag</text>\n", left + plotW + 10, legendY)
        svg += f("<text class=\"legend\" x=\"%.1f\" y=\"%.1f\" font-size=\"11\" fill=\"#e80\">rejection</text>\n", left + plotW + 10, legendY + 14)
        return svg + "</svg>\n"
    }

    private static func f(_ format: String, _ args: CVarArg...) -> String { String(format: format, arguments: args) }
}
