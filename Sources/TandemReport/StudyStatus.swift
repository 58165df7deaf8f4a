import TandemData

/// The coordinator's live view of a study: every session with its
/// participant, progress, interventions so far and scores, beside the best
/// AI-only run of the same challenge. Built from the comparison, so the
/// numbers are the ones `compare` reports.
public struct StudyStatus: Codable, Sendable, Equatable {
    public struct Row: Codable, Sendable, Equatable {
        public var session: String
        public var participant: String?
        public var challenge: String
        public var mode: String
        public var inProgress: Bool
        public var events: Int
        public var interventions: Int
        public var cv: Double?
        public var test: Double?
        public var aiOnlyCV: Double?
        public var aiOnlyTest: Double?
        /// Whether this session's latest CV beats the best AI-only CV (nil without both, or with the metric's direction unknown).
        public var beatsAIOnly: Bool?

        enum CodingKeys: String, CodingKey {
            case session, participant, challenge, mode, events, interventions, cv, test
            case inProgress = "in_progress", aiOnlyCV = "ai_only_cv", aiOnlyTest = "ai_only_test", beatsAIOnly = "beats_ai_only"
        }
    }

    public var inProgress: Int
    public var ended: Int
    public var interventions: Int
    public var rows: [Row]

    enum CodingKeys: String, CodingKey {
        case ended, interventions, rows
        case inProgress = "in_progress"
    }

    public static func build(_ comparisons: [ChallengeComparison]) -> StudyStatus {
        var rows: [Row] = []
        for c in comparisons {
            for s in c.sessions {
                var beats: Bool?
                if let mine = s.finalCV, let theirs = c.aiOnly.bestCV, let higher = c.higherIsBetter, s.mode != "ai-only" {
                    beats = higher ? mine > theirs : mine < theirs
                }
                rows.append(Row(session: s.session, participant: s.participant, challenge: c.challenge, mode: s.mode, inProgress: !s.ended,
                                events: s.events, interventions: s.interventions, cv: s.finalCV, test: s.finalTest,
                                aiOnlyCV: c.aiOnly.bestCV, aiOnlyTest: c.aiOnly.bestTest, beatsAIOnly: beats))
            }
        }
        // Sessions under way first, then by challenge and participant.
        rows.sort { ($0.inProgress ? 0 : 1, $0.challenge, $0.participant ?? "", $0.session) < ($1.inProgress ? 0 : 1, $1.challenge, $1.participant ?? "", $1.session) }
        return StudyStatus(inProgress: rows.filter(\.inProgress).count, ended: rows.filter { !$0.inProgress }.count,
                           interventions: rows.reduce(0) { $0 + $1.interventions }, rows: rows)
    }

    public static func text(_ s: StudyStatus) -> String {
        if s.rows.isEmpty { return "no sessions yet\n" }
        let out = "\(s.inProgress) in progress, \(s.ended) ended, \(s.interventions) human interventions so far\n"
        var table = [["participant", "challenge", "mode", "state", "events", "interventions", "cv", "test", "ai-only cv", "ai-only test", "vs ai-only"]]
        for r in s.rows {
            table.append([sanitizeForDisplay(r.participant ?? "-", limit: 24), sanitizeForDisplay(r.challenge, limit: 30), r.mode,
                          r.inProgress ? "in progress" : "ended", String(r.events), String(r.interventions),
                          ComparisonReport.num(r.cv), ComparisonReport.num(r.test), ComparisonReport.num(r.aiOnlyCV), ComparisonReport.num(r.aiOnlyTest),
                          r.beatsAIOnly.map { $0 ? "ahead" : "behind" } ?? "-"])
        }
        return out + alignedTable(table)
    }
}
