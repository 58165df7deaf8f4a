import Foundation
import TandemData
import TandemRecipe
import TandemSession

/// One self-contained HTML file: no scripts, no external assets; an inline
/// SVG chart of CV and test score over the session beside the AI-only run.
enum HTMLTranscript {
    static func escape(_ s: String, limit: Int = 400) -> String {
        TranscriptExporter.escaped(s, limit: limit) { TranscriptExporter.htmlEntities[$0] }
    }

    static func render(info: SessionInfo, events: [SessionEvent], aiOnly: [SessionEvent]?, headHash: String? = nil) -> String {
        let state = SessionState.fold(events)
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>tandem session \(escape(info.id))</title>
        <style>body{font:14px/1.4 sans-serif;max-width:60em;margin:2em auto;color:#222}td,th{padding:2px 8px;text-align:left;vertical-align:top}
        tr:nth-child(even){background:#f4f4f4}.agent{color:#05a}.human{color:#a50}.system{color:#666}code{font-size:12px}</style></head><body>
        <h1>Session \(escape(info.id))</h1>
        <p>Challenge <b>\(escape(info.challengeId))</b>, \(escape(info.mode)), agent \(escape(info.agent)), seed \(info.seed), \(events.count) events.</p>

        """
        if let headHash {
            html += "<p>Head hash <code>\(escape(headHash))</code> (the hash of event \(events.count); the JSONL export carries the chain).</p>\n"
        }
        html += "<h2>Scores</h2>\n" + chart(state: state, aiOnly: aiOnly.map { SessionState.fold($0) })
        html += "<h2>Final recipe</h2>\n<ol>\n"
        for s in state.recipe.steps {
            let cites = s.documents.isEmpty ? "" : " cites \(escape(s.documents.joined(separator: ", ")))"
            html += "<li><code>\(escape(TranscriptExporter.describe(s)))</code>" + cites + "</li>\n"
        }
        html += "</ol>\n<h2>Events</h2>\n<table><tr><th>#</th><th>actor</th><th>kind</th><th>detail</th></tr>\n"
        var proposals: [String: RecipeStep] = [:]
        for e in events {
            var detail = EventText.detail(e, proposals: proposals, namingColumn: true)
            if case .agentProposed(let p) = e.payload {
                detail = (p.stage.map { $0.rawValue + " · " } ?? "") + detail
                for pr in p.offered {
                    proposals[pr.id] = pr.step
                    detail += " [\(pr.id)] " + TranscriptExporter.describe(pr.step) + (pr.step.rationale.map { ": \($0)" } ?? "")
                }
            }
            html += "<tr><td>\(e.seq)</td><td class=\"\(e.actor.rawValue)\">\(e.actor.rawValue)</td><td>\(e.kind.rawValue)</td>"
                + "<td>\(escape(detail, limit: 2000))</td></tr>\n"
        }
        return html + "</table>\n</body></html>\n"
    }

    /// CV (line) and test (dots) by event number; the AI-only run dashed.
    static func chart(state: SessionState, aiOnly: SessionState?) -> String {
        let series: [(String, [ScorePoint], String)] = [
            ("CV", state.evaluations, "#05a"), ("test", state.submissions, "#a50"),
            ("AI-only CV", aiOnly?.evaluations ?? [], "#888"), ("AI-only test", aiOnly?.submissions ?? [], "#bbb"),
        ]
        let all = series.flatMap { $0.1 }
        guard !all.isEmpty else { return "<p>No scores were logged.</p>\n" }
        let w = 600.0, h = 200.0, pad = 30.0
        let lo = all.map(\.score).min() ?? 0, hi = all.map(\.score).max() ?? 1
        let span = hi - lo > 1e-12 ? hi - lo : 1
        let maxSeq = Double(max(all.map(\.seq).max() ?? 1, 1))
        func x(_ seq: Int) -> Double { pad + Double(seq) / maxSeq * (w - 2 * pad) }
        func y(_ v: Double) -> Double { h - pad - (v - lo) / span * (h - 2 * pad) }
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(w))\" height=\"\(Int(h))\" viewBox=\"0 0 \(Int(w)) \(Int(h))\" role=\"img\">\n"
        let label = "<text x=\"2\" y=\"%.0f\" font-size=\"10\">%.4f</text>"
        svg += String(format: label + label + "\n", y(hi) + 4, hi, y(lo) + 4, lo)
        for (i, (name, points, colour)) in series.enumerated() where !points.isEmpty {
            let dash = name.hasPrefix("AI-only") ? " stroke-dasharray=\"4 3\"" : ""
            let coords = points.map { String(format: "%.1f,%.1f", x($0.seq), y($0.score)) }.joined(separator: " ")
            svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"\(dash) points=\"\(coords)\"/>\n"
            for p in points { svg += String(format: "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" ", x(p.seq), y(p.score)) + "fill=\"\(colour)\"/>\n" }
            svg += "<text x=\"\(Int(w) - 110)\" y=\"\(14 + 14 * i)\" font-size=\"11\" fill=\"\(colour)\">\(name)</text>\n"
        }
        return svg + "</svg>\n"
    }
}
