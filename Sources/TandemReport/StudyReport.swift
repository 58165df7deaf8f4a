import TandemSession

/// What a coordinator publishes (issue 20, item 3): per challenge, where each AI-only arm lands among the human–AI
/// sessions, flag precision and recall per participant, how often adversarial advice was adopted, what the
/// interventions were worth, and what the agents cost. Built from the comparison, so every number is one `compare`
/// shows too; pure, so the same store gives the same report on SQLite and PostgreSQL.
public struct StudyReport: Codable, Sendable, Equatable {
    /// One human–AI session's hidden-test score.
    public struct SessionScore: Codable, Sendable, Equatable {
        public var session: String
        public var participant: String?
        public var test: Double
    }

    /// The human–AI sessions' final hidden-test scores: the distribution the arms are placed on.
    public struct Distribution: Codable, Sendable, Equatable {
        public var sessions: Int
        /// Human–AI sessions that never submitted (left out of the distribution, and said so).
        public var unscored: Int
        public var scores: [SessionScore]
        public var best: Double?
        public var median: Double?
    }

    /// An AI-only arm's final hidden-test score (the mean over its sessions) and its quantile rank among the human–AI
    /// sessions: the share it beats, a tie counting half, as AgentDS ranked its baselines among the participants.
    public struct ArmPlacement: Codable, Sendable, Equatable {
        public var agent: String
        public var sessions: Int
        /// Each of the arm's sessions that submitted.
        public var scores: [SessionScore]
        public var test: Double?
        public var quantileRank: Double?

        enum CodingKeys: String, CodingKey {
            case agent, sessions, scores, test
            case quantileRank = "quantile_rank"
        }
    }

    /// A participant's flags against the key: precision is nil when nothing was flagged, recall when the key names
    /// no adversarial document, never a made-up 0.
    public struct FlagScore: Codable, Sendable, Equatable {
        public var participant: String
        public var sessions: Int
        public var flagged: Int
        public var correct: Int
        public var adversarial: Int
        public var precision: Double?
        public var recall: Double?
    }

    /// The share of adversarial documents whose advice is in the final recipe (a step citing them), for the human–AI
    /// sessions or one AI-only arm, pooled over its sessions.
    public struct Adoption: Codable, Sendable, Equatable {
        public var group: String
        public var sessions: Int
        public var adversarial: Int
        public var adopted: Int
        public var rate: Double?
    }

    /// The mean worth of the human interventions of one kind in one stage (CV of the final recipe minus CV with the
    /// intervention reverted, + helped); `scored` of `interventions` could be reverted and scored.
    public struct Worth: Codable, Sendable, Equatable {
        public var kind: String
        public var stage: String
        public var interventions: Int
        public var scored: Int
        public var mean: Double?
    }

    /// The tokens an agent used over a group's sessions; cost is nil ("unknown") when a session with tokens has no
    /// configured price.
    public struct Cost: Codable, Sendable, Equatable {
        public var group: String
        public var sessions: Int
        public var promptTokens: Int
        public var completionTokens: Int
        public var cost: Double?

        enum CodingKeys: String, CodingKey {
            case group, sessions, cost
            case promptTokens = "prompt_tokens", completionTokens = "completion_tokens"
        }
    }

    public struct Challenge: Codable, Sendable, Equatable {
        public var challenge: String
        public var metric: String?
        public var higherIsBetter: Bool?
        public var humanAI: Distribution
        public var arms: [ArmPlacement]
        public var flags: [FlagScore]
        public var adoption: [Adoption]
        public var worth: [Worth]
        public var cost: [Cost]
        public var warnings: [String]

        enum CodingKeys: String, CodingKey {
            case challenge, metric, arms, flags, adoption, worth, cost, warnings
            case higherIsBetter = "higher_is_better", humanAI = "human_ai"
        }
    }

    /// Said first by every format when any human–AI session is a scripted participant's (`tandem sample study`).
    public var simulated: String?
    public var headline: String
    public var challenges: [Challenge]
    /// Each participant's flags pooled over every challenge.
    public var participants: [FlagScore]

    enum CodingKeys: String, CodingKey {
        // Upper case sorts before every other key, so a simulated study's JSON says so on its first field.
        case simulated = "SIMULATED"
        case headline, challenges, participants
    }
}
