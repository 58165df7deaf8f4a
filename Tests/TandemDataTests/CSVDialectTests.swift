import Foundation
import Testing
@testable import TandemData

/// CSVs as people have them (issue 33, items 1 and 2), in files written by Python's csv, gzip, lzma and zipfile modules
/// (Tests/Fixtures/make-files.py): a European spreadsheet export, and the same table compressed three ways.
@Suite struct CSVDialectTests {
    static let files = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/files").path

    static func read(_ name: String, _ options: CSVDialectOptions = CSVDialectOptions()) throws -> (DataFrame, [String]) {
        var notes: [String] = []
        let frame = try CSVReader.read(path: files + "/" + name, dialect: options, notes: &notes)
        return (frame, notes)
    }

    static func numbers(_ f: DataFrame, _ name: String) -> [Double] {
        guard let c = f[name] else { return [] }
        return (0..<f.rowCount).map { c.string(at: $0).flatMap(Double.init) ?? .nan }
    }

    @Test func aEuropeanSpreadsheetExportReadsWithEveryFindingNamed() throws {
        let (f, notes) = try Self.read("semicolon.csv")
        #expect(f.columnNames == ["kunde", "stadt", "umsatz", "menge", "treu"])
        // By hand from make-files.py: 1.234,50 is 1234.5; the thousands dot goes, the comma becomes the point.
        #expect(Self.numbers(f, "umsatz") == [1234.5, 980.25, 15, -2.75] && Self.numbers(f, "menge") == [12.5, 7.25, 3, 0.5])
        #expect(f["umsatz"]?.kind == .float)
        // Windows-1252 bytes become the letters they are, never mojibake.
        #expect((0..<4).compactMap { f["kunde"]?.string(at: $0) } == ["Müller", "Café Élan", "Bäckerei", "Señor €uro"])
        #expect(notes.contains { $0.hasPrefix("not UTF-8 (byte 0xFC on line 2): read as Windows-1252") }, "\(notes)")
        #expect(notes.contains("Windows line ends (CRLF)"))
        #expect(notes.contains { $0.hasPrefix("delimiter ';': each of the first 5 lines has 5 fields") })
        #expect(notes.contains { $0.hasPrefix("decimal commas in umsatz, menge: every value reads as a number that way") })
        // --decimal point keeps the text; --delimiter , reads it as the user says, and the error says what to try.
        let (points, _) = try Self.read("semicolon.csv", CSVDialectOptions(decimalComma: false))
        #expect(points["umsatz"]?.kind != .float && points["umsatz"]?.string(at: 0) == "1.234,50")
        #expect(throws: CSVError.self) { try Self.read("semicolon.csv", CSVDialectOptions(delimiter: UInt8(ascii: ","))) }
        do { _ = try Self.read("semicolon.csv", CSVDialectOptions(delimiter: UInt8(ascii: ","))) } catch {
            #expect("\(error)".hasSuffix("semicolon.csv:2: expected 1 fields as in the header, found 3 (the header has no ','; if the "
                                                + "file is delimited by ';', tab or '|', give --delimiter)"), "\(error)")
        }
    }

    @Test func aStandardFileIsReadAsBeforeWithNoNotes() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("std-\(UUID().uuidString).csv").path
        try "a,b\n1,\"x;y\"\n2,z\n".write(toFile: path, atomically: true, encoding: .utf8)
        var notes: [String] = []
        let f = try CSVReader.read(path: path, dialect: CSVDialectOptions(), notes: &notes)
        #expect(notes.isEmpty && f.columnNames == ["a", "b"] && f["b"]?.string(at: 0) == "x;y")
        // A tab-separated file with a comma inside a value: tab wins, its lines line up.
        try "name\tnote\nAnn\tlate, again\nBo\tok\n".write(toFile: path, atomically: true, encoding: .utf8)
        let tsv = try CSVReader.read(path: path, dialect: CSVDialectOptions(), notes: &notes)
        #expect(tsv.columnNames == ["name", "note"] && tsv["note"]?.string(at: 0) == "late, again")
        #expect(notes.last?.hasPrefix("delimiter tab") == true, "\(notes)")
    }

    @Test func latinOneBeyondTheSampleIsStillConverted() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("late-\(UUID().uuidString).csv").path
        var bytes = Array("id,city\n".utf8)
        for i in 0..<10_000 { bytes += Array("\(i),Paris\n".utf8) }
        bytes += Array("10000,Besan".utf8) + [0xE7] + Array("on\n".utf8)   // ç in Latin-1, past the first 64 KiB
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        var notes: [String] = []
        let f = try CSVReader.read(path: path, dialect: CSVDialectOptions(), notes: &notes)
        #expect(f.rowCount == 10_001 && f["city"]?.string(at: 10_000) == "Besançon")
        #expect(notes == ["not UTF-8 (line 10002): read as Windows-1252 (Latin-1) and converted to UTF-8"], "\(notes)")
    }

    @Test func gzipXzAndZipReadTheSameTable() throws {
        let (gz, gzNotes) = try Self.read("sales.csv.gz")   // two gzip members, as `cat a.gz b.gz` makes
        let (xz, _) = try Self.read("sales.csv.xz")
        let (zip, _) = try Self.read("sales.zip")
        #expect(gz.rowCount == 200 && gz.columnNames == ["row_id", "region", "units", "price"])
        #expect(gzNotes == ["decompressed 3413 bytes"])
        for other in [xz, zip] {
            #expect(other.rowCount == 200 && Self.numbers(other, "units") == Self.numbers(gz, "units"))
            #expect(Self.numbers(other, "price") == Self.numbers(gz, "price"))
        }
        #expect(Self.numbers(gz, "row_id") == (1...200).map(Double.init))
    }

    @Test func damagedArchivesAreOneClearLine() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let gz = try Data(contentsOf: URL(fileURLWithPath: Self.files + "/sales.csv.gz"))
        FileManager.default.createFile(atPath: dir + "/cut.csv.gz", contents: gz.prefix(gz.count / 3))
        FileManager.default.createFile(atPath: dir + "/junk.csv.xz", contents: Data("not xz at all".utf8))
        var notes: [String] = []
        for (file, message) in [("cut.csv.gz", "the compressed data ends early (truncated?)"), ("junk.csv.xz", "corrupt .xz data")] {
            do { _ = try CSVReader.read(path: dir + "/" + file, dialect: CSVDialectOptions(), notes: &notes); Issue.record("\(file) read") } catch {
                #expect(error.description.contains(file) && error.description.contains(message), "\(error)")
            }
        }
        do { _ = try CSVReader.read(path: Self.files + "/competition.zip", dialect: CSVDialectOptions(), notes: &notes) } catch {
            #expect(error.description.contains("the zip holds 3 CSV files (shop/train.csv, shop/test.csv, shop/sample_submission.csv)"), "\(error)")
        }
    }

    @Test func decimalCommaNumbersAreRecognisedStrictly() {
        let yes = ["0,5", "-2,75", "1.234,50", "12.345.678,9", "42", "+3,0"], no = ["1.23", "12,34,5", "1.2345,6", ",5", "5,", "a,b", "1..234"]
        for v in yes { #expect(CSVDialect.isDecimalCommaNumber(Array(v.utf8)), "\(v)") }
        for v in no { #expect(!CSVDialect.isDecimalCommaNumber(Array(v.utf8)), "\(v)") }
    }
}
