import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite struct SessionCommandTests {
    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    @Test func runCheckReplayAndExportFromTheCommandLine() throws {
        let db = try RepositoryPaths.temporaryFolder("cli-session") + "/s.sqlite"
        let run = try BinaryRunner.run(["run", "--ai-only", "food-shelf-life", "--db", db, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let summary = try #require(try json(run.stdout) as? [String: Any])
        let id = try #require(summary["session"] as? String)
        #expect((summary["cv"] as? [Double])?.count == 3 && summary["test"] is Double && (summary["refused"] as? Int) == 1)
        let list = try BinaryRunner.run(["sessions", "--check", "--db", db])
        #expect(list.status == 0 && list.stdout.contains("\(id)  food-shelf-life  ai-only  heuristic") && list.stdout.contains("ended  chain ok"))
        let replay = try BinaryRunner.run(["replay", String(id.prefix(8)), "--verify", "--db", db])
        #expect(replay.status == 0, "\(replay.stdout) \(replay.stderr)")
        #expect(replay.stdout.contains("re-ran 3 evaluations and 1 submissions: every score matches"))
        let html = (db as NSString).deletingLastPathComponent + "/t.html"
        #expect(try BinaryRunner.run(["export", id, "--format", "html", "-o", html, "--db", db]).status == 0)
        #expect(try String(contentsOfFile: html, encoding: .utf8).contains("<svg"))
        let compare = try BinaryRunner.run(["compare", "food-shelf-life", "--db", db, "--json"])
        #expect(compare.status == 0, "\(compare.stderr)")
        let table = try #require((try json(compare.stdout) as? [[String: Any]])?.first)
        #expect(table["challenge"] as? String == "food-shelf-life" && table["metric"] as? String == "mae")
        #expect((table["ai_only"] as? [String: Any])?["sessions"] as? Int == 1 && (table["human_ai"] as? [String: Any])?["sessions"] as? Int == 0)
        #expect(((table["sessions"] as? [[String: Any]])?.first?["adversarial_applied"] as? [Any])?.count == 2)
        let text = try BinaryRunner.run(["compare", "--db", db])
        #expect(text.status == 0 && text.stdout.contains("food-shelf-life (mae, lower is better)") && text.stdout.contains("still applies adversarial advice"))
        let none = try BinaryRunner.run(["compare", "hospital-readmission", "--db", db])
        #expect(none.status == 1 && none.stderr.contains("no sessions on challenge hospital-readmission"))
        let missing = try BinaryRunner.run(["replay", "nope", "--verify", "--db", db])
        #expect(missing.status == 1 && missing.stderr.contains("no session \"nope\""))
    }

    /// Every submission writes submission.csv beside the store; replay --verify checks it against the logged SHA-256.
    @Test func runWritesSubmissionCSVThatReplayVerifies() throws {
        let dir = try RepositoryPaths.temporaryFolder("cli-submission")
        let run = try BinaryRunner.run(["run", "--ai-only", "food-shelf-life", "--db", dir + "/s.sqlite", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let id = try #require((try json(run.stdout) as? [String: Any])?["session"] as? String)
        let file = dir + "/submissions/\(id)/submission.csv"
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.first == "batch_id,shelf_life_days" && lines.count == 1501)
        #expect(try BinaryRunner.run(["replay", id, "--verify", "--db", dir + "/s.sqlite"]).status == 0)
        try (text + "B9,1\n").write(toFile: file, atomically: true, encoding: .utf8)
        let tampered = try BinaryRunner.run(["replay", id, "--verify", "--db", dir + "/s.sqlite"])
        #expect(tampered.status == 1 && tampered.stdout.contains("submission.csv changed since event"), "\(tampered.stdout)")
    }

    /// The events bench runs the real store end to end (append, single appends, replay with the chain verified).
    @Test func benchEventsReportsEveryFigure() throws {
        let dir = try RepositoryPaths.temporaryFolder("bench-events")
        let run = try BinaryRunner.run(["bench", "events", "--no-peers", "--events", "600", "--singles", "20", "--repeat", "1", "--dir", dir, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try json(run.stdout) as? [String: Any])
        #expect(object["bench"] as? String == "events" && object["rows"] as? Int == 600)
        let tandem = try #require((object["results"] as? [[String: Any]])?.first)
        for field in ["seconds", "batched_events_per_s", "durable_append_p99_ms", "replay_s"] { #expect(tandem[field] is Double, "\(field)") }
        #expect(tandem["durable_appends"] as? Double == 20)
        let check = try BinaryRunner.run(["sessions", "--check", "--db", dir + "/tandem-0.sqlite", "--json"])
        let sessions = try #require(try json(check.stdout) as? [[String: Any]])
        #expect(check.status == 0 && sessions.count == 2 && sessions.allSatisfy { $0["chain"] as? String == "ok" })
        #expect(sessions.contains { ($0["id"] as? String)?.hasPrefix("batched-") == true && $0["events"] as? Int == 600 })
    }

    @Test func benchRenderTimesBothSizes() throws {
        let dir = try RepositoryPaths.temporaryFolder("bench-render")
        let run = try BinaryRunner.run(["bench", "render", "--rows", "2000", "--keys", "100", "--dir", dir, "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try json(run.stdout) as? [String: Any])
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(object["bench"] as? String == "render" && results.map { $0["name"] as? String } == ["tandem", "tandem_1000_rows"])
        #expect(results.map { $0["rows"] as? Double } == [2000, 1000] && results.allSatisfy { ($0["p99_ms"] as? Double ?? 0) > 0 })
    }

    @Test func theWorkbenchWithoutATerminalSaysSoInOneLine() throws {
        for args in [[String](), ["open", "food-shelf-life"], ["replay", "nope"]] {
            let run = try BinaryRunner.run(args + ["--db", try RepositoryPaths.temporaryFolder("no-tty") + "/s.sqlite"])
            #expect(run.status == 1 && run.stderr.contains("needs a terminal"), "\(args): \(run.stderr)")
        }
    }

    /// SIGKILL mid-session: every event the process reported as logged is in
    /// the file, the chain verifies, and the session is listed as interrupted.
    @Test func killedMidSessionLosesNothing() throws {
        let db = try RepositoryPaths.temporaryFolder("cli-kill") + "/s.sqlite"
        let process = Process()
        process.executableURL = BinaryRunner.executable
        process.arguments = ["run", "--ai-only", "card-fraud", "--db", db]
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        var acknowledged = 0
        // Read progress until the features stage reports its logged events, then kill.
        while process.isRunning {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let line = seen.split(separator: "\n").first(where: { $0.contains("features: evaluating") }),
               let range = line.range(of: "(event "), let n = Int(line[range.upperBound...].prefix { $0.isNumber }) {
                acknowledged = n
                kill(process.processIdentifier, SIGKILL)
                break
            }
        }
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal, "the run ended before it could be killed: \(seen)")
        #expect(acknowledged > 0)
        let check = try BinaryRunner.run(["sessions", "--check", "--json", "--db", db])
        #expect(check.status == 0, "\(check.stderr)")
        let sessions = try #require(try json(check.stdout) as? [[String: Any]])
        let s = try #require(sessions.first)
        #expect(s["status"] as? String == "interrupted" && s["chain"] as? String == "ok")
        #expect((s["events"] as? Int ?? 0) >= acknowledged)
    }
}
