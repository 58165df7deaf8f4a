import Foundation
import TandemData

/// sample_submission.csv: the header and the id order every submission of the challenge is written in.
public struct SampleSubmission: Sendable, Equatable {
    public static let names = ["sample_submission.csv", "sampleSubmission.csv", "sample-submission.csv"]

    public let file: String
    public let header: [String]
    public let ids: [String]

    public var fileName: String { (file as NSString).lastPathComponent }

    static func read(folder: String) throws(ChallengeError) -> SampleSubmission? {
        guard let file = names.map({ folder + "/" + $0 }).first(where: { FileManager.default.fileExists(atPath: $0) }) else { return nil }
        let frame = try ChallengeLoader.readCSV(file)
        guard frame.columns.count >= 2, let idColumn = frame.columns.first else {
            throw ChallengeError(file: file, "needs an id column and at least one prediction column")
        }
        let ids = (0..<frame.rowCount).map { idColumn.string(at: $0) ?? "" }
        return SampleSubmission(file: file, header: frame.columnNames, ids: ids)
    }

    /// The sample must list exactly test.csv's ids, each once.
    func check(test: DataFrame, spec: ChallengeSpec) throws(ChallengeError) {
        guard header.first == spec.idColumn else {
            throw ChallengeError(file: file, "its first column is \"\(header.first ?? "")\", not the id column \"\(spec.idColumn)\"")
        }
        guard let testIds = test[spec.idColumn] else { return }
        let expected = (0..<testIds.count).map { testIds.string(at: $0) ?? "" }
        var seen = Set<String>()
        for (row, id) in ids.enumerated() where !seen.insert(id).inserted {
            throw ChallengeError(file: "\(file):\(row + 2)", "id \"\(sanitizeForDisplay(id, limit: 40))\" appears twice")
        }
        let testSet = Set(expected)
        if let stray = ids.first(where: { !testSet.contains($0) }) {
            throw ChallengeError(file: file, "id \"\(sanitizeForDisplay(stray, limit: 40))\" is not in test.csv (its ids must be test.csv's)")
        }
        if let missing = expected.first(where: { !seen.contains($0) }) {
            throw ChallengeError(file: file, "test.csv's id \"\(sanitizeForDisplay(missing, limit: 40))\" is missing (its ids must be test.csv's)")
        }
    }
}
