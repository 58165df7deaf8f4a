import Foundation
import TandemData
import TandemModel
import TandemRecipe
import TOMLKit

/// A loaded, validated challenge folder.
public struct Challenge: Sendable {
    public let folder: String
    public let spec: ChallengeSpec
    public let train: DataFrame
    public let test: DataFrame
    public let documents: [ChallengeDocument]
    /// Documents skipped for broken front matter, each naming its file.
    public let warnings: [String]
    /// SHA-256 over challenge.toml, train.csv, test.csv and the documents, for session logs.
    public let sha256: String

    public var context: RecipeContext {
        RecipeContext(target: spec.target, task: spec.task, idColumn: spec.idColumn, timeColumn: spec.timeColumn)
    }
}

public enum ChallengeLoader {
    /// Loads and validates `folder`; every error names the file and the field or line.
    public static func load(folder: String) throws(ChallengeError) -> Challenge {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw ChallengeError(file: folder, "is not a challenge folder")
        }
        let specFile = folder + "/challenge.toml"
        let spec = try parseSpec(file: specFile)
        let train = try readCSV(folder + "/train.csv")
        let test = try readCSV(folder + "/test.csv")
        try validate(spec, train: train, test: test, folder: folder)
        var documents: [ChallengeDocument] = []
        var warnings: [String] = []
        let docsDir = folder + "/docs"
        let names = ((try? fm.contentsOfDirectory(atPath: docsDir)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        for name in names {
            let file = "\(docsDir)/\(name)"
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { warnings.append("\(file): skipped: not readable UTF-8 text"); continue }
            do {
                documents.append(try ChallengeDocument.parse(id: String(name.dropLast(3)), text: text, file: file))
            } catch {
                warnings.append("\(error.description) (document skipped)")
            }
        }
        var hasher = SHA256()
        for file in [specFile, folder + "/train.csv", folder + "/test.csv"] + names.map({ "\(docsDir)/\($0)" }) {
            if let data = fm.contents(atPath: file) { hasher.update(Array(data)) }
        }
        let digest = hasher.finalizeHex()
        return Challenge(folder: folder, spec: spec, train: train, test: test, documents: documents, warnings: warnings, sha256: digest)
    }

    static func readCSV(_ path: String) throws(ChallengeError) -> DataFrame {
        guard FileManager.default.fileExists(atPath: path) else { throw ChallengeError(file: path, "is missing") }
        do { return try CSVReader.read(path: path) } catch {
            throw ChallengeError(file: error.line.map { "\(path):\($0)" } ?? path, error.message)
        }
    }

    static func parseSpec(file: String) throws(ChallengeError) -> ChallengeSpec {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw ChallengeError(file: file, "is missing or not UTF-8 text") }
        let t: TOMLTable
        do { t = try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ChallengeError(file: "\(file):\(e.source.begin.line + 1)", e.description)
        } catch {
            throw ChallengeError(file: file, "\(error)")
        }
        func string(_ key: String, required: Bool = true) throws(ChallengeError) -> String? {
            guard let v = t[key] else {
                if required { throw ChallengeError(file: file, field: key, "is missing") }
                return nil
            }
            guard let s = v.string else { throw ChallengeError(file: file, field: key, "must be a string") }
            return s
        }
        let id = try string("id") ?? ""
        guard !id.isEmpty, id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "-" }), id.first != "-", id.last != "-" else {
            throw ChallengeError(file: file, field: "id", "\"\(id)\" is not kebab-case (lower-case letters, digits and dashes)")
        }
        let industry = try string("industry") ?? ""
        guard ChallengeSpec.industries.contains(industry) else {
            throw ChallengeError(file: file, field: "industry", "\"\(industry)\" is not one of \(ChallengeSpec.industries.joined(separator: ", "))")
        }
        let taskName = try string("task") ?? ""
        guard let task = TaskKind(rawValue: taskName) else { throw ChallengeError(file: file, field: "task", "\"\(taskName)\" is not regression, binary or multiclass") }
        let metricName = try string("metric") ?? ""
        guard let metric = Metric(rawValue: metricName) else {
            throw ChallengeError(file: file, field: "metric", "\"\(metricName)\" is not one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        do { try metric.check(task: task) } catch { throw ChallengeError(file: file, field: "metric", error.message) }
        return ChallengeSpec(id: id, title: try string("title") ?? "", industry: industry, task: task, target: try string("target") ?? "",
                             idColumn: try string("id_column") ?? "", metric: metric, timeColumn: try string("time_column", required: false),
                             positiveLabel: try string("positive_label", required: false), description: try string("description") ?? "",
                             source: try string("source", required: false) ?? "")
    }

    static func validate(_ spec: ChallengeSpec, train: DataFrame, test: DataFrame, folder: String) throws(ChallengeError) {
        let trainFile = folder + "/train.csv", testFile = folder + "/test.csv"
        guard train[spec.target] != nil else { throw ChallengeError(file: trainFile, "the target column \"\(spec.target)\" is missing") }
        guard test[spec.target] == nil else { throw ChallengeError(file: testFile, "holds the target column \"\(spec.target)\"; test rows must not carry labels") }
        guard train[spec.idColumn] != nil else { throw ChallengeError(file: trainFile, "the id column \"\(spec.idColumn)\" is missing") }
        guard let testIds = test[spec.idColumn] else { throw ChallengeError(file: testFile, "the id column \"\(spec.idColumn)\" is missing") }
        let features = Set(train.columnNames).subtracting([spec.target])
        let testColumns = Set(test.columnNames)
        if let missing = features.subtracting(testColumns).sorted().first { throw ChallengeError(file: testFile, "column \"\(missing)\" of train.csv is missing") }
        if let extra = testColumns.subtracting(features).sorted().first { throw ChallengeError(file: testFile, "column \"\(extra)\" is not in train.csv") }
        if let time = spec.timeColumn, train[time] == nil { throw ChallengeError(file: folder + "/challenge.toml", field: "time_column", "\"\(time)\" is not a column of train.csv") }
        var seen = Set<String>()
        for r in 0..<testIds.count {
            guard let id = testIds.string(at: r) else { throw ChallengeError(file: "\(testFile)", "row \(r + 1) has no id") }
            guard seen.insert(id).inserted else { throw ChallengeError(file: testFile, "id \"\(sanitizeForDisplay(id, limit: 40))\" appears twice") }
        }
    }
}
