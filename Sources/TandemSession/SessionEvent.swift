import TandemRecipe

/// Event kinds are past-tense facts (DESIGN.md section 5).
public enum EventKind: String, Codable, Sendable, CaseIterable {
    case sessionStarted = "session_started", dataProfiled = "data_profiled", agentProposed = "agent_proposed"
    case stepApproved = "step_approved", stepRejected = "step_rejected", stepEdited = "step_edited", stepAdded = "step_added"
    case stepRemoved = "step_removed", documentFlagged = "document_flagged", documentUnflagged = "document_unflagged"
    case autoApproved = "auto_approved", evaluated, submitted, agentFailed = "agent_failed", noteAdded = "note_added"
    case markerAdded = "marker_added", undone, redone, stageChanged = "stage_changed", sessionEnded = "session_ended"
    case proposalPreviewed = "proposal_previewed", agentTrial = "agent_trial"

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

/// One event as the session sees it. `at` is milliseconds since the epoch,
/// given by the driver: the reducer never reads a clock.
public struct SessionEvent: Sendable, Equatable {
    public var seq: Int
    public var at: Int64
    public var actor: Actor
    public var payload: EventPayload

    /// The kind is the case of the payload: an event cannot carry another kind's fields.
    public var kind: EventKind { payload.kind }

    public init(seq: Int, at: Int64, actor: Actor, payload: EventPayload) {
        self.seq = seq
        self.at = at
        self.actor = actor
        self.payload = payload
    }
}
