import Foundation
import TandemData

/// A CSV file as raw records, so `tandem new` copies the analyst's rows byte for byte (quoting, number formats and
/// all) instead of re-printing what the typed reader made of them. RFC 4180: quoted fields may hold commas,
/// doubled quotes and line breaks; records end in LF or CRLF; a UTF-8 BOM and blank lines are skipped.
struct CSVRecords {
    let file: String
    let bytes: [UInt8]
    let header: [String]
    /// Each data record's byte range, without its line ending.
    let records: [Range<Int>]

    /// The file as the reader sees it: decompressed and in standard form (CSVReader.standardBytes), the dialect's
    /// findings in `notes`.
    static func read(_ file: String, dialect: CSVDialectOptions = CSVDialectOptions(), notes: inout [String]) throws(ChallengeError) -> CSVRecords {
        guard FileManager.default.fileExists(atPath: file) else { throw ChallengeError(file: "cannot read \(file)", "no such file") }
        var found: [String] = []
        let bytes: [UInt8]
        do { bytes = try CSVReader.standardBytes(path: file, dialect: dialect, notes: &found) } catch {
            throw ChallengeError(file: file, error.message)
        }
        notes += found.map { "\((file as NSString).lastPathComponent): \($0)" }
        var start = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var ranges: [Range<Int>] = []
        var inQuotes = false, i = start
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if b == UInt8(ascii: "\n") && !inQuotes {
                let end = i > start && bytes[i - 1] == UInt8(ascii: "\r") ? i - 1 : i
                if end > start { ranges.append(start..<end) }
                start = i + 1
            }
            i += 1
        }
        if inQuotes { throw ChallengeError(file: file, "a quoted field is not closed before the end of the file") }
        let tail = start < bytes.count && bytes[bytes.count - 1] == UInt8(ascii: "\r") ? bytes.count - 1 : bytes.count
        if tail > start { ranges.append(start..<tail) }
        guard let first = ranges.first else { throw ChallengeError(file: file, "is empty: it needs a header row and data rows") }
        let probe = CSVRecords(file: file, bytes: bytes, header: [], records: [])
        let header = probe.fields(of: first).map { probe.value($0) }
        let records = Array(ranges.dropFirst())
        guard !records.isEmpty else { throw ChallengeError(file: file, "has a header but no rows") }
        return CSVRecords(file: file, bytes: bytes, header: header, records: records)
    }

    /// The raw byte ranges of a record's fields (quotes kept).
    func fields(of record: Range<Int>) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var inQuotes = false, start = record.lowerBound
        for i in record {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { inQuotes.toggle() } else if b == UInt8(ascii: ","), !inQuotes {
                out.append(start..<i)
                start = i + 1
            }
        }
        out.append(start..<record.upperBound)
        return out
    }

    /// The fields of data record `row`; an error names the line when it has the wrong number of them.
    func fields(row: Int) throws(ChallengeError) -> [Range<Int>] {
        let f = fields(of: records[row])
        guard f.count == header.count else {
            throw ChallengeError(file: file, "data row \(row + 1) has \(f.count) fields; the header has \(header.count)")
        }
        return f
    }

    /// A field's value: unquoted, doubled quotes undone.
    func value(_ field: Range<Int>) -> String {
        var slice = bytes[field]
        if slice.count >= 2, slice.first == UInt8(ascii: "\""), slice.last == UInt8(ascii: "\"") {
            slice = slice.dropFirst().dropLast()
            return String(decoding: slice, as: UTF8.self).replacingOccurrences(of: "\"\"", with: "\"")
        }
        return String(decoding: slice, as: UTF8.self)
    }
}

/// Builds a CSV file from raw fields and plain values.
struct CSVBuilder {
    private(set) var bytes: [UInt8] = []

    mutating func appendRaw(_ source: [UInt8], _ range: Range<Int>) { bytes.append(contentsOf: source[range]) }

    mutating func append(value: String) {
        let needsQuotes = value.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }
        bytes.append(contentsOf: Array((needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value).utf8))
    }

    mutating func comma() { bytes.append(UInt8(ascii: ",")) }
    mutating func endRecord() { bytes.append(UInt8(ascii: "\n")) }

    func write(to file: String) throws(ChallengeError) {
        guard FileManager.default.createFile(atPath: file, contents: Data(bytes)) else { throw ChallengeError(file: file, "cannot be written") }
    }
}
