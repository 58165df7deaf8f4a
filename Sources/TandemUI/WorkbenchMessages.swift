import TandemSession

/// What the workbench's loop feeds its update: a key, the terminal's size, time passing (replay plays on it), or
/// what the session driver published.
public enum Msg: Sendable, Equatable {
    case key(Key)
    case resize(width: Int, height: Int)
    case tick(elapsedMs: Int64)
    case driver(DriverUpdate)
}

extension Workbench {
    /// The one entry point: a message in, the effects it asks for out (bubbletea's update).
    public mutating func update(_ msg: Msg) -> [UIEffect] {
        switch msg {
        case .key(let key): return handle(key)
        case .resize(let w, let h):
            width = w
            height = h
        case .tick(let elapsed): tick(elapsedMs: elapsed)
        case .driver(let update): return apply(update)
        }
        return []
    }

    /// Shows what the driver published: an appended event and the state after it (taken as it is, never folded
    /// here), a job's progress, the agent's activity, the store's status, a message.
    public mutating func apply(_ update: DriverUpdate) -> [UIEffect] {
        switch update {
        case .appended(let event, let state):
            // The history the workbench opened with may already hold it.
            guard event.seq > (events.last?.seq ?? 0) else { return [] }
            events.append(event)
            session = state
            if event.kind == .stageChanged, let p = Pane.allCases.first(where: { $0.stage == state.stage }) { pane = p }
            clampCursor()
            return announceShown()
        case .job(let status): job = status
        case .agent(let activity):
            agentThinking = activity.isThinking
            switch activity {
            case .idle: agentStatus = "idle"
            case .thinking(let tokens): agentStatus = tokens > 0 ? "thinking · \(tokens) tokens" : "thinking"
            case .failed: agentStatus = "failed"
            }
        case .store(let status): storeStatus = status
        case .message(let text): message = text
        case .previews(let waiting): previewsWaiting = waiting
        }
        return []
    }

    /// A session's history as the driver holds it when the workbench opens (a new session or a resumed one).
    public mutating func load(_ events: [SessionEvent], state: SessionState) -> [UIEffect] {
        self.events = events
        session = state
        // A session that moved past cleaning opens on its stage's pane.
        if events.contains(where: { $0.kind == .stageChanged }), let p = Pane.allCases.first(where: { $0.stage == state.stage }) { pane = p }
        clampCursor()
        return announceShown()
    }

    /// Open proposals not yet announced: the loop draws them next, and the driver measures latency from then.
    mutating func announceShown() -> [UIEffect] {
        let new = session.pending.map(\.id).filter { !announced.contains($0) }
        guard !new.isEmpty, replay == nil else { return [] }
        announced.formUnion(new)
        return [.intent(.shown(proposals: new))]
    }
}

extension AgentActivity {
    var isThinking: Bool { if case .thinking = self { true } else { false } }
}
