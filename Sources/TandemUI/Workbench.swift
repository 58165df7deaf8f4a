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
    /// The challenge's side tables, offered with their columns in the step form.
    public var sideTables: [SideTableSchema] = []
    /// The side tables the Data pane shows after train.csv (`t` cycles), each with its grid.
    public var sideFrames: [DataTableView] = []
    /// Match rates and future warnings of side-data steps, shown beside them; nil without side tables.
    public var sideFacts: SideStepFacts?

    /// What the step form offers for its fields.
    public var formChoices: FormChoices { FormChoices(columns: frame.columnNames, tables: sideTables) }

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

/// A table the Data pane can show: its name, rows and column layout.
public struct DataTableView: Sendable {
    public let name: String
    public let frame: DataFrame
    public let grid: DataGrid
    /// The Profile pane's summary of the table.
    public let profile: DataProfile

    public init(name: String, frame: DataFrame, key: [String], profile: DataProfile? = nil) {
        self.name = name
        self.frame = frame
        grid = DataGrid(frame: frame, idColumn: key.first)
        self.profile = profile ?? Profiler.profile(frame, source: name)
    }
}

/// A long job the driver runs in the background, as the header shows it.
public typealias Job = JobStatus

/// What an update asks for: an intent for the session driver (performed and logged before the screen shows it
/// done), or an effect on the screen itself.
public enum UIEffect: Equatable, Sendable {
    case intent(SessionIntent)
    /// Text for the system clipboard (already sanitised): the terminal gets it as OSC 52, nothing is logged.
    case copy(String)
    /// Leave the workbench (a live session is ended first).
    case quit
}

/// The workbench's view state (pane, cursor, scroll, dialogs, search) and the latest snapshot of the session that
/// the driver published: a value, changed only by `update` (keys, ticks, driver updates). It never folds a live
/// session's events itself. Rendering is a pure function of it.
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
    /// The table the Data pane shows: 0 is train.csv, then the side tables in order.
    var shownTable = 0
    public var dialog: Dialog?
    public var message: String?
    public var job: Job?
    public var agentStatus = "idle"
    /// An agent call is under way: the screen stays live, but the recipe waits for the call's answer.
    public var agentThinking = false
    /// The study server's state when events wait in the local spool ("offline, 3 events queued"); nil when all is shipped.
    public var storeStatus: String?
    /// Open proposals whose preview is being computed; nil when the driver previews nothing (a replay, a test).
    public var previewsWaiting: Int?
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

    /// Proposals already announced to the driver as shown (latency is measured from that moment).
    var announced: Set<String> = []

    public func cursor(_ p: Pane) -> Int { cursor[p] ?? 0 }

    /// Rows in the current pane's list (what the cursor moves over).
    func itemCount(_ p: Pane) -> Int {
        switch p {
        case .data: dataFrame.rowCount
        case .profile: shownProfile.columns.count
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
