import TandemRecipe

/// What an event says: one payload type per kind (docs/events.md), so which fields a kind carries is known in one
/// place, its type. The kind of an event is the case of its payload.
public enum EventPayload: Sendable, Equatable {
    case sessionStarted(SessionStarted)
    case dataProfiled(DataProfiled)
    case agentProposed(AgentProposed)
    case agentFailed(AgentFailed)
    case stepApproved(Approval)
    case autoApproved(Approval)
    case stepRejected(Rejection)
    case stepEdited(Edit)
    case stepAdded(Addition)
    case stepRemoved(Removal)
    case documentFlagged(DocumentChange)
    case documentUnflagged(DocumentChange)
    case evaluated(Evaluated)
    case submitted(Submitted)
    case noteAdded(Note)
    case markerAdded(Note)
    case undone(Reversal)
    case redone(Reversal)
    case stageChanged(StageChange)
    case sessionEnded(SessionEnd)
    case proposalPreviewed(ProposalPreviewed)
    case agentTrial(AgentTrial)

    public var kind: EventKind {
        switch self {
        case .sessionStarted: .sessionStarted
        case .dataProfiled: .dataProfiled
        case .agentProposed: .agentProposed
        case .agentFailed: .agentFailed
        case .stepApproved: .stepApproved
        case .autoApproved: .autoApproved
        case .stepRejected: .stepRejected
        case .stepEdited: .stepEdited
        case .stepAdded: .stepAdded
        case .stepRemoved: .stepRemoved
        case .documentFlagged: .documentFlagged
        case .documentUnflagged: .documentUnflagged
        case .evaluated: .evaluated
        case .submitted: .submitted
        case .noteAdded: .noteAdded
        case .markerAdded: .markerAdded
        case .undone: .undone
        case .redone: .redone
        case .stageChanged: .stageChanged
        case .sessionEnded: .sessionEnded
        case .proposalPreviewed: .proposalPreviewed
        case .agentTrial: .agentTrial
        }
    }

    /// The payload's fields, as one value: what the canonical writer and the JSON export write.
    var body: any PayloadBody {
        switch self {
        case .sessionStarted(let b): b
        case .dataProfiled(let b): b
        case .agentProposed(let b): b
        case .agentFailed(let b): b
        case .stepApproved(let b), .autoApproved(let b): b
        case .stepRejected(let b): b
        case .stepEdited(let b): b
        case .stepAdded(let b): b
        case .stepRemoved(let b): b
        case .documentFlagged(let b), .documentUnflagged(let b): b
        case .evaluated(let b): b
        case .submitted(let b): b
        case .noteAdded(let b), .markerAdded(let b): b
        case .undone(let b), .redone(let b): b
        case .stageChanged(let b): b
        case .sessionEnded(let b): b
        case .proposalPreviewed(let b): b
        case .agentTrial(let b): b
        }
    }

    /// Reads the payload of `kind` from its fields; a field the kind does not carry is an error naming it.
    static func decode(_ kind: EventKind, _ r: inout PayloadReader) throws(PayloadDecodingError) -> EventPayload {
        let payload: EventPayload
        switch kind {
        case .sessionStarted: payload = .sessionStarted(try SessionStarted(&r))
        case .dataProfiled: payload = .dataProfiled(try DataProfiled(&r))
        case .agentProposed: payload = .agentProposed(try AgentProposed(&r))
        case .agentFailed: payload = .agentFailed(try AgentFailed(&r))
        case .stepApproved: payload = .stepApproved(try Approval(&r))
        case .autoApproved: payload = .autoApproved(try Approval(&r))
        case .stepRejected: payload = .stepRejected(try Rejection(&r))
        case .stepEdited: payload = .stepEdited(try Edit(&r))
        case .stepAdded: payload = .stepAdded(try Addition(&r))
        case .stepRemoved: payload = .stepRemoved(try Removal(&r))
        case .documentFlagged: payload = .documentFlagged(try DocumentChange(&r))
        case .documentUnflagged: payload = .documentUnflagged(try DocumentChange(&r))
        case .evaluated: payload = .evaluated(try Evaluated(&r))
        case .submitted: payload = .submitted(try Submitted(&r))
        case .noteAdded: payload = .noteAdded(try Note(&r))
        case .markerAdded: payload = .markerAdded(try Note(&r))
        case .undone: payload = .undone(try Reversal(&r))
        case .redone: payload = .redone(try Reversal(&r))
        case .stageChanged: payload = .stageChanged(try StageChange(&r))
        case .sessionEnded: payload = .sessionEnded(try SessionEnd(&r))
        case .proposalPreviewed: payload = .proposalPreviewed(try ProposalPreviewed(&r))
        case .agentTrial: payload = .agentTrial(try AgentTrial(&r))
        }
        try r.finish(kind)
        return payload
    }
}

