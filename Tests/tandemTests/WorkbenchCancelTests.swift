import Foundation
import Testing
import TestSupport

/// Issue 19: Ctrl-C cancels an evaluation deterministically. The job is slow by construction (half a million rows,
/// many seconds of cross-validation in a debug build), and the key is sent only once the header shows the job
/// running, so it cannot arrive before the job starts or after it ends.
@Suite struct WorkbenchCancelTests {
    @Test func ctrlCCancelsARunningEvaluationAndLogsNothing() throws {
        let dir = try RepositoryPaths.temporaryFolder("tui-cancel")
        let made = try BinaryRunner.run(["sample", "generate", "retail-banking", "--rows", "500000", "--out", dir + "/big"])
        #expect(made.status == 0, "\(made.stderr)")
        let db = dir + "/s.sqlite"
        let tmux = TmuxDriver()
        defer { tmux.stop() }
        try tmux.start(["open", dir + "/big", "--db", db])
        try tmux.waitFor("3 Clean", timeout: 180)
        try tmux.keys("v")
        try tmux.waitFor("Ctrl-C cancels", timeout: 60)
        try tmux.keys("C-c")
        let screen = try tmux.waitFor("cancelled; nothing was logged", timeout: 60)
        #expect(!screen.contains("Ctrl-C cancels"))
        try tmux.quit()
        let export = try BinaryRunner.run(["export", String(try #require(try BinaryRunner.run(["sessions", "--db", db]).stdout.split(separator: " ").first)),
                                           "--format", "jsonl", "--db", db])
        #expect(export.status == 0 && !export.stdout.contains("\"kind\":\"evaluated\""), "\(export.stderr)")
    }
}
