import ArgumentParser
import Foundation
import TandemChallenge
import TandemReport
import TandemSession
import TandemStorePostgres

/// `tandem study`: one PostgreSQL database for a whole study (many analysts, one coordinator).
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "A study: set it up on PostgreSQL (roles, row-level security), watch it, and report on it (also from SQLite).",
        subcommands: [StudyInitCommand.self, StudyAddCommand.self, StudyStatusCommand.self, StudyReportCommand.self]
    )
}

/// The study store's address: `--db postgresql://...` or TANDEM_DB (a SQLite file has no roles to set up).
func studyStore(_ store: StoreOptions) throws -> PostgresEventStore {
    guard PostgresLocation.isPostgres(store.path) else {
        throw CommandFailure.userError("\(store.shown): a study needs a PostgreSQL store (--db postgresql://USER@HOST:PORT/DB)")
    }
    do { return try PostgresEventStore(try PostgresLocation(store.path), migrate: false) } catch {
        throw CommandFailure.userError(error.description)
    }
}

struct StudyInitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create the schema, the tandem_participant and tandem_coordinator roles and their policies (run as the database owner; safe to repeat)."
    )

    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let db = try studyStore(store)
            try wrap { () throws(StoreError) in try PostgresStudy.initialise(db) }
            print("\(store.shown): study ready; add analysts with `tandem study add-participant NAME`")
        }
    }
}

struct StudyAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add-participant",
        abstract: "Create a login for one analyst (or, with --coordinator, one coordinator) and print its connection address."
    )

    @Argument(help: "The login name: lower-case letters, digits and _.") var name: String
    @Flag(help: "A coordinator, who reads every participant's sessions.") var coordinator = false
    @OptionGroup var store: StoreOptions

    func run() throws {
        try reportingErrors {
            let db = try studyStore(store)
            let address = try wrap { () throws(StoreError) in try PostgresStudy.add(name, as: coordinator ? .coordinator : .participant, to: db) }
            // The only place the password is ever shown: hand it to the analyst, who passes it as --db or TANDEM_DB.
            print(address)
        }
    }
}

struct StudyStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The coordinator's view: sessions in progress, interventions so far, CV and test scores against the AI-only runs of the same challenges.",
        discussion: "Works on a PostgreSQL study (as a coordinator: every participant's sessions) or a SQLite file. --watch redraws until Ctrl-C."
    )

    @Flag(help: "Refresh until interrupted.") var watch = false
    @Option(help: "Seconds between refreshes with --watch.") var interval: Double = 5
    @Option(help: .hidden) var refreshes: Int?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var data: DataOptions

    func validate() throws {
        guard interval >= 0.2 else { throw ValidationError("--interval: at least 0.2 seconds") }
    }

    func run() throws {
        try reportingErrors {
            let db = try store.open()
            let challenges = ChallengeCache(dataDir: data.resolvedDataDir, explicit: data.dataDir != nil)
            let clear = watch && !json && isatty(STDOUT_FILENO) == 1
            var round = 0
            while true {
                let sessions = try wrap { () throws(StoreError) in try db.sessions() }
                let comparisons = try sessionComparisons(sessions, in: db, challenges: challenges, attribute: false)
                let status = StudyStatus.build(comparisons)
                // Written straight to the descriptor: a watched view piped elsewhere must not sit in a buffer.
                let text = (clear ? "\u{1B}[H\u{1B}[2J" : "") + (json ? try JSONOutput.string(status) + "\n" : "\(store.shown)\n" + StudyStatus.text(status))
                FileHandle.standardOutput.write(Data(text.utf8))
                round += 1
                guard watch, refreshes.map({ round < $0 }) ?? true else { break }
                Thread.sleep(forTimeInterval: interval)
            }
        }
    }
}
