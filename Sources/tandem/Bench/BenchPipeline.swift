import ArgumentParser
import Foundation
import TandemData
import TandemModel
import TandemRecipe

struct BenchPipeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Read, prepare and 5-fold cross-validate gradient boosting on a CSV with a binary target: tandem vs pandas+xgboost and pandas+scikit-learn."
    )

    static let peers = ["pandas_xgboost", "pandas_sklearn_hgb"]

    @Argument(help: "CSV file with a binary target.") var file: String
    @Option(help: "The binary target column.") var target: String
    @Flag(help: "Print JSON (DESIGN.md section 10).") var json = false
    @Option(help: "Best of this many runs each (the 1M-row CV takes minutes a run).") var `repeat` = 3
    @Flag(help: "Measure tandem only.") var noPeers = false

    func run() throws {
        try reportingErrors {
            let (frame, plan) = try Self.readWithPlan(file, target: target)
            let planFile = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-plan-\(getpid()).json").path
            try JSONOutput.string(plan).write(toFile: planFile, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: planFile) }
            let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            var results: [BenchResult] = []
            let (mine, numbers) = try BenchEnvironment.measure(
                name: "tandem", [BenchEnvironment.executable(), "bench", "worker", "pipeline", file, "--plan", planFile, "--repeat", String(`repeat`)])
            results.append(withPhases(mine, numbers))
            if !noPeers {
                let root = try ProjectRoot.find()
                let python = try BenchEnvironment.python(root: root)
                let script = root.appendingPathComponent("bench/peers/pipeline.py").path
                for peer in Self.peers {
                    let command = [python, script, "--engine", peer, "--plan", planFile, "--repeat", String(`repeat`), file]
                    let (r, n) = try BenchEnvironment.measure(name: peer, command)
                    results.append(withPhases(r, n))
                }
            }
            let report = BenchReport(bench: "pipeline", rows: frame.rowCount, bytes: bytes, results: results)
            print(json ? try JSONOutput.string(report, pretty: false) : report.text() + phaseTable(results))
        }
    }

    /// The file and the plan tandem's profile derives from it, outside any timed run; the plan goes to every side.
    static func readWithPlan(_ file: String, target: String) throws -> (DataFrame, PipelinePlan) {
        let frame = try CSVReader.read(path: file)
        guard frame[target] != nil else { throw CommandFailure.userError("\(file): --target \"\(target)\" is not a column") }
        return (frame, PipelinePlan(profile: Profiler.profile(frame, source: file, target: target), target: target))
    }

    func withPhases(_ r: BenchResult, _ numbers: [String: Double]) -> BenchResult {
        var r = r
        for key in ["read_s", "prep_s", "cv_s", "auc"] { if let v = numbers[key] { r.extra[key] = v } }
        return r
    }

    func phaseTable(_ results: [BenchResult]) -> String {
        var out = "name                 read_s   prep_s     cv_s      auc\n"
        for r in results {
            out += r.name.padding(toLength: 18, withPad: " ", startingAt: 0)
                + String(format: " %8.2f %8.2f %8.2f %8.4f\n", r.extra["read_s"] ?? 0, r.extra["prep_s"] ?? 0, r.extra["cv_s"] ?? 0, r.extra["auc"] ?? 0)
        }
        return out
    }
}

/// `bench worker pipeline`: the measured tandem side, in its own process.
enum PipelineWorker {
    static func run(file: String, planFile: String, repeat count: Int) throws -> String {
        guard let planData = FileManager.default.contents(atPath: planFile) else { throw CommandFailure.userError("\(planFile): cannot read the plan") }
        let plan = try JSONDecoder().decode(PipelinePlan.self, from: planData)
        let recipe = try plan.recipe()
        var best: [String: Double] = [:]
        for _ in 0..<max(1, count) {
            let start = ContinuousClock.now
            let frame = try CSVReader.read(path: file)
            let read = PhaseTimes.seconds(ContinuousClock.now - start)
            let times = PhaseTimes()
            let convertStart = ContinuousClock.now
            let working = WorkingFrame(frame)
            let convert = PhaseTimes.seconds(ContinuousClock.now - convertStart)
            let evaluation = try RecipeEvaluator.crossValidate(recipe, frame: working, context: RecipeContext(target: plan.target, task: .binary),
                                                               metric: .auc, threads: 2, times: times)
            let total = PhaseTimes.seconds(ContinuousClock.now - start)
            if total < best["seconds"] ?? .infinity {
                best = ["seconds": total, "read_s": read, "prep_s": convert + times.prepSeconds, "cv_s": times.modelSeconds, "auc": evaluation.cvMean]
            }
        }
        let keys = best.keys.sorted()
        return "{" + keys.map { "\"\($0)\": \(best[$0] ?? 0)" }.joined(separator: ", ") + "}"
    }
}
