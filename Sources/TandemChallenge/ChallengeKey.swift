import Foundation
import TandemData
import TandemModel
import TandemRecipe
import TOMLKit

/// The hidden answers: key/test_labels.csv and key/documents.toml. Read only
/// to score submissions and grade flags, never shown to an agent.
public struct ChallengeKey: Sendable {
    public let labels: [String: String]
    /// Document id → helpful, adversarial or neutral.
    public let verdicts: [String: String]

    public static func load(_ challenge: Challenge) throws(ChallengeError) -> ChallengeKey {
        let file = challenge.folder + "/key/test_labels.csv"
        let frame = try ChallengeLoader.readCSV(file)
        let spec = challenge.spec
        guard let ids = frame[spec.idColumn], let values = frame[spec.target] else {
            throw ChallengeError(file: file, "needs the columns \(spec.idColumn),\(spec.target)")
        }
        var labels: [String: String] = [:]
        for r in 0..<frame.rowCount {
            guard let id = ids.string(at: r), let v = values.string(at: r) else { throw ChallengeError(file: "\(file):\(r + 2)", "an id or label is missing") }
            guard labels.updateValue(v, forKey: id) == nil else { throw ChallengeError(file: "\(file):\(r + 2)", "id \"\(id)\" appears twice") }
        }
        guard let testIds = challenge.test[spec.idColumn] else { throw ChallengeError(file: file, "test.csv has no id column") }
        let expected = Set((0..<testIds.count).compactMap { testIds.string(at: $0) })
        if let stray = Set(labels.keys).subtracting(expected).sorted().first { throw ChallengeError(file: file, "id \"\(stray)\" is not in test.csv") }
        if let missing = expected.subtracting(labels.keys).sorted().first { throw ChallengeError(file: file, "test id \"\(missing)\" has no label") }
        var verdicts: [String: String] = [:]
        let docsFile = challenge.folder + "/key/documents.toml"
        if let text = try? String(contentsOfFile: docsFile, encoding: .utf8) {
            do {
                let t = try TOMLTable(string: text)
                for entry in t["document"]?.array ?? TOMLArray() {
                    guard let e = entry.table, let name = e["file"]?.string, let verdict = e["verdict"]?.string,
                          ["helpful", "adversarial", "neutral"].contains(verdict) else {
                        throw ChallengeError(file: docsFile, field: "document", "each [[document]] needs file and verdict = helpful|adversarial|neutral")
                    }
                    verdicts[name.hasSuffix(".md") ? String(name.dropLast(3)) : name] = verdict
                }
            } catch let e as ChallengeError { throw e } catch { throw ChallengeError(file: docsFile, "\(error)") }
        }
        return ChallengeKey(labels: labels, verdicts: verdicts)
    }
}

/// Scores test predictions against the key, with the validity checks of
/// AgentDS's submission API: one prediction per test id, every id exactly
/// once, labels from the known set.
public enum SubmissionScorer {
    public static func score(_ challenge: Challenge, key: ChallengeKey, ids: [String], predictions: Predictions,
                             classes: [String], threshold: Double = 0.5) throws(ChallengeError) -> Double {
        let file = challenge.folder + "/key/test_labels.csv"
        guard ids.count == key.labels.count else { throw ChallengeError(file: "submission", "\(ids.count) predictions for \(key.labels.count) test rows") }
        guard predictions.rows == ids.count else { throw ChallengeError(file: "submission", "\(predictions.rows) predictions for \(ids.count) ids") }
        var seen = Set<String>()
        var truth: [Double] = []
        for id in ids {
            guard seen.insert(id).inserted else { throw ChallengeError(file: "submission", "id \"\(id)\" is predicted twice") }
            guard let label = key.labels[id] else { throw ChallengeError(file: "submission", "id \"\(id)\" is not a test id") }
            if challenge.spec.task == .regression {
                guard let v = Double(label) else { throw ChallengeError(file: file, "label \"\(label)\" of id \(id) is not a number") }
                truth.append(v)
            } else {
                guard let k = classes.firstIndex(of: label) ?? classes.firstIndex(where: { Double($0) != nil && Double($0) == Double(label) }) else {
                    throw ChallengeError(file: file, "label \"\(label)\" of id \(id) is not one of the training classes \(classes.joined(separator: ", "))")
                }
                truth.append(Double(k))
            }
        }
        do { return try challenge.spec.metric.score(truth: truth, predictions: predictions, threshold: threshold) } catch {
            throw ChallengeError(file: "submission", error.message)
        }
    }
}
