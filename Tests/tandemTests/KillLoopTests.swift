import Foundation
import Testing
import TestSupport

/// Issue 19's kill loop: AI-only runs into one store, each SIGKILLed at a different moment (`TANDEM_SOAK_KILLS`, 5 in
/// `make test`, 50 in `make soak`). After every kill, every event the run acknowledged on stderr ("event N logged") is
/// in the store, every chain verifies, and the killed session is listed as interrupted (or ended, if it finished).
@Suite struct KillLoopTests {
    static var kills: Int { Int(ProcessInfo.processInfo.environment["TANDEM_SOAK_KILLS"] ?? "") ?? 5 }

    /// The highest "(event N logged)" in the progress seen so far.
    static func acknowledged(_ text: String) -> Int {
        var best = 0
        var rest = Substring(text)
        while let r = rest.range(of: "(event ") {
            rest = rest[r.upperBound...]
            if let n = Int(rest.prefix { $0.isNumber }) { best = max(best, n) }
        }
        return best
    }

    @Test func killedRunsLoseNoAcknowledgedEvent() throws {
        let db = try RepositoryPaths.temporaryFolder("kill-loop") + "/s.sqlite"
        var killed = 0
        for i in 0..<Self.kills {
            let process = Process()
            process.executableURL = BinaryRunner.executable
            process.arguments = ["run", "--ai-only", "food-shelf-life", "--db", db, "--participant", "kill-\(i)"]
            let err = Pipe()
            process.standardError = err
            process.standardOutput = FileHandle.nullDevice
            process.standardInput = FileHandle.nullDevice
            try process.run()
            // Moments spread over a run (about 3 s here), the same on every machine.
            let delay = Double((i * 7919) % 97) / 97 * 3.0
            Thread.sleep(forTimeInterval: delay)
            kill(process.processIdentifier, SIGKILL)
            let seen = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationReason == .uncaughtSignal { killed += 1 }
            let acked = Self.acknowledged(seen)
            let check = try BinaryRunner.run(["sessions", "--check", "--json", "--db", db])
            #expect(check.status == 0, "kill \(i) after \(delay) s: \(check.stdout) \(check.stderr)")
            let sessions = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [[String: Any]])
            #expect(sessions.allSatisfy { $0["chain"] as? String == "ok" })
            // A kill before the session row was written leaves no session; one after it leaves its events.
            guard let mine = sessions.first(where: { $0["participant"] as? String == "kill-\(i)" }) else {
                #expect(acked == 0, "kill \(i): \(acked) events acknowledged but no session stored")
                continue
            }
            let status = mine["status"] as? String
            #expect((mine["events"] as? Int ?? 0) >= acked, "kill \(i) after \(delay) s: acknowledged \(acked), stored \(mine["events"] ?? 0)")
            #expect(status == (process.terminationReason == .uncaughtSignal ? "interrupted" : "ended") || status == "ended", "kill \(i): \(status ?? "?")")
        }
        print("kill loop: \(Self.kills) runs, \(killed) killed mid-run, every acknowledged event stored, every chain ok")
        #expect(killed > 0, "no run was killed before it finished")
    }

    /// Workbench sessions in tmux, SIGKILLed after a decision, while the agent works on the next stage, or during an
    /// evaluation (3 in make test, 10 in make soak). What the screen showed as done is in the store, the chain
    /// verifies, the session is listed as interrupted, and `open --resume` picks it up where its log ends.
    @Test func killedWorkbenchSessionsResume() throws {
        let db = try RepositoryPaths.temporaryFolder("kill-tui") + "/s.sqlite"
        for i in 0..<max(3, Self.kills / 5) {
            let tmux = TmuxDriver()
            defer { tmux.stop() }
            try tmux.start(["open", "food-shelf-life", "--db", db, "--participant", "tui-\(i)"])
            try tmux.waitFor("3 Clean (2)")
            try tmux.keys("a")
            try tmux.waitFor("step 1    drop_column(preservative_ppm)")
            var shown = ["session_started", "data_profiled", "agent_proposed", "step_approved"]
            switch i % 3 {
            case 1:
                try tmux.keys("]")
                // The header's stage is the session's, shown once stage_changed is stored (the "4 Features" tab label
                // is on screen all along, so waiting for it raced the kill).
                try tmux.waitFor("features  mae CV")
                shown.append("stage_changed")
            case 2:
                // Killed a moment after asking for an evaluation: during it or just after, either is a valid log.
                try tmux.keys("v")
                Thread.sleep(forTimeInterval: 0.3)
            default: break
            }
            let shell = try tmux.tmux(["display-message", "-p", "-t", tmux.target, "#{pane_pid}"]).trimmingCharacters(in: .whitespacesAndNewlines)
            let children = try String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8).split(separator: " ")
            let pid = try #require(children.first.flatMap { Int32($0) })
            #expect(kill(pid, SIGKILL) == 0)
            try tmux.waitFor("EXITED 137")
            let check = try BinaryRunner.run(["sessions", "--check", "--json", "--db", db])
            #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
            let sessions = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as? [[String: Any]])
            let mine = try #require(sessions.first { $0["participant"] as? String == "tui-\(i)" })
            let id = try #require(mine["id"] as? String)
            #expect(mine["status"] as? String == "interrupted" && mine["chain"] as? String == "ok")
            let log = try BinaryRunner.run(["export", id, "--format", "jsonl", "--db", db]).stdout
            // Previews are logged in the background as they finish (issue 18), between what the keys did.
            let kinds = log.split(separator: "\n").compactMap { line -> String? in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["kind"] as? String
            }.filter { $0 != "proposal_previewed" }
            #expect(Array(kinds.prefix(shown.count)) == shown, "kill \(i): \(kinds)")
            // The killed session resumes where its log ends, and ends cleanly.
            let again = TmuxDriver()
            defer { again.stop() }
            try again.start(["open", "--resume", id, "--db", db])
            try again.waitFor("3 Clean (1)")   // the approved drop is applied, the impute still open
            try again.quit()
            let after = try BinaryRunner.run(["sessions", "--check", "--json", "--db", db])
            let resumed = (try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [[String: Any]])?.first { $0["id"] as? String == id }
            #expect(after.status == 0 && resumed?["status"] as? String == "ended" && resumed?["chain"] as? String == "ok", "\(after.stdout)")
        }
    }
}
