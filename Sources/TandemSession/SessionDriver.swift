import Foundation
import TandemAgent
import TandemChallenge
import TandemData
import TandemRecipe

/// The one owner of a live session's state (DESIGN.md section 1). The workbench and the batch run send it intents;
/// it validates each against the state, appends the event it becomes (durably, before anyone sees it), performs the
/// effects (agent calls, evaluation with progress and cancel, submission) and publishes what happened on `updates`.
/// The batch run is this driver plus the auto-approve policy; the workbench is this driver plus a human.
public actor SessionDriver {
    public nonisolated let sessionId: String
    public nonisolated let challenge: Challenge
    public nonisolated let agentName: String
    public nonisolated let profile: DataProfile
    /// Where each submission's submission.csv is written (`<folder>/submission.csv`); nil writes none.
    public nonisolated let submissionFolder: String?
    /// Appended events with the state after each, job progress, agent activity, store status and messages, in order.
    public nonisolated let updates: AsyncStream<DriverUpdate>
    nonisolated let outbox: AsyncStream<DriverUpdate>.Continuation
    nonisolated let inbox: AsyncStream<SessionIntent>.Continuation
    let queued: AsyncStream<SessionIntent>
    let store: any EventStore
    let agent: any Agent
    let clock: @Sendable () -> Int64
    /// Tokens the agent has streamed so far (an LLM agent's feed; 0 for agents that stream none).
    let tokens: @Sendable () -> Int
    public private(set) var state: SessionState
    /// When each open proposal was first on screen: a human decision's latency is measured from it.
    var shownAt: [String: Int64] = [:]
    var job: (label: String, monitor: JobMonitor)?
    var agentCall: Task<Result<AgentReply, AgentError>, Never>?
    var inboxLoop: Task<Void, Never>?
    /// Evaluations and submissions sent to the inbox, which run beside the intents after them.
    var besideTasks: [Task<Void, Never>] = []
    var storeWatch: Task<Void, Never>?
    /// Whether open proposals are previewed in the background (a human's session; a batch run has no one to show them).
    let previewing: Bool
    var previewRun: (fingerprint: String, task: Task<Void, Never>, monitor: JobMonitor)?
    /// Runs cancelled but maybe not yet stopped.
    var stoppingPreviews: [Task<Void, Never>] = []
    /// The folds of the recipe without the step: one evaluation serves every preview of the same recipe.
    var previewBase: (fingerprint: String, folds: [Double])?
    /// The prepared folds of the last recipe evaluated or previewed: a change of model only is scored on them.
    nonisolated let foldsCache = PreparedFoldsCache()
    /// Proposals whose preview failed on a recipe (`id@fingerprint`): not retried until the recipe changes.
    var skippedPreviews: Set<String> = []

    /// Milliseconds since the epoch, from the system clock (the driver's, never the reducer's).
    public static let systemClock: @Sendable () -> Int64 = { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    init(store: any EventStore, challenge: Challenge, agent: any Agent, sessionId: String, state: SessionState, submissions: String?,
         publishing: Bool, previewing: Bool, clock: @escaping @Sendable () -> Int64, tokens: @escaping @Sendable () -> Int) {
        self.previewing = previewing
        (updates, outbox) = AsyncStream.makeStream(of: DriverUpdate.self)
        (queued, inbox) = AsyncStream.makeStream(of: SessionIntent.self)
        // Nobody listens to a batch run's updates: they are not kept.
        if !publishing { outbox.finish() }
        self.store = store
        self.challenge = challenge
        self.agent = agent
        agentName = agent.name
        self.sessionId = sessionId
        self.state = state
        self.clock = clock
        self.tokens = tokens
        submissionFolder = submissions.map { ($0 as NSString).appendingPathComponent(sessionId) }
        profile = Profiler.profile(challenge.train, source: challenge.folder + "/train.csv", target: challenge.spec.target)
    }

    /// Starts a session: its row, `session_started` and `data_profiled`.
    public static func start(store: any EventStore, challenge: Challenge, agent: any Agent, mode: SessionMode, seed: UInt64,
                             appVersion: String, participant: String? = nil, agentConfig: String? = nil,
                             sessionId: String = UUID().uuidString.lowercased(), submissions: String? = nil, publishing: Bool = false, previewing: Bool = false,
                             clock: @escaping @Sendable () -> Int64 = systemClock,
                             tokens: @escaping @Sendable () -> Int = { 0 }) async throws(StoreError) -> SessionDriver {
        try store.createSession(SessionInfo(id: sessionId, challengeId: challenge.spec.id, challengeSha256: challenge.sha256,
                                            mode: mode.rawValue, agent: agent.name, agentConfig: agentConfig ?? agent.configJSON, seed: seed,
                                            appVersion: appVersion, participant: participant, startedAt: clock()))
        let driver = SessionDriver(store: store, challenge: challenge, agent: agent, sessionId: sessionId, state: SessionState(),
                                   submissions: submissions, publishing: publishing, previewing: previewing, clock: clock, tokens: tokens)
        try await driver.begin(mode: mode, seed: seed)
        await driver.startInbox()
        return driver
    }

    private func begin(mode: SessionMode, seed: UInt64) throws(StoreError) {
        let folder = URL(fileURLWithPath: challenge.folder).standardizedFileURL.path
        let options = challenge.openedWith.arguments
        try record(.system, .sessionStarted(.init(challengeId: challenge.spec.id, challengeSha256: challenge.sha256, mode: mode,
                                                  agent: agent.name, seed: seed, modelLibrary: ScoreEffects.modelLibrary,
                                                  openedFrom: folder, openedWith: options.isEmpty ? nil : options)))
        try record(.system, .dataProfiled(.init(rows: challenge.train.rowCount, columns: challenge.train.columnNames.count)))
    }

    /// Picks up a session where its log ends (after a crash or a kill).
    public static func resume(store: any EventStore, sessionId: String, challenge: Challenge, agent: any Agent, submissions: String? = nil,
                              publishing: Bool = false, previewing: Bool = false, clock: @escaping @Sendable () -> Int64 = systemClock,
                              tokens: @escaping @Sendable () -> Int = { 0 }) async throws(StoreError) -> SessionDriver {
        let events = try store.events(session: sessionId)
        if let broken = EventChain.check(events, endedAt: nil, session: sessionId) { throw StoreError(broken) }
        let state = SessionState.fold(try StoredEvent.decodeAll(events))
        guard state.challengeId == challenge.spec.id else {
            throw StoreError("session \(sessionId) is on challenge \(state.challengeId), not \(challenge.spec.id)")
        }
        // session_ended anchors the chain's end: nothing may follow it.
        guard !state.ended else { throw StoreError("session \(sessionId) has ended; start a new one (its log is closed)") }
        let driver = SessionDriver(store: store, challenge: challenge, agent: agent, sessionId: sessionId, state: state,
                                   submissions: submissions, publishing: publishing, previewing: previewing, clock: clock, tokens: tokens)
        await driver.startInbox()
        await driver.schedulePreviews()
        return driver
    }

    /// Appends the event durably, folds it into the state, then publishes both.
    @discardableResult
    func record(_ actor: Actor, _ payload: EventPayload) throws(StoreError) -> SessionEvent {
        let stored = try store.append(session: sessionId, [NewEvent(at: clock(), actor: actor, payload: payload)])
        guard let row = stored.first else { throw StoreError("session \(sessionId): the store returned no event", kind: .internal) }
        let event = SessionEvent(seq: row.seq, at: row.at, actor: actor, payload: payload)
        state.apply(event)
        outbox.yield(.appended(event, state))
        schedulePreviews()
        return event
    }

    public var visibleDocuments: [ChallengeDocument] { challenge.documents.filter { !state.flagged.contains($0.id) } }

    /// Performs one intent now and says what became of it. A human's decision carries the latency from the moment its
    /// proposal was shown, unless a scripted one states it (`latencyMs`); a policy's approval (`by: .system`) is
    /// logged as `auto_approved`.
    @discardableResult
    public func perform(_ intent: SessionIntent, by actor: Actor = .human, latencyMs: Int? = nil) async throws(StoreError) -> IntentOutcome {
        if state.ended, intent != .cancel { return refuse("session \(sessionId) has ended: its log is closed") }
        switch intent {
        case .shown(let ids):
            let now = clock()
            for id in ids where shownAt[id] == nil { shownAt[id] = now }
        case .approve(let id), .reject(let id, _), .edit(let id, _):
            guard state.pending.contains(where: { $0.id == id }) else { return refuse("proposal \(id) is not open") }
            // A scripted decision states its latency; a human's is measured from the moment its proposal was shown.
            let latency = latencyMs ?? (actor == .human ? shownAt[id].map { Int(clock() - $0) } : nil)
            switch intent {
            case .reject(_, let reason): try record(actor, .stepRejected(.init(proposalId: id, reason: reason, latencyMs: latency)))
            case .edit(_, let step):
                if let why = refusal(of: step) { return refuse("not applied: \(why)") }
                try record(actor, .stepEdited(.init(proposalId: id, step: step, latencyMs: latency)))
            default:
                // A step that reads a column no applied step makes (its maker rejected, or not approved yet) would
                // break every later evaluation: refused, with what to do instead.
                if let step = state.pending.first(where: { $0.id == id })?.step, let missing = missingInput(of: step.step) {
                    return refuse("not applied: \(id) reads \(missing), which no applied step makes; approve the step that makes it first")
                }
                let approval = EventPayload.Approval(proposalId: id, latencyMs: latency)
                try record(actor, actor == .human ? .stepApproved(approval) : .autoApproved(approval))
            }
        case .add(let step):
            if let why = refusal(of: step) { return refuse("not applied: \(why)") }
            try record(actor, .stepAdded(.init(step: step, latencyMs: latencyMs)))
        case .remove(let index):
            guard state.recipe.steps.indices.contains(index) else { return refuse("there is no step \(index + 1) to remove") }
            try record(actor, .stepRemoved(.init(index: index, latencyMs: latencyMs)))
        case .flag(let d), .unflag(let d):
            let flagging = intent == .flag(document: d)
            guard challenge.documents.contains(where: { $0.id == d }) else { return refuse("\(challenge.spec.id) has no document \(d)") }
            guard state.flagged.contains(d) != flagging else { return refuse("\(d) is \(flagging ? "flagged already" : "not flagged")") }
            let change = EventPayload.DocumentChange(document: d, latencyMs: latencyMs)
            try record(actor, flagging ? .documentFlagged(change) : .documentUnflagged(change))
        case .undo, .redo:
            guard intent == .undo ? state.canUndo : state.canRedo else { return refuse("nothing to \(intent == .undo ? "undo" : "redo")") }
            try record(actor, intent == .undo ? .undone(.init()) : .redone(.init()))
        case .note(let text), .marker(let text):
            let note = EventPayload.Note(text: text, latencyMs: latencyMs)
            try record(actor, intent == .note(text) ? .noteAdded(note) : .markerAdded(note))
        case .changeStage(let stage):
            guard stage != state.stage else { return refuse("the session is in \(stage.rawValue) already") }
            try record(actor, .stageChanged(.init(stage: stage, latencyMs: latencyMs)))
        case .propose: return .proposed(try await askAgent())
        case .evaluate: return try await runJob(.evaluated)
        case .submit: return try await runJob(.submitted)
        case .cancel: cancelRunning()
        case .end: try end()
        }
        return .done
    }

    /// A column the step reads that is neither in the training data nor made by an applied step.
    func missingInput(of step: Step) -> String? {
        var have = Set(challenge.train.columnNames)
        for s in state.recipe.steps { have.formUnion(StepDependencies.creates(s.step)) }
        return StepDependencies.reads(step).subtracting(have).sorted().first
    }

    func refuse(_ reason: String) -> IntentOutcome {
        outbox.yield(.message(reason))
        return .refused(reason)
    }

    /// Ends the session: `session_ended` anchors the chain's end with the count of the events before it and the hash
    /// of the last of them (DESIGN.md section 5), so a cut tail or a forged last event does not verify.
    func end() throws(StoreError) {
        cancelRunning()
        stopPreviews()
        let stored = try store.events(session: sessionId)
        try record(.system, .sessionEnded(.init(eventCount: stored.count, headHash: stored.last?.hash ?? EventChain.genesis)))
        try store.endSession(sessionId, at: clock())
    }
}

/// Who the session is: a human with an agent, or an agent alone.
public enum SessionMode: String, Sendable, CaseIterable {
    case humanAI = "human-ai"
    case aiOnly = "ai-only"
}
