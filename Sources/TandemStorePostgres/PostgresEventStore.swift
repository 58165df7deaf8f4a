import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization
import TandemSession

/// The session log on PostgreSQL, for studies with many analysts: the same
/// schema and hash chain as the SQLite store, behind the same EventStore
/// protocol, so every command works on either.
///
/// The protocol is synchronous (the session driver appends an event before
/// the screen shows it done); calls wait on postgres-nio's futures, which
/// complete on NIO's own threads, so waiting never starves Swift's
/// cooperative pool. One connection, one transaction at a time; a dropped
/// connection is opened again on the next call.
public final class PostgresEventStore: EventStore, @unchecked Sendable {
    public let address: PostgresLocation
    let logger: Logger
    private let lock = NSLock()
    private var connection: PostgresConnection?
    private static let nextID = Mutex<Int>(0)

    public var location: String { address.display }

    /// How long one statement may wait for the server. A server that vanished without closing the socket (a dropped
    /// network, a frozen host) would otherwise hang the caller for ever; past this the connection is closed, the call
    /// fails in one line, and the next call connects afresh. Long enough for the largest batch a merge sends.
    public var statementTimeout: TimeAmount = .seconds(120)

    public init(_ address: PostgresLocation, logger: Logger = Logger(label: "tandem.store.postgres", factory: { _ in SwiftLogNoOpLogHandler() }),
                migrate: Bool = true) throws(StoreError) {
        self.address = address
        self.logger = logger
        if migrate { try self.migrate() }
    }

    deinit {
        _ = try? connection?.close().wait()
    }

    // MARK: Connection and transactions

