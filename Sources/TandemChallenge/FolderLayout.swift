import Foundation
import TandemData
import TandemModel

/// A challenge folder as Kaggle, AgentDS and MLE-bench ship them (DESIGN.md section 3): train.csv, test.csv,
/// optionally sample_submission.csv, description.md or README.md, and docs/; no challenge.toml. The spec is
/// inferred, each answer with its reason, unless the command line gives it.
enum FolderLayout {
    static let briefFiles = ["description.md", "DESCRIPTION.md", "README.md", "readme.md", "overview.md", "description.txt"]

    struct Inferred {
        var spec: ChallengeSpec
        var notes: [String]
        /// train.csv less any column test.csv lacks other than the target (Kaggle ships such columns: they are
        /// known only after the fact, so a model must not use them).
        var train: DataFrame
    }

    static func inferSpec(folder: String, train: DataFrame, test: DataFrame, sample: SampleSubmission?,
                          overrides o: ChallengeOverrides) throws(ChallengeError) -> Inferred {
        let trainFile = folder + "/train.csv", testFile = folder + "/test.csv"
        var notes: [String] = []
        let testColumns = Set(test.columnNames)
        let trainOnly = train.columnNames.filter { !testColumns.contains($0) }
        // sample_submission's leading columns that test.csv has are the id (one, or a composite such as sku_id,week).
        let leading = sample.map { Array($0.header.prefix { testColumns.contains($0) }) } ?? []
        // The target: --target, else sample_submission's second column when it is a train column, else the one train column test lacks.
        let target: String
        if let t = o.target {
            target = t
        } else if let s = sample, !leading.isEmpty, s.header.count == leading.count + 1, train[s.header[leading.count]] != nil {
            target = s.header[leading.count]
            notes.append("target \"\(target)\": the " + (leading.count == 1 ? "second column" : "column after the id columns") + " of \(s.fileName)")
        } else if trainOnly.count == 1 {
            target = trainOnly[0]
            notes.append("target \"\(target)\": the only column of train.csv that test.csv lacks")
        } else {
            let shown = trainOnly.prefix(6).map { "\"\($0)\"" }.joined(separator: ", ")
            throw ChallengeError(file: trainFile, trainOnly.isEmpty
                ? "cannot tell the target: every column is also in test.csv (give --target)"
                : "cannot tell the target among the columns test.csv lacks (\(shown)): give --target")
        }
        guard let targetColumn = train[target] else { throw ChallengeError(file: trainFile, "the target column \"\(target)\" (--target) is not a column") }
        // The id: --id, else sample_submission's first column, else a column of test.csv named like an id with unique values.
        let idColumns: [String]
        if let i = o.idColumn {
            idColumns = ChallengeOverrides.idList(i)
        } else if let s = sample, leading.isEmpty {
            throw ChallengeError(file: s.file, "its first column \"\(sanitizeForDisplay(s.header.first ?? "", limit: 40))\" is not a column of "
                                 + "test.csv, so it cannot be the id (give --id)")
        } else if let s = sample, !leading.isEmpty {
            idColumns = leading
            notes.append(leading.count == 1 ? "id \"\(leading[0])\": the first column of \(s.fileName)"
                         : "id (\(leading.joined(separator: ", "))): the leading columns of \(s.fileName) that test.csv has, a composite key")
        } else if let found = ChallengeInference.idColumn(test, excluding: [target]) {
            idColumns = [found]
            notes.append("id \"\(found)\": named like an id, every value of test.csv unique")
        } else {
            throw ChallengeError(file: testFile, "cannot tell the id column (no sample_submission.csv, "
                                 + "no column named like an id with unique values): give --id")
        }
        for id in idColumns where train[id] == nil { throw ChallengeError(file: trainFile, "the id column \"\(id)\" is missing") }
        let dropped = trainOnly.filter { $0 != target }
        var kept = train
        if !dropped.isEmpty {
            kept = DataFrame(columns: train.columns.filter { !dropped.contains($0.name) })
            notes.append("left out of train.csv, as test.csv lacks them: " + dropped.map { "\"\($0)\"" }.joined(separator: ", "))
        }
        let (task, metric) = try taskAndMetric(o, target: targetColumn, file: trainFile, notes: &notes)
        var time: String?
        if let t = o.timeColumn {
            time = t == "none" ? nil : t
        } else if let found = ChallengeInference.timeColumn(kept, excluding: Set([target] + (idColumns.count == 1 ? idColumns : []))) {
            // A part of a composite id may be the time (sku_id, week), as AgentDS's weekly challenges have it.
            time = found.column
            notes.append("time column \"\(found.column)\": \(found.reason), so validation is forward-chaining (--time none turns it off)")
        }
        let folderName = (folder as NSString).standardizingPath.split(separator: "/").last.map(String.init) ?? "challenge"
        var brief = "", title = folderName
        if let file = briefFiles.map({ folder + "/" + $0 }).first(where: { FileManager.default.fileExists(atPath: $0) }),
           let text = try? String(contentsOfFile: file, encoding: .utf8) {
            brief = text.trimmingCharacters(in: .whitespacesAndNewlines)
            if let heading = brief.split(separator: "\n").first(where: { $0.hasPrefix("#") }) {
                let h = heading.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                if !h.isEmpty { title = String(h.prefix(80)) }
            }
            notes.append("brief: \((file as NSString).lastPathComponent)")
        }
        let spec = ChallengeSpec(id: ChallengeInference.slug(folderName), title: title, industry: "other", task: task, target: target,
                                 idColumns: idColumns, metric: metric, timeColumn: time, positiveLabel: o.positiveLabel,
                                 description: brief.isEmpty ? "Predict \(target) for the rows of test.csv." : brief,
                                 source: "folder without challenge.toml: \(folder)")
        return Inferred(spec: spec, notes: notes, train: kept)
    }

    /// The task and metric: given, or inferred from the target (a given metric picks the task it fits).
    static func taskAndMetric(_ o: ChallengeOverrides, target: Column, file: String, notes: inout [String]) throws(ChallengeError) -> (TaskKind, Metric) {
        let task: TaskKind
        if let t = o.task {
            task = t
        } else {
            let choice = try ChallengeInference.task(target: target, file: file)
            task = choice.task
            notes.append("task \(task.rawValue): \(choice.reason)")
        }
        let metric: Metric
        if let m = o.metric {
            metric = m
        } else {
            metric = defaultMetric(task)
            notes.append("metric \(metric.rawValue): the default for a \(task.rawValue) task (--metric picks another)")
        }
        do { try metric.check(task: task) } catch { throw ChallengeError(file: file, field: "metric", error.message) }
        return (task, metric)
    }

    static func defaultMetric(_ task: TaskKind) -> Metric {
        switch task {
        case .regression: .rmse
        case .binary: .auc
        case .multiclass: .macroF1
        }
    }

    /// The inferred spec as one text, hashed into the challenge's SHA-256.
    static func canonicalText(_ s: ChallengeSpec) -> String {
        [s.id, s.task.rawValue, s.target, s.idColumns.joined(separator: ","), s.metric.rawValue, s.timeColumn ?? "",
         s.positiveLabel ?? ""].joined(separator: "\u{1F}")
    }
}
