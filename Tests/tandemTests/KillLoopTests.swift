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
}
