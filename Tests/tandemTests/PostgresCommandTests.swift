import Foundation
import Testing
import TestSupport

/// Every session command against a PostgreSQL study store (DESIGN.md section 5: either backend).
@Suite struct PostgresCommandTests {
    @Test func runCheckReplayExportCompareAndMergeOnPostgres() throws {
        let db = try PostgresTestServer.shared().makeDatabase("cli")
        let run = try BinaryRunner.run(["run", "--ai-only", "food-shelf-life", "--db", db, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let id = try #require(summary["session"] as? String)
        #expect((summary["db"] as? String)?.hasPrefix("postgresql://postgres@127.0.0.1:") == true)
        let check = try BinaryRunner.run(["sessions", "--check", "--db", db])
        #expect(check.status == 0 && check.stdout.contains("ended") && check.stdout.contains("chain ok"), "\(check.stdout)\(check.stderr)")
        let verify = try BinaryRunner.run(["replay", String(id.prefix(8)), "--verify", "--db", db])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let md = try BinaryRunner.run(["export", id, "--format", "md", "--db", db])
        #expect(md.status == 0 && md.stdout.contains("auto_approved"))
        let compare = try BinaryRunner.run(["compare", "food-shelf-life", "--db", db, "--json"])
        #expect(compare.status == 0, "\(compare.stderr)")
        // A study out to one SQLite file for archiving, and back into a fresh server database.
        let file = try RepositoryPaths.temporaryFolder("pg-archive") + "/study.sqlite"
        let out = try BinaryRunner.run(["merge", db, "-o", file])
        #expect(out.status == 0 && out.stdout.contains("1 sessions copied"), "\(out.stdout)\(out.stderr)")
        let back = try PostgresTestServer.shared().makeDatabase("back")
        let into = try BinaryRunner.run(["merge", file, "-o", back])
        #expect(into.status == 0 && into.stdout.hasPrefix("postgresql://postgres@127.0.0.1:"), "\(into.stdout)\(into.stderr)")
        #expect(try BinaryRunner.run(["sessions", "--check", "--db", back]).stdout.contains("chain ok"))
    }

    @Test func aStudyGivesEachAnalystALoginThatSeesOnlyTheirOwnSessions() throws {
        let admin = try PostgresTestServer.shared().makeDatabase("study")
        let initialised = try BinaryRunner.run(["study", "init", "--db", admin])
        #expect(initialised.status == 0 && initialised.stdout.contains("study ready"), "\(initialised.stderr)")
        let suffix = UUID().uuidString.prefix(6).lowercased()
        var logins: [String] = []
        for name in ["ana_\(suffix)", "bo_\(suffix)"] {
            let added = try BinaryRunner.run(["study", "add-participant", name, "--db", admin])
            #expect(added.status == 0 && added.stdout.hasPrefix("postgresql://\(name):"), "\(added.stderr)")
            logins.append(added.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let run = try BinaryRunner.run(["run", "--ai-only", "card-fraud", "--db", logins[0]])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try BinaryRunner.run(["sessions", "--db", logins[0]]).stdout.contains("card-fraud"))
        #expect(try BinaryRunner.run(["sessions", "--db", logins[1]]).stdout.contains("no sessions"))
        // The owner (or a coordinator) sees every participant's sessions; --watch redraws.
        let status = try BinaryRunner.run(["study", "status", "--db", admin, "--watch", "--interval", "0.2", "--refreshes", "2"])
        #expect(status.status == 0 && status.stdout.components(separatedBy: "0 in progress, 1 ended").count == 3, "\(status.stdout)\(status.stderr)")
        #expect(status.stdout.contains("ana_\(suffix)") && status.stdout.contains("card-fraud"))
        let twice = try BinaryRunner.run(["study", "add-participant", "ana_\(suffix)", "--db", admin])
        #expect(twice.status == 1 && twice.stderr.contains("exists already"))
        let file = try BinaryRunner.run(["study", "init", "--db", try RepositoryPaths.temporaryFolder("nostudy") + "/s.sqlite"])
        #expect(file.status == 1 && file.stderr.contains("needs a PostgreSQL store"))
    }

    /// A run with the study server down finishes into the local spool and says so; the next run ships it.
    @Test func aRunWithTheServerDownIsSpooledAndShippedLater() throws {
        let server = try PostgresTestServer()
        defer { try? server.stop() }
        let db = try server.makeDatabase("offline")
        let env = ["XDG_DATA_HOME": try RepositoryPaths.temporaryFolder("xdg")]
        try server.stop()
        let offline = try BinaryRunner.run(["run", "--ai-only", "food-shelf-life", "--db", db], environment: env)
        #expect(offline.status == 0 && offline.stderr.contains("events wait in") && offline.stderr.contains("cannot connect"), "\(offline.stderr)")
        try server.start()
        #expect(try BinaryRunner.run(["sessions", "--db", db], environment: env).stdout.contains("no sessions"))
        let online = try BinaryRunner.run(["run", "--ai-only", "food-shelf-life", "--db", db], environment: env)
        #expect(online.status == 0 && !online.stderr.contains("events wait in"), "\(online.stderr)")
        let list = try BinaryRunner.run(["sessions", "--check", "--db", db], environment: env)
        #expect(list.stdout.split(separator: "\n").filter { $0.contains("ended") && $0.contains("chain ok") }.count == 2, "\(list.stdout)")
    }

    /// The events bench on a PostgreSQL server: the same figures, the chains verified by the server and by replay.
    @Test func benchEventsMeasuresAPostgresServer() throws {
        let db = try PostgresTestServer.shared().makeDatabase("bench")
        let run = try BinaryRunner.run(["bench", "events", "--db", db, "--no-peers", "--events", "300", "--singles", "10", "--repeat", "1", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let tandem = try #require((object["results"] as? [[String: Any]])?.first)
        for field in ["batched_events_per_s", "durable_append_p99_ms", "replay_s"] { #expect(tandem[field] is Double, "\(field)") }
        let check = try BinaryRunner.run(["sessions", "--check", "--json", "--db", db])
        let sessions = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [[String: Any]])
        #expect(sessions.map { $0["events"] as? Int } .sorted { ($0 ?? 0) < ($1 ?? 0) } == [10, 300] && sessions.allSatisfy { $0["chain"] as? String == "ok" })
        let file = try BinaryRunner.run(["bench", "events", "--db", "/tmp/x.sqlite", "--no-peers"])
        #expect(file.status == 1 && file.stderr.contains("postgresql://"))
    }

    @Test func anUnreachableServerIsOneLineNamingIt() throws {
        let port = LoopbackPort.free()
        let r = try BinaryRunner.run(["sessions", "--db", "postgresql://ana:secret@127.0.0.1:\(port)/study?sslmode=disable"])
        #expect(r.status == 1 && r.stderr.contains("postgresql://ana@127.0.0.1:\(port)/study") && r.stderr.contains("cannot connect"), "\(r.stderr)")
        #expect(!r.stderr.contains("secret") && r.stderr.split(separator: "\n").count == 1)
    }
}
