import Foundation
import Testing
import TestSupport
import TandemSession
import TandemStore
@testable import TandemStorePostgres

/// The store's contract, run against both backends: SQLite files and a
/// throwaway PostgreSQL server on loopback.
@Suite struct EventStoreBackendTests {
    enum Backend: String, CaseIterable, CustomTestStringConvertible, Sendable {
        case sqlite, postgres
        var testDescription: String { rawValue }
    }

    static func open(_ backend: Backend) throws -> any EventStore {
        switch backend {
        case .sqlite: try SQLiteEventStore(path: try RepositoryPaths.temporaryFolder("store") + "/s.sqlite")
        case .postgres: try PostgresEventStore(try PostgresLocation(try PostgresTestServer.shared().makeDatabase()))
        }
    }

    static func info(_ id: String, participant: String? = nil) -> SessionInfo {
        SessionInfo(id: id, challengeId: "food-shelf-life", challengeSha256: "abc", mode: "ai-only", agent: "heuristic", agentConfig: #"{"k":1}"#,
                    seed: UInt64.max - 3, appVersion: "t", participant: participant, startedAt: 1_700_000_000_000)
    }

    static func note(_ i: Int, _ text: String = "n") -> NewEvent {
        NewEvent(at: Int64(1_700_000_000_000 + i), actor: i % 2 == 0 ? .human : .agent,
                 payload: .noteAdded(.init(text: "\(text) \(i) — ünïcode ✓ 'quoted' \"double\"")))
    }

