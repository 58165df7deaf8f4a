import TandemRecipe

/// A score the session logged, with the event that logged it.
public struct ScorePoint: Codable, Sendable, Equatable {
    public var seq: Int
    public var at: Int64
    public var score: Double
    public var fingerprint: String
}

/// The state of a session: a pure fold of its events (no clock, randomness
/// or I/O here), so replay, undo and verification share one code path.
public struct SessionState: Sendable, Equatable {
    /// What undo restores: the recipe, the open proposals, the flags and the rejections (an undone rejection must not
    /// reach the agent as rejected). Rejections only ever append, so a state's are a prefix of the session's log of
    /// them and a snapshot keeps their count: undo then costs the recipe and proposals, not every rejection so far
    /// (which made a long session's replay quadratic in memory).
    public struct Snapshot: Sendable, Equatable {
        public var recipe: [RecipeStep] = []
        public var pending: [Proposal] = []
        public var flagged: Set<String> = []
        public var rejectedCount = 0
    }

    public var challengeId = ""
    public var mode: SessionMode?
    public var agent = ""
    public var seed: UInt64 = 0
    public var stage: Stage = .cleaning
    public var current = Snapshot()
    public var refused: [RefusedProposal] = []
    public var evaluations: [ScorePoint] = []
    public var submissions: [ScorePoint] = []
    public var notes: [String] = []
    public var markerList: [Marker] = []
    /// The latest what-if of each proposal, as the human saw it (proposal_previewed); stale once the recipe changed.
    public var previews: [String: EventPayload.ProposalPreviewed] = [:]
    /// Every proposal offered in the session, open or not, by id.
    public var offered: [String: RecipeStep] = [:]
    /// The steps a validating agent has scored so far (agent_trial with folds): what its budget has spent. A step
    /// tandem refused before scoring costs nothing.
    public var trials = 0
    public var ended = false
    public var lastSeq = 0
    public var agentFailures = 0
    /// Why the latest agent call failed (said on stderr by a batch run, not kept only in the log).
    public var lastAgentFailure: String?
    /// Events that could not apply (an unknown proposal, an undo with nothing to undo): replay reports them.
    public var problems: [String] = []
    var undoStack: [Snapshot] = []
    var redoStack: [Snapshot] = []
    /// Every rejection along the current line of decisions; `current.rejectedCount` of them hold now.
    var rejectionLog: [RejectedStep] = []

    public struct RejectedStep: Sendable, Equatable {
        public var step: RecipeStep
        public var reason: String?
    }

    public struct Marker: Sendable, Equatable {
        public var seq: Int
        public var label: String
    }

    public init() {}

    public var recipe: Recipe { Recipe(steps: current.recipe) }
    public var pending: [Proposal] { current.pending }
    public var flagged: Set<String> { current.flagged }
    public var rejected: [RejectedStep] { Array(rejectionLog.prefix(current.rejectedCount)) }
    public var canUndo: Bool { !undoStack.isEmpty }
    public var canRedo: Bool { !redoStack.isEmpty }

    /// The preview of an open proposal against the recipe as it is now; nil while none is (a stale one does not count).
    public func preview(of proposalId: String) -> EventPayload.ProposalPreviewed? { preview(of: proposalId, against: recipe.fingerprint) }

    /// The same, against a recipe fingerprint the caller has already computed (hashing the recipe once per pass, not
    /// once per proposal).
    public func preview(of proposalId: String, against fingerprint: String) -> EventPayload.ProposalPreviewed? {
        guard let p = previews[proposalId], p.fingerprint == fingerprint else { return nil }
        return p
    }

    /// Applied steps that cite a flagged document.
    public var taintedSteps: [Int] {
        current.recipe.indices.filter { !Set(current.recipe[$0].documents).isDisjoint(with: current.flagged) }
    }

    public static func fold<S: Sequence>(_ events: S) -> SessionState where S.Element == SessionEvent {
        var s = SessionState()
        for e in events { s.apply(e) }
        return s
    }

