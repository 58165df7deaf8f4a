import Foundation
import TandemData

/// The study report as Markdown tables, for a paper. A simulated study says so on the first line.
extension StudyReport {
    public static func markdown(_ r: StudyReport) -> String {
        var out = r.simulated.map { "**\(cell($0))**\n\n" } ?? ""
        out += "# Study report\n\n\(cell(r.headline)).\n\n"
        for c in r.challenges {
            let direction = c.higherIsBetter.map { $0 ? "higher is better" : "lower is better" } ?? "direction unknown"
            out += "## \(cell(c.challenge)) (\(cell(c.metric ?? "?")), \(direction))\n\n"
            out += "### Hidden-test scores\n\n"
            let d = c.humanAI
            out += "Human–AI: \(d.scores.count) scored session(s)" + (d.unscored > 0 ? ", \(d.unscored) never submitted" : "")
                + "; best \(num(d.best)), median \(num(d.median)).\n\n"
            out += markdownTable(["AI-only arm", "sessions", "final test", "quantile rank among human–AI"],
                         c.arms.map { [$0.agent, String($0.sessions), num($0.test), percent($0.quantileRank)] })
            out += "\n### Flags against the key\n\n"
            if c.flags.isEmpty {
                out += "Not graded: the challenge has no key/documents.toml.\n"
            } else {
                out += markdownTable(["participant", "sessions", "flagged", "correct", "adversarial", "precision", "recall"], c.flags.map(flagRow))
            }
            out += "\n### Adversarial advice adopted\n\nThe share of adversarial documents whose advice is in the final recipe.\n\n"
            if c.adoption.isEmpty {
                out += "Not graded: the challenge has no key/documents.toml.\n"
            } else {
                out += markdownTable(["group", "sessions", "adversarial documents", "adopted", "rate"],
                             c.adoption.map { [$0.group, String($0.sessions), String($0.adversarial), String($0.adopted), percent($0.rate)] })
            }
            out += "\n### What the interventions were worth\n\nCV of the final recipe minus CV with the intervention reverted; + helped.\n\n"
            if c.worth.isEmpty {
                out += "No human interventions.\n"
            } else {
                out += markdownTable(["stage", "kind", "interventions", "scored", "mean worth"],
                             c.worth.map { [$0.stage, $0.kind, String($0.interventions), String($0.scored), num($0.mean, signed: true)] })
            }
            out += "\n### Tokens and cost\n\n"
            out += markdownTable(["group", "sessions", "prompt tokens", "completion tokens", "cost"], c.cost.map(costRow))
            for w in c.warnings { out += "\n> warning: \(cell(w))\n" }
            out += "\n"
        }
        if !r.participants.isEmpty {
            out += "## Flags per participant, all challenges\n\n"
            out += markdownTable(["participant", "sessions", "flagged", "correct", "adversarial", "precision", "recall"], r.participants.map(flagRow))
        }
        return out
    }

    static func flagRow(_ f: FlagScore) -> [String] {
        [f.participant, String(f.sessions), String(f.flagged), String(f.correct), String(f.adversarial), num(f.precision), num(f.recall)]
    }

    static func costRow(_ c: Cost) -> [String] {
        let tokens = c.promptTokens + c.completionTokens
        let cost = tokens == 0 ? "-" : c.cost.map { String(format: "%.4f", $0) } ?? "unknown (no price configured)"
        return [c.group, String(c.sessions), String(c.promptTokens), String(c.completionTokens), cost]
    }

    static func markdownTable(_ header: [String], _ rows: [[String]]) -> String {
        var out = "| " + header.joined(separator: " | ") + " |\n|" + header.map { _ in "---|" }.joined() + "\n"
        for r in rows { out += "| " + r.map(cell).joined(separator: " | ") + " |\n" }
        return out
    }

    /// Untrusted text (participant ids, challenge ids, warnings) made safe for a table cell.
    static func cell(_ s: String) -> String {
        sanitizeForDisplay(s, limit: 300).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }

    static func num(_ v: Double?, signed: Bool = false) -> String {
        guard let v, v.isFinite else { return "-" }
        let s = String(format: "%.4f", v)
        return signed && v >= 0 ? "+" + s : s
    }

    static func percent(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "-" }
        return String(format: "%.1f%%", v * 100)
    }
}
