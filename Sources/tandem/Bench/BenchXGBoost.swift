import ArgumentParser
import Foundation
import TandemData
import TandemRecipe

/// `tandem bench xgboost`: where `bench pipeline`'s cross-validation time goes (issue 18). One fold of the pipeline's
/// recipe, timed part by part on tandem's side (split, preparation, gather, DMatrix, training on the XGBoost tandem
/// links), and the same training matrix through the peer's xgboost wheel.
struct BenchXGBoost: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "xgboost",
        abstract: "One fold of bench pipeline, part by part: tandem's work around XGBoost, and the same matrix through the peer's xgboost."
    )

    @Argument(help: "CSV file with a binary target.") var file: String
    @Option(help: "The binary target column.") var target: String
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Measure tandem only.") var noPeers = false

    func run() throws {
        try reportingErrors {
            let (frame, plan) = try BenchPipeline.readWithPlan(file, target: target)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-xgb-\(getpid())").path
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let (matrix, labels) = (dir + "/x.f32", dir + "/y.f32")
            var figures = try PipelineAnatomy.measure(try plan.recipe(), frame: WorkingFrame(frame), context: RecipeContext(target: target, task: .binary),
                                                      threads: 2, matrixFile: matrix, labelsFile: labels)
            var peer = "peer (not run)"
            if !noPeers {
                let root = try ProjectRoot.find()
                let python = try BenchEnvironment.python(root: root)
                let script = root.appendingPathComponent("bench/peers/xgb_matrix.py").path
                let (_, numbers) = try BenchEnvironment.measure(name: "xgboost wheel", [python, script, "--matrix", matrix, "--labels", labels,
                                                                                        "--columns", String(Int(figures["columns"] ?? 0))])
                figures["peer_dmatrix_s"] = numbers["dmatrix_s"]
                figures["peer_train_s"] = numbers["train_s"]
                peer = "peer's wheel"
            }
            if json {
                print("{" + figures.keys.sorted().map { "\"\($0)\": \(figures[$0] ?? 0)" }.joined(separator: ", ") + "}")
                return
            }
            func s(_ k: String) -> String { figures[k].map { String(format: "%8.3f s", $0) } ?? "       -" }
            let v = Int(figures["xgboost_version"] ?? 0)
            func pad(_ label: String) -> String { label.padding(toLength: 28, withPad: " ", startingAt: 0) }
            print("""
                one fold: \(Int(figures["rows"] ?? 0)) training rows × \(Int(figures["columns"] ?? 0)) columns
                  fold split (all folds)      \(s("split_s"))
                  steps run once              \(s("prep_once_s"))
                  fold preparation            \(s("fold_steps_s"))
                  gather into the matrix      \(s("fold_gather_s"))
                  \(pad("DMatrix, xgboost \(v / 10_000).\(v / 100 % 100).\(v % 100)"))\(s("dmatrix_s"))
                  \(pad("training, xgboost \(v / 10_000).\(v / 100 % 100).\(v % 100)"))\(s("train_s"))
                  \(pad("DMatrix, " + peer))\(s("peer_dmatrix_s"))
                  \(pad("training, " + peer))\(s("peer_train_s"))
                """)
        }
    }
}
