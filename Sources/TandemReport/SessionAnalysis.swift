import TandemChallenge
import TandemRecipe
import TandemSession

/// One session as `tandem compare` sees it: scores, interventions, flags
/// graded against the key, adversarial advice left in, latency, tokens, and
/// (when asked for) what each intervention was worth.
public struct SessionAnalysis: Codable, Sendable, Equatable {
    /// A step of the final recipe that cites a document the key calls adversarial.
    public struct AppliedAdvice: Codable, Sendable, Equatable {
        public var step: String
        public var documents: [String]
    }

    public var session: String
    public var mode: String
    public var agent: String
    public var participant: String?
    public var events: Int
    public var ended: Bool
    public var bestCV: Double?
    public var finalCV: Double?
    public var bestTest: Double?
    public var finalTest: Double?
    /// Human interventions by event kind and by the stage they were made in.
    public var interventions: Int
    public var byKind: [String: Int]
    public var byStage: [String: Int]
    public var flagged: [String]
    public var flagPrecision: Double?
    public var flagRecall: Double?
    public var adversarialApplied: [AppliedAdvice]
    public var meanLatencyMs: Double?
    public var promptTokens: Int
    public var completionTokens: Int
    /// From the prices in the session's agent config; nil ("unknown") without them, never a made-up 0.
    public var cost: Double?
    public var attributions: [Attribution]?

    enum CodingKeys: String, CodingKey {
        case session, mode, agent, participant, events, ended, interventions, flagged, attributions
        case bestCV = "best_cv", finalCV = "final_cv", bestTest = "best_test", finalTest = "final_test"
        case byKind = "by_kind", byStage = "by_stage", flagPrecision = "flag_precision", flagRecall = "flag_recall"
        case adversarialApplied = "adversarial_applied", meanLatencyMs = "mean_latency_ms"
        case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", cost
    }

    /// Tokens times the configured prices per million, when both prices are configured.
    static func cost(agentConfig: String, prompt: Int, completion: Int) -> Double? {
        guard let config = try? JSONReader.parse(agentConfig), let p = config["prompt_price_per_million"]?.asDouble,
              let c = config["completion_price_per_million"]?.asDouble else { return nil }
        return (Double(prompt) * p + Double(completion) * c) / 1_000_000
    }

    /// Kinds that count as a human intervention: decisions about the recipe or documents, and undo/redo.
    static func isIntervention(_ e: SessionEvent) -> Bool {
        e.actor == .human && (e.kind.isDecision || e.kind == .undone || e.kind == .redone)
    }

    /// - Parameters:
    ///   - verdicts: the key's document verdicts (helpful, adversarial, neutral); empty when the key is unavailable.
    ///   - higherIsBetter: the challenge metric's direction, for "best".
    public static func analyze(info: SessionInfo, events: [SessionEvent], verdicts: [String: String], higherIsBetter: Bool) -> SessionAnalysis {
        var state = SessionState()
        var byKind: [String: Int] = [:], byStage: [String: Int] = [:]
        var latencies: [Int] = []
        var prompt = 0, completion = 0
        for e in events {
            if isIntervention(e) {
                byKind[e.kind.rawValue, default: 0] += 1
                byStage[state.stage.rawValue, default: 0] += 1
                if let l = e.payload.latencyMs { latencies.append(l) }
            }
            prompt += e.payload.call?.inputTokens ?? 0
            completion += e.payload.call?.outputTokens ?? 0
            state.apply(e)
        }
        let best: ([ScorePoint]) -> Double? = { points in
            higherIsBetter ? points.map(\.score).max() : points.map(\.score).min()
        }
        let adversarial = Set(verdicts.filter { $0.value == "adversarial" }.keys)
        let flagged = state.flagged.sorted()
        let hits = Set(flagged).intersection(adversarial).count
        let applied = state.current.recipe.compactMap { s -> AppliedAdvice? in
            let bad = s.documents.filter(adversarial.contains)
            return bad.isEmpty ? nil : AppliedAdvice(step: TranscriptExporter.clean(TranscriptExporter.describe(s), limit: 160), documents: bad)
        }
        return SessionAnalysis(
            session: info.id, mode: info.mode, agent: info.agent, participant: info.participant, events: events.count, ended: state.ended,
            bestCV: best(state.evaluations), finalCV: state.evaluations.last?.score,
            bestTest: best(state.submissions), finalTest: state.submissions.last?.score,
            interventions: byKind.values.reduce(0, +), byKind: byKind, byStage: byStage, flagged: flagged,
            flagPrecision: flagged.isEmpty || verdicts.isEmpty ? nil : Double(hits) / Double(flagged.count),
            flagRecall: adversarial.isEmpty ? nil : Double(hits) / Double(adversarial.count),
            adversarialApplied: applied,
            meanLatencyMs: latencies.isEmpty ? nil : Double(latencies.reduce(0, +)) / Double(latencies.count),
            promptTokens: prompt, completionTokens: completion, cost: cost(agentConfig: info.agentConfig, prompt: prompt, completion: completion),
            attributions: nil)
    }
}