    @Test(arguments: Backend.allCases) func appendsChainAndReadBack(_ backend: Backend) throws {
        let s = try Self.open(backend)
        try s.createSession(Self.info("s1", participant: "ana"))
        let first = try s.append(session: "s1", (1...5).map { Self.note($0) })
        try s.append(session: "s1", [Self.note(6)])
        let events = try s.events(session: "s1")
        #expect(events.map(\.seq) == [1, 2, 3, 4, 5, 6] && Array(events.prefix(5)) == first)
        #expect(events[0].prevHash == EventChain.genesis && EventChain.firstBreak(events) == nil)
        #expect(try events[5].decoded().payload.text == Self.note(6).payload.text)
        // The same rows hash the same on both backends: the chain does not depend on where it is stored.
        #expect(events.last?.hash == EventChain.hash(prev: events[4].hash, sessionId: "s1", seq: 6, at: Self.note(6).at, actor: "human",
                                                     kind: "note_added", payload: EventChain.encode(Self.note(6).payload)))
        #expect(try s.session("s1") == Self.info("s1", participant: "ana") && s.session("nope") == nil)
        try s.endSession("s1", at: 42)
        #expect(try s.sessions().map(\.endedAt) == [42])
        let summary = try s.summaries()["s1"]
        #expect(summary?.events == 6 && summary?.lastKind == "note_added")
        #expect(throws: StoreError.self) { try s.append(session: "nope", [Self.note(1)]) }
        #expect(throws: StoreError.self) { try s.createSession(Self.info("s1")) }
    }

    @Test(arguments: Backend.allCases) func mergeCopiesEitherWayAndChainsStillVerify(_ backend: Backend) throws {
        let source = try Self.open(backend == .sqlite ? .postgres : .sqlite)
        let target = try Self.open(backend)
        for id in ["a", "b"] {
            try source.createSession(Self.info(id))
            try source.append(session: id, (1...20).map { Self.note($0, id) })
        }
        #expect(try target.merge(from: source, sourceName: "src").copied == ["a", "b"])
        // A session that grew in its source since is brought up to date; the rest are already present.
        try source.append(session: "b", [Self.note(21, "b")])
        // Ended as SessionDriver.end ends a session: session_ended with its anchor, then the row.
        let grown = try source.events(session: "b")
        let anchor = EventPayload.SessionEnd(eventCount: grown.count, headHash: grown.last?.hash)
        try source.append(session: "b", [NewEvent(at: 99, actor: .system, payload: .sessionEnded(anchor))])
        try source.endSession("b", at: 99)
        let again = try target.merge(from: source, sourceName: "src")
        #expect(again.copied == ["b"] && again.alreadyPresent == ["a"])
        for id in ["a", "b"] {
            let events = try target.events(session: id)
            #expect(events == (try source.events(session: id)) && EventChain.firstBreak(events) == nil)
        }
        #expect(try target.session("b")?.endedAt == 99)
    }

    @Test func postgresRefusesUpdateDeleteAndTruncateOnEvents() throws {
        let server = try PostgresTestServer.shared()
        let address = try server.makeDatabase()
        let s = try PostgresEventStore(try PostgresLocation(address))
        try s.createSession(Self.info("s1"))
        try s.append(session: "s1", [Self.note(1)])
        let db = try PostgresLocation(address).database
        for sql in ["UPDATE events SET payload = '{}'", "DELETE FROM events", "TRUNCATE events CASCADE"] {
            do {
                try server.psql(sql, database: db)
                Issue.record("\(sql) was allowed")
            } catch {
                #expect("\(error)".contains("append-only"), "\(error)")
            }
        }
        #expect(try s.events(session: "s1").count == 1)
    }

    /// Four processes' worth of connections append to two sessions at once: nothing lost, no chain forked.
    @Test func concurrentWritersNeverForkAChain() throws {
        let address = try PostgresTestServer.shared().makeDatabase()
        let setup = try PostgresEventStore(try PostgresLocation(address))
        for id in ["x", "y"] { try setup.createSession(Self.info(id)) }
        let stores = try (0..<4).map { _ in try PostgresEventStore(try PostgresLocation(address)) }
        DispatchQueue.concurrentPerform(iterations: 4) { w in
            for i in 0..<50 { _ = try? stores[w].append(session: w % 2 == 0 ? "x" : "y", [Self.note(i, "w\(w)")]) }
        }
        for id in ["x", "y"] {
            let events = try setup.events(session: id)
            #expect(events.count == 100 && EventChain.firstBreak(events) == nil)
        }
    }

    /// The server goes away mid-session: the append fails with a message naming the server, and once it is back the
    /// store reconnects and the chain continues where it was.
    @Test func aRestartedServerIsReconnectedAndTheChainContinues() throws {
        // A server of its own, so stopping it does not disturb the other tests' shared one.
        let server = try PostgresTestServer()
        defer { try? server.stop() }
        let s = try PostgresEventStore(try PostgresLocation(try server.makeDatabase()))
        try s.createSession(Self.info("s1"))
        try s.append(session: "s1", (1...3).map { Self.note($0) })
        try server.stop()
        do {
            try s.append(session: "s1", [Self.note(4)])
            Issue.record("an append succeeded with the server down")
        } catch {
            #expect(error.description.contains("127.0.0.1:\(server.port)"), "\(error)")
        }
        try server.start()
        try s.append(session: "s1", [Self.note(4), Self.note(5)])
        let events = try s.events(session: "s1")
        #expect(events.map(\.seq) == [1, 2, 3, 4, 5] && EventChain.firstBreak(events) == nil)
    }

    /// The server stops answering without closing the socket (a frozen host, a dropped network): the call fails
    /// within the statement timeout in one line naming the server, and once it answers again the next call reconnects.
    @Test func aServerThatStopsAnsweringTimesOutAndIsReconnected() throws {
        let server = try PostgresTestServer()
        defer {
            try? server.thaw()
            try? server.stop()
        }
        let s = try PostgresEventStore(try PostgresLocation(try server.makeDatabase()))
        s.statementTimeout = .seconds(2)
        try s.createSession(Self.info("s1"))
        try s.append(session: "s1", [Self.note(1)])
        try server.freeze()
        do {
            _ = try s.events(session: "s1")
            Issue.record("a read succeeded from a frozen server")
        } catch {
            #expect(error.description.contains("127.0.0.1:\(server.port)") && error.description.contains("no answer from the server within 2 s"), "\(error)")
        }
        try server.thaw()
        try s.append(session: "s1", [Self.note(2)])
        let events = try s.events(session: "s1")
        #expect(events.map(\.seq) == [1, 2] && EventChain.firstBreak(events) == nil)
    }

    /// The server stops mid-session: the session goes on into the spool, the queue is reported, nothing is lost
    /// when the server comes back (order kept, exactly once, chain verified by the server), even across a restart
    /// of tandem while offline.
    @Test func theSpoolKeepsTheSessionGoingWhileTheServerIsAway() throws {
        let server = try PostgresTestServer()
        defer { try? server.stop() }
        let address = try PostgresLocation(try server.makeDatabase("spool"))
        let spoolPath = try RepositoryPaths.temporaryFolder("spool") + "/spool.sqlite"
        let s = try SpooledStudyStore(address: address, spoolPath: spoolPath, retryAfter: .zero)
        try s.createSession(Self.info("s1"))
        try s.append(session: "s1", (1...3).map { Self.note($0) })
        #expect(s.queued == 0 && s.status == nil)
        try server.stop()
        try s.append(session: "s1", [Self.note(4)])
        try s.append(session: "s1", (5...6).map { Self.note($0) })
        #expect(s.status == "offline, 3 events queued" && s.offlineReason?.hasPrefix(address.display) == true, "\(s.status ?? "")")
        try s.endSession("s1", at: 77)
        // tandem restarts while the server is still away: the queue is known from the spool and its marks.
        let again = try SpooledStudyStore(address: address, spoolPath: spoolPath, retryAfter: .zero)
        #expect(again.status == "offline, 3 events queued")
        try again.append(session: "s1", [Self.note(7)])
        #expect(try again.events(session: "s1").map(\.seq) == Array(1...7))
        try server.start()
        #expect(again.sync() == 0 && again.status == nil)
        #expect(again.sync() == 0)
        let onServer = try PostgresEventStore(address)
        let events = try onServer.events(session: "s1")
        #expect(try events == again.spool.events(session: "s1") && EventChain.firstBreak(events) == nil)
        #expect(try onServer.session("s1")?.endedAt == 77)
        // The first store, still open, finds the server has everything and ships nothing twice.
        #expect(try s.sync() == 0 && onServer.events(session: "s1").count == 7)
    }

    @Test func theServerRefusesARowThatBreaksTheChain() throws {
        let server = try PostgresTestServer.shared()
        let address = try PostgresLocation(try server.makeDatabase())
        let s = try PostgresEventStore(address)
        try s.createSession(Self.info("s1"))
        let stored = try s.append(session: "s1", [Self.note(1)])
        let last = try #require(stored.last)
        let forgedHash = "INSERT INTO events VALUES (2, 's1', 5, 'human', 'note_added', '{}', '\(last.hash)', '\(String(repeating: "a", count: 64))')"
        let unlinked = "INSERT INTO events VALUES (2, 's1', 5, 'human', 'note_added', '{}', '\(String(repeating: "b", count: 64))', 'x')"
        let gap = "INSERT INTO events VALUES (5, 's1', 5, 'human', 'note_added', '{}', '\(last.hash)', 'x')"
        for (sql, says) in [(forgedHash, "does not match its content"), (unlinked, "does not link"), (gap, "arrives before event 4")] {
            do {
                try server.psql(sql, database: address.database)
                Issue.record("the server took: \(sql)")
            } catch {
                #expect("\(error)".contains(says), "\(error)")
            }
        }
        // A row with the right hash goes in: the server computes the chain exactly as tandem does.
        try s.append(session: "s1", [Self.note(2)])
        #expect(try s.events(session: "s1").count == 2)
    }

    /// sslmode as libpq means it, against a server that offers TLS with a self-signed certificate.
    @Test func sslModeIsHonoured() throws {
        let server = try PostgresTestServer(tls: true)
        defer { try? server.stop() }
        let name = try PostgresLocation(try server.makeDatabase("tls")).database
        func encrypted(_ mode: String) throws -> Bool {
            let s = try PostgresEventStore(try PostgresLocation("postgresql://postgres@127.0.0.1:\(server.port)/\(name)?sslmode=\(mode)"))
            return try s.read("ask") { c in try s.run(c, "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").first?.decode(Bool.self) } == true
        }
        #expect(try encrypted("require") && encrypted("prefer") && !encrypted("disable"))
        // verify-full checks the certificate, and a self-signed one is not trusted: one line naming the server.
        do {
            _ = try encrypted("verify-full")
            Issue.record("an untrusted certificate was accepted")
        } catch {
            #expect("\(error)".contains("127.0.0.1:\(server.port)") && "\(error)".contains("cannot connect"), "\(error)")
        }
    }

    @Test func addressesReadLikeLibpqAndNeverShowThePassword() throws {
        let a = try PostgresLocation("postgresql://ana:s3cret@db.example:6543/study?sslmode=require", environment: [:])
        #expect(a.user == "ana" && a.password == "s3cret" && a.host == "db.example" && a.port == 6543 && a.database == "study" && a.sslMode == .require)
        #expect(a.display == "postgresql://ana@db.example:6543/study?sslmode=require" && !a.display.contains("s3cret"))
        let b = try PostgresLocation("postgres://bo@localhost/s", environment: ["PGPASSWORD": "pw"])
        #expect(b.port == 5432 && b.password == "pw" && b.sslMode == .prefer)
        for (bad, says) in [("postgresql://u:pw@h:5/db?sslmode=sometimes", "sslmode"), ("postgresql://u:pw@h:5/", "no database"),
                            ("postgresql://u:pw@h/db?color=red", "unknown parameter")] {
            do {
                _ = try PostgresLocation(bad, environment: [:])
                Issue.record("\(bad) was accepted")
            } catch {
                #expect(error.description.contains(says) && !error.description.contains("pw@"), "\(error)")
            }
        }
        // Nobody listening: one line naming the server.
        let nobody = PostgresLocation(user: "u", host: "127.0.0.1", port: LoopbackPort.free(), database: "d", sslMode: .disable)
        do {
            _ = try PostgresEventStore(nobody)
            Issue.record("connected to nothing")
        } catch {
            #expect(error.description.hasPrefix("postgresql://u@127.0.0.1:\(nobody.port)/d") && error.description.contains("cannot connect"))
        }
    }
}

