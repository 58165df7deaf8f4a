import Foundation
import TandemStorePostgres

/// `bench study --restart-at`: restarts the study's PostgreSQL server in the middle of the run, as an operator or a
/// crash would. Only a server on this machine can be restarted: its data directory and major version come from the
/// server itself, and its own version's pg_ctl restarts it as the data directory's owner.
enum PostgresRestart {
    /// The command that restarts the server behind `address`, or a user error saying why there is none.
    static func command(for address: String) throws -> [String] {
        let location: PostgresLocation
        do { location = try PostgresLocation(address) } catch { throw CommandFailure.userError(error.description) }
        let directory = try psql(address, "SHOW data_directory")
        let version = try psql(address, "SHOW server_version_num")
        guard let number = Int(version), FileManager.default.fileExists(atPath: directory) else {
            throw CommandFailure.userError("--restart-at: \(location.display) is not a server on this machine (its data directory \(directory) is not here)")
        }
        let pgCtl = "/usr/lib/postgresql/\(number / 10_000)/bin/pg_ctl"
        guard FileManager.default.isExecutableFile(atPath: pgCtl) else {
            throw CommandFailure.userError("--restart-at: \(pgCtl) is missing; install the server's PostgreSQL \(number / 10_000) binaries")
        }
        let owner = (try? FileManager.default.attributesOfItem(atPath: directory)[.ownerAccountName] as? String) ?? nil
        let log = NSTemporaryDirectory() + "tandem-bench-restart-\(getpid()).log"
        let restart = [pgCtl, "restart", "-D", directory, "-m", "fast", "-w", "-t", "120", "-l", log]
        guard let owner, owner != NSUserName() else { return restart }
        guard geteuid() == 0 else {
            throw CommandFailure.userError("--restart-at: the server's data directory \(directory) belongs to \(owner); run the bench as root or as \(owner)")
        }
        return ["runuser", "-u", owner, "--"] + restart
    }

    /// Runs the restart and returns how long the server was being restarted, in seconds.
    static func run(_ command: [String]) throws -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        let outcome = try ChildProcess.run(command)
        guard outcome.status == 0 else {
            throw CommandFailure.internalError("--restart-at: \(command.joined(separator: " ")) failed (exit \(outcome.status)): "
                                               + outcome.stderr.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    private static func psql(_ address: String, _ sql: String) throws -> String {
        let outcome = try ChildProcess.run(["psql", address, "-Atc", sql])
        guard outcome.status == 0 else {
            let why = outcome.stderr.split(separator: "\n").first.map(String.init) ?? "exit \(outcome.status)"
            throw CommandFailure.userError("--restart-at: cannot ask the server (\(sql)): \(why)")
        }
        return outcome.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
