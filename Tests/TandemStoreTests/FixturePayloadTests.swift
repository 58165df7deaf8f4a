import Foundation
import GRDB
import TandemSession
import Testing
import TestSupport

/// Issue 17: the store the binary of 2026-12-04 wrote (Tests/Fixtures), read at the payload level. Whatever type carries
/// an event in memory, every stored payload must decode and encode back to the bytes its hash covers.
@Suite struct FixturePayloadTests {
    @Test func everyStoredPayloadReEncodesToItsHashedBytes() throws {
        let folder = try RepositoryPaths.temporaryFolder("fixture")
        let db = folder + "/fixture.sqlite"
        try FileManager.default.copyItem(atPath: RepositoryPaths.root + "/Tests/Fixtures/sessions-2026-12-04.sqlite", toPath: db)
        let rows = try DatabaseQueue(path: db).read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM events ORDER BY session_id, seq")
        }
        #expect(rows.count == 44)
        var kinds = Set<String>()
        for row in rows {
            let stored = StoredEvent(seq: row["seq"], sessionId: row["session_id"], at: row["at"], actor: row["actor"], kind: row["kind"],
                                     payload: row["payload"], prevHash: row["prev_hash"], hash: row["hash"])
            let event = try stored.decoded()
            kinds.insert(stored.kind)
            let encoded = EventChain.encode(event.payload)
            #expect(encoded == stored.payload, "event \(stored.seq) (\(stored.kind)) of \(stored.sessionId) re-encodes differently")
            #expect(EventChain.hash(prev: stored.prevHash, sessionId: stored.sessionId, seq: stored.seq, at: event.at,
                                    actor: event.actor.rawValue, kind: event.kind.rawValue, payload: encoded) == stored.hash)
        }
        // Every kind a session of today writes without a model agent is in the fixture.
        #expect(kinds.isSuperset(of: ["session_started", "data_profiled", "agent_proposed", "step_approved", "step_rejected",
                                      "step_removed", "document_flagged", "auto_approved", "evaluated", "submitted", "note_added",
                                      "marker_added", "undone", "redone", "stage_changed", "session_ended"]), "\(kinds)")
    }
}
