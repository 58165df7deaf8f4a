import Foundation
import TandemChallenge
import TandemData
import TandemSession

/// `tandem compare`: per challenge, human–AI sessions against AI-only runs.
public struct ChallengeComparison: Codable, Sendable, Equatable {
    /// Means over a group's sessions (sessions without the score are left out of its mean).
    public struct Group: Codable, Sendable, Equatable {
        public var sessions: Int
        public var bestCV: Double?
        public var finalCV: Double?
        public var bestTest: Double?
        public var finalTest: Double?

        enum CodingKeys: String, CodingKey {
            case sessions
            case bestCV = "best_cv", finalCV = "final_cv", bestTest = "best_test", finalTest = "final_test"
        }

        init(_ members: [SessionAnalysis]) {
            func mean(_ f: (SessionAnalysis) -> Double?) -> Double? {
                let v = members.compactMap(f)
                return v.isEmpty ? nil : v.reduce(0, +) / Double(v.count)
            }
            sessions = members.count
            bestCV = mean(\.bestCV)
            finalCV = mean(\.finalCV)
            bestTest = mean(\.bestTest)
            finalTest = mean(\.finalTest)
        }
    }

    /// The AI-only sessions of one agent (an arm of the study, issue 18), and the human–AI sessions against it.
    public struct Arm: Codable, Sendable, Equatable {
        public var agent: String
        public var aiOnly: Group
        /// human–AI mean minus this arm's mean, per score.
        public var delta: Group
        public var humanAIBetter: Bool?

        enum CodingKeys: String, CodingKey {
            case agent, delta
            case aiOnly = "ai_only", humanAIBetter = "human_ai_better"
        }
    }

    public var challenge: String
    public var metric: String?
    public var higherIsBetter: Bool?
    /// Every AI-only session, whatever its agent.
    public var aiOnly: Group
    public var humanAI: Group
    /// human–AI mean minus AI-only mean, per score; `better` reads it in the metric's direction.
    public var delta: Group
    public var humanAIBetter: Bool?
    /// AI-only sessions by agent: the uncritical heuristic, the validated agent, the llm, then any other.
    public var arms: [Arm]
    public var sessions: [SessionAnalysis]
    /// The documents the key calls adversarial; nil when flags are not graded (no key).
    public var adversarialDocuments: [String]?
    public var warnings: [String]

    /// The order arms are shown in: the gullible baseline first, then the critical one, then the model.
    public static let armOrder = ["heuristic", "validated", "llm"]

    enum CodingKeys: String, CodingKey {
        case challenge, metric, delta, sessions, warnings, arms
        case adversarialDocuments = "adversarial_documents"
        case higherIsBetter = "higher_is_better", aiOnly = "ai_only", humanAI = "human_ai", humanAIBetter = "human_ai_better"
    }
}

public enum ComparisonReport {
    /// A session's log as read from a store.
    public struct Input: Sendable {
        public var info: SessionInfo
        public var events: [SessionEvent]
        public init(info: SessionInfo, events: [SessionEvent]) {
            self.info = info
            self.events = events
        }
    }

