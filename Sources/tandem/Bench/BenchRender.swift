import ArgumentParser
import Foundation
import TandemChallenge
import TandemData
import TandemSession
import TandemUI

/// Keypress-to-frame time of the workbench: the key handled and the whole
/// 200×60 screen rendered, with a generated challenge of 1M rows loaded and
/// with 1,000 rows; the two must not differ (the data grid is virtualised).
/// There is no Python peer for a terminal UI: the figure is absolute.
struct BenchRender: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Keypress-to-frame time at 200x60 with a 1M-row generated challenge loaded, against the same with 1,000 rows."
    )

    @Option(help: "Industry of the generated challenge.") var industry = "retail-banking"
    @Option(help: "Rows of the large challenge.") var rows = 1_000_000
    @Option(help: "Keypresses timed at each size.") var keys = 3_000
    @Option(help: "Folder for the generated challenges (default: .bench, reused when present).") var dir: String?
    @Flag(help: "Print JSON (DESIGN.md section 10).") var json = false

    func validate() throws {
        guard rows >= 1_000, keys >= 100 else { throw ValidationError("--rows must be at least 1000 and --keys at least 100") }
        guard SampleBlueprint.named(industry) != nil else {
            throw ValidationError("--industry \(industry): one of \(SampleBlueprint.all.map(\.industry).joined(separator: ", "))")
        }
    }

    /// The keys an analyst presses: scrolling the grid (rows and columns), paging, jumping, switching panes.
    static let script: [Key] = [.down, .down, .down, .pageDown, .right, .down, .pageDown, .left, .char("G"), .up, .pageUp, .char("g"),
                                .char("2"), .down, .char("3"), .char("6"), .down, .char("7"), .char("1"), .pageDown, .down]

    func run() throws {
        try reportingErrors {
            guard let blueprint = SampleBlueprint.named(industry) else { return }
            let root = dir ?? ((try? ProjectRoot.find())?.appendingPathComponent(".bench").path ?? NSTemporaryDirectory())
            var results: [BenchResult] = []
            var figures: [Int: (p50: Double, p99: Double, max: Double)] = [:]
            var sortFigures: [Int: [String: Double]] = [:]
            for n in [rows, 1_000] {
                let folder = root + "/render-\(blueprint.id)-\(n)"
                if !FileManager.default.fileExists(atPath: folder + "/challenge.toml") {
                    do { _ = try SampleGenerator.generate(blueprint, rows: n, out: folder) } catch { throw CommandFailure.userError("\(error)") }
                }
                let challenge = try DataOptions.load(folder: folder)
                let profile = Profiler.profile(challenge.train, source: folder + "/train.csv", target: challenge.spec.target)
                var wb = Workbench(context: WorkbenchContext(challengeId: challenge.spec.id, metric: challenge.spec.metric.rawValue,
                                                             higherIsBetter: challenge.spec.metric.higherIsBetter, documents: challenge.documents,
                                                             frame: challenge.train, profile: profile, agentName: "heuristic",
                                                             idColumn: challenge.spec.idColumns.first))
                wb.width = 200
                wb.height = 60
                wb.pane = .data
                var times: [Double] = []
                times.reserveCapacity(keys)
                for i in 0..<keys {
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = wb.handle(Self.script[i % Self.script.count])
                    _ = wb.render()
                    times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                }
                times.sort()
                // The view sort (S) is the one key that reads every row: by the id column, then by the next one.
                var sorts: [String: Double] = [:]
                wb.pane = .data
                for (i, key) in [Key.char("g"), .right].enumerated() {
                    _ = wb.handle(key)
                    if i == 0 { for _ in 0..<challenge.train.columns.count { _ = wb.handle(.left) } }
                    let start = DispatchTime.now().uptimeNanoseconds
                    _ = wb.handle(.char("S"))
                    _ = wb.render()
                    sorts[i == 0 ? "sort_id_ms" : "sort_next_ms"] = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
                }
                sortFigures[n] = sorts
                let f = (p50: times[times.count / 2], p99: times[min(times.count - 1, Int(Double(times.count) * 0.99))], max: times.last ?? 0)
                figures[n] = f
                var r = BenchResult(name: n == rows ? "tandem" : "tandem_1000_rows", seconds: f.p99 / 1000, peakRSSMegabytes: Self.peakRSS())
                r.extra = ["rows": Double(challenge.train.rowCount), "p50_ms": f.p50, "p99_ms": f.p99, "max_ms": f.max, "frames": Double(keys)]
                r.extra.merge(sorts) { a, _ in a }
                results.append(r)
            }
            let report = BenchReport(bench: "render", rows: Int(results.first?.extra["rows"] ?? 0), bytes: 0, results: results)
            if json {
                print(try JSONOutput.string(report, pretty: false))
            } else {
                for (n, f) in figures.sorted(by: { $0.key > $1.key }) {
                    print(String(format: "render 200x60, %7d rows: p50 %.3f ms, p99 %.3f ms, max %.3f ms over %d keypresses", n, f.p50, f.p99, f.max, keys))
                    let sorts = sortFigures[n] ?? [:]
                    print(String(format: "  view sort (S), %7d rows: by the id column %.1f ms, by the next column %.1f ms", n,
                                 sorts["sort_id_ms"] ?? 0, sorts["sort_next_ms"] ?? 0))
                }
            }
        }
    }

    static func peakRSS() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}
