import TandemChallenge
import TandemData
import TandemRecipe
import TandemSession

public enum Pane: Int, CaseIterable, Sendable {
    case data = 1, profile, clean, features, model, docs, log

    public var title: String {
        switch self {
        case .data: "Data"
        case .profile: "Profile"
        case .clean: "Clean"
        case .features: "Features"
        case .model: "Model"
        case .docs: "Docs"
        case .log: "Log"
        }
    }

    /// The stage whose steps the pane lists.
    public var stage: Stage? {
        switch self {
        case .clean: .cleaning
        case .features: .features
        case .model: .modelling
        default: nil
        }
    }
}

/// What the workbench shows that does not change during a session.
public struct WorkbenchContext: Sendable {
    public var challengeId: String
    public var metric: String
    public var higherIsBetter: Bool
    public var documents: [ChallengeDocument]
    public let frame: DataFrame
    /// The Data pane's column order and widths, from the frame's content (the id column frozen first).
    public let grid: DataGrid
    public var profile: DataProfile
    /// The latest AI-only run of the same challenge: final CV and test score.
    public var aiOnlyCV: Double?
    public var aiOnlyTest: Double?
    public var agentName: String

    public init(challengeId: String, metric: String, higherIsBetter: Bool, documents: [ChallengeDocument], frame: DataFrame, profile: DataProfile,
                aiOnlyCV: Double? = nil, aiOnlyTest: Double? = nil, agentName: String, idColumn: String? = nil) {
        self.challengeId = challengeId
        self.metric = metric
        self.higherIsBetter = higherIsBetter
        self.documents = documents
        self.frame = frame
        grid = DataGrid(frame: frame, idColumn: idColumn)
        self.profile = profile
        self.aiOnlyCV = aiOnlyCV
        self.aiOnlyTest = aiOnlyTest
        self.agentName = agentName
    }
}

/// A long job the runtime runs in the background.
public struct Job: Equatable, Sendable {
    public var label: String
    /// 0...1, or nil when unknown.
    public var progress: Double?

    public init(label: String, progress: Double?) {
        self.label = label
        self.progress = progress
    }
}

/// What the workbench asks the runtime to do. Each is performed, and logged
/// as an event, before the screen shows it done.
public enum UIEffect: Equatable, Sendable {
    case approve(proposal: String)
    case reject(proposal: String, reason: String?)
    case edit(proposal: String, step: RecipeStep)
    case add(step: RecipeStep)
    case remove(index: Int)
    case flag(document: String)
    case unflag(document: String)
    case undo, redo, evaluate, submit, cancelJob, propose, quit
    case changeStage(Stage)
    case note(String)
    case marker(String)
    case seek(Int)
    /// Text for the system clipboard (already sanitised): the terminal gets it as OSC 52, nothing is logged.
    case copy(String)
}

/// The whole UI state: a value, changed only by `handle` (keys) and by the
/// runtime reporting facts (`apply` of events, job progress). Rendering is a
/// pure function of it.
public struct Workbench: Sendable {
    public var context: WorkbenchContext
    public var session = SessionState()
    public var events: [SessionEvent] = []
    public var pane: Pane = .clean
    public var width = 80
    public var height = 24
    var cursor: [Pane: Int] = [:]
    var scroll: [Pane: Int] = [:]
    /// The Data pane's selected column (display order), the first scrolling column shown, and the view's sort.
    var dataColumn = 0
    var dataOffset = 0
    var dataSort: DataSort?
    public var dialog: Dialog?
    public var message: String?
    public var job: Job?
    public var agentStatus = "idle"
    /// An agent call is under way: the screen stays live, but the recipe waits for the call's answer.
    public var agentThinking = false
    /// The study server's state when events wait in the local spool ("offline, 3 events queued"); nil when all is shipped.
    public var storeStatus: String?
    public var ascii = false
    /// The bindings in force: the defaults with config.toml's [keys] overrides (key handling, footer, help, palette).
    public var keymap = Keymap.standard
    /// `y` copies through OSC 52 unless config.toml says `clipboard = false`.
    public var clipboard = true
    /// Replay mode: read-only, showing the state as it was after `replayPosition` events.
    public var replay: ReplayClock?
    /// Snapshots along the replayed session, so a seek folds a few events, not all of them.
    var replayIndex: ReplayIndex?
    var lastSearch: String?

    public init(context: WorkbenchContext) { self.context = context }

    /// Every pane and dialog has a compact layout down to 40×12 (a tmux split, a laptop's side panel); below it a notice.
    public static let minimumWidth = 40, minimumHeight = 12
    /// Below this the layout is compact: short tabs, a short header, a smaller detail area.
    var compact: Bool { width < 80 || height < 24 }

    public var tooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Folds an event the store has made durable; the screen shows it from now on.
    public mutating func apply(_ event: SessionEvent) {
        events.append(event)
        session.apply(event)
        if let stage = event.payload.stage, event.kind == .stageChanged, let s = Stage(rawValue: stage), let p = Pane.allCases.first(where: { $0.stage == s }) {
            pane = p
        }
        clampCursor()
    }

    public func cursor(_ p: Pane) -> Int { cursor[p] ?? 0 }

    /// Rows in the current pane's list (what the cursor moves over).
    func itemCount(_ p: Pane) -> Int {
        switch p {
        case .data: context.frame.rowCount
        case .profile: context.profile.columns.count
        case .clean, .features, .model: StageItems(self, p).items.count
        case .docs: context.documents.count
        case .log: events.count
        }
    }

    mutating func clampCursor() {
        for p in Pane.allCases {
            let n = itemCount(p)
            cursor[p] = min(max(0, cursor(p)), max(0, n - 1))
        }
    }
}
