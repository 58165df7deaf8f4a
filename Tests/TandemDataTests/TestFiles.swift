import Foundation
@testable import TandemData

/// A temporary folder removed when the value is released.
final class TempDir {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("tandem-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    func write(_ name: String, _ text: String) -> String {
        write(name, bytes: Array(text.utf8))
    }

    @discardableResult
    func write(_ name: String, bytes: [UInt8]) -> String {
        let p = path(name)
        _ = FileManager.default.createFile(atPath: p, contents: Data(bytes))
        return p
    }
}

/// Reads CSV text through a real file.
func readCSV(_ text: String, options: CSVReadOptions = CSVReadOptions()) throws -> DataFrame {
    let dir = TempDir()
    return try CSVReader.read(path: dir.write("t.csv", text), options: options)
}

func readError(_ bytes: [UInt8], options: CSVReadOptions = CSVReadOptions()) -> CSVError? {
    let dir = TempDir()
    do {
        _ = try CSVReader.read(path: dir.write("bad.csv", bytes: bytes), options: options)
        return nil
    } catch {
        return error
    }
}

func readError(_ text: String, options: CSVReadOptions = CSVReadOptions()) -> CSVError? {
    readError(Array(text.utf8), options: options)
}

/// Every value of a column as display text ("∅" for missing), for comparisons.
func values(_ column: Column?) -> [String] {
    guard let column else { return [] }
    return (0..<column.count).map { column.string(at: $0) ?? "∅" }
}

/// Small options that force many parallel segments on small inputs.
func tinySegments(_ bytes: Int = 64) -> CSVReadOptions {
    var o = CSVReadOptions()
    o.chunkBytes = bytes
    return o
}