    public mutating func apply(_ e: SessionEvent) {
        lastSeq = e.seq
        // Only a decision keeps the state before it: any other event would copy what it changes for nothing.
        let before = e.kind.isDecision ? current : nil, problemCount = problems.count
        fold(e)
        // A decision is undoable once it has applied; one that failed (an unknown proposal) leaves nothing to undo.
        if let before, problems.count == problemCount {
            undoStack.append(before)
            redoStack.removeAll()
        }
    }

    private mutating func fold(_ e: SessionEvent) {
        switch e.payload {
        case .sessionStarted(let p):
            challengeId = p.challengeId
            mode = p.mode
            agent = p.agent
            seed = p.seed
        case .dataProfiled: break
        case .agentFailed(let p):
            agentFailures += 1
            lastAgentFailure = p.reason
        case .agentProposed(let p):
            // A new proposal for the same step replaces an open one: the agent revised it.
            for proposal in p.offered {
                offered[proposal.id] = proposal.step
                current.pending.removeAll { $0.step.step == proposal.step.step }
                current.pending.append(proposal)
            }
            refused += p.refused ?? []
        case .stepApproved(let p), .autoApproved(let p):
            guard let i = pendingIndex(p.proposalId, e) else { return }
            insert(current.pending.remove(at: i).step)
        case .stepRejected(let p):
            guard let i = pendingIndex(p.proposalId, e) else { return }
            // Rejections an undo took back are gone for good once a new one is made (redo is cleared too).
            rejectionLog.removeSubrange(min(current.rejectedCount, rejectionLog.count)...)
            rejectionLog.append(RejectedStep(step: current.pending.remove(at: i).step, reason: p.reason))
            current.rejectedCount = rejectionLog.count
        case .stepEdited(let p):
            guard let i = pendingIndex(p.proposalId, e) else { return }
            current.pending.remove(at: i)
            insert(p.step)
        case .stepAdded(let p):
            let at = min(max(p.index ?? current.recipe.count, 0), current.recipe.count)
            current.recipe.insert(p.step, at: at)
        case .stepRemoved(let p):
            guard current.recipe.indices.contains(p.index) else { return problem(e, "removes step \(p.index + 1), which does not exist") }
            current.recipe.remove(at: p.index)
        case .documentFlagged(let p):
            current.flagged.insert(p.document)
            // Open proposals that rely on the document are withdrawn; the agent revises without it.
            current.pending.removeAll { $0.step.documents.contains(p.document) }
        case .documentUnflagged(let p):
            current.flagged.remove(p.document)
        case .evaluated(let p):
            if let cv = p.cvMean { evaluations.append(ScorePoint(seq: e.seq, at: e.at, score: cv, fingerprint: p.fingerprint ?? "")) }
        case .submitted(let p):
            if let t = p.testScore { submissions.append(ScorePoint(seq: e.seq, at: e.at, score: t, fingerprint: p.fingerprint ?? "")) }
        case .noteAdded(let p):
            notes.append(p.text)
        case .markerAdded(let p):
            markerList.append(Marker(seq: e.seq, label: p.text))
        case .undone:
            guard let previous = undoStack.popLast() else { return problem(e, "has nothing to undo") }
            redoStack.append(current)
            current = previous
        case .redone:
            guard let next = redoStack.popLast() else { return problem(e, "has nothing to redo") }
            undoStack.append(current)
            current = next
        case .stageChanged(let p):
            stage = p.stage
        case .sessionEnded:
            ended = true
        case .proposalPreviewed(let p):
            previews[p.proposalId] = p
        case .agentTrial(let t):
            if !t.cvFolds.isEmpty { trials += 1 }
        }
    }

    /// An approved step goes before any applied step that removes a column it reads (DESIGN.md section 4), else last.
    private mutating func insert(_ step: RecipeStep) {
        current.recipe.insert(step, at: StepDependencies.insertionIndex(of: step.step, into: current.recipe))
    }

    private mutating func pendingIndex(_ id: String, _ e: SessionEvent) -> Int? {
        guard let i = current.pending.firstIndex(where: { $0.id == id }) else {
            problem(e, "refers to proposal \(id), which is not open")
            return nil
        }
        return i
    }

    private mutating func problem(_ e: SessionEvent, _ message: String) {
        problems.append("event \(e.seq) (\(e.kind.rawValue)) \(message)")
    }
}
