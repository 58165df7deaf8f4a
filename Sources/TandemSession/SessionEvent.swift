import TandemRecipe

/// Event kinds are past-tense facts (DESIGN.md section 5).
public enum EventKind: String, Codable, Sendable, CaseIterable {
    case sessionStarted = "session_started", dataProfiled = "data_profiled", agentProposed = "agent_proposed"
    case stepApproved = "step_approved", stepRejected = "step_rejected", stepEdited = "step_edited", stepAdded = "step_added"
    case stepRemoved = "step_removed", documentFlagged = "document_flagged", documentUnflagged = "document_unflagged"
    case autoApproved = "auto_approved", evaluated, submitted, agentFailed = "agent_failed", noteAdded = "note_added"
    case markerAdded = "marker_added", undone, redone, stageChanged = "stage_changed", sessionEnded = "session_ended"

    /// Decisions about the recipe or the documents: what a human intervention is, and what undo reverts.
    public var isDecision: Bool {
        [.stepApproved, .stepRejected, .stepEdited, .stepAdded, .stepRemoved, .documentFlagged, .documentUnflagged, .autoApproved].contains(self)
    }
}

public enum Actor: String, Codable, Sendable { case human, agent, system }

/// A step the agent proposed, with the id decisions refer to.
public struct Proposal: Codable, Sendable, Equatable {
    public var id: String
    public var step: RecipeStep

    public init(id: String, step: RecipeStep) {
        self.id = id
        self.step = step
    }
}

/// A proposal tandem refused before it could be offered, with the reason.
public struct RefusedProposal: Codable, Sendable, Equatable {
    public var step: RecipeStep
    public var reason: String

    public init(step: RecipeStep, reason: String) {
        self.step = step
        self.reason = reason
    }
}

/// Everything an event may carry; each kind uses a few fields (documented in
/// docs/events.md). Absent fields are left out of the JSON.
public struct EventPayload: Codable, Sendable, Equatable {
    // session_started
    public var challengeId: String?
    public var challengeSha256: String?
    public var mode: String?
    public var agent: String?
    public var seed: UInt64?
    // data_profiled
    public var rows: Int?
    public var columns: Int?
    // proposals and decisions
    public var stage: String?
    public var proposals: [Proposal]?
    public var refused: [RefusedProposal]?
    public var proposalId: String?
    public var step: RecipeStep?
    public var index: Int?
    public var reason: String?
    public var document: String?
    public var latencyMs: Int?
    // scores
    public var metric: String?
    public var cvMean: Double?
    public var cvFolds: [Double]?
    public var testScore: Double?
    public var fingerprint: String?
    // submitted: the file written (its path and SHA-256)
    public var submissionPath: String?
    public var submissionSha256: String?
    public var durationMs: Int?
    public var warnings: [String]?
    // agent calls: a model call under the OpenTelemetry GenAI names (semantic conventions 1.37.0), its duration in
    // duration_ms. Events logged before them carry prompt_tokens and completion_tokens, kept as stored (their hash).
    public var genAIProvider: String?
    public var genAIRequestModel: String?
    public var genAIResponseModel: String?
    public var genAIFinishReasons: [String]?
    public var genAIInputTokens: Int?
    public var genAIOutputTokens: Int?
    public var promptTokens: Int?
    public var completionTokens: Int?
    // notes and markers
    public var text: String?
    // session_ended: the chain's end it anchors (the events before it, and the hash of the last of them)
    public var eventCount: Int?
    public var headHash: String?

    public init() {}

    enum CodingKeys: String, CodingKey {
        case challengeId = "challenge_id", challengeSha256 = "challenge_sha256", mode, agent, seed, rows, columns, stage, proposals, refused
        case proposalId = "proposal_id", step, index, reason, document, latencyMs = "latency_ms", metric, cvMean = "cv_mean"
        case cvFolds = "cv_folds", testScore = "test_score", fingerprint, durationMs = "duration_ms", warnings
        case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", text
        case submissionPath = "submission_path", submissionSha256 = "submission_sha256"
        case eventCount = "event_count", headHash = "head_hash"
        case genAIProvider = "gen_ai.provider.name", genAIRequestModel = "gen_ai.request.model"
        case genAIResponseModel = "gen_ai.response.model", genAIFinishReasons = "gen_ai.response.finish_reasons"
        case genAIInputTokens = "gen_ai.usage.input_tokens", genAIOutputTokens = "gen_ai.usage.output_tokens"
    }

    /// Input tokens of an agent call, under either name (gen_ai.usage.input_tokens, or the older prompt_tokens).
    public var inputTokens: Int? { genAIInputTokens ?? promptTokens }
    /// Output tokens of an agent call, under either name (gen_ai.usage.output_tokens, or the older completion_tokens).
    public var outputTokens: Int? { genAIOutputTokens ?? completionTokens }
}

/// One event as the session sees it. `at` is milliseconds since the epoch,
/// given by the driver: the reducer never reads a clock.
public struct SessionEvent: Codable, Sendable, Equatable {
    public var seq: Int
    public var at: Int64
    public var actor: Actor
    public var kind: EventKind
    public var payload: EventPayload

    public init(seq: Int, at: Int64, actor: Actor, kind: EventKind, payload: EventPayload) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.kind = kind
        self.payload = payload
    }
}
