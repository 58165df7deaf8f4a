import Foundation
import GRDB
import Testing
import TestSupport
import TandemSession
@testable import TandemStore
@testable import TandemStorePostgres

/// Issue 19: the tamper matrix on both backends. Each edit is made behind the store's back, as someone with the file
/// or a superuser login would (triggers disabled first), and `EventChain.check` — what `sessions --check`, replay and
/// merge run — must name the session and the first bad event.
@Suite(.serialized) struct AnchoredChainTests {
    typealias Backend = EventStoreBackendTests.Backend

    /// Raw SQL on the store's database, triggers off: the tamperer's tool.
    struct Tamperer {
        let store: any EventStore
        let sqliteFile: String?
        let postgres: (server: PostgresTestServer, database: String)?

        func execute(_ statements: [String]) throws {
            if let sqliteFile {
                let queue = try DatabaseQueue(path: sqliteFile)
                try queue.write { db in
                    for t in ["events_no_update", "events_no_delete"] { try db.execute(sql: "DROP TRIGGER IF EXISTS \(t)") }
                    for sql in statements { try db.execute(sql: sql) }
                }
            } else if let postgres {
                _ = try postgres.server.psql((["ALTER TABLE events DISABLE TRIGGER USER"] + statements + ["ALTER TABLE events ENABLE TRIGGER USER"])
                    .joined(separator: ";\n"), database: postgres.database)
            }
        }
    }

    static func open(_ backend: Backend) throws -> Tamperer {
        switch backend {
        case .sqlite:
            let file = try RepositoryPaths.temporaryFolder("anchored") + "/s.sqlite"
            return Tamperer(store: try SQLiteEventStore(path: file), sqliteFile: file, postgres: nil)
        case .postgres:
            let server = try PostgresTestServer.shared()
            let address = try server.makeDatabase()
            let location = try PostgresLocation(address)
            return Tamperer(store: try PostgresEventStore(location), sqliteFile: nil, postgres: (server, location.database))
        }
    }

    /// Five notes and the end event, anchored as SessionDriver.end anchors it; the row then says the session ended.
    static func endedSession(_ s: any EventStore, _ id: String) throws {
        try s.createSession(EventStoreBackendTests.info(id))
        try s.append(session: id, (1...5).map { EventStoreBackendTests.note($0) })
        let before = try s.events(session: id)
        let anchor = EventPayload.SessionEnd(eventCount: before.count, headHash: before.last?.hash)
        try s.append(session: id, [NewEvent(at: 1_700_000_000_100, actor: .system, payload: .sessionEnded(anchor))])
        try s.endSession(id, at: 1_700_000_000_100)
    }

    static func check(_ s: any EventStore, _ id: String) throws -> String? {
        let info = try #require(try s.session(id))
        return EventChain.check(try s.events(session: id), endedAt: info.endedAt, session: id)
    }

    /// The SQL that re-chains a session from `seq` on: every hash recomputed after the forged row, the end event's
    /// payload (its anchor) left as it was.
    static func rechain(_ s: any EventStore, _ id: String, forged seq: Int, payload: String) throws -> [String] {
        var prev = EventChain.genesis
        var sql: [String] = []
        for e in try s.events(session: id) {
            let body = e.seq == seq ? payload : e.payload
            let hash = EventChain.hash(prev: prev, sessionId: id, seq: e.seq, at: e.at, actor: e.actor, kind: e.kind, payload: body)
            if e.seq >= seq {
                let quoted = body.replacingOccurrences(of: "'", with: "''")
                sql.append("UPDATE events SET payload = '\(quoted)', prev_hash = '\(prev)', hash = '\(hash)' WHERE session_id = '\(id)' AND seq = \(e.seq)")
            }
            prev = hash
        }
        return sql
    }

    @Test(arguments: Backend.allCases) func everyTamperingIsNamedWithItsFirstBadEvent(_ backend: Backend) throws {
        let t = try Self.open(backend)
        let s = t.store
        for id in ["intact", "edited", "middle", "tail", "forged", "end"] { try Self.endedSession(s, id) }
        let forgedPayload = try #require(try s.events(session: "forged").first { $0.seq == 3 }).payload.replacingOccurrences(of: "n 3", with: "n 9")
        try t.execute([
            "UPDATE events SET payload = replace(payload, 'n 3', 'n 8') WHERE session_id = 'edited' AND seq = 3",
            "DELETE FROM events WHERE session_id = 'middle' AND seq = 3",
            "DELETE FROM events WHERE session_id = 'tail' AND seq >= 5",
            "DELETE FROM events WHERE session_id = 'end' AND seq = 6",
        ] + (try Self.rechain(s, "forged", forged: 3, payload: forgedPayload)))
        #expect(try Self.check(s, "intact") == nil)
        #expect(try Self.check(s, "edited") == "session edited: event 3 (note_added) was altered: its hash does not match its content")
        #expect(try Self.check(s, "middle") == "session middle: event 4 is out of sequence (expected 3)")
        #expect(try Self.check(s, "tail") == "session tail: ended (at 1700000000100) but its log stops at event 4 (note_added) without "
                + "session_ended: its tail was cut or its end event dropped")
        #expect(try Self.check(s, "end")?.hasPrefix("session end: ended (at 1700000000100) but its log stops at event 5 (note_added)") == true)
        let forged = try #require(try Self.check(s, "forged"))
        #expect(forged.hasPrefix("session forged: event 6 (session_ended) anchors head hash ") && forged.hasSuffix("the log was rewritten"), "\(forged)")
    }

    /// A session row is its identity: only ended_at may change, once; the row is never deleted.
    @Test(arguments: Backend.allCases) func sessionRowsCannotBeRewritten(_ backend: Backend) throws {
        let t = try Self.open(backend)
        try t.store.createSession(EventStoreBackendTests.info("s1"))
        try t.store.endSession("s1", at: 5)
        for sql in ["UPDATE sessions SET seed = 7", "UPDATE sessions SET ended_at = 9", "UPDATE sessions SET participant = 'mallory'",
                    "DELETE FROM sessions"] {
            do {
                if let file = t.sqliteFile {
                    try DatabaseQueue(path: file).write { try $0.execute(sql: sql) }
                } else if let pg = t.postgres {
                    _ = try pg.server.psql(sql, database: pg.database)
                }
                Issue.record("\(sql) was allowed")
            } catch {
                #expect("\(error)".contains("only ended_at may change") || "\(error)".contains("DELETE refused"), "\(error)")
            }
        }
        try t.store.endSession("s1", at: 9)   // ending again changes nothing (set once) and is not an error
        #expect(try t.store.session("s1")?.endedAt == 5 && t.store.sessions().count == 1)
    }
}
