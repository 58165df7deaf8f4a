import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program to completion and reports its output and peak memory
/// (`wait4`'s rusage), so tandem and the Python peers are measured alike.
struct ChildProcess {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
        var peakRSSMegabytes: Double
    }

    static func run(_ arguments: [String]) throws -> Outcome {
        guard let program = arguments.first else { throw CommandFailure.internalError("no program to run") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-child-\(getpid())-\(UInt64.random(in: 0...UInt64.max))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let outPath = dir.appendingPathComponent("out").path, errPath = dir.appendingPathComponent("err").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)

        var cArgs: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, program, &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw CommandFailure.userError("cannot start \(program): \(String(cString: strerror(rc)))") }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 {
            guard errno == EINTR else { throw CommandFailure.internalError("wait4 failed: \(String(cString: strerror(errno)))") }
        }
        let exitCode: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return Outcome(status: exitCode, stdout: out, stderr: err, peakRSSMegabytes: Double(usage.ru_maxrss) / 1024)
    }
}

extension ChildProcess {
    /// Starts a program in the background (standard streams to /dev/null) and returns its pid; the caller reaps it.
    static func spawn(_ arguments: [String]) throws -> pid_t {
        guard let program = arguments.first else { throw CommandFailure.internalError("no program to run") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd: Int32 in [0, 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        var cArgs: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { for a in cArgs { free(a) } }
        var pid: pid_t = 0
        let rc = posix_spawnp(&pid, program, &actions, nil, &cArgs, environ)
        guard rc == 0 else { throw CommandFailure.userError("cannot start \(program): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Reaps every pid, killing those still running at the deadline; returns the pids that had to be killed.
    static func reap(_ pids: [pid_t], deadline: Double) -> [pid_t] {
        var running = Set(pids)
        let end = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, deadline) * 1e9)
        while !running.isEmpty, DispatchTime.now().uptimeNanoseconds < end {
            for pid in running {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) != 0 { running.remove(pid) }
            }
            if !running.isEmpty { usleep(50_000) }
        }
        for pid in running {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            _ = waitpid(pid, &status, 0)
        }
        return running.sorted()
    }
}
