import Foundation
import TandemData
import TandemModel

/// submission.csv (DESIGN.md section 3): in sample_submission's format when the challenge ships one, else
/// `<id_column>,<target>`. Classification writes labels, except for auc, normalized_gini and logloss, which write
/// positive-class probabilities (multiclass: one column per class). Validated before it is written, as AgentDS's
/// submission client validated: the row count, every test id exactly once, known labels, probabilities in [0, 1].
public struct SubmissionFile: Sendable, Equatable {
    public let header: [String]
    public let rows: [[String]]

    public init(header: [String], rows: [[String]]) {
        self.header = header
        self.rows = rows
    }

    public var text: String {
        ([header] + rows).map { $0.map(Self.quoted).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    public var sha256: String { SHA256.hex(Array(text.utf8)) }

    static func quoted(_ field: String) -> String {
        field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
            ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
    }

    /// Whether a metric scores probabilities rather than labels.
    public static func writesProbabilities(_ metric: Metric, task: TaskKind) -> Bool {
        task != .regression && [.auc, .normalizedGini, .logloss].contains(metric)
    }

    /// The file for predictions of test.csv's rows (`ids` in test order), validated.
    public static func make(_ challenge: Challenge, ids: [String], predictions p: Predictions, classes: [String],
                            threshold: Double) throws(ChallengeError) -> SubmissionFile {
        try make(challenge.spec, sample: challenge.sampleSubmission, ids: ids, predictions: p, classes: classes, threshold: threshold)
    }

    /// The same file for any rows (`tandem predict` on new data): `<id>,<target>`, no sample format.
    public static func make(_ spec: ChallengeSpec, sample: SampleSubmission?, ids: [String], predictions p: Predictions, classes: [String],
                            threshold: Double) throws(ChallengeError) -> SubmissionFile {
        guard p.rows == ids.count else { throw ChallengeError(file: "submission", "\(p.rows) predictions for \(ids.count) test rows") }
        let probabilities = writesProbabilities(spec.metric, task: spec.task)
        let idCount = spec.idColumns.count
        let predicted = sample?.predictionColumns(idCount: idCount)
        // Per-class columns: the sample's own when it has one per class (any order), else the classes in order.
        var classColumns: [String]?
        if probabilities && spec.task == .multiclass {
            if let h = predicted, h.count == classes.count, Set(h) == Set(classes) { classColumns = h }
            else if predicted == nil || predicted?.count != 1 { classColumns = classes }
        }
        let idHeader = sample.map { Array($0.header.prefix(idCount)) } ?? spec.idColumns
        let header = idHeader + (classColumns ?? [predicted?.first ?? spec.target])
        let labels = spec.task == .regression ? [] : p.labels(threshold: threshold)
        var byId: [String: Int] = [:]
        for (row, id) in ids.enumerated() {
            guard byId.updateValue(row, forKey: id) == nil else {
                throw ChallengeError(file: "submission", "test id \"\(ChallengeIds.display(id))\" appears twice")
            }
        }
        let order = sample?.ids ?? ids
        var rows: [[String]] = []
        rows.reserveCapacity(order.count)
        for id in order {
            guard let r = byId[id] else {
                let sampleName = sample?.fileName ?? "the sample"
                throw ChallengeError(file: "submission", "id \"\(ChallengeIds.display(id))\" of \(sampleName) is not a test id")
            }
            var line = idCount == 1 ? [id] : ChallengeIds.parts(id)
            if let classColumns {
                for c in classColumns {
                    guard let k = classes.firstIndex(of: c) else { throw ChallengeError(file: "submission", "column \"\(c)\" is not a class") }
                    line.append(formatNumber(p.probability(row: r, ofClass: k)))
                }
            } else if spec.task == .regression {
                line.append(formatNumber(p.values[r]))
            } else if probabilities && spec.task == .binary {
                line.append(formatNumber(p.values[r]))
            } else {
                guard classes.indices.contains(labels[r]) else { throw ChallengeError(file: "submission", "row \(r + 1) predicts no known class") }
                line.append(classes[labels[r]])
            }
            rows.append(line)
        }
        let file = SubmissionFile(header: header, rows: rows)
        try file.validate(task: spec.task, testIds: ids, classes: classes, probabilities: probabilities, idCount: idCount)
        return file
    }

    /// The checks a submission client makes before it accepts a file; the error names the row and the value.
    /// `idCount`: how many leading columns make the id (two for a key such as sku_id,week).
    public func validate(task: TaskKind, testIds: [String], classes: [String], probabilities: Bool, idCount: Int = 1) throws(ChallengeError) {
        guard rows.count == testIds.count else { throw ChallengeError(file: "submission", "\(rows.count) rows for \(testIds.count) test rows") }
        let expected = Set(testIds)
        var seen = Set<String>()
        let known = Set(classes)
        for (i, row) in rows.enumerated() {
            let line = "submission row \(i + 2)"
            guard row.count == header.count, row.count > idCount else {
                throw ChallengeError(file: line, "has \(row.count) fields for \(header.count) columns")
            }
            let id = ChallengeIds.join(Array(row.prefix(idCount)))
            guard expected.contains(id) else { throw ChallengeError(file: line, "id \"\(ChallengeIds.display(id))\" is not a test id") }
            guard seen.insert(id).inserted else { throw ChallengeError(file: line, "id \"\(ChallengeIds.display(id))\" appears twice") }
            for (column, value) in zip(header.dropFirst(idCount), row.dropFirst(idCount)) {
                if task == .regression || probabilities {
                    guard let v = Double(value), v.isFinite else { throw ChallengeError(file: line, field: column, "\"\(value)\" is not a finite number") }
                    if probabilities && !(0...1).contains(v) { throw ChallengeError(file: line, field: column, "probability \(value) is outside [0, 1]") }
                } else if !known.contains(value) {
                    throw ChallengeError(file: line, field: column, "label \"\(value)\" is not one of the training labels")
                }
            }
        }
        if let missing = testIds.first(where: { !seen.contains($0) }) {
            throw ChallengeError(file: "submission", "test id \"\(ChallengeIds.display(missing))\" has no prediction")
        }
    }

    /// Writes the file atomically (a reader never sees half of it), creating its folder.
    public func write(to path: String) throws(ChallengeError) {
        let dir = (path as NSString).deletingLastPathComponent
        do {
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ChallengeError(file: path, "cannot be written: \(error.localizedDescription)")
        }
    }
}
