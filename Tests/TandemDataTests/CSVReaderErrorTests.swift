import Foundation
import Testing
@testable import TandemData

/// Every malformed input ends in one clear error naming the file and line, never a crash or a hang.
@Suite struct CSVReaderErrorTests {
    @Test func unterminatedQuoteNamesTheLineWhereItOpened() throws {
        let error = try #require(readError("a,b\n1,2\n3,\"never closed\n4,5\n"))
        #expect(error.reason == .unterminatedQuote)
        #expect(error.line == 3)
        #expect(error.description.hasSuffix("bad.csv:3: a quoted field starts here and is never closed"))
    }

    @Test func raggedRowsNameTheLineAndTheCounts() throws {
        let short = try #require(readError("a,b,c\n1,2,3\n4,5\n"))
        #expect(short.reason == .raggedRow(expected: 3, found: 2))
        #expect(short.line == 3)
        let long = try #require(readError("a,b\n1,2\n3,4\n5,6,7\n"))
        #expect(long.reason == .raggedRow(expected: 2, found: 3))
        #expect(long.line == 4)
    }

    @Test func raggedRowDeepInAParallelReadIsReportedAtItsLine() throws {
        var csv = "a,b\n"
        for i in 0..<500 { csv += "\(i),\(i)\n" }
        csv += "oops\n"
        for i in 0..<500 { csv += "\(i),\(i)\n" }
        let error = try #require(readError(csv, options: tinySegments(256)))
        #expect(error.line == 502)
        #expect(error.reason == .raggedRow(expected: 2, found: 1))
    }

    @Test func invalidUTF8NamesTheLine() throws {
        var bytes = Array("a,b\n1,ok\n2,".utf8)
        bytes += [0xC3, 0x28] // a lead byte without its continuation
        bytes += Array("\n".utf8)
        let error = try #require(readError(bytes))
        #expect(error.reason == .invalidUTF8)
        #expect(error.line == 3)
    }

    @Test func invalidUTF8InTheHeaderIsRefused() throws {
        let error = try #require(readError([0x61, 0xFF, 0x2C, 0x62, 0x0A, 0x31, 0x2C, 0x32, 0x0A]))
        #expect(error.reason == .invalidUTF8)
        #expect(error.line == 1)
    }

    @Test func binaryGarbageIsRefused() throws {
        var rng = SeededRandom(seed: 9)
        let garbage = (0..<4096).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        // Random bytes hold NULs and invalid UTF-8; which one is met first depends on the bytes.
        let error = try #require(readError(garbage))
        #expect([CSVError.Reason.binaryData, .invalidUTF8].contains(error.reason))
        #expect(error.line != nil)
        #expect(error.description.contains("bad.csv:"))
        let nul = try #require(readError(Array("a,b\n1,".utf8) + [0, 0, 0] + Array("\n".utf8)))
        #expect(nul.reason == .binaryData)
        #expect(nul.line == 2)
    }

    @Test func emptyFileIsRefused() throws {
        #expect(readError("")?.reason == .empty)
        #expect(readError("\n")?.reason == .empty)
    }

    @Test func headerWithoutRowsIsRefused() throws {
        #expect(readError("a,b,c\n")?.reason == .headerOnly)
        #expect(readError("a,b,c")?.reason == .headerOnly)
        #expect(readError("a,b,c\n\n\n")?.reason == .headerOnly)
    }

    @Test func duplicateAndEmptyHeaderNamesAreRefused() throws {
        let dup = try #require(readError("a,b,a\n1,2,3\n"))
        #expect(dup.reason == .duplicateHeaderName("a"))
        #expect(dup.line == 1)
        let empty = try #require(readError("a,,c\n1,2,3\n"))
        #expect(empty.reason == .emptyHeaderName(column: 2))
    }

    @Test func tooManyColumnsIsRefused() throws {
        var options = CSVReadOptions()
        options.maxColumns = 1_000
        let header = (0..<1_001).map { "c\($0)" }.joined(separator: ",")
        #expect(readError(header + "\n" + String(repeating: "1,", count: 1_000) + "1\n", options: options)?.reason == .tooManyColumns(1_001, limit: 1_000))
    }

    @Test func textAfterAClosingQuoteIsRefused() throws {
        let error = try #require(readError("a,b\n\"x\"y,1\n"))
        #expect(error.reason == .textAfterClosingQuote)
        #expect(error.line == 2)
    }

    @Test func missingFileIsACleanError() throws {
        do {
            _ = try CSVReader.read(path: "/nonexistent/tandem/file.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("/nonexistent/tandem/file.csv: cannot read the file"))
        }
    }

    @Test func overlongHeaderLineIsRefusedWithoutReadingItAll() throws {
        var options = CSVReadOptions()
        options.maxLineBytes = 1 << 20
        let error = try #require(readError(String(repeating: "h", count: 3 << 20), options: options))
        #expect(error.reason == .lineTooLong(limit: 1 << 20))
        #expect(error.line == 1)
    }

    /// Free bytes in the temporary folder: the 1 GB test needs room for its file.
    static var temporarySpace: Int64 {
        let attributes = try? FileManager.default.attributesOfFileSystem(forPath: FileManager.default.temporaryDirectory.path)
        return (attributes?[.systemFreeSize] as? NSNumber)?.int64Value ?? 0
    }

    /// A real 1 GB line: refused at once with the line number, without a hang or an out-of-memory.
    /// (Reported as skipped, not passed, on a machine without 3 GB of free temporary space.)
    @Test(.enabled(if: temporarySpace > 3 << 30, "needs 3 GB of free temporary space"))
    func oneGigabyteSingleLineIsRefused() throws {
        let dir = TempDir()
        let path = dir.path("huge.csv")
        _ = FileManager.default.createFile(atPath: path, contents: Data("a,b\n1,2\n".utf8))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        let block = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<1024 { try handle.write(contentsOf: block) }
        try handle.write(contentsOf: Data(",1\n".utf8))
        try handle.close()
        do {
            _ = try CSVReader.read(path: path)
            Issue.record("expected lineTooLong")
        } catch {
            #expect(error.reason == .lineTooLong(limit: 64 << 20))
            #expect(error.line == 3)
        }
    }
}
