import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A throwaway PostgreSQL server for the tests: initdb into a temporary
/// folder, pg_ctl start on a free loopback port (its socket in the same
/// folder), stopped when the test process exits. `make test` installs the
/// server from Debian's packages. Each test makes its own database.
public final class PostgresTestServer: Sendable {
    public let port: Int
    public let folder: String
    let bin: String

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// One server per test process, started on first use.
    public static func shared() throws -> PostgresTestServer { try sharedServer.get() }

    private static let sharedServer: Result<PostgresTestServer, Failure> = {
        do {
            let s = try PostgresTestServer()
            atexit { try? PostgresTestServer.sharedServer.get().stop() }
            return .success(s)
        } catch let f as Failure {
            return .failure(f)
        } catch {
            return .failure(Failure(description: "\(error)"))
        }
    }()

    /// The newest server binaries under /usr/lib/postgresql.
    static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard let v = versions.last, FileManager.default.isExecutableFile(atPath: "\(root)/\(v)/bin/initdb") else {
            throw Failure(description: "no PostgreSQL server under \(root) (`make test` installs Debian's postgresql package)")
        }
        return "\(root)/\(v)/bin"
    }

    /// With `tls`, the server also takes TLS connections, with a self-signed certificate made here by openssl.
    public let tls: Bool

    public init(tls: Bool = false) throws {
        bin = try Self.binaries()
        folder = try RepositoryPaths.temporaryFolder("pg")
        port = LoopbackPort.free()
        self.tls = tls
        // The server refuses to run as root: there it runs as the postgres user, which owns the folder.
        if geteuid() == 0 {
            try FileManager.default.setAttributes([.ownerAccountName: "postgres", .groupOwnerAccountName: "postgres"], ofItemAtPath: folder)
        }
        if tls {
            let status = try SpawnedProcess.start(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", folder + "/server.key",
                                                   "-out", folder + "/server.crt", "-days", "2", "-subj", "/CN=localhost"],
                                                  stdout: folder + "/openssl.log", stderr: folder + "/openssl.log").wait()
            guard status == 0 else { throw Failure(description: "openssl could not make a test certificate (exit \(status))") }
            for file in ["server.key", "server.crt"] {
                try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: folder + "/" + file)
                if geteuid() == 0 {
                    try FileManager.default.setAttributes([.ownerAccountName: "postgres", .groupOwnerAccountName: "postgres"], ofItemAtPath: folder + "/" + file)
                }
            }
        }
        try asServerUser([bin + "/initdb", "-D", folder + "/data", "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                         log: folder + "/initdb.log", what: "initdb")
        try start()
    }

    public func start() throws {
        try asServerUser([bin + "/pg_ctl", "-D", folder + "/data", "-l", folder + "/server.log", "-w", "-t", "60",
                          "-o", "-p \(port) -k \(folder) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
                            + (tls ? " -c ssl=on -c ssl_cert_file=\(folder)/server.crt -c ssl_key_file=\(folder)/server.key" : ""), "start"],
                         log: folder + "/pg_ctl.log", what: "pg_ctl start")
    }

    public func stop() throws {
        try asServerUser([bin + "/pg_ctl", "-D", folder + "/data", "-m", "fast", "-w", "stop"], log: folder + "/pg_ctl.log", what: "pg_ctl stop")
    }

    /// Freezes (SIGSTOP) or thaws (SIGCONT) the server and every backend: the sockets stay open, nothing answers —
    /// what a client sees when the host hangs or the network drops packets.
    public func freeze() throws { try signalEveryProcess(SIGSTOP) }
    public func thaw() throws { try signalEveryProcess(SIGCONT) }

    func signalEveryProcess(_ signal: Int32) throws {
        let pidFile = try String(contentsOfFile: folder + "/data/postmaster.pid", encoding: .utf8)
        guard let postmaster = pidFile.split(separator: "\n").first.flatMap({ Int32($0) }) else {
            throw Failure(description: "\(folder)/data/postmaster.pid names no process")
        }
        var pids = [postmaster]
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? [] {
            // /proc/PID/stat is "pid (comm) state ppid …"; comm may hold spaces, so the fields count from the last ')'.
            guard let pid = Int32(entry), let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 1, Int32(fields[1]) == postmaster { pids.append(pid) }
        }
        for pid in pids { kill(pid, signal) }
    }

    func asServerUser(_ argv: [String], log: String, what: String) throws {
        let full = geteuid() == 0 ? ["runuser", "-u", "postgres", "--"] + argv : argv
        let status = try SpawnedProcess.start(full, stdout: log, stderr: log).wait()
        guard status == 0 else {
            let tail = (try? String(contentsOfFile: log, encoding: .utf8)).map { String($0.suffix(600)) } ?? ""
            let server = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)).map { String($0.suffix(600)) } ?? ""
            throw Failure(description: "\(what) failed (exit \(status)): \(tail) \(server)")
        }
    }

    /// A new empty database; returns its postgresql:// address.
    public func makeDatabase(_ prefix: String = "t") throws -> String {
        let name = "\(prefix)_\(UUID().uuidString.prefix(8).lowercased())"
        try psql("CREATE DATABASE \(name)")
        return address(name)
    }

    public func address(_ database: String, user: String = "postgres") -> String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database)?sslmode=disable"
    }

    /// Runs SQL through psql as the superuser; returns its output (unaligned, tuples only). Throws with psql's error.
    @discardableResult
    public func psql(_ sql: String, database: String = "postgres", user: String = "postgres") throws -> String {
        let out = folder + "/psql-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let status = try SpawnedProcess.start([bin + "/psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", String(port),
                                               "-U", user, "-d", database, "-c", sql], stdout: out, stderr: out).wait()
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        guard status == 0 else { throw Failure(description: text.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return text
    }
}
