import Testing
@testable import TandemRecipe
import TandemData

/// The preparation's parallel and one-pass paths give exactly what the
/// plain sequential loops give, on columns long enough to take them.
@Suite struct ParallelPreparationTests {
    @Test(arguments: [0, 1, 65_535, 65_536, 3 * 65_536 + 7, 1_000_003])
    func parallelMapsEqualTheSequentialMap(count: Int) {
        var rng = SeededRandom(seed: UInt64(count))
        let values: [Double] = (0..<count).map { _ in rng.chance(0.1) ? .nan : rng.normal() }
        let expected = values.map { $0.isNaN ? -1 : $0 * 2 }
        #expect(ParallelRows.map(values) { $0.isNaN ? -1 : $0 * 2 } == expected)
        let codes = (0..<count).map { _ in Int32(rng.int(below: 5)) - 1 }
        #expect(ParallelRows.map(codes) { $0 < 0 ? .nan : Double($0) }.map { $0.isNaN ? -1 : $0 } == codes.map { Double($0) })
    }

    /// Above two chunks the histogram is split across cores and summed.
    @Test func theMedianOfManyRowsMatchesSorting() {
        var rng = SeededRandom(seed: 5)
        for trial in 0..<4 {
            let n = 200_000 + trial
            let values: [Double] = (0..<n).map { _ in
                switch rng.int(below: 5) {
                case 0: .nan
                case 1: Double(rng.int(below: 7))
                case 2: -0.0
                default: rng.normal() * 1e3
                }
            }
            let rows = (0..<n).filter { _ in rng.chance(0.8) }
            let present = rows.map { values[$0] }.filter { !$0.isNaN }.sorted()
            let expected = present.count % 2 == 1 ? present[present.count / 2] : (present[present.count / 2 - 1] + present[present.count / 2]) / 2
            #expect(Statistics.median(values, rows: rows) == expected, "trial \(trial)")
        }
    }

    /// Labels read once per distinct value equal labels read row by row as text.
    @Test func targetLabelsEqualTheRowByRowReading() throws {
        let numbers: [Double] = [1, 0, -0.0, .nan, 1, 0, 1]
        let columns: [WorkingColumn] = [
            .number(numbers),
            .category(codes: [0, 2, -1, 2, 0], levels: ["yes", "unused", "no"]),
            .text(TextValues(["b", nil, "a", "b", "a"])),
        ]
        for column in columns {
            let labels = try TargetLabels(column, task: .binary)
            let texts = (0..<column.count).map { column.string($0) }
            let classes = Array(Set(texts.compactMap { $0 })).sorted { a, b in
                if let x = Double(a), let y = Double(b) { return x < y }
                return a < b
            }
            #expect(labels.classes == classes)
            let expected = texts.map { $0.flatMap { classes.firstIndex(of: $0) }.map(Double.init) ?? .nan }
            #expect(labels.values.map { $0.isNaN ? -1 : $0 } == expected.map { $0.isNaN ? -1 : $0 })
        }
    }

    /// Stratified folds partition the labelled rows, keep each class spread
    /// evenly, and repeat exactly.
    @Test func stratifiedFoldsPartitionTheRowsAndBalanceTheClasses() throws {
        var rng = SeededRandom(seed: 9)
        let n = 10_007
        let labels = (0..<n).map { _ in rng.chance(0.2) ? 1.0 : rng.chance(0.05) ? 2.0 : 0.0 }
        let rows = (0..<n).filter { $0 % 13 != 0 }
        let frame = WorkingFrame(names: ["y"], columns: [.number(labels)])
        let context = RecipeContext(target: "y", task: .multiclass)
        let folds = try CrossValidation.folds(scheme: .stratified, count: 5, rows: rows, labels: labels, frame: frame, context: context, groupColumn: nil)
        #expect(folds == (try CrossValidation.folds(scheme: .stratified, count: 5, rows: rows, labels: labels, frame: frame, context: context, groupColumn: nil)))
        #expect(folds.flatMap { $0.valid }.sorted() == rows)
        for fold in folds {
            #expect(Set(fold.train).isDisjoint(with: fold.valid))
            #expect(fold.train.count + fold.valid.count == rows.count)
            #expect(fold.train == fold.train.sorted() && fold.valid == fold.valid.sorted())
            for label in [0.0, 1.0, 2.0] {
                let total = rows.filter { labels[$0] == label }.count
                let here = fold.valid.filter { labels[$0] == label }.count
                #expect(abs(here * 5 - total) <= 5, "class \(label): \(here) of \(total)")
            }
        }
    }
}
