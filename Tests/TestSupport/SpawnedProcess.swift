import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A child process started with posix_spawn, for servers and tools the tests drive.
///
/// Not Foundation's Process, for two reasons measured here: a child started
/// from the test runner inherits its blocked signal mask (SIGTERM included),
/// so `terminate()` never reached llama.cpp's server and the test waited
/// forever; and a server started by the child keeps every inherited
/// descriptor, so a wait on Process's own pipe never ends. This resets the
/// mask and the default handlers, and sends output to files.
public struct SpawnedProcess: Sendable {
    public let pid: pid_t

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `argv` (argv[0] looked up on PATH through /usr/bin/env) with stdin from /dev/null.
    public static func start(_ argv: [String], stdout: String = "/dev/null", stderr: String = "/dev/null") throws -> SpawnedProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if stderr == stdout {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, stderr, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), defaults = sigset_t()
        sigemptyset(&empty)
        sigemptyset(&defaults)
        for s in [SIGTERM, SIGINT, SIGHUP, SIGPIPE, SIGCHLD] { sigaddset(&defaults, s) }
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let full = ["/usr/bin/env"] + argv
        var cargs: [UnsafeMutablePointer<CChar>?] = full.map { strdup($0) } + [nil]
        defer { for p in cargs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, "/usr/bin/env", &actions, &attributes, &cargs, environ)
        guard rc == 0 else { throw Failure(description: "cannot start \(argv.first ?? "?"): \(String(cString: strerror(rc)))") }
        return SpawnedProcess(pid: pid)
    }

    /// Runs to the end and returns the exit status (128 + signal when killed).
    public static func run(_ argv: [String], stdout: String = "/dev/null") throws -> Int32 {
        try start(argv, stdout: stdout).wait()
    }

    /// The exit status, or -1 when the child was already reaped (by `isRunning`).
    public func wait() -> Int32 {
        var status: Int32 = 0
        var r: pid_t
        repeat { r = waitpid(pid, &status, 0) } while r == -1 && errno == EINTR
        return r == pid ? Self.exitCode(status) : -1
    }

    /// Still running. A child found ended is reaped here, so call `wait` only on one seen running.
    public var isRunning: Bool {
        var status: Int32 = 0
        return waitpid(pid, &status, WNOHANG) == 0
    }

    /// SIGTERM, then SIGKILL if it has not ended within `grace` seconds; reaps the child either way.
    @discardableResult
    public func terminate(grace: Double = 10) -> Int32 {
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(grace)
        var status: Int32 = 0
        while Date() < deadline {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { return Self.exitCode(status) }
            if r == -1 && errno != EINTR { return -1 }
            Thread.sleep(forTimeInterval: 0.05)
        }
        kill(pid, SIGKILL)
        return wait()
    }

    static func exitCode(_ status: Int32) -> Int32 {
        let signal = status & 0x7F
        return signal == 0 ? (status >> 8) & 0xFF : 128 + signal
    }
}
