import TandemChallenge
import TandemData
import TandemRecipe

/// What an agent sees when asked for proposals (DESIGN.md section 6): never the key.
public struct AgentContext: Sendable {
    public var brief: ChallengeSpec
    public var profile: DataProfile
    /// Documents not flagged by the human.
    public var documents: [ChallengeDocument]
    public var stage: Stage
    public var recipe: Recipe
    public var lastCV: Double?
    public var lastTest: Double?
    /// Steps the human rejected, with the reasons given.
    public var rejected: [(step: RecipeStep, reason: String?)]
    /// The session's seed: the folds an agent that evaluates must use, the ones the session scores on.
    public var seed: UInt64
    /// Steps a validating agent has already tried in this session (its budget is per session).
    public var trialsSoFar: Int
    /// The what-if of each earlier proposal, as the human saw it: the step and its fold-paired gain (issue 18).
    public var previews: [(step: RecipeStep, gain: FoldGain)]
    /// The challenge's side tables: their schemas, and the future warning an aggregate over one may carry.
    public var tables: SideTables = SideTables()
    /// The training rows, to match side tables to (never the test rows' labels: those are in the key).
    public var train: DataFrame?

    public init(brief: ChallengeSpec, profile: DataProfile, documents: [ChallengeDocument], stage: Stage, recipe: Recipe,
                lastCV: Double? = nil, lastTest: Double? = nil, rejected: [(step: RecipeStep, reason: String?)] = [],
                seed: UInt64 = 42, trialsSoFar: Int = 0, previews: [(step: RecipeStep, gain: FoldGain)] = []) {
        self.seed = seed
        self.trialsSoFar = trialsSoFar
        self.previews = previews
        self.brief = brief
        self.profile = profile
        self.documents = documents
        self.stage = stage
        self.recipe = recipe
        self.lastCV = lastCV
        self.lastTest = lastTest
        self.rejected = rejected
    }
}

/// What a call to a language model was, in the OpenTelemetry GenAI semantic conventions' terms (version 1.37.0):
/// the `gen_ai.*` names its fields are logged under. Tokens are summed over the call's attempts, and unknown (nil)
/// when the endpoint did not say, never 0.
public struct LLMCall: Sendable, Equatable {
    /// gen_ai.provider.name
    public var provider: String
    /// gen_ai.request.model
    public var requestModel: String
    /// gen_ai.response.model: what the endpoint says answered
    public var responseModel: String?
    /// gen_ai.response.finish_reasons
    public var finishReasons: [String]
    /// gen_ai.usage.input_tokens
    public var inputTokens: Int?
    /// gen_ai.usage.output_tokens
    public var outputTokens: Int?

    public init(provider: String, requestModel: String, responseModel: String? = nil, finishReasons: [String] = [],
                inputTokens: Int? = nil, outputTokens: Int? = nil) {
        self.provider = provider
        self.requestModel = requestModel
        self.responseModel = responseModel
        self.finishReasons = finishReasons
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}

/// An agent's answer: proposed steps (each with rationale and cited documents) and, for a model, what the call was.
public struct AgentReply: Sendable {
    public var steps: [RecipeStep]
    /// The language-model call behind the reply; nil for an agent that calls none.
    public var call: LLMCall?
    /// What the agent says about the call as a whole (logged as the agent_proposed event's text).
    public var remark: String?
    /// The steps a validating agent tried before it proposed (each logged as agent_trial, before agent_proposed).
    public var trials: [Trial]

    public var promptTokens: Int? { call?.inputTokens }
    public var completionTokens: Int? { call?.outputTokens }

    public init(steps: [RecipeStep], call: LLMCall? = nil, remark: String? = nil, trials: [Trial] = []) {
        self.steps = steps
        self.call = call
        self.remark = remark
        self.trials = trials
    }

    /// A step tried on the recipe `fingerprint` names: its folds with and without it, adopted or not, and why.
    public struct Trial: Sendable, Equatable {
        public var step: RecipeStep
        public var fingerprint: String
        public var metric: String
        public var cvFolds: [Double]
        public var baseFolds: [Double]
        public var adopted: Bool
        public var reason: String

