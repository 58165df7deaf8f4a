import ArgumentParser
import Foundation
import TandemData
import TandemSession
import TandemStore
import TandemStorePostgres

/// `--db PATH` (or TANDEM_DB); default `$XDG_DATA_HOME/tandem/sessions.sqlite` (DESIGN.md section 7).
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "Session store (default: $TANDEM_DB, else $XDG_DATA_HOME/tandem/sessions.sqlite).")
    var db: String?

    var path: String {
        let env = ProcessInfo.processInfo.environment
        if let db { return db }
        if let db = env["TANDEM_DB"], !db.isEmpty { return db }
        return TandemPaths.dataHome + "/sessions.sqlite"
    }

    /// The store as messages name it: a file, or a PostgreSQL address without its password.
    var shown: String { Self.shown(path) }

    static func shown(_ address: String) -> String {
        PostgresLocation.isPostgres(address) ? ((try? PostgresLocation(address).display) ?? "postgresql://…") : address
    }

    func open() throws -> any EventStore { try Self.open(path) }

    /// For commands that write a session (open, run): on PostgreSQL, through a local spool, so the session goes on
    /// while the server is away (its events ship when it is back).
    func openForSession() throws -> any EventStore {
        guard PostgresLocation.isPostgres(path) else { return try open() }
        return try wrap { () throws(StoreError) in try SpooledStudyStore(address: try PostgresLocation(path), spoolPath: spoolPath) }
    }

    /// Where sessions write submission.csv: `submissions/<session>/` beside a SQLite store, under
    /// $XDG_DATA_HOME/tandem/submissions for a PostgreSQL one.
    var submissionsRoot: String {
        guard PostgresLocation.isPostgres(path) else { return ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("submissions") }
        return TandemPaths.dataHome + "/submissions"
    }

    /// One spool per study address, under $XDG_DATA_HOME/tandem/spool.
    var spoolPath: String {
        return TandemPaths.dataHome + "/spool/" + String(SHA256.hex(Array(shown.utf8)).prefix(16)) + ".sqlite"
    }

    /// A SQLite file, or a PostgreSQL server for `postgresql://` addresses (DESIGN.md section 5).
    static func open(_ address: String) throws -> any EventStore {
        try wrap { () throws(StoreError) -> any EventStore in
            if PostgresLocation.isPostgres(address) { return try PostgresEventStore(try PostgresLocation(address)) }
            return try SQLiteEventStore(path: address)
        }
    }

    /// A session by its id or a unique prefix of it.
    func resolve(_ prefix: String, in store: any EventStore) throws -> SessionInfo {
        let all = try wrap { () throws(StoreError) in try store.sessions() }
        if let exact = all.first(where: { $0.id == prefix }) { return exact }
        let matches = all.filter { $0.id.hasPrefix(prefix) }
        guard matches.count == 1, let only = matches.first else {
            throw CommandFailure.userError(matches.isEmpty ? "\(shown): no session \"\(prefix)\""
                                           : "\(shown): \"\(prefix)\" matches \(matches.count) sessions; give more of the id")
        }
        return only
    }
}

/// Store errors are the user's to fix (a bad file, a missing session): exit 1 with the message.
func wrap<T>(_ body: () throws(StoreError) -> T) throws -> T {
    do { return try body() } catch { throw CommandFailure(error) }
}

func wrap<T>(_ body: () async throws(StoreError) -> T) async throws -> T {
    do { return try await body() } catch { throw CommandFailure(error) }
}
