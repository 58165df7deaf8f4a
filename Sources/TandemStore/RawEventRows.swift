import GRDB
import GRDBSQLite
import TandemSession

/// Event rows in and out through SQLite's C API on GRDB's prepared
/// statements: GRDB's argument and row boxing costs more than SQLite itself
/// when a batch appends, or a replay reads, a hundred thousand events. Still
/// inside GRDB's transactions, on GRDB's connections.
enum RawEventRows {
    /// SQLITE_TRANSIENT: SQLite copies the bytes before the Swift string goes away.
    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

    static func insert(_ statement: Statement, db: Database, seq: Int, session: String, at: Int64, actor: String, kind: String,
                    payload: String, prev: String, hash: String) throws {
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        sqlite3_bind_int64(s, 1, Int64(seq))
        bind(s, 2, session)
        sqlite3_bind_int64(s, 3, at)
        bind(s, 4, actor)
        bind(s, 5, kind)
        bind(s, 6, payload)
        bind(s, 7, prev)
        bind(s, 8, hash)
        let code = sqlite3_step(s)
        guard code == SQLITE_DONE else {
            let message = String(cString: sqlite3_errmsg(db.sqliteConnection))
            sqlite3_reset(s)
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message)
        }
    }

    private static func bind(_ s: SQLiteStatement, _ index: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            _ = sqlite3_bind_text(s, index, UnsafeRawPointer(buffer.baseAddress)?.assumingMemoryBound(to: CChar.self), Int32(buffer.count), transient)
        }
    }

    /// Every row of the SELECT (seq, session_id, at, actor, kind, payload, prev_hash, hash), in order.
    static func fetch(_ statement: Statement, db: Database, session: String, after: Int = 0) throws -> [StoredEvent] {
        let s = statement.sqliteStatement
        sqlite3_reset(s)
        bind(s, 1, session)
        sqlite3_bind_int64(s, 2, Int64(after))
        defer { sqlite3_reset(s) }
        func text(_ i: Int32) -> String {
            guard let p = sqlite3_column_text(s, i) else { return "" }
            return String(decoding: UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, i))), as: UTF8.self)
        }
        var out: [StoredEvent] = []
        while true {
            let code = sqlite3_step(s)
            if code == SQLITE_DONE { return out }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            out.append(StoredEvent(seq: Int(sqlite3_column_int64(s, 0)), sessionId: text(1), at: sqlite3_column_int64(s, 2), actor: text(3),
                                   kind: text(4), payload: text(5), prevHash: text(6), hash: text(7)))
        }
    }
}
