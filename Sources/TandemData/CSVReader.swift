#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

public struct CSVReadOptions: Sendable {
    /// Nominal bytes per parallel segment.
    public var chunkBytes = 4 << 20
    /// The longest row accepted; beyond it the file is refused, not read into memory.
    public var maxLineBytes = 64 << 20
    public var maxColumns = 100_000

    public init() {}
}

/// Reads an RFC 4180 CSV file (comma, optional quotes, LF or CRLF, optional
/// UTF-8 BOM) into typed columns.
///
/// The file is memory-mapped and split, in one parallel pass, into
/// row-aligned segments whose rows are counted, so every segment parses on
/// its own core straight into the final column memory. Types are inferred per column
/// with promotion int → float → text.
public enum CSVReader {
    public static func read(path: String, options: CSVReadOptions = CSVReadOptions()) throws(CSVError) -> DataFrame {
        let file = try MappedFile(path: path)
        defer { file.close() }
        do {
            return try parse(file, options: options)
        } catch let problem {
            throw CSVError(path: path, line: file.lineNumber(atOffset: problem.offset), reason: problem.reason)
        }
    }

    /// CSV bytes already in memory (a JSON table rendered as CSV), typed exactly as a file would be; errors name `name`.
    public static func read(bytes: [UInt8], name: String, options: CSVReadOptions = CSVReadOptions()) throws(CSVError) -> DataFrame {
        let file = MappedFile(path: name, bytes: bytes)
        defer { file.close() }
        do {
            return try parse(file, options: options)
        } catch let problem {
            throw CSVError(path: name, line: file.lineNumber(atOffset: problem.offset), reason: problem.reason)
        }
    }

    static func parse(_ file: MappedFile, options: CSVReadOptions) throws(CSVProblem) -> DataFrame {
        guard file.size > 0, let base = file.base else { throw CSVProblem(offset: 0, reason: .empty) }
        var start = 0
        if file.size >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { start = 3 }
        let header = try CSVHeader.parse(base: base, start: start, size: file.size, options: options)
        var dataStart = start + header.length
        while dataStart < file.size, base[dataStart] == 0x0A || base[dataStart] == 0x0D { dataStart += 1 }
        guard dataStart < file.size else { throw CSVProblem(offset: start, reason: .headerOnly) }

        let parser = CSVSegmentParser(base: base, columnCount: header.names.count, maxLineBytes: options.maxLineBytes)
        let split = try CSVSplit.segments(base: base, dataStart: dataStart, size: file.size,
                                          chunkBytes: options.chunkBytes, maxLineBytes: options.maxLineBytes,
                                          release: { file.release($0) })
        let columns: [Column]
        if let parallel = try parseInPlace(parser, segments: split.map(\.range), rowCounts: split.map(\.rows), names: header.names, file: file) {
            columns = parallel
        } else {
            // Stray quotes or lone-CR line ends: row starts are only known sequentially.
            let whole = [dataStart..<file.size]
            let rows = try countByParsing(parser, whole[0])
            guard let sequential = try parseInPlace(parser, segments: whole, rowCounts: [rows], names: header.names, file: file) else {
                throw CSVProblem(offset: dataStart, reason: .raggedRow(expected: header.names.count, found: 0))
            }
            columns = sequential
        }
        guard columns.first.map({ $0.count > 0 }) ?? false else { throw CSVProblem(offset: start, reason: .headerOnly) }
        return DataFrame(columns: columns)
    }

    /// Parses every segment into one set of final regions; nil when the row
    /// counts did not hold (the caller then parses sequentially).
    private static func parseInPlace(_ parser: CSVSegmentParser, segments: [Range<Int>], rowCounts: [Int], names: [String],
                                     file: MappedFile) throws(CSVProblem) -> [Column]? {
        var offsets = [0]
        for n in rowCounts { offsets.append(offsets[offsets.count - 1] + n) }
        let regions = ColumnRegions(columnCount: parser.columnCount, rows: offsets[offsets.count - 1])
        let placements = segments.indices.map { SegmentPlacement(regions: regions, rowOffset: offsets[$0], rows: rowCounts[$0]) }
        var results: [SegmentResult]
        do throws(CSVProblem) {
            results = try parseAll(parser, segments: segments, placements: placements, file: file)
        } catch {
            regions.freeAll()
            throw error
        }
        let unreliable = results.contains { $0.countMismatch } || (segments.count > 1 && results.contains { $0.strayQuote })
        if unreliable {
            for r in results { r.free() }
            regions.freeAll()
            return nil
        }
        let finalHints = ColumnAssembler.finalHints(results, columnCount: parser.columnCount)
        do throws(CSVProblem) {
            try reparseMismatched(parser, segments: segments, placements: placements, results: &results, hints: finalHints)
        } catch {
            regions.freeAll()
            throw error
        }
        return ColumnAssembler.assemble(names: names, hints: finalHints, results: results, regions: regions)
    }