        public init(step: RecipeStep, fingerprint: String, metric: String, cvFolds: [Double], baseFolds: [Double], adopted: Bool, reason: String) {
            (self.step, self.fingerprint, self.metric, self.cvFolds) = (step, fingerprint, metric, cvFolds)
            (self.baseFolds, self.adopted, self.reason) = (baseFolds, adopted, reason)
        }
    }
}

public struct AgentError: Error, CustomStringConvertible, Sendable {
    public let description: String
    /// What the failed call(s) were and cost, when a model was called.
    public var call: LLMCall?

    public var promptTokens: Int? { call?.inputTokens }
    public var completionTokens: Int? { call?.outputTokens }

    public init(_ description: String, call: LLMCall? = nil) {
        self.description = description
        self.call = call
    }
}

public protocol Agent: Sendable {
    var name: String { get }
    /// The agent's settings as JSON, stored with the session (never a secret).
    var configJSON: String { get }
    func propose(_ context: AgentContext) async throws(AgentError) -> AgentReply
}

extension Agent {
    public var configJSON: String { "{}" }
}

/// Deterministic and offline: the profile-driven default recipe plus the
/// structured advice of every visible document, adopted uncritically (the
/// AssistedDS behaviour the human is there to catch). It never proposes a
/// step already applied or one the human rejected.
public struct HeuristicAgent: Agent {
    public let name = "heuristic"
    public init() {}

    public func propose(_ context: AgentContext) async throws(AgentError) -> AgentReply {
        AgentReply(steps: proposals(context), remark: Self.remark(context.documents))
    }

    /// Prose-only documents hold nothing this agent can adopt; it says so rather than pass over them in silence.
    public static func remark(_ documents: [ChallengeDocument]) -> String? {
        let prose = documents.filter { $0.advice.isEmpty }.map(\.id)
        guard !prose.isEmpty else { return nil }
        return "read \(prose.joined(separator: ", ")): prose only, nothing structured to adopt (the llm agent reads prose)"
    }

    public func proposals(_ context: AgentContext) -> [RecipeStep] {
        let (defaults, advice) = Self.candidates(context)
        return Self.open(AdviceComposer.compose(defaults: defaults, advice: advice), context)
    }

    /// The profile-driven defaults and every visible document's advice (cited, with its rationale), all stages.
    public static func candidates(_ context: AgentContext) -> (defaults: [RecipeStep], advice: [RecipeStep]) {
        let recipeContext = RecipeContext(target: context.brief.target, task: context.brief.task, idColumns: context.brief.idColumns,
                                          timeColumn: context.brief.timeColumn, tables: context.tables)
        let defaults = DefaultRecipe.steps(profile: context.profile, context: recipeContext, train: context.train)
        let advice = context.documents.flatMap { doc in
            doc.advice.map { a in
                var s = a
                s.author = .agent
                s.documents = [doc.id]
                s.rationale = a.rationale.map { "\($0) (\(doc.id))" } ?? "advice of \(doc.id)"
                if a.step.op == .textFlag, context.profile.columns.first(where: { $0.name == a.step.column })?.kind == .date {
                    s.rationale = (s.rationale ?? "") + " (a date column: its patterns match the ISO 8601 text, such as 2004-07-05)"
                }
                // Adopted uncritically (the instrument needs it), but never hidden: the warning travels with the proposal.
                if let warning = SideDataOps.futureWarning(a.step, tables: context.tables) {
                    s.rationale = (s.rationale ?? "") + " ⚠ " + warning
                }
                return s
            }
        }
        return (defaults, advice)
    }

    /// The steps of the current stage not applied, not rejected, each once.
    public static func open(_ steps: [RecipeStep], _ context: AgentContext) -> [RecipeStep] {
        let applied = Set(context.recipe.steps.map(\.step))
        let rejected = Set(context.rejected.map(\.step.step))
        var seen = Set<Step>()
        return steps.filter { s in
            s.step.op.stage == context.stage && !applied.contains(s.step) && !rejected.contains(s.step) && seen.insert(s.step).inserted
        }
    }
}
