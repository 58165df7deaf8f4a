import ArgumentParser
import Dispatch
import Foundation
import TandemData
import TandemRecipe

/// `tandem bench text`: text_tfidf over a million short notes against scikit-learn's TfidfVectorizer, same file, same
/// max_features, fitted and applied to every row (fit_transform), in the same run.
struct BenchText: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "text",
        abstract: "text_tfidf over short notes: tandem vs scikit-learn's TfidfVectorizer, same file, same run."
    )

    @Option(help: "Notes (rows).") var rows = 1_000_000
    @Option(help: "Terms kept (max_features).") var maxFeatures = 100
    @Option(help: "Folder for the generated file (reused when present).") var dir: String?
    @Option(help: "Best of this many runs each.") var `repeat` = 3
    @Flag(help: "Print JSON (DESIGN.md section 10).") var json = false
    @Flag(help: "Measure tandem only.") var noPeers = false

    func validate() throws {
        guard rows > 0, maxFeatures > 0, `repeat` >= 1 else { throw ValidationError("--rows, --max-features and --repeat must be positive") }
    }

    func run() throws {
        try reportingErrors {
            let folder = dir ?? ".bench/text-\(rows)"
            let file = folder + "/notes.csv"
            try TextBenchData.write(file: file, rows: rows)
            let args = ["--repeat", String(`repeat`), "--plan", String(maxFeatures)]
            let (mine, numbers) = try BenchEnvironment.measure(name: "tandem", [BenchEnvironment.executable(), "bench", "worker", "text", file] + args)
            var results = [mine]
            results[0].extra = numbers.filter { $0.key != "seconds" }
            if !noPeers {
                let root = try ProjectRoot.find()
                let python = try BenchEnvironment.python(root: root)
                let script = root.appendingPathComponent("bench/peers/text.py").path
                var (r, peerNumbers) = try BenchEnvironment.measure(
                    name: "scikit-learn", [python, script, "--max-features", String(maxFeatures), "--repeat", String(`repeat`), file])
                r.extra = peerNumbers.filter { $0.key != "seconds" }
                for (k, v) in r.extra where abs((numbers[k] ?? .nan) - v) > 1e-6 * max(1, abs(v)) {
                    printError("tandem: warning: scikit-learn text: \(k) = \(v), tandem \(numbers[k] ?? .nan)")
                }
                results.append(r)
            }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            let report = BenchReport(bench: "text-tfidf", rows: rows, bytes: bytes, results: results)
            print(json ? try JSONOutput.string(report, pretty: false) : report.text())
        }
    }
}

/// The measured side of `bench text`, in a child process: the file read first, then text_tfidf timed.
enum TextBenchWorker {
    static func run(file: String, maxFeatures: Int, repeat count: Int) throws -> String {
        let frame = WorkingFrame(try CSVReader.read(path: file))
        let step: Step
        do {
            step = try Step(op: .textTfidf, params: ["column": .string("note"), "max_features": .number(Double(maxFeatures))])
        } catch { throw CommandFailure.internalError(error.description) }
        let context = RecipeContext(target: "y", task: .regression)
        let all = Array(0..<frame.rows)
        var best = Double.infinity, out = frame
        for _ in 0..<max(1, count) {
            let start = DispatchTime.now().uptimeNanoseconds
            do { out = try TextTfidfOp.apply(step, to: frame, trainRows: all, context: context).0 } catch {
                throw CommandFailure.internalError(error.description)
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        let added = out.names.filter { $0.hasPrefix("note_tfidf_") }
        let sum = added.reduce(0.0) { $0 + (out[$1]?.numbers ?? []).reduce(0, +) }
        return #"{"seconds": \#(best), "columns": \#(added.count), "weight_sum": \#(sum)}"#
    }
}

/// notes.csv: `id,note`, each note 3–12 words drawn from a Zipf-like vocabulary of 5,000 words, some capitalised,
/// with punctuation, as store staff write them. Deterministic; written once per size.
enum TextBenchData {
    static func write(file: String, rows: Int) throws {
        guard !FileManager.default.fileExists(atPath: file) else { return }
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let syllables = ["ka", "lo", "mi", "ster", "ven", "do", "ra", "tek", "bu", "sel", "pro", "mo", "tion", "ar", "ix", "un"]
        var rng = SplitMix(seed: 11)
        let words = (0..<5_000).map { i -> String in
            var w = "", k = i + 16
            while k > 0 { w += syllables[k % syllables.count]; k /= syllables.count }
            return w
        }
        // Zipf-like: the index is the floor of 5000^u - 1 for a uniform u, so low indices are far more frequent.
        func word() -> String {
            let u = Double(rng.below(1 << 30)) / Double(1 << 30)
            return words[min(words.count - 1, Int(pow(Double(words.count), u)) - 1)]
        }
        let punctuation = [" ", " ", " ", ", ", ". ", "! ", " - "]
        try JoinBenchData.file(file, header: "id,note", count: rows) { i, out in
            out += "\(i),\""
            let n = 3 + Int(rng.below(10))
            for w in 0..<n {
                let text = word()
                out += rng.below(8) == 0 ? text.prefix(1).uppercased() + text.dropFirst() : text
                if w < n - 1 { out += punctuation[Int(rng.below(UInt64(punctuation.count)))] }
            }
            out += "\""
        }
    }
}
