import TandemData
import TandemRecipe
import TandemSession

/// Steps as one sanitised line.
public enum StepText {
    public static func describe(_ s: RecipeStep) -> String { sanitizeForDisplay(s.step.summary, limit: 200) }
}

/// Events as one sanitised timeline line.
public enum EventText {
    public static func line(_ e: SessionEvent) -> String {
        let p = e.payload
        var detail = ""
        switch e.kind {
        case .agentProposed:
            detail = "\(p.proposals?.count ?? 0) proposals" + ((p.refused?.isEmpty ?? true) ? "" : ", \(p.refused?.count ?? 0) refused")
                + (p.text.map { " — " + $0 } ?? "")
        case .stepApproved, .autoApproved, .stepRejected: detail = (p.proposalId ?? "") + (p.reason.map { " — " + $0 } ?? "")
        case .stepEdited, .stepAdded: detail = p.step.map(StepText.describe) ?? ""
        case .stepRemoved: detail = "step \((p.index ?? -1) + 1)"
        case .documentFlagged, .documentUnflagged: detail = p.document ?? ""
        case .evaluated: detail = p.cvMean.map { "CV \(format($0))" } ?? ("failed: " + (p.reason ?? ""))
        case .submitted: detail = p.testScore.map { "test \(format($0))" }
            ?? (p.reason.map { "failed: " + $0 } ?? "written, not scored (no key)")
        case .agentFailed: detail = p.reason ?? ""
        case .noteAdded, .markerAdded: detail = p.text ?? ""
        case .stageChanged: detail = p.stage ?? ""
        default: break
        }
        return sanitizeForDisplay("\(e.seq) \(e.actor.rawValue) \(e.kind.rawValue) \(detail)", limit: 300)
    }

    public static func format(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "—" }
        return abs(v) >= 1000 ? String(Int(v.rounded())) : String(format4: v)
    }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }

    /// Four decimals without Foundation.
    init(format4 v: Double) {
        let scaled = (v * 10_000).rounded()
        let sign = scaled < 0 ? "-" : ""
        let a = abs(Int64(scaled))
        let frac = String(a % 10_000)
        self = sign + String(a / 10_000) + "." + String(repeating: "0", count: 4 - frac.count) + frac
    }
}

/// Word wrapping for panes and dialogs.
enum Wrap {
    static func lines(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        // Single line breaks inside a paragraph are reflowed; blank lines separate paragraphs.
        let paragraphs = text.replacingOccurrences("\n\n", "\u{1}").replacingOccurrences("\n", " ").split(separator: "\u{1}", omittingEmptySubsequences: false)
        for (k, paragraph) in paragraphs.enumerated() {
            if k > 0 { out.append("") }
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let w = String(word)
                if line.isEmpty { line = w } else if ScreenBuffer.columns(line) + 1 + ScreenBuffer.columns(w) <= width { line += " " + w } else {
                    out.append(line)
                    line = w
                }
                while ScreenBuffer.columns(line) > width {
                    let head = String(line.prefix(width))
                    out.append(head)
                    line = String(line.dropFirst(head.count))
                }
            }
            out.append(line)
        }
        return out
    }
}
