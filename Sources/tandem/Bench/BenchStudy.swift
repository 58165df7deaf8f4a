import ArgumentParser
import Foundation
import TandemChallenge
import TandemReport
import TandemSession
import TandemStorePostgres

/// `tandem bench study` (issue 20, item 1): N analysts, each a process of its own writing a scripted session through
/// its spool to one PostgreSQL study, a coordinator refreshing the study status beside them, and optionally a server
/// restart in the middle. It measures append latency, the coordinator's refresh time, and counts every acknowledged
/// event against what the server holds (events lost), then verifies every chain.
struct BenchStudy: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "Many analysts on one PostgreSQL study: append latency, coordinator refresh, events lost (also across a server restart).",
        discussion: """
            Each analyst is a tandem process appending a scripted human–AI session one durable event at a time through \
            its own spool, with compressed think times; the coordinator refreshes `study status` beside them. Events lost \
            are the analysts' acknowledged events the server does not hold at the end. --restart-at restarts the server \
            (on this machine) that many seconds in.
            """
    )

    @Option(help: "Concurrent analysts (separate processes).") var analysts = 10
    @Option(name: .customLong("db"), help: "The study server (postgresql://USER@HOST:PORT/DB).") var db: String
    @Option(help: "Events each analyst's session appends.") var eventsPerAnalyst = 200
    @Option(help: "Mean think time between an analyst's events, in milliseconds (compressed from a person's).") var thinkMs = 20
    @Option(help: "Restart the server this many seconds into the run.") var restartAt: Double?
    @Option(help: "The challenge the sessions are on.") var challenge = "food-shelf-life"
    @Option(help: "Seconds after which analysts still running are killed and reported.") var deadline = 600.0
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var data: DataOptions

    func validate() throws {
        guard (1...500).contains(analysts) else { throw ValidationError("--analysts \(analysts): between 1 and 500") }
        guard eventsPerAnalyst >= 3 else { throw ValidationError("--events-per-analyst \(eventsPerAnalyst): at least 3") }
        guard thinkMs >= 0 else { throw ValidationError("--think-ms \(thinkMs): 0 or more") }
        guard deadline > 0 else { throw ValidationError("--deadline \(deadline): seconds, more than 0") }
        if let restartAt, restartAt < 0 { throw ValidationError("--restart-at \(restartAt): seconds, 0 or more") }
        guard PostgresLocation.isPostgres(db) else { throw ValidationError("--db \(db): bench study needs a postgresql:// address") }
    }

    func run() throws {
        try reportingErrors {
            let loaded = try data.loadChallenge(challenge)
            let restart = try restartAt.map { _ in try PostgresRestart.command(for: db) }
            _ = try StoreOptions.open(db)   // the schema, before anyone appends
            let folder = NSTemporaryDirectory() + "tandem-bench-study-\(getpid())"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let tag = String(UUID().uuidString.prefix(8).lowercased())
            let start = DispatchTime.now().uptimeNanoseconds
            var children: [pid_t] = []
            for i in 0..<analysts {
                children.append(try ChildProcess.spawn([
                    BenchEnvironment.executable(), "bench", "study-analyst", "--db", db, "--spool", "\(folder)/spool-\(i).sqlite",
                    "--session", "bench-\(tag)-\(i)", "--challenge", loaded.spec.id, "--sha256", loaded.sha256,
                    "--participant", String(format: "analyst_%03d", i), "--events", String(eventsPerAnalyst), "--think-ms", String(thinkMs),
                    "--seed", String(i + 1), "--out", "\(folder)/analyst-\(i).json",
                ]))
            }
            let refresh = CoordinatorRefresh(address: db, dataDir: data.resolvedDataDir)
            refresh.start()
            let restarter = restart.map { command in
                RestartThread(command: command, dueSeconds: restartAt ?? 0, since: start)
            }
            // An analyst that never finishes (a store call that hangs) is killed at the deadline and reported, never waited on for ever.
            let killed = ChildProcess.reap(children, deadline: deadline)
            let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            var restartSeconds: Double?, restartError: String?
            switch restarter?.wait() {
            case .success(let s)?: restartSeconds = s
            case .failure(let f)?: restartError = f.message
            case nil: break
            }
            let refreshes = refresh.finish()
            var outcome = try StudyBenchOutcome.collect(folder: folder, analysts: analysts, address: db, tag: tag)
            if !killed.isEmpty { outcome.analystErrors.append("\(killed.count) analysts still running after \(deadline) s were killed") }
            let report = StudyBenchReport(analysts: analysts, eventsPerAnalyst: eventsPerAnalyst, thinkMs: thinkMs, wallSeconds: wall,
                                          outcome: outcome, refreshes: refreshes, restartAt: restartAt, restartSeconds: restartSeconds,
                                          restartError: restartError)
            print(json ? try JSONOutput.string(report) : report.text)
            if report.eventsLost > 0 || report.chainBreaks > 0 || !report.analystErrors.isEmpty {
                throw CommandFailure.internalError("\(report.eventsLost) events lost, \(report.chainBreaks) broken chains, "
                                                   + "\(report.analystErrors.count) analysts failed")
            }
        }
    }
}
