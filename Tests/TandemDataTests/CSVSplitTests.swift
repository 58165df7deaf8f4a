import Testing
@testable import TandemData

/// The split's row counts must be exact: the parallel path depends on them
/// (a wrong count would only show as a silent fall back to one core).
@Suite struct CSVSplitTests {
    func split(_ text: String, chunk: Int) throws -> (segments: [CSVSplit.Segment], dataStart: Int, size: Int) {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { b in
            let base = b.baseAddress!
            let header = try CSVHeader.parse(base: base, start: 0, size: b.count, options: CSVReadOptions())
            var dataStart = header.length
            while dataStart < b.count, base[dataStart] == 0x0A || base[dataStart] == 0x0D { dataStart += 1 }
            let s = try CSVSplit.segments(base: base, dataStart: dataStart, size: b.count, chunkBytes: chunk, maxLineBytes: 1 << 20)
            return (s, dataStart, b.count)
        }
    }

    func awkwardCSV(seed: UInt64) -> String {
        var rng = SeededRandom(seed: seed)
        var csv = "a,b\n"
        for i in 0..<300 {
            switch rng.int(below: 6) {
            case 0: csv += "\(i),\"two\nlines\"\n"
            case 1: csv += "\n"                      // blank line
            case 2: csv += "\(i),\"q \"\"x\"\"\"\r\n"
            case 3: csv += "\r\n"                    // blank CRLF line
            default: csv += "\(i),plain\n"
            }
        }
        return csv + (seed % 2 == 0 ? "last,row" : "")
    }

    @Test(arguments: [1, 2, 3, 4])
    func segmentRowCountsMatchTheParser(seed: UInt64) throws {
        let csv = awkwardCSV(seed: seed)
        let expected = try readCSV(csv, options: CSVParallelTests.sequential()).rowCount
        for chunk in [8, 32, 100, 1000, 1 << 20] {
            let (segments, dataStart, size) = try split(csv, chunk: chunk)
            #expect(segments.first?.range.lowerBound == dataStart)
            #expect(segments.last?.range.upperBound == size)
            for (a, b) in zip(segments, segments.dropFirst()) { #expect(a.range.upperBound == b.range.lowerBound) }
            #expect(segments.reduce(0) { $0 + $1.rows } == expected, "chunk \(chunk)")
            // And each segment alone parses to exactly its count.
            let bytes = Array(csv.utf8)
            try bytes.withUnsafeBufferPointer { b in
                let parser = CSVSegmentParser(base: b.baseAddress!, columnCount: 2, maxLineBytes: 1 << 20)
                for s in segments {
                    guard case .parsed(let r) = try parser.parse(start: s.range.lowerBound, end: s.range.upperBound,
                                                                 hints: [.init(kind: .string, textMode: false), .init(kind: .string, textMode: false)],
                                                                 placement: nil) else { Issue.record("unexpected promotion"); continue }
                    #expect(r.rows == s.rows, "chunk \(chunk) segment \(s.range)")
                    r.free()
                }
            }
        }
    }
}

/// The split hands back every scanned chunk once, so the reader can drop
/// the file's pages before the parse (peak memory is the columns, not the
/// columns plus the whole file).
@Suite struct CSVSplitReleaseTests {
    @Test func everyScannedByteIsReleasedExactlyOnce() throws {
        let bytes = Array(CSVSplitTests().awkwardCSV(seed: 7).utf8)
        let released = Mutex<[Range<Int>]>([])
        let dataStart = 4 // after "a,b\n"
        _ = try bytes.withUnsafeBufferPointer { b in
            try CSVSplit.segments(base: b.baseAddress!, dataStart: dataStart, size: b.count, chunkBytes: 64, maxLineBytes: 1 << 20,
                                  release: { range in released.withLock { $0.append(range) } })
        }
        let ranges = released.withLock { $0 }.sorted { $0.lowerBound < $1.lowerBound }
        #expect(ranges.count > 2)
        #expect(ranges.first?.lowerBound == dataStart)
        #expect(ranges.last?.upperBound == bytes.count)
        for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
    }
}

/// Category values that differ only in their last bytes must land in
/// different table slots (the slot is the hash's low bits).
@Suite struct ByteDictionaryHashTests {
    @Test func valuesDifferingOnlyAtTheEndSpreadOverTheLowBits() {
        var slots = Set<UInt64>()
        for i in 0..<1024 {
            let text = Array("sku-\(String(1000 + i).suffix(4))".utf8)
            slots.insert(text.withUnsafeBufferPointer { ByteDictionary.hash($0.baseAddress!, $0.count) } & 1023)
        }
        // 1024 random values in 1024 slots fill about 63% of them.
        #expect(slots.count > 550, "\(slots.count) distinct slots")
    }
}

import Synchronization
