import Foundation
import TandemData
import TandemModel
import TandemRecipe
import TOMLKit

/// The hidden answers: key/test_labels.csv and key/documents.toml. Read only
/// to score submissions and grade flags, never shown to an agent.
public struct ChallengeKey: Sendable {
    /// Test id → label; nil when the challenge has no key/test_labels.csv (it is unscored).
    public let labels: [String: String]?
    /// Document id → helpful, adversarial or neutral.
    public let verdicts: [String: String]

    public static let verdictNames = ["helpful", "adversarial", "neutral"]

    public static func load(_ challenge: Challenge) throws(ChallengeError) -> ChallengeKey {
        ChallengeKey(labels: try loadLabels(challenge), verdicts: try loadVerdicts(challenge))
    }

    static func loadLabels(_ challenge: Challenge) throws(ChallengeError) -> [String: String]? {
        let file = challenge.folder + "/key/test_labels.csv"
        guard FileManager.default.fileExists(atPath: file) else { return nil }
        let frame = try ChallengeLoader.readCSV(file)
        let spec = challenge.spec
        guard let ids = ChallengeIds.values(frame, columns: spec.idColumns), let values = frame[spec.target] else {
            throw ChallengeError(file: file, "needs the columns \(spec.idColumns.joined(separator: ",")),\(spec.target)")
        }
        var labels: [String: String] = [:]
        for (r, id) in ids.enumerated() {
            guard !ChallengeIds.parts(id).contains(""), let v = values.string(at: r) else {
                throw ChallengeError(file: "\(file):\(r + 2)", "an id or label is missing")
            }
            guard labels.updateValue(v, forKey: id) == nil else {
                throw ChallengeError(file: "\(file):\(r + 2)", "id \"\(ChallengeIds.display(id))\" appears twice")
            }
        }
        guard let testIds = ChallengeIds.values(challenge.test, columns: spec.idColumns) else {
            throw ChallengeError(file: file, "test.csv has no id column")
        }
        let expected = Set(testIds)
        if let stray = Set(labels.keys).subtracting(expected).sorted().first {
            throw ChallengeError(file: file, "id \"\(ChallengeIds.display(stray))\" is not in test.csv")
        }
        if let missing = expected.subtracting(labels.keys).sorted().first {
            throw ChallengeError(file: file, "test id \"\(ChallengeIds.display(missing))\" has no label")
        }
        return labels
    }

    /// key/documents.toml; each entry's `file` may be `NN-slug.md`, `docs/NN-slug.md` or the document id, and must
    /// name a document of the folder: an entry that names none is an error, never a verdict silently left unmatched.
    static func loadVerdicts(_ challenge: Challenge) throws(ChallengeError) -> [String: String] {
        let docsFile = challenge.folder + "/key/documents.toml"
        guard FileManager.default.fileExists(atPath: docsFile) else { return [:] }
        let table = try ChallengeLoader.readTOML(docsFile)
        guard let entries = table["document"] else { return [:] }
        guard let array = entries.array else { throw ChallengeError(file: docsFile, field: "document", "must be [[document]] tables") }
        let known = challenge.documentFileIds
        var verdicts: [String: String] = [:]
        for (i, entry) in array.enumerated() {
            let label = "[[document]] entry \(i + 1)"
            guard let e = entry.table else { throw ChallengeError(file: docsFile, field: "document", "\(label) is not a table") }
            guard let name = e["file"]?.string ?? e["id"]?.string, !name.isEmpty else {
                throw ChallengeError(file: docsFile, field: "file", "\(label) names no document (file = \"NN-slug.md\")")
            }
            guard let verdict = e["verdict"]?.string, verdictNames.contains(verdict) else {
                throw ChallengeError(file: docsFile, field: "verdict", "\(label) (\(name)): verdict must be helpful, adversarial or neutral")
            }
            guard let id = documentId(name, known: known) else {
                let listed = known.sorted().prefix(12).joined(separator: ", ")
                throw ChallengeError(file: docsFile, field: "file", "\(label) names \"\(sanitizeForDisplay(name, limit: 80))\", which is not a document "
                                     + "of \(challenge.folder)/docs" + (known.isEmpty ? " (it has none)" : " (there: \(listed))"))
            }
            if let earlier = verdicts[id], earlier != verdict {
                throw ChallengeError(file: docsFile, field: "verdict", "\(label) gives \(id) the verdict \(verdict) after \(earlier)")
            }
            verdicts[id] = verdict
        }
        return verdicts
    }

    /// The document id a key entry names, or nil when it names none of `known`.
    static func documentId(_ name: String, known: Set<String>) -> String? {
        var n = name.trimmingCharacters(in: .whitespaces)
        while n.hasPrefix("./") { n.removeFirst(2) }
        if n.hasPrefix("docs/") { n.removeFirst(5) }
        if known.contains(n) { return n }
        if let id = ChallengeDocument.id(ofFile: n), known.contains(id) { return id }
        return nil
    }
}

/// Scores test predictions against the key, with the validity checks of
/// AgentDS's submission API: one prediction per test id, every id exactly
/// once, labels from the known set.
public enum SubmissionScorer {
    public static func score(_ challenge: Challenge, key: ChallengeKey, ids: [String], predictions: Predictions,
                             classes: [String], threshold: Double = 0.5) throws(ChallengeError) -> Double {
        let file = challenge.folder + "/key/test_labels.csv"
        guard let labels = key.labels else { throw ChallengeError(file: file, "is missing: this challenge is unscored") }
        guard ids.count == labels.count else { throw ChallengeError(file: "submission", "\(ids.count) predictions for \(labels.count) test rows") }
        guard predictions.rows == ids.count else { throw ChallengeError(file: "submission", "\(predictions.rows) predictions for \(ids.count) ids") }
        var seen = Set<String>()
        var truth: [Double] = []
        for id in ids {
            guard seen.insert(id).inserted else { throw ChallengeError(file: "submission", "id \"\(id)\" is predicted twice") }
            guard let label = labels[id] else { throw ChallengeError(file: "submission", "id \"\(id)\" is not a test id") }
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
