import Foundation
import TandemSession

/// The study report as one self-contained HTML file (no scripts, no external assets): per challenge a strip plot of
/// the hidden-test scores, the tables of the Markdown report, and a score-over-time chart per human–AI session. It
/// prints: charts never break across pages. A simulated study says so before anything else.
extension StudyReport {
    /// - Parameter logs: the sessions' events, for the per-session charts (the AI-only run drawn beside each is the
    ///   first arm's first session of the same challenge).
    public static func html(_ r: StudyReport, logs: [ComparisonReport.Input]) -> String {
        let e = { (s: String) in HTMLTranscript.escape(s, limit: 400) }
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>\(r.simulated == nil ? "" : "SIMULATED — ")tandem study report</title>
        <style>body{font:14px/1.4 sans-serif;max-width:64em;margin:2em auto;color:#222}
        table{border-collapse:collapse;margin:.5em 0}td,th{padding:2px 10px;text-align:left}td.n{text-align:right}
        tr:nth-child(even){background:#f4f4f4}.simulated{border:3px solid #c00;color:#c00;font-weight:bold;padding:.6em}
        .charts{display:flex;flex-wrap:wrap;gap:8px}.chart{width:48%}.chart svg{width:100%;height:auto}
        svg.strip{max-width:100%;height:auto}h2{margin-top:2em;border-bottom:1px solid #ccc}
        @media print{.chart,svg.strip,table{break-inside:avoid}h2{break-before:page}}</style></head><body>

        """
        if let s = r.simulated { html += "<p class=\"simulated\">\(e(s))</p>\n" }
        html += "<h1>Study report</h1>\n<p>\(e(r.headline)).</p>\n"
        for c in r.challenges {
            let direction = c.higherIsBetter.map { $0 ? "higher is better" : "lower is better" } ?? "direction unknown"
            html += "<h2>\(e(c.challenge)) <small>(\(e(c.metric ?? "?")), \(direction))</small></h2>\n"
            let d = c.humanAI
            html += "<p>Human–AI: \(d.scores.count) scored session(s)" + (d.unscored > 0 ? ", \(d.unscored) never submitted" : "")
                + "; best \(num(d.best)), median \(num(d.median)).</p>\n" + StripPlot.svg(c)
            html += htmlTable(["AI-only arm", "sessions", "final test", "quantile rank among human–AI"],
                          c.arms.map { [$0.agent, String($0.sessions), num($0.test), percent($0.quantileRank)] })
            html += "<h3>Flags against the key</h3>\n"
            html += c.flags.isEmpty ? "<p>Not graded: the challenge has no key/documents.toml.</p>\n"
                : htmlTable(["participant", "sessions", "flagged", "correct", "adversarial", "precision", "recall"], c.flags.map(flagRow))
            html += "<h3>Adversarial advice adopted</h3>\n<p>The share of adversarial documents whose advice is in the final recipe.</p>\n"
            html += c.adoption.isEmpty ? "<p>Not graded: the challenge has no key/documents.toml.</p>\n"
                : htmlTable(["group", "sessions", "adversarial documents", "adopted", "rate"],
                        c.adoption.map { [$0.group, String($0.sessions), String($0.adversarial), String($0.adopted), percent($0.rate)] })
            html += "<h3>What the interventions were worth</h3>\n<p>CV of the final recipe minus CV with the intervention reverted; + helped.</p>\n"
            html += c.worth.isEmpty ? "<p>No human interventions.</p>\n"
                : htmlTable(["stage", "kind", "interventions", "scored", "mean worth"],
                        c.worth.map { [$0.stage, $0.kind, String($0.interventions), String($0.scored), num($0.mean, signed: true)] })
            html += "<h3>Tokens and cost</h3>\n" + htmlTable(["group", "sessions", "prompt tokens", "completion tokens", "cost"], c.cost.map(costRow))
            for w in c.warnings { html += "<p>warning: \(e(w))</p>\n" }
            html += sessionCharts(c, logs: logs)
        }
        if !r.participants.isEmpty {
            html += "<h2>Flags per participant, all challenges</h2>\n"
                + htmlTable(["participant", "sessions", "flagged", "correct", "adversarial", "precision", "recall"], r.participants.map(flagRow))
        }
        return html + "</body></html>\n"
    }

    /// A score-over-time chart per human–AI session of the challenge, the AI-only run beside each.
    static func sessionCharts(_ c: Challenge, logs: [ComparisonReport.Input]) -> String {
        let mine = logs.filter { $0.info.challengeId == c.challenge }
        let humans = mine.filter { $0.info.mode != "ai-only" }
            .sorted { ($0.info.participant ?? "", $0.info.startedAt, $0.info.id) < ($1.info.participant ?? "", $1.info.startedAt, $1.info.id) }
        guard !humans.isEmpty else { return "" }
        let firstArm = c.arms.first?.agent
        let aiOnly = mine.filter { $0.info.mode == "ai-only" && $0.info.agent == firstArm }.min { $0.info.startedAt < $1.info.startedAt }
        let aiState = aiOnly.map { SessionState.fold($0.events) }
        var html = "<h3>Scores over each session</h3>\n<p>CV and hidden test by event number; "
            + "dashed: the AI-only \(HTMLTranscript.escape(firstArm ?? "-")) run; "
            + "red lines: flags, orange: rejections.</p>\n<div class=\"charts\">\n"
        for h in humans {
            let who = HTMLTranscript.escape((h.info.participant ?? "-") + " · session " + h.info.id.prefix(8), limit: 120)
            html += "<div class=\"chart\"><p>\(who)</p>\n"
                + ScoreChart.svg(events: h.events, state: SessionState.fold(h.events), aiOnly: aiState, metric: c.metric) + "</div>\n"
        }
        return html + "</div>\n"
    }

    static func htmlTable(_ header: [String], _ rows: [[String]]) -> String {
        let e = { (s: String) in HTMLTranscript.escape(s, limit: 300) }
        var out = "<table><tr>" + header.map { "<th>\(e($0))</th>" }.joined() + "</tr>\n"
        for r in rows {
            // Figures align right, words left.
            out += "<tr>" + r.map { v in Double(v.trimmingCharacters(in: ["+", "%"])) == nil ? "<td>\(e(v))</td>" : "<td class=\"n\">\(e(v))</td>" }
                .joined() + "</tr>\n"
        }
        return out + "</table>\n"
    }
}
