import ArgumentParser
import Foundation
import TandemData
import TandemStorePostgres

struct BenchEvents: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "The session log: batched appends with the hash chain, durable single appends (p99) and replay, against Python's sqlite3 (or psycopg with --db postgresql://…).",
        discussion: "Both sides append the same event stream (actor, kind, payload JSON a line) to a fresh file (WAL, synchronous=NORMAL, SHA-256 chain), or with --db to the same PostgreSQL server, into the same tables, whose trigger verifies every row's hash on arrival; replay reads, verifies the chain and decodes every event (tandem also folds them into the session state)."
    )

    @Option(help: "Events to append in one transaction, and to replay.") var events = 100_000
    @Option(help: "Durable single appends to time one by one.") var singles = 2_000
    @Option(help: "Best of this many runs each.") var `repeat` = 3
    @Option(help: "Folder for the SQLite files (default: a fresh temporary folder).") var dir: String?
    @Flag(help: "Print JSON (DESIGN.md section 10).") var json = false
    @Flag(help: "Measure tandem only.") var noPeers = false
    @Option(help: "A PostgreSQL study store to measure instead of SQLite files (postgresql://USER@HOST:PORT/DB).") var db: String?

    func validate() throws {
        guard events >= 100, singles >= 1, `repeat` >= 1 else { throw ValidationError("--events must be at least 100, --singles and --repeat at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let folder = dir ?? NSTemporaryDirectory() + "tandem-bench-events-\(ProcessInfo.processInfo.processIdentifier)"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { if dir == nil { try? FileManager.default.removeItem(atPath: folder) } }
            let stream = folder + "/events.tsv"
            try EventsWorkload.writeStream(EventsWorkload.events(events), to: stream)
            let bytes = (try? FileManager.default.attributesOfItem(atPath: stream)[.size] as? Int) ?? 0
            var args = ["--repeat", String(`repeat`), "--singles", String(singles)]
            if let db {
                guard PostgresLocation.isPostgres(db) else { throw CommandFailure.userError("--db \(db): bench events measures SQLite files by itself; --db takes a postgresql:// address") }
                _ = try StoreOptions.open(db)   // creates the schema before either side measures
                args += ["--db", db]
            }
            let (mine, numbers) = try BenchEnvironment.measure(name: "tandem", [BenchEnvironment.executable(), "bench", "worker", "events", stream, "--dir", folder] + args)
            var results = [Self.with(mine, numbers)]
            if !noPeers {
                let root = try ProjectRoot.find()
                let python = try BenchEnvironment.python(root: root)
                let script = root.appendingPathComponent(db == nil ? "bench/peers/events.py" : "bench/peers/events_postgres.py").path
                let (peer, peerNumbers) = try BenchEnvironment.measure(name: db == nil ? "python_sqlite3" : "python_psycopg", [python, script, stream, "--dir", folder] + args)
                results.append(Self.with(peer, peerNumbers))
            }
            let report = BenchReport(bench: "events", rows: Int(numbers["rows"] ?? 0), bytes: bytes, results: results)
            print(json ? try JSONOutput.string(report, pretty: false) : Self.text(report))
        }
    }

    static let fields = ["batched_events_per_s", "durable_append_p50_ms", "durable_append_p99_ms", "durable_appends", "replay_s"]

    static func with(_ r: BenchResult, _ numbers: [String: Double]) -> BenchResult {
        var r = r
        for f in fields { if let v = numbers[f] { r.extra[f] = v } }
        return r
    }

    static func text(_ report: BenchReport) -> String {
        var rows = [["name", "batched events/s", "single append p50", "p99", "replay", "speedup (batched)"]]
        for r in report.results {
            rows.append([r.name, String(format: "%.0f", r.extra["batched_events_per_s"] ?? 0), String(format: "%.3f ms", r.extra["durable_append_p50_ms"] ?? 0),
                         String(format: "%.3f ms", r.extra["durable_append_p99_ms"] ?? 0), String(format: "%.3f s", r.extra["replay_s"] ?? 0),
                         r.name == "tandem" ? "" : String(format: "%.2fx", report.speedup[r.name] ?? 0)])
        }
        // The chain's digest runs on the CPU's SHA extensions where it has them: say which, as the figures depend on it.
        let digest = SHA256.usesSHAExtensions ? "SHA-NI" : "portable C"
        return "events: \(report.rows) events in one transaction, replayed; SHA-256 on \(digest)\n" + alignedTable(rows)
    }
}
