import Foundation

/// One measured run of a bench (DESIGN.md section 10).
struct BenchResult: Encodable {
    var name: String
    var seconds: Double
    var peakRSSMegabytes: Double
    /// Extra measurements (throughput, per-phase seconds, quality).
    var extra: [String: Double] = [:]

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        try c.encode(name, forKey: Key("name"))
        try c.encode(seconds, forKey: Key("seconds"))
        try c.encode(peakRSSMegabytes, forKey: Key("peak_rss_mb"))
        for (k, v) in extra { try c.encode(v, forKey: Key(k)) }
    }
}

struct BenchReport: Encodable {
    var bench: String
    var rows: Int
    var bytes: Int
    var results: [BenchResult]
    /// Peer seconds / tandem seconds: above 1 means tandem was faster.
    var speedup: [String: Double]

    init(bench: String, rows: Int, bytes: Int, results: [BenchResult]) {
        self.bench = bench
        self.rows = rows
        self.bytes = bytes
        self.results = results
        let mine = results.first { $0.name == "tandem" }?.seconds ?? 0
        var s: [String: Double] = [:]
        for r in results where r.name != "tandem" && mine > 0 { s[r.name] = r.seconds / mine }
        speedup = s
    }

    func text() -> String {
        var out = "\(bench): \(rows) rows, \(String(format: "%.1f", Double(bytes) / 1_048_576)) MiB\n"
        out += "name".padding(toLength: 18, withPad: " ", startingAt: 0) + "   seconds     MB/s   peak RSS MB   speedup\n"
        for r in results {
            let mbps = r.seconds > 0 ? Double(bytes) / 1_000_000 / r.seconds : 0
            let sp = r.name == "tandem" ? "" : String(format: "%.2fx", speedup[r.name] ?? 0)
            out += r.name.padding(toLength: 18, withPad: " ", startingAt: 0)
                + String(format: " %9.3f %8.0f %13.1f   %@\n", r.seconds, mbps, r.peakRSSMegabytes, sp)
        }
        return out
    }
}

/// The benchmark venv and how measured children are run.
enum BenchEnvironment {
    static func python(root: URL) throws -> String {
        let path = root.appendingPathComponent(".venv/bin/python").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw CommandFailure.userError("\(path) is missing: run `make bench` (or `make venv`) to create the Python peers")
        }
        return path
    }

    static func executable() -> String {
        URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
    }

    /// Runs one measured child and decodes the JSON object it prints last.
    static func measure(name: String, _ arguments: [String]) throws -> (BenchResult, [String: Double]) {
        let outcome = try ChildProcess.run(arguments)
        guard outcome.status == 0 else {
            let why = outcome.stderr.split(separator: "\n").last.map(String.init) ?? "exit \(outcome.status)"
            throw CommandFailure.userError("\(name) failed: \(why)")
        }
        guard let line = outcome.stdout.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let seconds = object["seconds"] as? Double
        else { throw CommandFailure.internalError("\(name) printed no result: \(outcome.stdout.prefix(200))") }
        var numbers: [String: Double] = [:]
        for (k, v) in object { if let d = v as? Double { numbers[k] = d } else if let i = v as? Int { numbers[k] = Double(i) } }
        return (BenchResult(name: name, seconds: seconds, peakRSSMegabytes: outcome.peakRSSMegabytes), numbers)
    }
}
