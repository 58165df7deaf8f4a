import Foundation
import GRDB
import GRDBSQLite
import TandemData
import TandemSession

/// The embedded event log: SQLite through GRDB, WAL with `synchronous =
/// NORMAL` and a busy timeout, so several processes appending to one file
/// wait for each other instead of failing, and a killed process loses no
/// acknowledged event.
public final class SQLiteEventStore: EventStore, @unchecked Sendable {
    public let path: String
    let pool: DatabasePool

    public var location: String { path }

    public init(path: String) throws(StoreError) {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            // 64 KiB pages: the log's rows are a few hundred bytes, appended in key order; large pages halve the cost
            // of a batched append. Only a new file takes it (a WAL file keeps the page size it was created with).
            try db.execute(sql: "PRAGMA page_size = 65536")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            pool = try DatabasePool(path: path, configuration: config)
            try StoreSchema.migrator.migrate(pool)
        } catch {
            throw StoreError("\(path): cannot open the session store: \(Self.message(error))", kind: Self.kind(error))
        }
    }

    /// Whose failure it is: the file's state the user controls (permissions, a lock, not a database) is input; the
    /// disk failing, filling up or corrupting, or SQL tandem got wrong, is internal.
    static func kind(_ error: any Error) -> StoreError.Kind {
        guard let e = error as? DatabaseError else { return .input }
        switch e.resultCode.primaryResultCode {
        case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_BUSY, .SQLITE_LOCKED, .SQLITE_NOTADB, .SQLITE_AUTH: return .input
        default: return .internal
        }
    }

    static func message(_ error: any Error) -> String {
        if let e = error as? DatabaseError { return e.message ?? e.description }
        return "\(error)"
    }

    func write<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError("\(what): transaction produced nothing") }
                return result
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError("\(path): \(what): \(Self.message(error))", kind: Self.kind(error))
        }
    }

    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch {
            throw StoreError("\(path): \(what): \(Self.message(error))", kind: Self.kind(error))
        }
    }

    public func createSession(_ s: SessionInfo) throws(StoreError) {
        try write("create session \(s.id)") { db in
            try db.execute(sql: """
            INSERT INTO sessions (id, challenge_id, challenge_sha256, mode, agent, agent_config, seed, app_version, participant, started_at, ended_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, arguments: [s.id, s.challengeId, s.challengeSha256, s.mode, s.agent, s.agentConfig, Int64(bitPattern: s.seed),
                             s.appVersion, s.participant, s.startedAt, s.endedAt])
        }
    }

    @discardableResult
    public func append(session: String, _ events: [NewEvent]) throws(StoreError) -> [StoredEvent] {
        // Payloads are encoded on every core before the write transaction; only the chain is sequential.
        let payloads = parallelMap(events, minimumChunk: 2048) { EventChain.encode($0.payload) }
        let rows = zip(events, payloads).map { (at: $0.at, actor: $0.actor.rawValue, kind: $0.kind.rawValue, payload: $1) }
        return try appendEncoded(session: session, rows)
    }

    /// Appends already-encoded rows in one immediate transaction: the chain's
    /// tail is read inside it, so two writers can never fork a chain.
    @discardableResult
    public func appendEncoded(session: String, _ rows: [(at: Int64, actor: String, kind: String, payload: String)]) throws(StoreError) -> [StoredEvent] {
        try write("append to session \(session)") { db in
            let tail = try db.cachedStatement(sql: "SELECT seq, hash FROM events WHERE session_id = ? ORDER BY seq DESC LIMIT 1")
            var seq = 0, prev = EventChain.genesis
            if let row = try Row.fetchOne(tail, arguments: [session]) {
                seq = row[0]
                prev = row[1]
            } else if try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sessions WHERE id = ?)", arguments: [session]) != true {
                throw StoreError("\(path): session \(session) does not exist")
            }
            let insert = try db.cachedStatement(sql: Self.insertEvent)
            var stored: [StoredEvent] = []
            stored.reserveCapacity(rows.count)
            // A large batch hashes its chain on another core while this one inserts.
            let pipeline = rows.count >= 4096 ? ChainPipeline(session: session, rows: rows, firstSeq: seq + 1, prev: prev) : nil
            for (i, r) in rows.enumerated() {
                seq += 1
                let hash = pipeline?.hash(i)
                    ?? EventChain.hash(prev: prev, sessionId: session, seq: seq, at: r.at, actor: r.actor, kind: r.kind, payload: r.payload)
                try RawEventRows.insert(insert, db: db, seq: seq, session: session, at: r.at, actor: r.actor, kind: r.kind, payload: r.payload,
                                        prev: prev, hash: hash)
                stored.append(StoredEvent(seq: seq, sessionId: session, at: r.at, actor: r.actor, kind: r.kind, payload: r.payload, prevHash: prev, hash: hash))
                prev = hash
            }
            return stored
        }
    }

    /// One row of the events table, as append and import write it.
    static let insertEvent = "INSERT INTO events (seq, session_id, at, actor, kind, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"

    public func endSession(_ id: String, at: Int64) throws(StoreError) {
        try write("end session \(id)") { db in
            try db.execute(sql: "UPDATE sessions SET ended_at = COALESCE(ended_at, ?) WHERE id = ?", arguments: [at, id])
        }
        // An explicit checkpoint on session end keeps the WAL short (DESIGN.md section 5).
        do { try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(PASSIVE)") } } catch {}
    }

    static func session(_ row: Row) -> SessionInfo {
        SessionInfo(id: row["id"], challengeId: row["challenge_id"], challengeSha256: row["challenge_sha256"], mode: row["mode"],
                    agent: row["agent"], agentConfig: row["agent_config"], seed: UInt64(bitPattern: row["seed"]), appVersion: row["app_version"],
                    participant: row["participant"], startedAt: row["started_at"], endedAt: row["ended_at"])
    }

    public func sessions() throws(StoreError) -> [SessionInfo] {
        try read("list sessions") { db in try Row.fetchAll(db, sql: "SELECT * FROM sessions ORDER BY started_at, id").map(Self.session) }
    }

    public func session(_ id: String) throws(StoreError) -> SessionInfo? {
        try read("read session \(id)") { db in try Row.fetchOne(db, sql: "SELECT * FROM sessions WHERE id = ?", arguments: [id]).map(Self.session) }
    }

    public func events(session: String) throws(StoreError) -> [StoredEvent] { try events(session: session, after: 0) }

    /// The session's events after `seq` (what a spool has not shipped yet).
    public func events(session: String, after seq: Int) throws(StoreError) -> [StoredEvent] {
        try read("read session \(session)") { db in
            let select = try db.cachedStatement(sql: "SELECT seq, session_id, at, actor, kind, payload, prev_hash, hash FROM events "
                                                + "WHERE session_id = ? AND seq > ? ORDER BY seq")
            return try RawEventRows.fetch(select, db: db, session: session, after: seq)
        }
    }

    /// Per session: its event count and the kind of its last event, without reading the events (for `tandem sessions`).
    public func summaries() throws(StoreError) -> [String: (events: Int, lastKind: String)] {
        try read("summarise sessions") { db in
            var out: [String: (events: Int, lastKind: String)] = [:]
            let sql = "SELECT e.session_id, e.seq, e.kind FROM events e JOIN (SELECT session_id, MAX(seq) AS last FROM events GROUP BY session_id) m "
                + "ON e.session_id = m.session_id AND e.seq = m.last"
            for row in try Row.fetchAll(db, sql: sql) { out[row[0]] = (row[1], row[2]) }
            return out
        }
    }

    public func importEvents(_ events: ArraySlice<StoredEvent>, of info: SessionInfo, create: Bool) throws(StoreError) {
        try write("copy session \(info.id)") { db in
            if create {
                try db.execute(sql: """
                INSERT INTO sessions (id, challenge_id, challenge_sha256, mode, agent, agent_config, seed, app_version, participant, started_at, ended_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [info.id, info.challengeId, info.challengeSha256, info.mode, info.agent, info.agentConfig, Int64(bitPattern: info.seed),
                                 info.appVersion, info.participant, info.startedAt, info.endedAt])
            } else {
                // ended_at is set once (a trigger refuses any other change).
                try db.execute(sql: "UPDATE sessions SET ended_at = COALESCE(ended_at, ?) WHERE id = ?", arguments: [info.endedAt, info.id])
            }
            let insert = try db.cachedStatement(sql: Self.insertEvent)
            for e in events {
                try RawEventRows.insert(insert, db: db, seq: e.seq, session: e.sessionId, at: e.at, actor: e.actor, kind: e.kind, payload: e.payload,
                                        prev: e.prevHash, hash: e.hash)
            }
            return ()
        }
    }
}