    func connected() throws(StoreError) -> PostgresConnection {
        if let c = connection, !c.isClosed { return c }
        let id = Self.nextID.withLock { n in
            n += 1
            return n
        }
        do {
            let c = try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.any(), configuration: try address.configuration(),
                                                   id: id, logger: logger).wait()
            connection = c
            return c
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError("\(address.display): cannot connect: \(Self.message(error))")
        }
    }

    /// Runs `body` in one transaction (BEGIN … COMMIT, ROLLBACK on any error), holding the store's lock.
    func transaction<T>(_ what: String, _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        let c = try connected()
        do {
            _ = try bounded(c, c.query("BEGIN", logger: logger))
            do {
                let result = try body(c)
                _ = try bounded(c, c.query("COMMIT", logger: logger))
                return result
            } catch {
                // A connection given up on (no answer in time) is not asked to roll back: the server does on its own.
                if connection != nil { _ = try? bounded(c, c.query("ROLLBACK", logger: logger)) }
                throw error
            }
        } catch let e as StoreError {
            throw e
        } catch {
            throw StoreError("\(address.display): \(what): \(Self.message(error))")
        }
    }

    func read<T>(_ what: String, _ body: (PostgresConnection) throws -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        let c = try connected()
        do { return try body(c) } catch let e as StoreError { throw e } catch {
            throw StoreError("\(address.display): \(what): \(Self.message(error))")
        }
    }

    func run(_ c: PostgresConnection, _ query: PostgresQuery) throws -> PostgresQueryResult {
        try bounded(c, c.query(query, logger: logger))
    }

    /// Waits for `future`, closing the connection if the server has not answered within `statementTimeout`. The wait
    /// ends at the deadline whatever the connection does: a query sent as the server shut down (a restart) may never
    /// be answered nor failed by the closed connection, so the deadline fails the wait itself.
    func bounded<T: Sendable>(_ c: PostgresConnection, _ future: EventLoopFuture<T>) throws -> T {
        let expired = Expired()
        let answer = c.eventLoop.makePromise(of: T.self)
        future.cascade(to: answer)
        let seconds = statementTimeout.nanoseconds / 1_000_000_000
        let timeout = StoreError("\(address.display): no answer from the server within \(seconds) s; "
                                 + "the connection was closed and the next call connects again")
        let timer = c.eventLoop.scheduleTask(in: statementTimeout) {
            expired.flag.withLock { $0 = true }
            answer.fail(timeout)
            let _: EventLoopFuture<Void> = c.close()
        }
        defer { timer.cancel() }
        do { return try answer.futureResult.wait() } catch {
            guard expired.flag.withLock({ $0 }) else { throw error }
            // The next call connects afresh (callers hold the lock).
            connection = nil
            throw timeout
        }
    }

    /// One statement in its own transaction (the study set-up, and tests that try what a role may not do).
    func execute(_ sql: String) throws(StoreError) {
        try transaction("run \(sql.prefix(40))") { c in _ = try run(c, PostgresQuery(unsafeSQL: sql)) }
    }

    /// The server's own words when it sent any; otherwise the client's.
    static func message(_ error: any Error) -> String {
        if let e = error as? PSQLError {
            if let m = e.serverInfo?[.message] { return m + (e.serverInfo?[.detail].map { " (\($0))" } ?? "") }
            if let u = e.underlying { return "\(e.code): \(u)" }
            return "\(e.code)"
        }
        return "\(error)"
    }

    /// Applies the migrations not yet applied, under an advisory lock so two processes starting at once do not race.
    /// A participant's role may not create tables: when every migration is in, nothing is created.
    func migrate() throws(StoreError) {
        let known = Set(PostgresSchema.migrations.map(\.version))
        let present = try read("read the schema version") { c -> Set<Int> in
            guard try run(c, "SELECT to_regclass('tandem_migrations') IS NOT NULL").first?.decode(Bool.self) == true else { return [] }
            return Set(try run(c, "SELECT version FROM tandem_migrations").map { try $0.decode(Int.self) })
        }
        if known.isSubset(of: present) { return }
        try transaction("migrate the schema") { c in
            _ = try run(c, "SELECT pg_advisory_xact_lock(7346281)")
            _ = try run(c, PostgresQuery(unsafeSQL: PostgresSchema.bookkeeping))
            var applied = Set<Int>()
            for row in try run(c, "SELECT version FROM tandem_migrations") { applied.insert(try row.decode(Int.self)) }
            for m in PostgresSchema.migrations where !applied.contains(m.version) {
                for sql in m.sql { _ = try run(c, PostgresQuery(unsafeSQL: sql)) }
                _ = try run(c, "INSERT INTO tandem_migrations (version, name) VALUES (\(m.version), \(m.name))")
            }
        }
    }

    // MARK: EventStore

    /// A session without a participant id carries the login role's name: in a study every session has one.
    public func createSession(_ s: SessionInfo) throws(StoreError) {
        try transaction("create session \(s.id)") { c in
            _ = try run(c, """
            INSERT INTO sessions (id, challenge_id, challenge_sha256, mode, agent, agent_config, seed, app_version, participant, started_at, ended_at)
            VALUES (\(s.id), \(s.challengeId), \(s.challengeSha256), \(s.mode), \(s.agent), \(s.agentConfig), \(Int64(bitPattern: s.seed)),
                    \(s.appVersion), COALESCE(\(s.participant), current_user), \(s.startedAt), \(s.endedAt))
            """)
        }
    }

    @discardableResult
    public func append(session: String, _ events: [NewEvent]) throws(StoreError) -> [StoredEvent] {
        let rows = events.map { (at: $0.at, actor: $0.actor.rawValue, kind: $0.kind.rawValue, payload: EventChain.encode($0.payload)) }
        return try appendEncoded(session: session, rows)
    }

    /// Appends in one transaction that first takes the session's advisory lock and reads the chain's tail, so two
    /// writers can never fork a chain; the rows go in as one INSERT of arrays.
    @discardableResult
    public func appendEncoded(session: String, _ rows: [(at: Int64, actor: String, kind: String, payload: String)]) throws(StoreError) -> [StoredEvent] {
        try transaction("append to session \(session)") { c in
            _ = try run(c, "SELECT pg_advisory_xact_lock(hashtextextended(\(session), 0))")
            var seq = 0, prev = EventChain.genesis
            if let row = try run(c, "SELECT seq, hash FROM events WHERE session_id = \(session) ORDER BY seq DESC LIMIT 1").first {
                (seq, prev) = try row.decode((Int, String).self, context: .default)
            } else if try run(c, "SELECT 1 FROM sessions WHERE id = \(session)").isEmpty {
                throw StoreError("\(address.display): session \(session) does not exist")
            }
            var stored: [StoredEvent] = []
            stored.reserveCapacity(rows.count)
            for r in rows {
                seq += 1
                let hash = EventChain.hash(prev: prev, sessionId: session, seq: seq, at: r.at, actor: r.actor, kind: r.kind, payload: r.payload)
                stored.append(StoredEvent(seq: seq, sessionId: session, at: r.at, actor: r.actor, kind: r.kind, payload: r.payload, prevHash: prev, hash: hash))
                prev = hash
            }
            try insert(c, stored[...])
            return stored
        }
    }

    func insert(_ c: PostgresConnection, _ events: ArraySlice<StoredEvent>) throws {
        guard let first = events.first else { return }
        _ = try run(c, """
        INSERT INTO events (seq, session_id, at, actor, kind, payload, prev_hash, hash)
        SELECT s, \(first.sessionId), a, ac, k, p, ph, h
        FROM unnest(\(events.map(\.seq))::int8[], \(events.map(\.at))::int8[], \(events.map(\.actor))::text[], \(events.map(\.kind))::text[],
                    \(events.map(\.payload))::text[], \(events.map(\.prevHash))::text[], \(events.map(\.hash))::text[]) AS t(s, a, ac, k, p, ph, h)
        """)
    }

    public func endSession(_ id: String, at: Int64) throws(StoreError) {
        try transaction("end session \(id)") { c in
            _ = try run(c, "UPDATE sessions SET ended_at = COALESCE(ended_at, \(at)) WHERE id = \(id)")
        }
    }

    static func session(_ row: PostgresRow) throws -> SessionInfo {
        let (id, challenge, sha, mode, agent, config, seed, version, participant, started, ended) =
            try row.decode((String, String, String, String, String, String, Int64, String, String?, Int64, Int64?).self, context: .default)
        return SessionInfo(id: id, challengeId: challenge, challengeSha256: sha, mode: mode, agent: agent, agentConfig: config,
                           seed: UInt64(bitPattern: seed), appVersion: version, participant: participant, startedAt: started, endedAt: ended)
    }

    static let sessionColumns = "id, challenge_id, challenge_sha256, mode, agent, agent_config, seed, app_version, participant, started_at, ended_at"

    public func sessions() throws(StoreError) -> [SessionInfo] {
        try read("list sessions") { c in
            try run(c, PostgresQuery(unsafeSQL: "SELECT \(Self.sessionColumns) FROM sessions ORDER BY started_at, id")).map(Self.session)
        }
    }

    public func session(_ id: String) throws(StoreError) -> SessionInfo? {
        try read("read session \(id)") { c in
            var q = PostgresQuery(unsafeSQL: "SELECT \(Self.sessionColumns) FROM sessions WHERE id = $1")
            q.binds.append(id)
            return try run(c, q).first.map(Self.session)
        }
    }

    public func events(session: String) throws(StoreError) -> [StoredEvent] {
        try read("read session \(session)") { c in
            try run(c, "SELECT seq, session_id, at, actor, kind, payload, prev_hash, hash FROM events WHERE session_id = \(session) ORDER BY seq").map { row in
                let (seq, sid, at, actor, kind, payload, prev, hash) = try row.decode(
                    (Int, String, Int64, String, String, String, String, String).self, context: .default)
                return StoredEvent(seq: seq, sessionId: sid, at: at, actor: actor, kind: kind, payload: payload, prevHash: prev, hash: hash)
            }
        }
    }

    /// The last seq of a session on the server, 0 for none yet; nil when the session is not there.
    public func lastSeq(session: String) throws(StoreError) -> Int? {
        try read("read session \(session)") { c in
            guard try !run(c, "SELECT 1 FROM sessions WHERE id = \(session)").isEmpty else { return nil }
            return try run(c, "SELECT COALESCE(MAX(seq), 0) FROM events WHERE session_id = \(session)").first?.decode(Int.self) ?? 0
        }
    }

    public func summaries() throws(StoreError) -> [String: (events: Int, lastKind: String)] {
        try read("summarise sessions") { c in
            var out: [String: (events: Int, lastKind: String)] = [:]
            for row in try run(c, "SELECT DISTINCT ON (session_id) session_id, seq, kind FROM events ORDER BY session_id, seq DESC") {
                let (id, seq, kind) = try row.decode((String, Int, String).self, context: .default)
                out[id] = (seq, kind)
            }
            return out
        }
    }

    public func importEvents(_ events: ArraySlice<StoredEvent>, of info: SessionInfo, create: Bool) throws(StoreError) {
        try transaction("copy session \(info.id)") { c in
            if create {
                _ = try run(c, """
                INSERT INTO sessions (id, challenge_id, challenge_sha256, mode, agent, agent_config, seed, app_version, participant, started_at, ended_at)
                VALUES (\(info.id), \(info.challengeId), \(info.challengeSha256), \(info.mode), \(info.agent), \(info.agentConfig),
                        \(Int64(bitPattern: info.seed)), \(info.appVersion), COALESCE(\(info.participant), current_user), \(info.startedAt), \(info.endedAt))
                """)
            } else {
                _ = try run(c, "UPDATE sessions SET ended_at = COALESCE(ended_at, \(info.endedAt)) WHERE id = \(info.id)")
            }
            try insert(c, events)
        }
    }
}

/// Set on the event loop when a statement's time ran out; read by the waiting caller.
private final class Expired: Sendable {
    let flag = Mutex(false)
}
