import Foundation
import Testing
import TestSupport

/// Issue 21: y in the real binary, in tmux with set-clipboard on. The cell copied carries a title-setting OSC, colour
/// escapes and a bidi override, as a CSV from anywhere may: tmux's buffer gets the sanitised text and nothing else,
/// and nothing of it reaches the screen or the pane title.
@Suite struct WorkbenchClipboardTests {
    @Test func yCopiesTheSanitisedCellThroughOSC52() throws {
        let dir = try RepositoryPaths.temporaryFolder("tui-clipboard")
        let folder = dir + "/food-shelf-life"
        try FileManager.default.copyItem(atPath: RepositoryPaths.sampleData + "/food-shelf-life", toPath: folder)
        let train = folder + "/train.csv"
        let csv = try String(contentsOfFile: train, encoding: .utf8)
        let evil = "\u{1B}]0;pwned\u{07}\u{1B}[31mred\u{1B}[0m alert\u{202E}"
        let range = try #require(csv.range(of: "transfer normal"))
        try csv.replacingCharacters(in: range, with: evil).write(toFile: train, atomically: true, encoding: .utf8)

        let tmux = TmuxDriver()
        defer { tmux.stop() }
        try tmux.start(["open", folder, "--db", dir + "/s.sqlite"], width: 120)
        try tmux.tmux(["set-option", "-s", "set-clipboard", "on"])
        try tmux.waitFor("3 Clean (2)")
        // The Data pane; handling_note is the ninth column (batch_id frozen first).
        try tmux.keys("1")
        for _ in 0..<8 { try tmux.keys("Right") }
        try tmux.waitFor("handling_note")
        try tmux.keys("y")
        let screen = try tmux.waitFor("copied 9 characters: red alert")
        #expect(try tmux.tmux(["show-buffer"]) == "red alert")
        #expect(try tmux.tmux(["list-buffers"]).split(separator: "\n").count == 1)
        // The escape never ran: no title change, no OSC or base64 text on screen, the cell shown clean.
        #expect(!(try tmux.title()).contains("pwned"))
        #expect(!screen.contains("52;") && !screen.contains("cmVkIGFsZXJ0") && !screen.contains("pwned"))
        #expect(screen.contains("red alert"))
        // clipboard = false in config.toml: y says so, and no buffer is made.
        try tmux.quit()
        try FileManager.default.createDirectory(atPath: dir + "/tandem", withIntermediateDirectories: true)
        try "clipboard = false\n".write(toFile: dir + "/tandem/config.toml", atomically: true, encoding: .utf8)
        let off = TmuxDriver()
        defer { off.stop() }
        try off.start(["open", folder, "--db", dir + "/s.sqlite"], width: 120, environment: ["XDG_CONFIG_HOME": dir])
        try off.tmux(["set-option", "-s", "set-clipboard", "on"])
        try off.waitFor("3 Clean (2)")
        try off.keys("1", "y")
        try off.waitFor("copying is off (clipboard = false in config.toml)")
        #expect((try? off.tmux(["show-buffer"])) == nil)
        try off.quit()
    }
}
