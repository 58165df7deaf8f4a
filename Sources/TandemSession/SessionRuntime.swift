import Foundation
import TandemAgent
import TandemChallenge
import TandemData
import TandemRecipe

/// A decision about an open proposal.
public enum Decision: Sendable, Equatable {
    case approve
    case reject(reason: String?)
    case edit(RecipeStep)
}

/// Performs a session's effects (agent calls, evaluation, submission) and
/// records each as an event. An event is appended durably to the store
/// before the state (and so the screen) shows it. The batch run and the TUI
/// drive this same runtime; only the source of decisions differs.
public final class SessionRuntime: @unchecked Sendable {
    public let store: any EventStore
    public let challenge: Challenge
    public let agent: any Agent
    public let sessionId: String
    public private(set) var state: SessionState
    public let profile: DataProfile
    /// Where each submission's submission.csv is written (`<folder>/submission.csv`); nil writes none.
    public let submissionFolder: String?
    let clock: @Sendable () -> Int64

    init(store: any EventStore, challenge: Challenge, agent: any Agent, sessionId: String, state: SessionState,
         submissions: String?, clock: @escaping @Sendable () -> Int64) {
        self.store = store
        submissionFolder = submissions.map { ($0 as NSString).appendingPathComponent(sessionId) }
        self.challenge = challenge
        self.agent = agent
        self.sessionId = sessionId
        self.state = state
        self.clock = clock
        profile = Profiler.profile(challenge.train, source: challenge.folder + "/train.csv", target: challenge.spec.target)
    }

    /// Milliseconds since the epoch, from the system clock (the runtime's, never the reducer's).
    public static let systemClock: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    public static func start(store: any EventStore, challenge: Challenge, agent: any Agent, mode: String, seed: UInt64,
                             appVersion: String, participant: String? = nil, sessionId: String = UUID().uuidString.lowercased(),
                             submissions: String? = nil, clock: @escaping @Sendable () -> Int64 = systemClock) throws(StoreError) -> SessionRuntime {
        let now = clock()
        try store.createSession(SessionInfo(id: sessionId, challengeId: challenge.spec.id, challengeSha256: challenge.sha256, mode: mode,
                                            agent: agent.name, agentConfig: agent.configJSON, seed: seed, appVersion: appVersion,
                                            participant: participant, startedAt: now))
        let runtime = SessionRuntime(store: store, challenge: challenge, agent: agent, sessionId: sessionId, state: SessionState(),
                                     submissions: submissions, clock: clock)
        var started = EventPayload()
        started.challengeId = challenge.spec.id
        started.challengeSha256 = challenge.sha256
        started.mode = mode
        started.agent = agent.name
        started.seed = seed
        try runtime.record(.system, .sessionStarted, started)
        var profiled = EventPayload()
        profiled.rows = challenge.train.rowCount
        profiled.columns = challenge.train.columnNames.count
        try runtime.record(.system, .dataProfiled, profiled)
        return runtime
    }

    /// Picks up a session where its log ends (after a crash or a kill).
    public static func resume(store: any EventStore, sessionId: String, challenge: Challenge, agent: any Agent, submissions: String? = nil,
                              clock: @escaping @Sendable () -> Int64 = systemClock) throws(StoreError) -> SessionRuntime {
        let events = try store.events(session: sessionId)
        if let broken = EventChain.check(events, endedAt: nil, session: sessionId) { throw StoreError(broken) }
        var decoded: [SessionEvent] = []
        for e in events { decoded.append(try e.decoded()) }
        let state = SessionState.fold(decoded)
        guard state.challengeId == challenge.spec.id else {
            throw StoreError("session \(sessionId) is on challenge \(state.challengeId), not \(challenge.spec.id)")
        }
        // session_ended anchors the chain's end: nothing may follow it.
        guard !state.ended else { throw StoreError("session \(sessionId) has ended; start a new one (its log is closed)") }
        return SessionRuntime(store: store, challenge: challenge, agent: agent, sessionId: sessionId, state: state,
                              submissions: submissions, clock: clock)
    }

