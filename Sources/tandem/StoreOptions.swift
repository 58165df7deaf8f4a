import ArgumentParser
import Foundation
import TandemSession
import TandemStore

/// `--db PATH` (or TANDEM_DB); default `$XDG_DATA_HOME/tandem/sessions.sqlite` (DESIGN.md section 7).
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: "Session store (default: $TANDEM_DB, else $XDG_DATA_HOME/tandem/sessions.sqlite).")
    var db: String?

    var path: String {
        let env = ProcessInfo.processInfo.environment
        if let db { return db }
        if let db = env["TANDEM_DB"], !db.isEmpty { return db }
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.local/share")
        return base + "/tandem/sessions.sqlite"
    }

    func open() throws -> SQLiteEventStore {
        if path.hasPrefix("postgresql://") || path.hasPrefix("postgres://") {
            throw CommandFailure.userError("\(path): the PostgreSQL study store is not available in this build yet; use a SQLite file")
        }
        do { return try SQLiteEventStore(path: path) } catch { throw CommandFailure.userError(error.description) }
    }

    /// A session by its id or a unique prefix of it.
    func resolve(_ prefix: String, in store: SQLiteEventStore) throws -> SessionInfo {
        let all = try wrap { () throws(StoreError) in try store.sessions() }
        if let exact = all.first(where: { $0.id == prefix }) { return exact }
        let matches = all.filter { $0.id.hasPrefix(prefix) }
        guard matches.count == 1, let only = matches.first else {
            throw CommandFailure.userError(matches.isEmpty ? "\(path): no session \"\(prefix)\"" : "\(path): \"\(prefix)\" matches \(matches.count) sessions; give more of the id")
        }
        return only
    }
}

/// Store errors are the user's to fix (a bad file, a missing session): exit 1 with the message.
func wrap<T>(_ body: () throws(StoreError) -> T) throws -> T {
    do { return try body() } catch { throw CommandFailure.userError(error.description) }
}
