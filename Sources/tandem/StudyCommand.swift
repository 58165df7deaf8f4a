import ArgumentParser
import Foundation
import TandemSession
import TandemStorePostgres

/// `tandem study`: one PostgreSQL database for a whole study (many analysts, one coordinator).
struct StudyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Set up a study on PostgreSQL: the schema, participant and coordinator roles, row-level security.",
        subcommands: [StudyInitCommand.self, StudyAddCommand.self]
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