/// Views across kinds, for the readers that treat several kinds alike (the timelines, the CSV of interventions).
extension EventPayload {
    /// The latency of a human intervention, from the moment its proposal was shown (or as a script stated it).
    public var latencyMs: Int? {
        switch self {
        case .stepApproved(let b), .autoApproved(let b): b.latencyMs
        case .stepRejected(let b): b.latencyMs
        case .stepEdited(let b): b.latencyMs
        case .stepAdded(let b): b.latencyMs
        case .stepRemoved(let b): b.latencyMs
        case .documentFlagged(let b), .documentUnflagged(let b): b.latencyMs
        case .noteAdded(let b), .markerAdded(let b): b.latencyMs
        case .undone(let b), .redone(let b): b.latencyMs
        case .stageChanged(let b): b.latencyMs
        default: nil
        }
    }

    /// The proposal a decision is about.
    public var proposalId: String? {
        switch self {
        case .stepApproved(let b), .autoApproved(let b): b.proposalId
        case .stepRejected(let b): b.proposalId
        case .stepEdited(let b): b.proposalId
        case .proposalPreviewed(let b): b.proposalId
        default: nil
        }
    }

    /// The step an event carries itself (an edit's new form, an added step).
    public var step: RecipeStep? {
        switch self {
        case .stepEdited(let b): b.step
        case .stepAdded(let b): b.step
        case .agentTrial(let b): b.step
        default: nil
        }
    }

    /// The document a flag or an unflag names.
    public var document: String? {
        switch self {
        case .documentFlagged(let b), .documentUnflagged(let b): b.document
        default: nil
        }
    }

    /// Why: a rejection's reason, or why an agent call, an evaluation or a submission failed.
    public var reason: String? {
        switch self {
        case .stepRejected(let b): b.reason
        case .agentFailed(let b): b.reason
        case .evaluated(let b): b.reason
        case .submitted(let b): b.reason
        case .agentTrial(let b): b.reason
        default: nil
        }
    }

    /// The words a human or an agent wrote: a note, a marker's label, the agent's remark.
    public var text: String? {
        switch self {
        case .noteAdded(let b), .markerAdded(let b): b.text
        case .agentProposed(let b): b.remark
        default: nil
        }
    }

    /// How long the work took: an agent call, an evaluation, a submission.
    public var durationMs: Int? {
        switch self {
        case .agentProposed(let b): b.durationMs
        case .agentFailed(let b): b.durationMs
        case .evaluated(let b): b.durationMs
        case .submitted(let b): b.durationMs
        case .proposalPreviewed(let b): b.durationMs
        default: nil
        }
    }

    /// The stage an agent call was about, or the one the session moved to.
    public var stage: Stage? {
        switch self {
        case .agentProposed(let b): b.stage
        case .agentFailed(let b): b.stage
        case .stageChanged(let b): b.stage
        case .agentTrial(let b): b.stage
        default: nil
        }
    }

    /// The model call an agent event logged.
    public var call: ModelCall? {
        switch self {
        case .agentProposed(let b): b.call
        case .agentFailed(let b): b.call
        default: nil
        }
    }
}
