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
        let metric = events.lazy.compactMap { e -> String? in
            switch e.payload {
            case .evaluated(let p): p.metric
            case .submitted(let p): p.metric
            default: nil
            }
        }.first
        html += "<h2>Scores</h2>\n" + ScoreChart.svg(events: events, state: state, aiOnly: aiOnly.map { SessionState.fold($0) }, metric: metric)
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
}
