import TandemData
import TandemModel
import TandemRecipe

/// The one formatter of events: what the workbench's log, the replay, the Markdown and HTML transcripts and the
/// clipboard say about an event. Each reader escapes the text for its medium; none re-knows a kind's fields.
public enum EventText {
    /// `seq actor kind detail`, sanitised: the timeline line of the workbench and the replay.
    public static func line(_ e: SessionEvent, ascii: Bool = false) -> String {
        sanitizeForDisplay("\(e.seq) \(e.actor.rawValue) \(e.kind.rawValue) \(detail(e, ascii: ascii))", limit: 300)
    }

    /// What the event says, in a few words. `proposals` (the steps offered so far, by id) lets a decision name its step;
    /// `namingColumn` writes steps as transcripts do (`impute(column=age, …)`) rather than as the screen does.
    public static func detail(_ e: SessionEvent, proposals: [String: RecipeStep] = [:], namingColumn: Bool = false, ascii: Bool = false) -> String {
        func step(_ s: RecipeStep) -> String { s.step.text(namingColumn: namingColumn) }
        func offered(_ id: String) -> String { id + (proposals[id].map { " " + step($0) } ?? "") }
        func dash(_ s: String?) -> String { s.map { " — " + $0 } ?? "" }
        switch e.payload {
        case .agentProposed(let p):
            let refused = p.refused ?? []
            return "\(p.offered.count) proposals" + (refused.isEmpty ? "" : ", \(refused.count) refused") + dash(p.remark)
        case .stepApproved(let p), .autoApproved(let p): return offered(p.proposalId)
        case .stepRejected(let p): return offered(p.proposalId) + dash(p.reason)
        case .stepEdited(let p): return offered(p.proposalId) + " → " + step(p.step)
        case .stepAdded(let p): return step(p.step)
        case .stepRemoved(let p): return "step \(p.index + 1)"
        case .documentFlagged(let p), .documentUnflagged(let p): return p.document
        case .evaluated(let p): return p.cvMean.map { "CV \(format($0))" } ?? ("failed: " + (p.reason ?? ""))
        case .submitted(let p):
            return p.testScore.map { "test \(format($0))" } ?? (p.reason.map { "failed: " + $0 } ?? "written, not scored (no key)")
        case .agentFailed(let p): return p.reason
        case .noteAdded(let p), .markerAdded(let p): return p.text
        case .stageChanged(let p): return p.stage.rawValue
        case .proposalPreviewed(let p): return p.proposalId + " " + (p.gain?.text(ascii: ascii) ?? "no paired folds")
        case .agentTrial(let p):
            let gain = Metric(rawValue: p.metric).flatMap { FoldGain(with: p.cvFolds, without: p.baseFolds, higherIsBetter: $0.higherIsBetter) }
            return (p.adopted ? "adopted " : "not adopted ") + step(p.step) + (gain.map { " " + $0.text(ascii: ascii) } ?? "") + dash(p.reason)
        case .sessionStarted, .dataProfiled, .undone, .redone, .sessionEnded: return ""
        }
    }

    /// A score or a statistic: four decimals, or a whole number from 1000 up; "—" for none.
    public static func format(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "—" }
        return abs(v) >= 1000 ? String(Int(v.rounded())) : fourDecimals(v)
    }

    /// Four decimals without Foundation.
    static func fourDecimals(_ v: Double) -> String {
        let scaled = (v * 10_000).rounded()
        let sign = scaled < 0 ? "-" : ""
        let a = abs(Int64(scaled))
        let frac = String(a % 10_000)
        return sign + String(a / 10_000) + "." + String(repeating: "0", count: 4 - frac.count) + frac
    }
}
