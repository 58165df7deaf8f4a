import Testing
@testable import TandemData

/// The parallel split must give exactly what one sequential pass gives,
/// whatever the segment size: quoted line breaks across segment starts,
/// promotions learned late, stray quotes and lone CRs included.
@Suite struct CSVParallelTests {
    static func sequential() -> CSVReadOptions {
        var o = CSVReadOptions()
        o.chunkBytes = 1 << 30
        return o
    }

    func expectSame(_ csv: String, chunk: Int, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let one = try readCSV(csv, options: Self.sequential())
        let many = try readCSV(csv, options: tinySegments(chunk))
        #expect(one.columnNames == many.columnNames, sourceLocation: sourceLocation)
        #expect(one.rowCount == many.rowCount, sourceLocation: sourceLocation)
        for (a, b) in zip(one.columns, many.columns) {
            #expect(a.kind == b.kind, "column \(a.name)", sourceLocation: sourceLocation)
            #expect(values(a) == values(b), "column \(a.name)", sourceLocation: sourceLocation)
        }
    }

    /// Random tables with every awkward shape; compared at several segment sizes.
    @Test(arguments: [1, 2, 3, 4, 5])
    func randomTablesParseIdenticallyInParallel(seed: UInt64) throws {
        var rng = SeededRandom(seed: seed)
        var csv = "id,x,note,cat,when\n"
        for i in 0..<400 {
            let x = rng.chance(0.1) ? "" : (rng.chance(0.5) ? String(rng.int(below: 1000)) : String(rng.normal()))
            let note: String
            switch rng.int(below: 4) {
            case 0: note = "\"multi\nline, \"\"quoted\"\" \(i)\""
            case 1: note = "plain\(i)"
            case 2: note = ""
            default: note = "\"comma, \(i)\""
            }
            let cat = ["red", "green", "blue", "NA"][rng.int(below: 4)]
            let when = rng.chance(0.2) ? "" : "2024-0\(1 + rng.int(below: 9))-1\(rng.int(below: 9))"
            csv += "\(i),\(x),\(note),\(cat),\(when)\n"
        }
        for chunk in [16, 64, 333, 4096] { try expectSame(csv, chunk: chunk) }
    }

    @Test func latePromotionToTextReparsesEarlierSegments() throws {
        var csv = "a,b\n"
        for i in 0..<300 { csv += "\(i),\(i * 2)\n" }
        csv += "n/a-ish,7\n"
        for i in 0..<300 { csv += "\(i),\(Double(i) + 0.5)\n" }
        try expectSame(csv, chunk: 100)
        let frame = try readCSV(csv, options: tinySegments(100))
        #expect(frame["a"]?.kind == .text) // 301 distinct values in 601 rows: free text
        #expect(frame["b"]?.kind == .float)
        #expect(frame["a"]?.string(at: 300) == "n/a-ish")
    }

    @Test func lateTextModeJoinsDictionarySegments() throws {
        var csv = "k\n"
        for i in 0..<6000 { csv += "v\(i % 10)\n" }        // few levels first
        for i in 0..<9000 { csv += "unique-\(i)\n" }       // then all distinct
        try expectSame(csv, chunk: 2048)
        #expect(try readCSV(csv, options: tinySegments(2048))["k"]?.kind == .text)
    }

    @Test func strayQuotesFallBackToASequentialPass() throws {
        var csv = "size,n\n"
        for i in 0..<200 { csv += (i % 7 == 0 ? "1\" pipe" : "x\(i)") + ",\(i)\n" }
        try expectSame(csv, chunk: 64)
    }

    @Test func loneCarriageReturnsFallBackToASequentialPass() throws {
        var csv = "a,b\r"
        for i in 0..<200 { csv += "\(i),\(i)\r" }
        try expectSame(csv, chunk: 64)
        #expect(try readCSV(csv, options: tinySegments(64)).rowCount == 200)
    }

    @Test func generatedBenchmarkTableReadsIdenticallyInParallel() throws {
        let dir = TempDir()
        let path = dir.path("bench.csv")
        try BenchmarkTable.write(rows: 3000, seed: 5, to: path)
        let one = try CSVReader.read(path: path, options: Self.sequential())
        let many = try CSVReader.read(path: path, options: tinySegments(4096))
        #expect(one.rowCount == 3000)
        for (a, b) in zip(one.columns, many.columns) {
            #expect(a.kind == b.kind)
            #expect(values(a) == values(b), "column \(a.name)")
        }
        #expect(one["note"]?.kind == .text)
        #expect(one["sku"]?.kind == .category)
        #expect(one["signup_date"]?.kind == .date)
        #expect(one["sensor_d"]?.missingCount ?? 0 > 0) // NA tokens
    }
}
