import Testing
@testable import TandemRecipe
import TandemData
import TandemModel

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
            // Both routes answer, and agree: the sampled bracket and the exact histogram.
            #expect(Statistics.windowedMedian(values, rows: rows) == expected, "trial \(trial)")
            #expect(Statistics.histogramMedian(values, rows: rows) == expected, "trial \(trial)")
        }
    }

    /// A column whose sampled rows mislead the bracket (every sampled row 0,
    /// every other row 1, ties at the bracket): the exact route answers.
    @Test func aMisleadingSampleFallsBackToTheExactMedian() {
        let n = 100_000
        let step = n / Statistics.medianSampleSize
        let values = (0..<n).map { $0 % step == 0 ? 0.0 : 1.0 }
        let rows = Array(0..<n)
        #expect(Statistics.windowedMedian(values, rows: rows) == nil)
        #expect(Statistics.median(values, rows: rows) == 1)
        // Ties on both bracket ends still give the exact middle of an even count.
        let halves = (0..<n).map { $0 < n / 2 ? 2.0 : 5.0 }
        #expect(Statistics.median(halves, rows: rows) == 3.5)
        #expect(Statistics.median(halves.map { -$0 }, rows: Array(rows.dropLast())) == -2)
    }

    /// Level tallies split across cores equal one sequential tally; the top
    /// levels break count ties by first appearance among the rows.
    @Test func levelCountsMatchASequentialTally() {
        var rng = SeededRandom(seed: 21)
        for n in [0, 10, 300_001] {
            let codes = (0..<n).map { _ in Int32(rng.int(below: 9)) - 1 } // -1 missing, 0...7 levels
            let rows = (0..<n).filter { _ in rng.chance(0.7) }
            var expected = [Int](repeating: 0, count: 8)
            for r in rows where codes[r] >= 0 { expected[Int(codes[r])] += 1 }
            #expect(Encoding.trainingCounts(codes: codes, levelCount: 8, rows: rows) == expected, "n \(n)")
        }
        // Levels 2 and 0 tie on 2 rows; 2 appears first among the rows. Level 3 is never used.
        let codes: [Int32] = [0, 1, 2, 1, 2, 0, -1, 1]
        #expect(Encoding.topLevels(codes: codes, levelCount: 4, rows: [2, 1, 0, 3, 4, 5, 6, 7], limit: 10) == [1, 2, 0])
        #expect(Encoding.topLevels(codes: codes, levelCount: 4, rows: [0, 1, 2, 3, 4, 5, 6, 7], limit: 2) == [1, 0])
    }

    /// Date parts read from the per-day table equal parts computed row by row:
    /// whole days on both sides of 1970 and across leap days, date-times, missing
    /// values, and a value too far out to be a date (missing, not a crash).
    @Test func datePartsFromTheDayTableEqualPartsPerRow() {
        var rng = SeededRandom(seed: 11)
        var days: [Double] = (0..<300_000).map { _ in
            switch rng.int(below: 10) {
            case 0: .nan
            case 1: Double(rng.int(below: 40_000)) - 20_000 + Double(rng.int(below: 24)) / 24
            default: Double(rng.int(below: 3_000)) - 1_000
            }
        }
        days[7] = 1e300
        let parts: [(String, @Sendable (DateParts) -> Double)] = [
            ("year", { Double($0.year) }), ("month", { Double($0.month) }), ("dow", { Double($0.weekday) }), ("hour", { Double($0.hour) }),
        ]
        for (name, value) in parts {
            let got = DayTable(range: DayTable.range(days), value).apply(days)
            let expected = days.map { d -> Double in
                guard !d.isNaN, abs(d) < 1e12 else { return .nan }
                return value(DateParts(seconds: Int64((d * 86_400).rounded())))
            }
            #expect(got.map { $0.isNaN ? -1 : $0 } == expected.map { $0.isNaN ? -1 : $0 }, "\(name)")
        }
        // A table that starts after day 0, and a value of Int.min days: missing, not an overflow.
        let late = DayTable(range: 10...20) { Double($0.day) }.apply([-0x1p63, 15, 9.5e18])
        #expect(late[0].isNaN && late[1] == 16 && late[2].isNaN)
        #expect(DayTable.range([.nan, 3.5, -2]) == -2...3)
        #expect(DayTable.range([.nan, 1e300]) == nil)
        let present = days.filter { abs($0) < 1e12 }
        #expect(DayTable.range(days) == Int((present.min() ?? 0).rounded(.down))...Int((present.max() ?? 0).rounded(.down)))
    }

    /// Labels read once per distinct value equal labels read row by row as text.
    @Test func targetLabelsEqualTheRowByRowReading() throws {
        let numbers: [Double] = [1, 0, -0.0, .nan, 1, 0, 1]
        // Twenty classes: past the first few, values are found by hashing.
        let many: [Double] = (0..<200).map { Double(($0 * 7) % 20) - 4 }
        let columns: [(WorkingColumn, TaskKind)] = [
            (.number(numbers), .binary),
            (.category(codes: [0, 2, -1, 2, 0], levels: ["yes", "unused", "no"]), .binary),
            (.text(TextValues(["b", nil, "a", "b", "a"])), .binary),
            (.number(many + [.nan, -0.0]), .multiclass),
        ]
        for (column, task) in columns {
            let labels = try TargetLabels(column, task: task)
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
