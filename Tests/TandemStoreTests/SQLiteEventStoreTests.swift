import Foundation
import GRDB
import Testing
import TestSupport
import TandemSession
@testable import TandemStore

@Suite struct SQLiteEventStoreTests {
    func store() throws -> SQLiteEventStore {
        try SQLiteEventStore(path: try RepositoryPaths.temporaryFolder("store") + "/s.sqlite")
    }

    func session(_ store: SQLiteEventStore, _ id: String = "s1") throws {
        try store.createSession(SessionInfo(id: id, challengeId: "c", challengeSha256: "x", mode: "ai-only", agent: "heuristic", seed: 1,
                                            appVersion: "t", startedAt: 0))
    }

    func note(_ i: Int, _ text: String = "n") -> NewEvent {
        var p = EventPayload()
        p.text = "\(text) \(i)"
        return NewEvent(at: Int64(i), actor: .human, kind: .noteAdded, payload: p)
    }

    @Test func appendBuildsAVerifiableChain() throws {
        let s = try store()
        try session(s)
        try s.append(session: "s1", (1...5).map { note($0) })
        try s.append(session: "s1", [note(6)])
        let events = try s.events(session: "s1")
        #expect(events.map(\.seq) == [1, 2, 3, 4, 5, 6])
        #expect(events[0].prevHash == EventChain.genesis && events[1].prevHash == events[0].hash)
        #expect(EventChain.firstBreak(events) == nil)
        #expect(try events[5].decoded().payload.text == "n 6")
        #expect(throws: StoreError.self) { try s.append(session: "nope", [note(1)]) }
    }

    @Test func updateAndDeleteAreRefusedByTheDatabase() throws {
        let s = try store()
        try session(s)
        try s.append(session: "s1", [note(1)])
        for sql in ["UPDATE events SET payload = '{}'", "DELETE FROM events"] {
            #expect(throws: DatabaseError.self) { try s.pool.write { try $0.execute(sql: sql) } }
        }
        #expect(try s.events(session: "s1").count == 1)
    }

    /// An edit made behind the store's back (the triggers dropped, a byte changed) is found by the chain.
    @Test func anEditedByteIsDetected() throws {
        let s = try store()
        try session(s)
        try s.append(session: "s1", (1...4).map { note($0) })
        try s.pool.write { db in
            try db.execute(sql: "DROP TRIGGER events_no_update")
            try db.execute(sql: "UPDATE events SET payload = replace(payload, 'n 3', 'n 8') WHERE seq = 3")
        }
        let broken = EventChain.firstBreak(try s.events(session: "s1"))
        #expect(broken == "session s1: event 3 (note_added) was altered: its hash does not match its content")
    }

    /// Two processes' worth of writers on one file: every event lands, every chain verifies.
    @Test func concurrentWritersLoseNothing() async throws {
        let path = try RepositoryPaths.temporaryFolder("store") + "/s.sqlite"
        let setup = try SQLiteEventStore(path: path)
        try session(setup, "a")
        try session(setup, "b")
        await withTaskGroup(of: Void.self) { group in
            for (writer, id) in [(0, "a"), (1, "b"), (2, "a"), (3, "b")] {
                group.addTask {
                    // Each writer has its own connection pool, as a second process would.
                    guard let s = try? SQLiteEventStore(path: path) else { return }
                    for i in 0..<200 { _ = try? s.append(session: id, [self.note(i, "w\(writer)")]) }
                }
            }
        }
        for id in ["a", "b"] {
            let events = try setup.events(session: id)
            #expect(events.count == 400)
            #expect(EventChain.firstBreak(events) == nil)
        }
    }
}
