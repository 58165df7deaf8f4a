import TandemRecipe

/// What a human (through the workbench) or a policy (in a batch run) asks of a live session. The driver validates
/// each against the state it owns, appends the event it becomes and performs its effects; an intent that does not
/// apply is refused with a reason and logs nothing.
public enum SessionIntent: Sendable, Equatable {
    case approve(proposal: String)
    case reject(proposal: String, reason: String?)
    case edit(proposal: String, step: RecipeStep)
    case add(step: RecipeStep)
    case remove(index: Int)
    case flag(document: String)
    case unflag(document: String)
    case undo, redo
    case note(String)
    case marker(String)
    case changeStage(Stage)
    /// Ask the agent for the current stage.
    case propose
    /// Cross-validate the current recipe (in the background for the workbench).
    case evaluate
    /// Stop the running evaluation or submission and the agent call in flight; nothing half-done is logged.
    case cancel
    case submit
    case end
    /// The proposals are on screen now: a decision's latency is measured from this moment.
    case shown(proposals: [String])
}

/// What became of an intent performed directly (a batch run, a test).
public enum IntentOutcome: Sendable, Equatable {
    case done
    /// The proposals an agent call logged as open (empty when it failed or proposed nothing).
    case proposed([Proposal])
    /// Not applied, with the reason; nothing was logged.
    case refused(String)
    /// A job stopped by `cancel`; nothing was logged.
    case cancelled
}

/// A running background job, as the header shows it.
public struct JobStatus: Sendable, Equatable {
    public var label: String
    /// 0...1, or nil when unknown.
    public var progress: Double?

    public init(label: String, progress: Double?) {
        self.label = label
        self.progress = progress
    }
}

/// What the agent is doing.
public enum AgentActivity: Sendable, Equatable {
    case idle
    case thinking(tokens: Int)
    case failed(String)
}

/// What the driver publishes, in order: each appended event with the state after it (the UI never folds events
/// itself), job progress, the agent's activity, the store's status and messages for the person at the screen.
public enum DriverUpdate: Sendable, Equatable {
    case appended(SessionEvent, SessionState)
    case job(JobStatus?)
    case agent(AgentActivity)
    /// Events waiting in a study's local spool ("offline, 3 events queued"); nil when everything is shipped.
    case store(String?)
    /// A refusal, a failure or a notice, one line.
    case message(String)
    /// Open proposals whose preview against the current recipe is still being computed (0: all shown).
    case previews(waiting: Int)
}