    /// Groups sessions by challenge. `challenge` loads a challenge by id (nil when it cannot, which is
    /// warned about: scores still show, flags are not graded and nothing is attributed).
    public static func build(_ inputs: [Input], challenge load: (String) -> Result<Challenge, ChallengeError>, attribute: Bool) -> [ChallengeComparison] {
        let byChallenge = Dictionary(grouping: inputs, by: \.info.challengeId)
        return byChallenge.keys.sorted().map { id in
            var warnings: [String] = []
            let challenge: Challenge?
            switch load(id) {
            case .success(let c): challenge = c
            case .failure(let e):
                challenge = nil
                warnings.append("challenge \(id) cannot be loaded, so flags are not graded and nothing is attributed: \(e.description)")
            }
            var verdicts: [String: String] = [:]
            if let challenge {
                do {
                    verdicts = try ChallengeKey.load(challenge).verdicts
                    if verdicts.isEmpty { warnings.append("challenge \(id) has no key/documents.toml, so flags are not graded") }
                } catch {
                    warnings.append("flags are not graded: \(error)")
                }
            }
            let higher = challenge?.spec.metric.higherIsBetter
            let members = (byChallenge[id] ?? []).sorted { $0.info.startedAt < $1.info.startedAt }
            var analyses: [SessionAnalysis] = []
            let known = attribute ? KnownScores(logged: members.map(\.events)) : KnownScores()
            for m in members {
                var a = SessionAnalysis.analyze(info: m.info, events: m.events, verdicts: verdicts, higherIsBetter: higher ?? true)
                if let challenge, challenge.sha256 != m.info.challengeSha256 {
                    warnings.append("session \(m.info.id.prefix(8)) ran on other challenge files (sha256 \(m.info.challengeSha256.prefix(12))…)")
                }
                if attribute, let challenge, m.info.mode != "ai-only", a.interventions > 0 {
                    a.attributions = InterventionAttribution.attribute(events: m.events, challenge: challenge, scores: known).items
                }
                analyses.append(a)
            }
            let aiSessions = analyses.filter { $0.mode == "ai-only" }
            let ai = ChallengeComparison.Group(aiSessions)
            let human = ChallengeComparison.Group(analyses.filter { $0.mode != "ai-only" })
            let (delta, better) = Self.delta(human, ai, higherIsBetter: higher)
            let agents = Set(aiSessions.map(\.agent)).sorted { a, b in
                let order = ChallengeComparison.armOrder
                return (order.firstIndex(of: a) ?? order.count, a) < (order.firstIndex(of: b) ?? order.count, b)
            }
            let arms = agents.map { agent in
                let group = ChallengeComparison.Group(aiSessions.filter { $0.agent == agent })
                let (d, b) = Self.delta(human, group, higherIsBetter: higher)
                return ChallengeComparison.Arm(agent: agent, aiOnly: group, delta: d, humanAIBetter: b)
            }
            return ChallengeComparison(challenge: id, metric: challenge?.spec.metric.rawValue, higherIsBetter: higher, aiOnly: ai, humanAI: human,
                                       delta: delta, humanAIBetter: better, arms: arms, sessions: analyses,
                                       adversarialDocuments: verdicts.isEmpty ? nil : verdicts.filter { $0.value == "adversarial" }.keys.sorted(),
                                       warnings: warnings)
        }
    }

    /// human–AI minus AI-only, per score, and whether the human–AI final test is better in the metric's direction.
    static func delta(_ human: ChallengeComparison.Group, _ ai: ChallengeComparison.Group,
                      higherIsBetter higher: Bool?) -> (ChallengeComparison.Group, Bool?) {
        func minus(_ a: Double?, _ b: Double?) -> Double? { a.flatMap { x in b.map { x - $0 } } }
        var delta = ChallengeComparison.Group([])
        delta.sessions = human.sessions
        delta.bestCV = minus(human.bestCV, ai.bestCV)
        delta.finalCV = minus(human.finalCV, ai.finalCV)
        delta.bestTest = minus(human.bestTest, ai.bestTest)
        delta.finalTest = minus(human.finalTest, ai.finalTest)
        return (delta, higher.flatMap { h in delta.finalTest.map { h ? $0 > 0 : $0 < 0 } })
    }

