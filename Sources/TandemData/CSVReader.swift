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
/// UTF-8 BOM) into typed columns. The file is memory-mapped and parsed in
/// row-aligned segments on every core; types are inferred per column with
/// promotion int → float → text.
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

    static func parse(_ file: MappedFile, options: CSVReadOptions) throws(CSVProblem) -> DataFrame {
        guard file.size > 0, let base = file.base else { throw CSVProblem(offset: 0, reason: .empty) }
        var start = 0
        if file.size >= 3, base[0] == 0xEF, base[1] == 0xBB, base[2] == 0xBF { start = 3 }
        let header = try CSVHeader.parse(base: base, start: start, size: file.size, options: options)
        var dataStart = start + header.length
        while dataStart < file.size, base[dataStart] == 0x0A || base[dataStart] == 0x0D { dataStart += 1 }
        guard dataStart < file.size else { throw CSVProblem(offset: start, reason: .headerOnly) }

        let parser = CSVSegmentParser(base: base, columnCount: header.names.count, maxLineBytes: options.maxLineBytes)
        var segments = try CSVBoundaries.segments(base: base, dataStart: dataStart, size: file.size,
                                                  chunkBytes: options.chunkBytes, maxLineBytes: options.maxLineBytes)
        var results = try parseAll(parser, segments: segments, file: file)
        if segments.count > 1, results.contains(where: \.strayQuote) {
            // Quote parity no longer marks row starts: one sequential pass instead.
            for r in results { r.free() }
            segments = [dataStart..<file.size]
            results = try parseAll(parser, segments: segments, file: file)
        }
        let finalHints = ColumnAssembler.finalHints(results, columnCount: header.names.count)
        try reparseMismatched(parser, segments: segments, results: &results, hints: finalHints)
        let columns = ColumnAssembler.assemble(names: header.names, hints: finalHints, results: &results)
        guard columns.first.map({ $0.count > 0 }) ?? false else { throw CSVProblem(offset: start, reason: .headerOnly) }
        return DataFrame(columns: columns)
    }

    /// Parses the first segment alone to learn column kinds, then the rest in parallel.
    private static func parseAll(_ parser: CSVSegmentParser, segments: [Range<Int>], file: MappedFile) throws(CSVProblem) -> [SegmentResult] {
        let initial = [ColumnHint](repeating: .initial, count: parser.columnCount)
        let (first, learned) = try parseUntilStable(parser, segments[0], hints: initial)
        file.release(segments[0])
        let board = HintBoard(learned)
        let slots = ResultSlots(count: segments.count)
        slots.set(0, .success(first))
        DispatchQueue.concurrentPerform(iterations: segments.count - 1) { k in
            let i = k + 1
            do throws(CSVProblem) {
                var hints = board.current()
                while true {
                    switch try parser.parse(start: segments[i].lowerBound, end: segments[i].upperBound, hints: hints) {
                    case .parsed(let r):
                        board.merge(r.hints)
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

    private static func parseUntilStable(_ parser: CSVSegmentParser, _ range: Range<Int>, hints start: [ColumnHint]) throws(CSVProblem) -> (SegmentResult, [ColumnHint]) {
        var hints = start
        while true {
            switch try parser.parse(start: range.lowerBound, end: range.upperBound, hints: hints) {
            case .parsed(let r): return (r, r.hints)
            case .needsHints(let wanted): hints = wanted
            }
        }
    }

    /// Segments holding numbers or dates in a column that ended up text are parsed again as text.
    private static func reparseMismatched(_ parser: CSVSegmentParser, segments: [Range<Int>], results: inout [SegmentResult], hints: [ColumnHint]) throws(CSVProblem) {
        let stale = results.indices.filter { i in
            (0..<results[i].columnCount).contains { c in
                let col = results[i].columns[c]
                return col.nonMissing > 0 && hints[c].kind == .string && col.kind != .string
            }
        }
        guard !stale.isEmpty else { return }
        let slots = ResultSlots(count: stale.count)
        DispatchQueue.concurrentPerform(iterations: stale.count) { k in
            let range = segments[stale[k]]
            do throws(CSVProblem) {
                guard case .parsed(let r) = try parser.parse(start: range.lowerBound, end: range.upperBound, hints: hints) else {
                    slots.set(k, .failure(CSVProblem(offset: range.lowerBound, reason: .invalidUTF8)))
                    return
                }
                slots.set(k, .success(r))
            } catch {
                slots.set(k, .failure(error))
            }
        }
        let fresh = try slots.collect()
        for (k, i) in stale.enumerated() {
            results[i].free()
            results[i] = fresh[k]
        }
    }
}

/// Column hints shared by the parsing threads so later segments start with what earlier ones learned.
private final class HintBoard: Sendable {
    private let hints: Mutex<[ColumnHint]>
    init(_ initial: [ColumnHint]) { hints = Mutex(initial) }
    func current() -> [ColumnHint] { hints.withLock { $0 } }
    func merge(_ other: [ColumnHint]) {
        hints.withLock { h in for i in h.indices { h[i] = h[i].joined(other[i]) } }
    }
}

/// One result slot per segment, each written by exactly one thread.
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