    /// Appends the event durably, then folds it into the state.
    @discardableResult
    public func record(_ actor: Actor, _ kind: EventKind, _ payload: EventPayload = EventPayload()) throws(StoreError) -> SessionEvent {
        let stored = try store.append(session: sessionId, [NewEvent(at: clock(), actor: actor, kind: kind, payload: payload)])
        guard let row = stored.first else { throw StoreError("session \(sessionId): the store returned no event") }
        let event = SessionEvent(seq: row.seq, at: row.at, actor: actor, kind: kind, payload: payload)
        state.apply(event)
        return event
    }

    public var visibleDocuments: [ChallengeDocument] { challenge.documents.filter { !state.flagged.contains($0.id) } }

    /// Asks the agent for the current stage; valid proposals are logged as
    /// `agent_proposed`, refused ones with their reasons in the same event, a
    /// failure as `agent_failed`. The session keeps running either way.
    @discardableResult
    public func askAgent() async throws(StoreError) -> [Proposal] {
        let context = AgentContext(brief: challenge.spec, profile: profile, documents: visibleDocuments, stage: state.stage,
                                   recipe: state.recipe, lastCV: state.evaluations.last?.score, lastTest: state.submissions.last?.score,
                                   rejected: state.rejected.map { ($0.step, $0.reason) })
        let reply: AgentReply
        let start = ContinuousClock.now
        do { reply = try await agent.propose(context) } catch {
            var p = EventPayload()
            p.reason = error.description
            p.stage = state.stage.rawValue
            p.record(error.call)
            p.durationMs = Self.milliseconds(ContinuousClock.now - start)
            try record(.agent, .agentFailed, p)
            return []
        }
        // A reply that repeats a step proposes it once (the reducer would let the repeat replace the first).
        var seen = Set<Step>()
        let (admitted, refused) = admit(reply.steps)
        let valid = admitted.filter { seen.insert($0.step).inserted }
        var p = EventPayload()
        p.stage = state.stage.rawValue
        let base = state.lastSeq + 1
        p.proposals = valid.enumerated().map { Proposal(id: "p\(base)-\($0.offset + 1)", step: $0.element) }
        p.refused = refused
        p.record(reply.call)
        p.text = reply.remark
        p.durationMs = Self.milliseconds(ContinuousClock.now - start)
        try record(.agent, .agentProposed, p)
        return p.proposals ?? []
    }

    /// Splits proposals into those valid after the current recipe and those tandem refuses.
    public func admit(_ steps: [RecipeStep]) -> ([RecipeStep], [RefusedProposal]) {
        let current = state.recipe.steps
        let context = ScoreEffects.context(challenge, seed: state.seed)
        do {
            let result = try RecipeAdmission.admit(current + steps, frame: WorkingFrame(challenge.train), context: context,
                                                   positiveLabel: challenge.spec.positiveLabel, applied: current.count)
            let asked = Set(steps.map(\.step)), applied = Set(current.map(\.step))
            // Only the steps asked about are refused here: an applied step that no longer validates (logged before a rule
            // tightened) is left to the evaluation to report, not pinned on the proposal. Proposals keep the admitted
            // order, in which a step that reads a column comes before one that replaces it.
            var once = Set<Step>()
            return (result.recipe.steps.filter { asked.contains($0.step) && !applied.contains($0.step) && once.insert($0.step).inserted },
                    result.refused.filter { asked.contains($0.step.step) }.map { RefusedProposal(step: $0.step, reason: $0.reason) })
        } catch {
            return ([], steps.map { RefusedProposal(step: $0, reason: error.description) })
        }
    }

    public func decide(_ proposalId: String, _ decision: Decision, actor: Actor = .human, latencyMs: Int? = nil) throws(StoreError) {
        var p = EventPayload()
        p.proposalId = proposalId
        p.latencyMs = latencyMs
        switch decision {
        case .approve: try record(actor, actor == .human ? .stepApproved : .autoApproved, p)
        case .reject(let reason):
            p.reason = reason
            try record(actor, .stepRejected, p)
        case .edit(let step):
            p.step = step
            try record(actor, .stepEdited, p)
        }
    }

    /// Cross-validates the current recipe and logs the scores; a recipe error is logged as the evaluation's reason.
    @discardableResult
    public func evaluate() throws(StoreError) -> Evaluation? {
        let (payload, result) = Self.evaluation(state.recipe, challenge: challenge, seed: state.seed)
        try record(.system, .evaluated, payload)
        return result
    }

