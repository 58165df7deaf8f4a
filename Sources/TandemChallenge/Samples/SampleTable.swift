import Foundation
import TandemData

/// One cell of a generated row.
public enum SampleCell: Sendable {
    case int(Int)
    case number(Double, decimals: Int)
    case text(String)
    case date(Int)          // days since 1970-01-01
    case missing
}

/// Writes a generated challenge's rows: training rows (features and label) to
/// train.csv; test rows to test.csv and their labels to key/test_labels.csv;
/// the mechanism's own prediction for every row to key/oracle.csv; side tables (lookups, histories, notes) to files of
/// their own. The first `idCount` cells of a row are its id (a composite id when more than one).
public final class SampleTable {
    private let train: CSVByteWriter
    private let test: CSVByteWriter
    private let labels: CSVByteWriter
    private let oracle: CSVByteWriter?
    public private(set) var trainRows = 0
    public private(set) var testRows = 0
    let idCount: Int
    private(set) var sides: [(file: String, contents: String)] = []

    init(folder: String, header: [String], target: String, idCount: Int, withOracle: Bool) throws(CSVError) {
        self.idCount = idCount
        let idColumns = header.prefix(idCount).joined(separator: ",")
        train = try CSVByteWriter(path: folder + "/train.csv")
        test = try CSVByteWriter(path: folder + "/test.csv")
        labels = try CSVByteWriter(path: folder + "/key/test_labels.csv")
        oracle = withOracle ? try CSVByteWriter(path: folder + "/key/oracle.csv") : nil
        train.text((header + [target]).joined(separator: ","))
        train.newline()
        test.text(header.joined(separator: ","))
        test.newline()
        labels.text("\(idColumns),\(target)")
        labels.newline()
        oracle?.text("\(idColumns),oracle")
        oracle?.newline()
    }

    /// `cells[0]` is the id. `expected` is the mechanism's expected value
    /// (regression) or probability of the positive class (binary), where the mechanism has one.
    public func row(_ cells: [SampleCell], label: SampleCell, expected: Double?, isTest: Bool) {
        let w = isTest ? test : train
        for (i, c) in cells.enumerated() {
            if i > 0 { w.comma() }
            write(c, to: w)
        }
        if isTest {
            writeId(cells, to: labels)
            labels.comma()
            write(label, to: labels)
            labels.newline()
            testRows += 1
        } else {
            w.comma()
            write(label, to: w)
            trainRows += 1
        }
        w.newline()
        if let oracle, let expected {
            writeId(cells, to: oracle)
            oracle.comma()
            oracle.fixed(expected, decimals: 6)
            oracle.newline()
        }
    }

    private func writeId(_ cells: [SampleCell], to w: CSVByteWriter) {
        for (i, c) in cells.prefix(idCount).enumerated() {
            if i > 0 { w.comma() }
            write(c, to: w)
        }
    }

    /// A side table's file (relative to the challenge folder), written by the generator after the rows.
    public func side(_ file: String, _ contents: String) { sides.append((file, contents)) }

    private func write(_ c: SampleCell, to w: CSVByteWriter) {
        switch c {
        case .int(let v): w.int(v)
        case .number(let v, let d): w.fixed(v, decimals: d)
        case .text(let s): w.field(s)
        case .date(let days): w.text(formatDay(days))
        case .missing: break
        }
    }

    func close() throws(CSVError) {
        try train.close()
        try test.close()
        try labels.close()
        try oracle?.close()
    }

    private func formatDay(_ days: Int) -> String { String(formatDate(seconds: Int64(days) * 86_400).prefix(10)) }
}
