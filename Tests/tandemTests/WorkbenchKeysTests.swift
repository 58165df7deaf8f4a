import Foundation
import Testing
import TestSupport

/// Issue 19: the keys no test pressed (u, Ctrl-R, m, /, e, Tab), and --theme and NO_COLOR, in the real binary in tmux.
/// Each key's effect is read back from the screen and from the log.
@Suite struct WorkbenchKeysTests {
    @Test func undoRedoMarkerEditSearchAndTabDoWhatTheySay() throws {
        let db = try RepositoryPaths.temporaryFolder("tui-keys") + "/s.sqlite"
        let tmux = TmuxDriver()
        defer { tmux.stop() }
        try tmux.start(["open", "food-shelf-life", "--db", db])
        try tmux.waitFor("3 Clean (2)")
        try tmux.keys("a")
        try tmux.waitFor("step 1    drop_column(preservative_ppm)")
        try tmux.keys("m")
        try tmux.waitFor("Enter adds the marker")
        try tmux.type("before tuning")
        try tmux.keys("Enter")
        try tmux.keys("u")
        try tmux.waitFor("3 Clean (2)")
        try tmux.keys("C-r")
        try tmux.waitFor("step 1    drop_column(preservative_ppm)")
        // e: the impute's form; strategy becomes constant with a value, and Enter applies the edited step.
        try tmux.keys("e")
        try tmux.waitFor("Edit impute")
        try tmux.keys("Tab", "BSpace", "BSpace", "BSpace", "BSpace")
        try tmux.type("constant")
        try tmux.keys("Tab")
        try tmux.type("none")
        try tmux.waitFor("ok: impute(packaging, strategy=\"constant\", value=\"none\")")
        try tmux.keys("Enter")
        try tmux.waitFor("step 2    impute(packaging, strategy=\"constant\", value=\"none\")")
        // Tab: the next pane (Features); / in the Log finds the marker.
        try tmux.keys("Tab")
        try tmux.waitFor("no proposals or steps for features yet")
        try tmux.keys("7", "/")
        try tmux.type("before tuning")
        try tmux.keys("Enter")
        try tmux.waitFor("found \"before tuning\" at")
        try tmux.quit()
        let sessions = try BinaryRunner.run(["sessions", "--db", db])
        let session = String(try #require(sessions.stdout.split(separator: " ").first))
        let log = try BinaryRunner.run(["export", session, "--format", "jsonl", "--db", db]).stdout
        let kinds = log.split(separator: "\n").compactMap { line -> String? in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["kind"] as? String
        }.filter { ["step_approved", "marker_added", "undone", "redone", "step_edited"].contains($0) }
        #expect(kinds == ["step_approved", "marker_added", "undone", "redone", "step_edited"], "\(kinds)")
        #expect(log.contains("\"text\":\"before tuning\"") && log.contains("\"value\":\"none\""))
    }

    /// --theme light colours the screen; NO_COLOR leaves no colour escape at all, whatever the theme.
    @Test func themeAndNoColor() throws {
        func colourEscapes(_ environment: [String: String], theme: String) throws -> Int {
            let db = try RepositoryPaths.temporaryFolder("tui-theme") + "/s.sqlite"
            let tmux = TmuxDriver()
            defer { tmux.stop() }
            try tmux.start(["open", "food-shelf-life", "--db", db, "--theme", theme], environment: environment)
            try tmux.waitFor("3 Clean (2)")
            let screen = try tmux.capture(escapes: true)
            // SGR colour parameters: 30–38, 40–48, 90–97, 100–107 (39 and 49 are the defaults, not colours).
            return screen.components(separatedBy: "\u{1B}[").dropFirst().filter { sequence in
                guard let end = sequence.firstIndex(of: "m") else { return false }
                return sequence[..<end].split(separator: ";").compactMap { Int($0) }.contains { (30...38).contains($0) || (40...48).contains($0)
                    || (90...97).contains($0) || (100...107).contains($0) }
            }.count
        }
        // swift test runs with NO_COLOR=1 in its environment, which the tmux server inherits: empty turns it off.
        #expect(try colourEscapes(["NO_COLOR": ""], theme: "light") > 0)
        #expect(try colourEscapes(["NO_COLOR": "1"], theme: "light") == 0)
    }

    /// Issue 21: config.toml's [keys] rebinds approve to A: the footer says so, A approves; a conflict stops
    /// tandem before any session starts, naming both bindings.
    @Test func aKeymapOverrideIsFollowedAndAConflictIsRefused() throws {
        let dir = try RepositoryPaths.temporaryFolder("tui-keymap")
        try FileManager.default.createDirectory(atPath: dir + "/tandem", withIntermediateDirectories: true)
        try "[keys]\napprove = \"A\"\n".write(toFile: dir + "/tandem/config.toml", atomically: true, encoding: .utf8)
        let db = dir + "/s.sqlite"
        let tmux = TmuxDriver()
        defer { tmux.stop() }
        try tmux.start(["open", "food-shelf-life", "--db", db], environment: ["XDG_CONFIG_HOME": dir])
        let first = try tmux.waitFor("3 Clean (2)")
        #expect(first.contains("A approve") && !first.contains("a approve"))
        try tmux.keys("a")
        try tmux.keys("A")
        try tmux.waitFor("step 1    drop_column(preservative_ppm)")
        #expect(try tmux.capture().contains("3 Clean (1)"))   // a did nothing, A approved once
        // The help and the palette read the same table (KeymapTests); here the palette finds approve under A.
        try tmux.keys(":")
        try tmux.type("approve")
        try tmux.waitFor("approve the proposal")
        try tmux.keys("Escape")
        try tmux.quit()

        try "[keys]\napprove = \"r\"\n".write(toFile: dir + "/tandem/config.toml", atomically: true, encoding: .utf8)
        let again = TmuxDriver()
        defer { again.stop() }
        try again.start(["open", "food-shelf-life", "--db", dir + "/other.sqlite"], width: 220, environment: ["XDG_CONFIG_HOME": dir])
        let refused = try again.waitFor("EXITED 1")
        #expect(refused.contains("[keys]: approve and reject are both bound to r"), "\(refused)")
        let listed = try BinaryRunner.run(["sessions", "--db", dir + "/other.sqlite"])
        #expect(listed.stdout.contains("no sessions"), "\(listed.stdout)")
    }
}