    /// The `evaluated` payload of a recipe: the effect itself, pure of the store, so the TUI can run it on
    /// another thread and record it when it is done. Nil when cancelled (nothing was evaluated, nothing is logged).
    public static func evaluation(_ recipe: Recipe, challenge: Challenge, seed: UInt64, monitor: JobMonitor? = nil) -> (EventPayload, Evaluation?) {
        let start = ContinuousClock.now
        var p = EventPayload()
        p.fingerprint = recipe.fingerprint
        p.metric = challenge.spec.metric.rawValue
        var result: Evaluation?
        do {
            let e = try ScoreEffects.crossValidate(recipe, challenge: challenge, seed: seed, monitor: monitor)
            p.cvMean = e.cvMean
            p.cvFolds = e.cvFolds
            p.warnings = e.warnings
            result = e
        } catch {
            p.reason = error.description
        }
        p.durationMs = Self.milliseconds(ContinuousClock.now - start)
        return (p, result)
    }

    @discardableResult
    public func submit() throws(StoreError) -> Double? {
        let p = Self.submission(state.recipe, challenge: challenge, seed: state.seed, folder: submissionFolder)
        try record(.system, .submitted, p)
        return p.testScore
    }

    /// The warning an unscored submission carries.
    public static let unscoredWarning = "unscored: the challenge has no key/test_labels.csv, so the submission was written and validated, not scored"

    /// The `submitted` payload of a recipe: submission.csv validated and written into `folder` (when given), its
    /// path and SHA-256, and the hidden-test score when the challenge is scored.
    public static func submission(_ recipe: Recipe, challenge: Challenge, seed: UInt64, folder: String? = nil) -> EventPayload {
        var p = EventPayload()
        p.fingerprint = recipe.fingerprint
        p.metric = challenge.spec.metric.rawValue
        do {
            let s = try ScoreEffects.submission(recipe, challenge: challenge, seed: seed)
            p.submissionSha256 = s.file.sha256
            if let folder {
                let path = (folder as NSString).appendingPathComponent("submission.csv")
                do { try s.file.write(to: path) } catch { throw SessionError("submit: \(error.description)") }
                p.submissionPath = path
            }
            p.testScore = s.score
            if s.score == nil { p.warnings = [unscoredWarning] }
        } catch {
            p.reason = "\(error)"
        }
        return p
    }

    /// Ends the session: `session_ended` anchors the chain's end with the count of the events before it and the hash
    /// of the last of them (DESIGN.md section 5), so a cut tail or a forged last event does not verify.
    public func end() throws(StoreError) {
        let stored = try store.events(session: sessionId)
        var p = EventPayload()
        p.eventCount = stored.count
        p.headHash = stored.last?.hash ?? EventChain.genesis
        try record(.system, .sessionEnded, p)
        try store.endSession(sessionId, at: clock())
    }

    /// An AI-only run (DESIGN.md section 2): for each stage the agent proposes,
    /// the auto-approve policy approves every valid proposal (each decision
    /// logged as `auto_approved`), and the recipe is evaluated; then submit and end.
    public func runAIOnly(progress: (String) -> Void = { _ in }) async throws(StoreError) {
        for stage in [Stage.cleaning, .features, .modelling] {
            if state.stage != stage {
                var p = EventPayload()
                p.stage = stage.rawValue
                try record(.system, .stageChanged, p)
            }
            progress("\(stage.rawValue): asking the \(agent.name) agent")
            let failuresBefore = state.agentFailures
            // Only proposals still open: one approved step may not withdraw another, but the log must never name a closed one.
            for proposal in try await askAgent() where state.pending.contains(where: { $0.id == proposal.id }) {
                try decide(proposal.id, .approve, actor: .system)
            }
            if state.agentFailures > failuresBefore {
                progress("\(stage.rawValue): the \(agent.name) agent failed: \(state.lastAgentFailure ?? "no reason given"); going on without it")
            }
            progress("\(stage.rawValue): evaluating \(state.recipe.steps.count) steps (event \(state.lastSeq) logged)")
            try evaluate()
        }
        progress("submitting (event \(state.lastSeq) logged)")
        try submit()
        try end()
    }

    static func milliseconds(_ d: Duration) -> Int { Int(d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000) }
}