/// Participants see only their own sessions; the coordinator sees all; nobody can alter an event.
@Suite struct PostgresStudyTests {
    @Test func participantsReadAndWriteOnlyTheirOwnSessions() throws {
        let server = try PostgresTestServer.shared()
        let admin = try PostgresEventStore(try PostgresLocation(try server.makeDatabase("study")), migrate: false)
        try PostgresStudy.initialise(admin)
        try PostgresStudy.initialise(admin)   // a second run changes nothing and does not fail
        let ana = try PostgresEventStore(try PostgresLocation(try PostgresStudy.add("ana_\(UUID().uuidString.prefix(6).lowercased())", as: .participant, to: admin)))
        let bo = try PostgresEventStore(try PostgresLocation(try PostgresStudy.add("bo_\(UUID().uuidString.prefix(6).lowercased())", as: .participant, to: admin)))
        let lead = try PostgresEventStore(try PostgresLocation(try PostgresStudy.add("lead_\(UUID().uuidString.prefix(6).lowercased())", as: .coordinator, to: admin)))
        // A session without a participant id takes the login's name.
        try ana.createSession(EventStoreBackendTests.info("ana-1"))
        try ana.append(session: "ana-1", (1...3).map { EventStoreBackendTests.note($0) })
        try bo.createSession(EventStoreBackendTests.info("bo-1"))
        try bo.append(session: "bo-1", [EventStoreBackendTests.note(1)])
        #expect(try ana.sessions().map(\.id) == ["ana-1"] && ana.sessions().first?.participant == ana.address.user)
        #expect(try bo.sessions().map(\.id) == ["bo-1"])
        #expect(try bo.events(session: "ana-1").isEmpty && bo.summaries()["ana-1"] == nil)
        #expect(try Set(lead.sessions().map(\.id)) == ["ana-1", "bo-1"] && lead.events(session: "ana-1").count == 3)
        // Writing into someone else's session, or as someone else, is refused by the server.
        #expect(throws: StoreError.self) { try bo.append(session: "ana-1", [EventStoreBackendTests.note(9)]) }
        var forged = EventStoreBackendTests.info("forged")
        forged.participant = ana.address.user
        #expect(throws: StoreError.self) { try bo.createSession(forged) }
        // No role but the owner may change an event: privilege and trigger both say no.
        for sql in ["UPDATE events SET payload = '{}'", "DELETE FROM events"] {
            for store in [ana, lead] {
                do {
                    try store.execute(sql)
                    Issue.record("\(store.address.user): \(sql) was allowed")
                } catch {
                    #expect(error.description.contains("permission denied") || error.description.contains("append-only"), "\(error)")
                }
            }
        }
        #expect(try lead.events(session: "ana-1").count == 3 && EventChain.firstBreak(try lead.events(session: "ana-1")) == nil)
        // Ending a session is the one update a participant may make.
        try ana.endSession("ana-1", at: 5)
        #expect(try lead.session("ana-1")?.endedAt == 5)
    }

    @Test func aStudyNeedsValidNamesAndAnInitialisedDatabase() throws {
        let admin = try PostgresEventStore(try PostgresLocation(try PostgresTestServer.shared().makeDatabase("bare")))
        for bad in ["Ana", "1ana", "ana; DROP TABLE events", ""] {
            #expect(throws: StoreError.self) { _ = try PostgresStudy.add(bad, as: .participant, to: admin) }
        }
        do {
            _ = try PostgresStudy.add("cara_\(UUID().uuidString.prefix(6).lowercased())", as: .participant, to: admin)
            Issue.record("a participant was added to a database that is not a study")
        } catch {
            #expect(error.description.contains("tandem study init"))
        }
    }
}
