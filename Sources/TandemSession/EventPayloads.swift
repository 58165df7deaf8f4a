import TandemRecipe

// The payload of each kind (docs/events.md). Optional fields are those a kind has not always carried (older logs), or
// carries only sometimes; they are left out of the JSON when absent, so every stored payload re-encodes to its bytes.

extension EventPayload {
    /// session_started: what the session runs on.
    public struct SessionStarted: PayloadBody, Equatable {
        public var challengeId: String
        public var challengeSha256: String
        public var mode: SessionMode
        public var agent: String
        public var seed: UInt64
        /// The model library the scores are computed with ("xgboost 1.7.4"): another version gives other scores, which
        /// replay explains. Absent in logs written before it was recorded.
        public var modelLibrary: String?
        /// The challenge folder as opened (absolute), and the options it was opened with (`--target units --id
        /// sku_id,week`), so replay and the rest find and read it as the session did. Absent in older logs.
        public var openedFrom: String?
        public var openedWith: [String]?

        public init(challengeId: String, challengeSha256: String, mode: SessionMode, agent: String, seed: UInt64, modelLibrary: String? = nil,
                    openedFrom: String? = nil, openedWith: [String]? = nil) {
            (self.challengeId, self.challengeSha256, self.mode, self.agent, self.seed) = (challengeId, challengeSha256, mode, agent, seed)
            (self.modelLibrary, self.openedFrom, self.openedWith) = (modelLibrary, openedFrom, openedWith)
        }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            challengeId = try PayloadReader.present(r.string(.challengeId), .challengeId)
            challengeSha256 = try PayloadReader.present(r.string(.challengeSha256), .challengeSha256)
            mode = try PayloadReader.present(r.enumeration(.mode), .mode)
            agent = try PayloadReader.present(r.string(.agent), .agent)
            seed = try PayloadReader.present(r.unsigned(.seed), .seed)
            modelLibrary = try r.string(.modelLibrary)
            openedFrom = try r.string(.openedFrom)
            openedWith = try r.strings(.openedWith)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.challengeId, challengeId)
            w.put(.challengeSha256, challengeSha256)
            w.put(.mode, mode.rawValue)
            w.put(.agent, agent)
            w.put(.seed, seed)
            w.put(.modelLibrary, modelLibrary)
            w.put(.openedFrom, openedFrom)
            w.put(.openedWith, openedWith)
        }
    }

    /// data_profiled: the size of the training data.
    public struct DataProfiled: PayloadBody, Equatable {
        public var rows: Int
        public var columns: Int

        public init(rows: Int, columns: Int) { (self.rows, self.columns) = (rows, columns) }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            rows = try PayloadReader.present(r.int(.rows), .rows)
            columns = try PayloadReader.present(r.int(.columns), .columns)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.rows, rows)
            w.put(.columns, columns)
        }
    }

    /// A model call under the OpenTelemetry GenAI names (semantic conventions 1.37.0). Events logged before them carry
    /// prompt_tokens and completion_tokens, kept as stored (their hash).
    public struct ModelCall: Sendable, Equatable {
        public var provider: String?
        public var requestModel: String?
        public var responseModel: String?
        public var finishReasons: [String]?
        public var genAIInputTokens: Int?
        public var genAIOutputTokens: Int?
        public var promptTokens: Int?
        public var completionTokens: Int?

        public init(provider: String? = nil, requestModel: String? = nil, responseModel: String? = nil, finishReasons: [String]? = nil,
                    inputTokens: Int? = nil, outputTokens: Int? = nil, promptTokens: Int? = nil, completionTokens: Int? = nil) {
            self.provider = provider
            self.requestModel = requestModel
            self.responseModel = responseModel
            self.finishReasons = finishReasons
            genAIInputTokens = inputTokens
            genAIOutputTokens = outputTokens
            self.promptTokens = promptTokens
            self.completionTokens = completionTokens
        }

        /// Input tokens under either name (gen_ai.usage.input_tokens, or the older prompt_tokens).
        public var inputTokens: Int? { genAIInputTokens ?? promptTokens }
        /// Output tokens under either name (gen_ai.usage.output_tokens, or the older completion_tokens).
        public var outputTokens: Int? { genAIOutputTokens ?? completionTokens }
        var isEmpty: Bool { self == ModelCall() }

        /// Read from the agent event's fields; nil when it logged no call.
        static func read(_ r: inout PayloadReader) throws(PayloadDecodingError) -> ModelCall? {
            var c = ModelCall()
            c.provider = try r.string(.genAIProvider)
            c.requestModel = try r.string(.genAIRequestModel)
            c.responseModel = try r.string(.genAIResponseModel)
            c.finishReasons = try r.strings(.genAIFinishReasons)
            c.genAIInputTokens = try r.int(.genAIInputTokens)
            c.genAIOutputTokens = try r.int(.genAIOutputTokens)
            c.promptTokens = try r.int(.promptTokens)
            c.completionTokens = try r.int(.completionTokens)
            return c.isEmpty ? nil : c
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.genAIProvider, provider)
            w.put(.genAIRequestModel, requestModel)
            w.put(.genAIResponseModel, responseModel)
            w.put(.genAIFinishReasons, finishReasons)
            w.put(.genAIInputTokens, genAIInputTokens)
            w.put(.genAIOutputTokens, genAIOutputTokens)
            w.put(.promptTokens, promptTokens)
            w.put(.completionTokens, completionTokens)
        }
    }

    /// agent_proposed: the proposals offered, those tandem refused with the reasons, and the agent's remark.
    public struct AgentProposed: PayloadBody, Equatable {
        public var stage: Stage?
        public var proposals: [Proposal]?
        public var refused: [RefusedProposal]?
        public var remark: String?
        public var durationMs: Int?
        public var call: ModelCall?

        public init(stage: Stage?, proposals: [Proposal]?, refused: [RefusedProposal]? = nil, remark: String? = nil,
                    durationMs: Int? = nil, call: ModelCall? = nil) {
            (self.stage, self.proposals, self.refused, self.remark, self.durationMs, self.call) = (stage, proposals, refused, remark, durationMs, call)
        }

        /// The proposals offered (none when the event lists none).
        public var offered: [Proposal] { proposals ?? [] }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            stage = try r.enumeration(.stage)
            proposals = try r.proposals(.proposals)
            refused = try r.refused(.refused)
            remark = try r.string(.text)
            durationMs = try r.int(.durationMs)
            call = try ModelCall.read(&r)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.stage, stage?.rawValue)
            w.put(.proposals, proposals)
            w.put(.refused, refused)
            w.put(.text, remark)
            w.put(.durationMs, durationMs)
            call?.write(&w)
        }
    }

    /// agent_failed: why the agent call failed (the session goes on).
    public struct AgentFailed: PayloadBody, Equatable {
        public var reason: String
        public var stage: Stage?
        public var durationMs: Int?
        public var call: ModelCall?

        public init(reason: String, stage: Stage?, durationMs: Int? = nil, call: ModelCall? = nil) {
            (self.reason, self.stage, self.durationMs, self.call) = (reason, stage, durationMs, call)
        }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            reason = try PayloadReader.present(r.string(.reason), .reason)
            stage = try r.enumeration(.stage)
            durationMs = try r.int(.durationMs)
            call = try ModelCall.read(&r)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.reason, reason)
            w.put(.stage, stage?.rawValue)
            w.put(.durationMs, durationMs)
            call?.write(&w)
        }
    }

    /// step_approved and auto_approved: the proposal applied as offered.
    public struct Approval: PayloadBody, Equatable {
        public var proposalId: String
        public var latencyMs: Int?

        public init(proposalId: String, latencyMs: Int? = nil) { (self.proposalId, self.latencyMs) = (proposalId, latencyMs) }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            proposalId = try PayloadReader.present(r.string(.proposalId), .proposalId)
            latencyMs = try r.int(.latencyMs)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.proposalId, proposalId)
            w.put(.latencyMs, latencyMs)
        }
    }

    /// step_rejected: the proposal turned down, and why when the human said.
    public struct Rejection: PayloadBody, Equatable {
        public var proposalId: String
        public var reason: String?
        public var latencyMs: Int?

        public init(proposalId: String, reason: String? = nil, latencyMs: Int? = nil) {
            (self.proposalId, self.reason, self.latencyMs) = (proposalId, reason, latencyMs)
        }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            proposalId = try PayloadReader.present(r.string(.proposalId), .proposalId)
            reason = try r.string(.reason)
            latencyMs = try r.int(.latencyMs)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.proposalId, proposalId)
            w.put(.reason, reason)
            w.put(.latencyMs, latencyMs)
        }
    }

    /// step_edited: the proposal applied in the human's form.
    public struct Edit: PayloadBody, Equatable {
        public var proposalId: String
        public var step: RecipeStep
        public var latencyMs: Int?

        public init(proposalId: String, step: RecipeStep, latencyMs: Int? = nil) {
            (self.proposalId, self.step, self.latencyMs) = (proposalId, step, latencyMs)
        }

        init(_ r: inout PayloadReader) throws(PayloadDecodingError) {
            proposalId = try PayloadReader.present(r.string(.proposalId), .proposalId)
            step = try PayloadReader.present(r.step(.step), .step)
            latencyMs = try r.int(.latencyMs)
        }

        func write(_ w: inout PayloadWriter) {
            w.put(.proposalId, proposalId)
            w.put(.step, step)
            w.put(.latencyMs, latencyMs)
        }
    }
}
