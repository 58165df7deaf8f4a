import Foundation
import TandemData
import TandemModel
import TOMLKit

/// challenge.toml parsed and checked against the data, as its authors wrote it: `positive_label` may be a TOML
/// string, integer, float or boolean, matched against the target's text form (DESIGN.md section 3).
extension ChallengeLoader {
    public static func parseSpec(file: String) throws(ChallengeError) -> ChallengeSpec {
        let t = try readTOML(file)
        func string(_ key: String, required: Bool = true) throws(ChallengeError) -> String? {
            guard let v = t[key] else {
                if required { throw ChallengeError(file: file, field: key, "is missing") }
                return nil
            }
            guard let s = v.string else { throw ChallengeError(file: file, field: key, "must be a string (it is \(typeName(v)))") }
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
        guard let task = TaskKind(rawValue: taskName) else {
            throw ChallengeError(file: file, field: "task", "\"\(taskName)\" is not regression, binary or multiclass")
        }
        let metricName = try string("metric") ?? ""
        guard let metric = Metric(rawValue: metricName) else {
            throw ChallengeError(file: file, field: "metric", "\"\(metricName)\" is not one of \(Metric.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        do { try metric.check(task: task) } catch { throw ChallengeError(file: file, field: "metric", error.message) }
        var positive: String?
        if let v = t["positive_label"] {
            guard let text = scalarText(v) else {
                throw ChallengeError(file: file, field: "positive_label", "must be a string, integer, float or boolean (it is \(typeName(v)))")
            }
            positive = text
        }
        var spec = ChallengeSpec(id: id, title: try string("title") ?? "", industry: industry, task: task,
                                 target: try string("target") ?? "", idColumns: try names(t, "id_column", file: file) ?? [], metric: metric,
                                 timeColumn: try string("time_column", required: false), positiveLabel: positive,
                                 description: try string("description") ?? "", source: try string("source", required: false) ?? "")
        guard !spec.idColumns.isEmpty else { throw ChallengeError(file: file, field: "id_column", "is missing") }
        spec.tables = try tableDeclarations(t, file: file)
        return spec
    }

    /// A field holding one name or a list of names (`id_column = "id"` or `id_column = ["sku_id", "week"]`); nil when absent.
    static func names(_ t: TOMLTable, _ key: String, file: String) throws(ChallengeError) -> [String]? {
        guard let v = t[key] else { return nil }
        if let s = v.string { return [s] }
        if let a = v.array {
            let items = a.compactMap(\.string)
            guard items.count == a.count, !items.isEmpty, Set(items).count == items.count, !items.contains("") else {
                throw ChallengeError(file: file, field: key, "must be a list of distinct column names")
            }
            return items
        }
        throw ChallengeError(file: file, field: key, "must be a column name or a list of names (it is \(typeName(v)))")
    }

    /// `[[table]]` entries: `file` (required), `name`, `key` (a name or a list), `time_column`.
    static func tableDeclarations(_ t: TOMLTable, file: String) throws(ChallengeError) -> [TableDeclaration] {
        guard let entries = t["table"] else { return [] }
        guard let array = entries.array else { throw ChallengeError(file: file, field: "table", "must be [[table]] tables") }
        var out: [TableDeclaration] = []
        for (i, entry) in array.enumerated() {
            guard let e = entry.table else { throw ChallengeError(file: file, field: "table", "[[table]] entry \(i + 1) is not a table") }
            for key in e.keys where !["name", "file", "key", "time_column"].contains(key) {
                throw ChallengeError(file: file, field: "table.\(key)", "is not a field of [[table]] (name, file, key, time_column)")
            }
            guard let path = e["file"]?.string, !path.isEmpty else {
                throw ChallengeError(file: file, field: "table.file", "[[table]] entry \(i + 1) names no file")
            }
            let timeColumn = e["time_column"].flatMap(\.string)
            if e["time_column"] != nil && timeColumn == nil {
                throw ChallengeError(file: file, field: "table.time_column", "must be a column name")
            }
            out.append(TableDeclaration(name: e["name"]?.string, file: path, key: try names(e, "key", file: file), timeColumn: timeColumn))
        }
        return out
    }

    /// A TOML file parsed; the error names the file and, for a syntax error, its line.
    static func readTOML(_ file: String) throws(ChallengeError) -> TOMLTable {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw ChallengeError(file: file, "is missing or not UTF-8 text") }
        if let bad = TOMLPrecheck.problem(text) { throw ChallengeError(file: "\(file):\(bad.line)", bad.message) }
        do { return try TOMLTable(string: text) } catch let e as TOMLParseError {
            throw ChallengeError(file: "\(file):\(e.source.begin.line + 1)", e.description)
        } catch {
            throw ChallengeError(file: file, "\(error)")
        }
    }

    /// The text form of a TOML scalar (1 → "1", 1.0 → "1", true → "true"); nil for tables, arrays and dates.
    static func scalarText(_ v: any TOMLValueConvertible) -> String? {
        if let s = v.string { return s }
        if let i = v.int { return String(i) }
        if let d = v.double { return formatNumber(d) }
        if let b = v.bool { return b ? "true" : "false" }
        return nil
    }

    static func typeName(_ v: any TOMLValueConvertible) -> String {
        if v.int != nil { return "an integer" }
        if v.double != nil { return "a float" }
        if v.bool != nil { return "a boolean" }
        if v.array != nil { return "an array" }
        if v.table != nil { return "a table" }
        return "a date or time"
    }

    /// The target level a positive label names: the same text, else the same number (1 ↔ 1.0) or the same word in
    /// another case (true ↔ True). A label that names no level is an error naming the field and the levels.
    static func resolvePositiveLabel(_ spec: ChallengeSpec, train: DataFrame, file: String) throws(ChallengeError) -> String? {
        guard let label = spec.positiveLabel, spec.task != .regression, let target = train[spec.target] else { return spec.positiveLabel }
        let levels = ChallengeInference.distinctValues(target, limit: ChallengeInference.maxClasses * 20)
        if levels.contains(label) { return label }
        if let n = Double(label), let hit = levels.first(where: { Double($0) == n }) { return hit }
        if let hit = levels.first(where: { $0.lowercased() == label.lowercased() }) { return hit }
        let bools = ["true": ["1", "yes"], "false": ["0", "no"]]
        if let alternatives = bools[label.lowercased()], let hit = levels.first(where: { alternatives.contains($0.lowercased()) }) { return hit }
        let shown = levels.prefix(8).map { "\"\(sanitizeForDisplay($0, limit: 20))\"" }.joined(separator: ", ")
        throw ChallengeError(file: file, field: "positive_label", "\"\(sanitizeForDisplay(label, limit: 40))\" is not a value of the target "
                             + "\"\(spec.target)\" (its values: \(shown))")
    }

    static func validate(_ spec: ChallengeSpec, train: DataFrame, test: DataFrame, folder: String) throws(ChallengeError) {
        let trainFile = folder + "/train.csv", testFile = folder + "/test.csv"
        guard train.rowCount > 0 else { throw ChallengeError(file: trainFile, "has a header but no rows") }
        guard test.rowCount > 0 else { throw ChallengeError(file: testFile, "has a header but no rows") }
        guard train[spec.target] != nil else { throw ChallengeError(file: trainFile, "the target column \"\(spec.target)\" is missing") }
        guard test[spec.target] == nil else {
            throw ChallengeError(file: testFile, "holds the target column \"\(spec.target)\"; test rows must not carry labels")
        }
        for id in spec.idColumns {
            guard train[id] != nil else { throw ChallengeError(file: trainFile, "the id column \"\(id)\" is missing") }
            guard test[id] != nil else { throw ChallengeError(file: testFile, "the id column \"\(id)\" is missing") }
        }
        let testIds = ChallengeIds.values(test, columns: spec.idColumns) ?? []
        let features = Set(train.columnNames).subtracting([spec.target])
        let testColumns = Set(test.columnNames)
        if let missing = features.subtracting(testColumns).sorted().first {
            throw ChallengeError(file: testFile, "column \"\(missing)\" of train.csv is missing")
        }
        if let extra = testColumns.subtracting(features).sorted().first { throw ChallengeError(file: testFile, "column \"\(extra)\" is not in train.csv") }
        if let time = spec.timeColumn, train[time] == nil {
            throw ChallengeError(file: folder + "/challenge.toml", field: "time_column", "\"\(time)\" is not a column of train.csv")
        }
        var seen = Set<String>()
        for (r, id) in testIds.enumerated() {
            guard !ChallengeIds.parts(id).contains("") else { throw ChallengeError(file: "\(testFile):\(r + 2)", "the row has no id") }
            guard seen.insert(id).inserted else {
                let what = spec.idColumns.count > 1 ? "the combination \(spec.idLabel) = " : "id "
                throw ChallengeError(file: "\(testFile):\(r + 2)", what + "\"\(ChallengeIds.display(id))\" appears twice"
                                     + (spec.idColumns.count > 1 ? " (each must appear once)" : ""))
            }
        }
    }
}
