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
        NewEvent(at: Int64(i), actor: .human, payload: .noteAdded(.init(text: "\(text) \(i)")))
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

    /// A batch large enough to hash its chain on another core gives the same chain as one hashed in line.
    @Test func aLargeBatchChainsLikeSmallOnes() throws {
        let s = try store()
        try session(s)
        try s.append(session: "s1", [note(0, "first")])
        try s.append(session: "s1", (1...6000).map { note($0, "batch") })
        let events = try s.events(session: "s1")
        #expect(events.count == 6001 && EventChain.firstBreak(events) == nil)
        var prev = EventChain.genesis
        for e in events {
            #expect(e.prevHash == prev)
            prev = EventChain.hash(prev: prev, sessionId: e.sessionId, seq: e.seq, at: e.at, actor: e.actor, kind: e.kind, payload: e.payload)
            if e.hash != prev { Issue.record("event \(e.seq) hash differs"); break }
        }
        let decoded = try s.decodedEvents(session: "s1")
        #expect(decoded.count == 6001 && decoded.last?.payload.text == "batch 6000")
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

@Suite struct StoreMergeTests {
    func store(_ dir: String, _ name: String) throws -> SQLiteEventStore { try SQLiteEventStore(path: dir + "/" + name) }

    func session(_ s: SQLiteEventStore, _ id: String, events: Int, label: String = "") throws {
        try s.createSession(SessionInfo(id: id, challengeId: "c", challengeSha256: "x", mode: "human-ai", agent: "heuristic", seed: 1, appVersion: "t", startedAt: 0))
        for i in 0..<events {
            try s.append(session: id, [NewEvent(at: Int64(i), actor: .human, payload: .noteAdded(.init(text: "\(label)\(id) \(i)")))])
        }
    }

    @Test func mergesDeduplicatesAndKeepsChains() throws {
        let dir = try RepositoryPaths.temporaryFolder("merge")
        let a = try store(dir, "a.sqlite"), b = try store(dir, "b.sqlite"), out = try store(dir, "out.sqlite")
        try session(a, "s1", events: 3)
        try session(a, "s2", events: 2)
        try session(b, "s3", events: 4)
        let first = try out.merge(from: a, sourceName: "a")
        let second = try out.merge(from: b, sourceName: "b")
        let again = try out.merge(from: a, sourceName: "a")
        #expect(first.copied == ["s1", "s2"] && second.copied == ["s3"] && again.alreadyPresent == ["s1", "s2"] && again.copied.isEmpty)
        for id in ["s1", "s2", "s3"] { #expect(EventChain.firstBreak(try out.events(session: id)) == nil) }
        #expect(try out.events(session: "s3").count == 4)
        // A session that grew in its source after an earlier merge is brought up to date.
        try a.append(session: "s1", [NewEvent(at: 9, actor: .human, payload: .noteAdded(.init(text: "later")))])
        #expect(try out.merge(from: a, sourceName: "a").copied == ["s1"])
        #expect(try out.events(session: "s1") == (try a.events(session: "s1")))
        // The same id with different content is not merged silently.
        let c = try store(dir, "c.sqlite")
        try session(c, "s2", events: 5, label: "other ")
        #expect(try out.merge(from: c, sourceName: "c").skipped.count == 1)
    }
}
