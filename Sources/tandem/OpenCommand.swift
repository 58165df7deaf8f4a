import ArgumentParser
import Foundation
import TandemAgent
import TandemLLM
import TandemChallenge
import TandemData
import TandemRecipe
import TandemSession
import TandemStore
import TandemTerminal
import TandemUI

/// Options every TUI command shares.
struct TUIOptions: ParsableArguments {
    @Option(help: "Theme: default, light, monochrome, or a TOML file (NO_COLOR selects monochrome).") var theme = "default"
    @Flag(help: "ASCII instead of Unicode blocks and box lines.") var ascii = false

    func loadTheme() throws -> Theme {
        if ProcessInfo.processInfo.environment["NO_COLOR"].map({ !$0.isEmpty }) == true { return .monochrome }
        var file = theme
        if !theme.contains("/") && !theme.hasSuffix(".toml") {
            let root = ProjectRoot.share()?.appendingPathComponent("Themes").path ?? "Themes"
            file = root + "/\(theme).toml"
        }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
            if theme == "default" { return .monochrome }   // an installed binary without Themes/ still runs
            throw CommandFailure.userError("--theme \(theme): cannot read \(file)")
        }
        do { return try Theme.parse(text, file: file) } catch { throw CommandFailure.userError(error.description) }
    }

    /// config.toml's `[keys]` over the default bindings, and `clipboard` (the file --config names, else the default
    /// config file).
    static func loadSettings(config: String?) throws -> WorkbenchSettings {
        let file = config ?? LLMConfig.defaultFile(environment: ProcessInfo.processInfo.environment)
        do { return try WorkbenchSettings.load(file: file) } catch { throw CommandFailure.userError(error.description) }
    }

    static func requireTerminal() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw CommandFailure.userError("the workbench needs a terminal (stdin and stdout are not one); batch work is `tandem run --ai-only`")
        }
    }
}

struct OpenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "The workbench (TUI) on a challenge: default the first bundled sample, heuristic agent."
    )

    @Argument(help: "A challenge id or folder, or a CSV file with --target (default: the first bundled challenge).") var challenge: String?
    @OptionGroup var challengeOptions: ChallengeOptions
    @Option(help: "Continue a session (id or unique prefix) where its log ends.") var resume: String?
    @OptionGroup var agentOptions: AgentOptions
    @Option(help: "Seed for folds and models (logged with the session).") var seed: UInt64 = 42
    @Option(help: "Participant id stored with the session.") var participant: String?
    @OptionGroup var ui: TUIOptions
    @OptionGroup var store: StoreOptions
    @OptionGroup var data: DataOptions

    func run() async throws {
        try await reportingErrorsAsync {
            let feed = TokenFeed()
            // An agent's settings are checked before the terminal is taken (a bad --config says so on a plain stderr).
            try agentOptions.checkConfig()
            try TUIOptions.requireTerminal()
            let theme = try ui.loadTheme()
            // Before a session starts: a bad [keys] or clipboard starts none.
            let settings = try TUIOptions.loadSettings(config: agentOptions.config)
            let db = try store.openForSession()
            let driver: SessionDriver
            if let resume {
                let info = try store.resolve(resume, in: db)
                let loaded = try data.loadChallenge(session: info, in: db, named: challenge, overrides: challengeOptions.overrides)
                let agent = try agentOptions.make(feed: feed, stream: true, challenge: loaded)
                driver = try await wrap { () async throws(StoreError) in
                    try await SessionDriver.resume(store: db, sessionId: info.id, challenge: loaded, agent: agent, submissions: store.submissionsRoot,
                                                   publishing: true, previewing: true, tokens: { feed.count })
                }
            } else {
                let loaded = try data.loadChallenge(challenge ?? Self.firstChallenge(data.resolvedDataDir), overrides: challengeOptions.overrides)
                let agent = try agentOptions.make(feed: feed, stream: true, challenge: loaded)
                driver = try await wrap { () async throws(StoreError) in
                    try await SessionDriver.start(store: db, challenge: loaded, agent: agent, mode: .humanAI, seed: seed,
                                                  appVersion: TandemVersion.string, participant: participant, submissions: store.submissionsRoot,
                                                  publishing: true, previewing: true, tokens: { feed.count })
                }
            }
            var wb = Workbench(context: try Self.context(driver.challenge, profile: driver.profile, agent: driver.agentName, db: db,
                                                         excluding: driver.sessionId))
            wb.ascii = ui.ascii
            wb.keymap = settings.keymap
            wb.clipboard = settings.clipboard
            let history = try wrap { () throws(StoreError) in try db.decodedEvents(session: driver.sessionId) }
            // The state is the driver's; the workbench shows it as it is (no second fold).
            var opening = wb.load(history, state: await driver.state)
            // A new session opens on the agent's first proposals.
            if resume == nil { opening.append(.intent(.propose)) }
            await driver.watchStore()
            await WorkbenchApp.run(wb, theme: theme, driver: driver, opening: opening)
            print("session \(driver.sessionId): \(await driver.state.lastSeq) events in \(store.shown)")
        }
    }

    static func firstChallenge(_ dataDir: String) throws -> String {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dataDir))?.sorted() ?? []
        guard let first = names.first(where: { FileManager.default.fileExists(atPath: "\(dataDir)/\($0)/challenge.toml") }) else {
            throw CommandFailure.userError("\(dataDir): no challenge folders (each needs a challenge.toml)")
        }
        return first
    }

    /// The latest AI-only session of a challenge, other than `excluding` (the header's and the HTML chart's baseline).
    static func latestAIOnly(in db: any EventStore, challenge: String, excluding: String?) throws -> SessionInfo? {
        try wrap { () throws(StoreError) in try db.sessions() }
            .last { $0.challengeId == challenge && $0.mode == "ai-only" && $0.id != excluding }
    }

    /// The workbench's fixed context, with the latest AI-only run of the same challenge for the header.
    static func context(_ c: Challenge, profile: DataProfile, agent: String, db: any EventStore, excluding: String?) throws -> WorkbenchContext {
        var aiCV: Double?, aiTest: Double?
        if let other = try latestAIOnly(in: db, challenge: c.spec.id, excluding: excluding) {
            let s = SessionState.fold(try wrap { () throws(StoreError) in try db.decodedEvents(session: other.id) })
            aiCV = s.evaluations.last?.score
            aiTest = s.submissions.last?.score
        }
        var context = WorkbenchContext(challengeId: c.spec.id, metric: c.spec.metric.rawValue, higherIsBetter: c.spec.metric.higherIsBetter,
                                       documents: c.documents, frame: c.train, profile: profile, aiOnlyCV: aiCV, aiOnlyTest: aiTest,
                                       agentName: agent, idColumn: c.spec.idColumns.first)
        context.sideTables = c.tables.tables.map { SideTableSchema(name: $0.name, columns: $0.frame.columnNames) }
        context.sideFrames = c.tables.tables.map { DataTableView(name: $0.name, frame: $0.frame, key: $0.key) }
        if !c.tables.isEmpty { context.sideFacts = SideStepFacts(train: c.train, tables: c.tables) }
        return context
    }
}
