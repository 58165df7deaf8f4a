import ArgumentParser
import Dispatch
import Foundation
import TandemData
import TandemModel
import TandemRecipe

/// `tandem bench join`: a 1M-row main table joined to a 100k-row lookup on a two-column key, and given a point-in-time
/// count and mean over a 5M-row event table, against pandas (merge, merge_asof) and polars (join, join_asof).
struct BenchJoin: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "join",
        abstract: "join and point-in-time aggregate on side tables: tandem vs pandas and polars, same files, same run."
    )

    static let peers = ["pandas", "polars"]

    @Option(help: "Main table rows.") var rows = 1_000_000
    @Option(help: "Event table rows (the aggregate's side).") var events = 5_000_000
    @Option(help: "Folder for the generated files (reused when present).") var dir: String?
    @Option(help: "Best of this many runs each.") var `repeat` = 3
    @Flag(help: "Print JSON (DESIGN.md section 10).") var json = false
    @Flag(help: "Measure tandem only.") var noPeers = false

    func validate() throws {
        guard rows > 0, events > 0, `repeat` >= 1 else { throw ValidationError("--rows, --events and --repeat must be positive") }
    }

    func run() throws {
        try reportingErrors {
            let folder = dir ?? ".bench/join-\(rows)-\(events)"
            try JoinBenchData.write(folder: folder, rows: rows, events: events)
            let root = noPeers ? nil : try ProjectRoot.find()
            let python = try root.map { try BenchEnvironment.python(root: $0) }
            for job in ["join", "aggregate"] {
                let (mine, numbers) = try BenchEnvironment.measure(
                    name: "tandem", [BenchEnvironment.executable(), "bench", "worker", job, folder, "--repeat", String(`repeat`)])
                var results = [mine]
                results[0].extra = numbers.filter { $0.key != "seconds" }
                if let root, let python {
                    let script = root.appendingPathComponent("bench/peers/join.py").path
                    for peer in Self.peers {
                        var (r, peerNumbers) = try BenchEnvironment.measure(
                            name: peer, [python, script, "--engine", peer, "--case", job, "--repeat", String(`repeat`), folder])
                        r.extra = peerNumbers.filter { $0.key != "seconds" }
                        for (k, v) in r.extra where abs((numbers[k] ?? .nan) - v) > 1e-6 * max(1, abs(v)) {
                            printError("tandem: warning: \(peer) \(job): \(k) = \(v), tandem \(numbers[k] ?? .nan)")
                        }
                        results.append(r)
                    }
                }
                let report = BenchReport(bench: "join-\(job)", rows: rows, bytes: 0, results: results)
                print(json ? try JSONOutput.string(report, pretty: false) : report.text())
            }
        }
    }
}

/// The measured side of `bench join`, in a child process of its own: files read first, then the step timed.
enum JoinBenchWorker {
    static func run(job: String, folder: String, repeat count: Int) throws -> String {
        let main = WorkingFrame(try CSVReader.read(path: folder + "/main.csv"))
        let sideName = job == "join" ? "lookup" : "events"
        let side = try CSVReader.read(path: folder + "/\(sideName).csv")
        let table = SideTable(name: sideName, file: sideName + ".csv", frame: side, key: job == "join" ? ["store", "day"] : [],
                              timeColumn: job == "join" ? nil : "ts")
        let steps: [Step]
        do {
            steps = job == "join"
                ? [try Step(op: .join, params: ["table": .string("lookup"), "on": .array([.string("store"), .string("day")])])]
                : [try Step(op: .aggregate, params: ["table": .string("events"), "on": .string("entity"), "stat": .string("count"),
                                                     "before": .string("ts"), "as": .string("n")]),
                   try Step(op: .aggregate, params: ["table": .string("events"), "on": .string("entity"), "column": .string("value"),
                                                     "stat": .string("mean"), "before": .string("ts"), "as": .string("m")])]
        } catch { throw CommandFailure.internalError(error.description) }
        var best = Double.infinity
        var out = main
        for _ in 0..<max(1, count) {
            // Fresh tables each run: their key index is built inside the timing, as the peers sort and hash inside theirs.
            let context = RecipeContext(target: "y", task: .regression, tables: SideTables([table]))
            let start = DispatchTime.now().uptimeNanoseconds
            var frame = main
            for s in steps {
                do { frame = try SideDataOps.apply(s, to: frame, context: context).0 } catch { throw CommandFailure.internalError(error.description) }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            out = frame
        }
        if job == "join" {
            let matched = out["price"]?.numbers?.lazy.filter { !$0.isNaN }.count ?? -1
            return #"{"seconds": \#(best), "matched": \#(matched)}"#
        }
        let counts = out["n"]?.numbers ?? [], means = out["m"]?.numbers ?? []
        return #"{"seconds": \#(best), "count_sum": \#(counts.reduce(0, +)), "mean_sum": \#(means.filter { !$0.isNaN }.reduce(0, +))}"#
    }
}

/// The files `bench join` reads: main.csv (store, day, entity, ts, x), lookup.csv (every store × day once, shuffled;
/// a tenth of main's stores have no row), events.csv (entity, ts, value). Deterministic; written once per size.
enum JoinBenchData {
    static let stores = 1_000, days = 100, entities = 200_000, horizon: UInt64 = 1_000_000

    static func write(folder: String, rows: Int, events: Int) throws {
        let fm = FileManager.default
        let files = ["main.csv", "lookup.csv", "events.csv"].map { folder + "/" + $0 }
        if files.allSatisfy(fm.fileExists(atPath:)) { return }
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var rng = SplitMix(seed: 7)
        try file(files[0], header: "row_id,store,day,entity,ts,x", count: rows) { i, out in
            out += "\(i),\(rng.below(UInt64(stores + stores / 10))),\(rng.below(UInt64(days))),\(rng.below(UInt64(entities))),"
                + "\(rng.below(horizon)),\(Double(rng.below(100_000)) / 1000)"
        }
        var keys = (0..<(stores * days)).map { $0 }
        for i in stride(from: keys.count - 1, to: 0, by: -1) { keys.swapAt(i, Int(rng.below(UInt64(i + 1)))) }
        try file(files[1], header: "store,day,region,price", count: keys.count) { i, out in
            let k = keys[i]
            out += "\(k / days),\(k % days),\((k * 7) % 13),\(Double(rng.below(10_000)) / 100)"
        }
        try file(files[2], header: "entity,ts,value", count: events) { _, out in
            out += "\(rng.below(UInt64(entities))),\(rng.below(horizon)),\(Double(rng.below(1_000_000)) / 1000)"
        }
    }

    /// Writes `count` lines made by `line`, a chunk at a time.
    static func file(_ path: String, header: String, count: Int, _ line: (Int, inout String) -> Void) throws {
        guard FileManager.default.createFile(atPath: path + ".part", contents: nil), let h = FileHandle(forWritingAtPath: path + ".part") else {
            throw CommandFailure.userError("\(path): cannot be written")
        }
        var chunk = header + "\n"
        for i in 0..<count {
            line(i, &chunk)
            chunk += "\n"
            if chunk.utf8.count > 1 << 20 { h.write(Data(chunk.utf8)); chunk = "" }
        }
        h.write(Data(chunk.utf8))
        try h.close()
        try FileManager.default.moveItem(atPath: path + ".part", toPath: path)
    }
}

/// SplitMix64: a small deterministic generator for bench data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: UInt64) -> UInt64 { next() % n }
}