    /// Parses the first segment alone to learn column kinds, then the rest in parallel.
    private static func parseAll(_ parser: CSVSegmentParser, segments: [Range<Int>], placements: [SegmentPlacement],
                                 file: MappedFile) throws(CSVProblem) -> [SegmentResult] {
        let initial = [ColumnHint](repeating: .initial, count: parser.columnCount)
        let first = try parseUntilStable(parser, segments[0], hints: initial, placement: placements[0])
        file.release(segments[0])
        let board = HintBoard(first.learnedHints)
        let slots = ResultSlots(count: segments.count)
        slots.set(0, .success(first))
        DispatchQueue.concurrentPerform(iterations: segments.count - 1) { k in
            let i = k + 1
            do throws(CSVProblem) {
                var hints = board.current()
                while true {
                    switch try parser.parse(start: segments[i].lowerBound, end: segments[i].upperBound, hints: hints, placement: placements[i]) {
                    case .parsed(let r):
                        board.merge(r.learnedHints)
                        file.release(segments[i])
                        slots.set(i, .success(r))
                        return
                    case .needsHints(let wanted):
                        board.merge(wanted)
                        hints = board.current()
                    }
                }
            } catch {
                slots.set(i, .failure(error))
            }
        }
        return try slots.collect()
    }

    private static func parseUntilStable(_ parser: CSVSegmentParser, _ range: Range<Int>, hints start: [ColumnHint],
                                         placement: SegmentPlacement?) throws(CSVProblem) -> SegmentResult {
        var hints = start
        while true {
            switch try parser.parse(start: range.lowerBound, end: range.upperBound, hints: hints, placement: placement) {
            case .parsed(let r): return r
            case .needsHints(let wanted): hints = zip(wanted, hints).map { learned, before in learned ?? before }
            }
        }
    }

    /// The sequential fallback's first pass: parse into owned buffers just to count rows.
    private static func countByParsing(_ parser: CSVSegmentParser, _ range: Range<Int>) throws(CSVProblem) -> Int {
        let r = try parseUntilStable(parser, range, hints: [ColumnHint](repeating: .initial, count: parser.columnCount), placement: nil)
        defer { r.free() }
        return r.rows
    }

    /// Segments holding numbers or dates in a column that ended up text are parsed again as text.
    private static func reparseMismatched(_ parser: CSVSegmentParser, segments: [Range<Int>], placements: [SegmentPlacement],
                                          results: inout [SegmentResult], hints: [ColumnHint]) throws(CSVProblem) {
        let stale = results.indices.filter { i in
            (0..<results[i].columnCount).contains { c in
                let col = results[i].columns[c]
                return col.nonMissing > 0 && hints[c].kind == .string && col.kind != .string
            }
        }
        guard !stale.isEmpty else { return }
        for i in stale { results[i].free() }
        let slots = ResultSlots(count: stale.count)
        DispatchQueue.concurrentPerform(iterations: stale.count) { k in
            let i = stale[k]
            do throws(CSVProblem) {
                // The final hints are the join of every segment's kinds, so no value can fail them.
                let r = try parseUntilStable(parser, segments[i], hints: hints, placement: placements[i])
                slots.set(k, .success(r))
            } catch {
                slots.set(k, .failure(error))
            }
        }
        let fresh: [SegmentResult]
        do throws(CSVProblem) {
            fresh = try slots.collect()
        } catch {
            for i in results.indices where !stale.contains(i) { results[i].free() }
            throw error
        }
        for (k, i) in stale.enumerated() { results[i] = fresh[k] }
    }
}

/// Column hints shared by the parsing threads so later segments start with what earlier ones learned.
/// A column no segment has seen a value in yet is nil: unknown, not int.
private final class HintBoard: Sendable {
    private let hints: Mutex<[ColumnHint?]>
    init(_ initial: [ColumnHint?]) { hints = Mutex(initial) }
    func current() -> [ColumnHint] { hints.withLock { $0.map { $0 ?? .initial } } }
    func merge(_ other: [ColumnHint?]) {
        hints.withLock { h in
            for i in h.indices { if let o = other[i] { h[i] = h[i].map { $0.joined(o) } ?? o } }
        }
    }
}

private typealias ResultSlots = ParallelSlots<Result<SegmentResult, CSVProblem>>

extension ParallelSlots where T == Result<SegmentResult, CSVProblem> {
    /// All results in order, or the earliest problem in the file (freeing what was parsed).
    func collect() throws(CSVProblem) -> [SegmentResult] {
        var parsed: [SegmentResult] = []
        var firstProblem: CSVProblem?
        for i in 0..<count {
            switch get(i) {
            case .success(let r): parsed.append(r)
            case .failure(let p): if p.offset < (firstProblem?.offset ?? .max) { firstProblem = p }
            case nil: break
            }
        }
        if let firstProblem {
            for r in parsed { r.free() }
            throw firstProblem
        }
        return parsed
    }
}
