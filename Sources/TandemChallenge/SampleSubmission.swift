import Foundation
import TandemData

/// sample_submission.csv: the header and the id order every submission of the challenge is written in.
public struct SampleSubmission: Sendable {
    public static let names = ["sample_submission.csv", "sampleSubmission.csv", "sample-submission.csv"]

    public let file: String
    public let header: [String]
    public let ids: [String]

    public var fileName: String { (file as NSString).lastPathComponent }

    static func read(folder: String) throws(ChallengeError) -> SampleSubmission? {
        let stems = names.map { String($0.dropLast(4)) }
        guard let file = stems.lazy.compactMap({ ChallengeLoader.csvFile(folder, $0) }).first else { return nil }
        let frame = try ChallengeLoader.readCSV(file)
        guard frame.columns.count >= 2 else {
            throw ChallengeError(file: file, "needs an id column and at least one prediction column")
        }
        return SampleSubmission(file: file, header: frame.columnNames, ids: [], frame: frame)
    }

    init(file: String, header: [String], ids: [String], frame: DataFrame? = nil) {
        self.file = file
        self.header = header
        self.ids = ids
        self.frame = frame
    }

    /// The sample read as a table, until the id columns are known (`keyed(by:)`).
    let frame: DataFrame?

    /// The sample with its ids read from the challenge's id columns (its leading columns).
    func keyed(by idColumns: [String]) throws(ChallengeError) -> SampleSubmission {
        guard Array(header.prefix(idColumns.count)) == idColumns, header.count > idColumns.count else {
            throw ChallengeError(file: file, "its leading columns are \(header.prefix(idColumns.count).map { "\"\($0)\"" }.joined(separator: ", ")), "
                                 + "not the id columns \(idColumns.map { "\"\($0)\"" }.joined(separator: ", ")) of test.csv")
        }
        let ids = frame.flatMap { ChallengeIds.values($0, columns: idColumns) } ?? self.ids
        return SampleSubmission(file: file, header: header, ids: ids)
    }

    /// The columns after the ids: what a submission predicts.
    public func predictionColumns(idCount: Int) -> [String] { Array(header.dropFirst(idCount)) }

    /// The sample must list exactly test.csv's ids, each once.
    func check(test: DataFrame, spec: ChallengeSpec) throws(ChallengeError) {
        guard let expected = ChallengeIds.values(test, columns: spec.idColumns) else { return }
        var seen = Set<String>()
        for (row, id) in ids.enumerated() where !seen.insert(id).inserted {
            throw ChallengeError(file: "\(file):\(row + 2)", "id \"\(ChallengeIds.display(id))\" appears twice")
        }
        let testSet = Set(expected)
        if let stray = ids.first(where: { !testSet.contains($0) }) {
            throw ChallengeError(file: file, "id \"\(ChallengeIds.display(stray))\" is not in test.csv (its ids must be test.csv's)")
        }
        if let missing = expected.first(where: { !seen.contains($0) }) {
            throw ChallengeError(file: file, "test.csv's id \"\(ChallengeIds.display(missing))\" is missing (its ids must be test.csv's)")
        }
    }
}
