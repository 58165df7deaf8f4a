import ArgumentParser
import Foundation
import TandemData

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Speed against Python peers, run in the same invocation (release build).",
        subcommands: [BenchIngest.self, BenchPipeline.self, BenchEvents.self, BenchRender.self, BenchEvaluate.self, BenchXGBoost.self,
                      BenchStudy.self, BenchJoin.self, BenchText.self,
                      BenchGenerate.self, BenchWorker.self, BenchStudyAnalyst.self]
    )
}

struct BenchGenerate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write the benchmark CSV (~20 columns: sentinels, money, categoricals, dates, quoted text, two targets)."
    )

    @Option(help: "Data rows to write.") var rows = 1_000_000
    @Option(help: "Random seed.") var seed: UInt64 = 42
    @Option(help: "Output CSV path.") var out: String

    func validate() throws {
        guard rows > 0 else { throw ValidationError("--rows must be positive") }
    }

    func run() throws {
        try reportingErrors { try BenchmarkTable.write(rows: rows, seed: seed, to: out) }
    }
}

struct BenchIngest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Read CSV files into typed columns: tandem vs pandas (pyarrow and C engines) and polars."
    )

    static let peers = ["pandas_pyarrow", "pandas_c", "polars"]

    @Argument(help: "CSV files to read.") var files: [String]
    @Flag(help: "Print JSON (DESIGN.md section 10).") var json = false
    @Option(help: "Best of this many runs each.") var `repeat` = 3
    @Flag(help: "Measure tandem only.") var noPeers = false
    @Flag(help: "Skip the row of each CSV gzip-compressed (FILE.gz, made with gzip -k once).") var noGzip = false

    func validate() throws {
        guard `repeat` >= 1 else { throw ValidationError("--repeat must be at least 1") }
    }

    /// Each file, then its .csv.gz beside it (written once by the system's gzip at its default level).
    func inputs() throws -> [String] {
        var out: [String] = []
        for file in files {
            out.append(file)
            guard !noGzip, file.lowercased().hasSuffix(".csv") else { continue }
            if !FileManager.default.fileExists(atPath: file + ".gz") {
                let gzip = Process()
                gzip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                gzip.arguments = ["gzip", "-k", "-f", file]
                try gzip.run()
                gzip.waitUntilExit()
                guard gzip.terminationStatus == 0 else { throw CommandFailure.userError("\(file): gzip -k failed") }
            }
            out.append(file + ".gz")
        }
        return out
    }

    func run() throws {
        try reportingErrors {
            let root = noPeers ? nil : try ProjectRoot.find()
            let python = try root.map { try BenchEnvironment.python(root: $0) }
            for file in try inputs() {
                let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
                let (mine, numbers) = try BenchEnvironment.measure(
                    name: "tandem", [BenchEnvironment.executable(), "bench", "worker", "ingest", file, "--repeat", String(`repeat`)])
                var results = [mine]
                let rows = Int(numbers["rows"] ?? 0)
                if let root, let python {
                    let script = root.appendingPathComponent("bench/peers/ingest.py").path
                    for peer in Self.peers {
                        let (r, peerNumbers) = try BenchEnvironment.measure(name: peer, [python, script, "--engine", peer, "--repeat", String(`repeat`), file])
                        if Int(peerNumbers["rows"] ?? -1) != rows {
                            printError("tandem: warning: \(peer) read \(Int(peerNumbers["rows"] ?? -1)) rows, tandem \(rows)")
                        }
                        results.append(r)
                    }
                }
                for i in results.indices where results[i].seconds > 0 {
                    results[i].extra["mb_per_s"] = Double(bytes) / 1_000_000 / results[i].seconds
                }
                let report = BenchReport(bench: "ingest", rows: rows, bytes: bytes, results: results)
                print(json ? try JSONOutput.string(report, pretty: false) : report.text())
            }
        }
    }
}

/// The measured side of a bench, run as a child process so its peak memory is its own.
struct BenchWorker: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "worker", shouldDisplay: false)

    @Argument var job: String
    @Argument var file: String
    @Option var `repeat` = 3
    @Option var plan: String?
    @Option var dir: String?
    @Option var singles = 2_000
    @Option var db: String?

    func run() throws {
        try reportingErrors {
            if job == "events", let dir {
                print(try EventsWorker.run(eventsFile: file, folder: dir, database: db, repeat: `repeat`, singles: singles))
                return
            }
            if job == "pipeline", let plan {
                print(try PipelineWorker.run(file: file, planFile: plan, repeat: `repeat`))
                return
            }
            if job == "text" {
                print(try TextBenchWorker.run(file: file, maxFeatures: Int(plan ?? "") ?? 100, repeat: `repeat`))
                return
            }
            if job == "join" || job == "aggregate" {
                print(try JoinBenchWorker.run(job: job, folder: file, repeat: `repeat`))
                return
            }
            guard job == "ingest" else { throw CommandFailure.userError("unknown bench job \(job)") }
            var best = Double.infinity
            var rows = 0, columns = 0
            for _ in 0..<max(1, `repeat`) {
                let start = DispatchTime.now().uptimeNanoseconds
                // As every command reads: dialect detection, and decompression for a .csv.gz.
                var notes: [String] = []
                let frame = try CSVReader.read(path: file, dialect: CSVDialectOptions(), notes: &notes)
                let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                best = min(best, seconds)
                rows = frame.rowCount
                columns = frame.columns.count
            }
            print(#"{"seconds": \#(best), "rows": \#(rows), "columns": \#(columns)}"#)
        }
    }
}