    /// The aligned table a terminal shows.
    public static func text(_ comparisons: [ChallengeComparison]) -> String {
        if comparisons.isEmpty { return "no sessions to compare\n" }
        var out = ""
        for c in comparisons {
            let direction = c.higherIsBetter.map { $0 ? "higher is better" : "lower is better" } ?? "metric unknown"
            out += "\(sanitizeForDisplay(c.challenge, limit: 60)) (\(c.metric ?? "?"), \(direction))\n"
            var rows = [["", "sessions", "best cv", "final cv", "best test", "final test"]]
            // One AI-only row per agent when there are several (the study's arms), and the human–AI delta against each.
            let several = c.arms.count > 1
            var groups = [("ai-only", c.aiOnly, false)]
            if several { groups = c.arms.map { ("ai-only \(sanitizeForDisplay($0.agent, limit: 20))", $0.aiOnly, false) } }
            groups.append(("human-ai", c.humanAI, false))
            groups += several ? c.arms.map { ("delta vs \(sanitizeForDisplay($0.agent, limit: 20))", $0.delta, true) } : [("delta", c.delta, true)]
            for (name, g, sign) in groups {
                rows.append([name, String(g.sessions), num(g.bestCV, sign), num(g.finalCV, sign), num(g.bestTest, sign), num(g.finalTest, sign)])
            }
            out += alignedTable(rows, indent: "  ")
            if several {
                let verdicts = c.arms.compactMap { a in a.humanAIBetter.map { "\($0 ? "beat" : "did not beat") \(sanitizeForDisplay(a.agent, limit: 20))" } }
                if !verdicts.isEmpty { out += "  human–AI " + verdicts.joined(separator: ", ") + " on the hidden test\n" }
            } else if let b = c.humanAIBetter {
                out += "  human–AI \(b ? "beat" : "did not beat") AI-only on the hidden test\n"
            }
            out += "\n"
            var srows = [["session", "mode", "agent", "participant", "final cv", "final test", "interventions", "flag P/R", "adversarial left",
                          "latency", "tokens"]]
            for s in c.sessions {
                let pr = s.flagged.isEmpty ? "-" : "\(num(s.flagPrecision))/\(num(s.flagRecall))"
                srows.append([String(s.session.prefix(8)), s.mode, sanitizeForDisplay(s.agent, limit: 20),
                              sanitizeForDisplay(s.participant ?? "-", limit: 20), num(s.finalCV), num(s.finalTest),
                              kinds(s), pr, String(s.adversarialApplied.count), s.meanLatencyMs.map { "\(Int($0.rounded())) ms" } ?? "-",
                              s.promptTokens + s.completionTokens == 0 ? "-"
                                : "\(s.promptTokens)+\(s.completionTokens), cost " + (s.cost.map { String(format: "%.4f", $0) } ?? "unknown")])
            }
            out += alignedTable(srows, indent: "  ")
            for s in c.sessions {
                for a in s.adversarialApplied {
                    let cites = a.documents.map { sanitizeForDisplay($0, limit: 60) }.joined(separator: ", ")
                    out += "  \(s.session.prefix(8)) still applies adversarial advice: \(a.step) (cites \(cites))\n"
                }
                guard let items = s.attributions, !items.isEmpty else { continue }
                out += "\n  what each decision of \(s.session.prefix(8)) was worth (CV of the final recipe minus CV with it reverted; + helped):\n"
                var arows = [["event", "stage", "kind", "worth", "intervention"]]
                for a in items {
                    arows.append([String(a.seq), a.stage, a.kind, a.worth.map { num($0, true) } ?? "n/a", a.summary + (a.note.map { " (\($0))" } ?? "")])
                }
                out += alignedTable(arows, indent: "    ")
            }
            for w in c.warnings { out += "  warning: \(sanitizeForDisplay(w, limit: 300))\n" }
            out += "\n"
        }
        return out
    }

    static func kinds(_ s: SessionAnalysis) -> String {
        guard s.interventions > 0 else { return "0" }
        let short = s.byKind.keys.sorted().map { kind in
            "\(kind.replacingOccurrences(of: "step_", with: "").replacingOccurrences(of: "document_", with: "")) \(s.byKind[kind] ?? 0)"
        }
        return "\(s.interventions) (\(short.joined(separator: ", ")))"
    }

    static func num(_ v: Double?, _ signed: Bool = false) -> String {
        guard let v, v.isFinite else { return "-" }
        let s = String(format: "%.4f", v)
        return signed && v >= 0 ? "+" + s : s
    }
}
