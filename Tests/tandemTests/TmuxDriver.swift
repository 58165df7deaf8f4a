import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Drives the real binary in a private tmux server: send-keys in, capture-pane out.
final class TmuxDriver {
    let socket = "tandem-test-\(UUID().uuidString.prefix(8))"
    let target = "w"

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Runs a tmux client command. Not Foundation's Process: the server that the first command starts inherits
    /// every descriptor of its client, including the one Process watches for the child's exit, and that wait
    /// would never end (see SpawnedProcess). Output goes through a file for the same reason.
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-out-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let status = try SpawnedProcess.run(["tmux", "-L", socket] + args, stdout: file)
        let output = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        guard status == 0 else { throw Failure(description: "tmux \(args.first ?? "") failed (is tmux installed? `make test` installs it)") }
        return output
    }

    /// Starts `tandem ARGS` in a window of the given size; the shell prints EXITED <status> when it ends.
    func start(_ arguments: [String], width: Int = 100, height: Int = 30, environment: [String: String] = [:]) throws {
        let quoted = ([BinaryRunner.executable.path] + arguments).map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let extra = environment.sorted { $0.key < $1.key }.map { "\($0.key)='\($0.value)'" }.joined(separator: " ")
        try tmux(["new-session", "-d", "-s", target, "-x", String(width), "-y", String(height),
                  "env LANG=C.UTF-8 TERM=xterm-256color \(extra) \(quoted); echo EXITED $?; sleep 120"])
    }

    func keys(_ keys: String...) throws { try tmux(["send-keys", "-t", target] + keys) }
    func type(_ text: String) throws { try tmux(["send-keys", "-t", target, "-l", text]) }
    func capture(escapes: Bool = false) throws -> String { try tmux(["capture-pane", "-p", "-t", target] + (escapes ? ["-e"] : [])) }
    func resize(width: Int, height: Int) throws { try tmux(["resize-window", "-t", target, "-x", String(width), "-y", String(height)]) }
    func title() throws -> String { try tmux(["display-message", "-p", "-t", target, "#{pane_title}"]) }

    /// Polls the screen until it contains `text`; the failure shows the screen.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 90) throws -> String {
        try waitUntil("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    @discardableResult
    func waitUntil(_ what: String, timeout: Double = 90, _ ready: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if ready(screen) { return screen }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw Failure(description: "timed out waiting for \(what); the screen was:\n\(screen)")
    }

    /// q, the y of "Quit tandem?", and the clean exit.
    func quit() throws {
        try keys("q")
        try waitFor("Quit tandem?")
        try keys("y")
        try waitFor("EXITED 0")
    }

    func stop() { _ = try? tmux(["kill-server"]) }
}
