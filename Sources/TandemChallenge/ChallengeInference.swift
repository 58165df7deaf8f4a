import TandemData
import TandemModel

/// What tandem infers about a table it did not write: the task and metric from the target, the id column and the
/// time column. Each answer carries its reason, which `tandem new` and the folder loaders print.
public enum ChallengeInference {
    public struct TaskChoice: Sendable, Equatable {
        public var task: TaskKind
        public var metric: Metric
        public var reason: String
    }

    /// Classification targets have at most this many values; more numbers are a regression.
    public static let maxClasses = 50

    /// Distinct non-missing values of a column, in their text form, up to `limit + 1` of them.
    static func distinctValues(_ column: Column, limit: Int) -> [String] {
        var seen: [String] = [], set = Set<String>()
        for r in 0..<column.count {
            guard let v = column.string(at: r), set.insert(v).inserted else { continue }
            seen.append(v)
            if seen.count > limit { break }
        }
        return seen
    }

    /// Many numeric values → regression/rmse; two values → binary/auc; 3–50 values → multiclass/macro_f1.
    public static func task(target: Column, file: String) throws(ChallengeError) -> TaskChoice {
        let values = distinctValues(target, limit: maxClasses)
        let name = "\"\(target.name)\""
        if values.isEmpty { throw ChallengeError(file: file, "the target \(name) has no values") }
        if values.count == 1 {
            let only = sanitizeForDisplay(values[0], limit: 40)
            throw ChallengeError(file: file, "the target \(name) is constant (every row is \"\(only)\"): there is nothing to predict")
        }
        let shown = values.prefix(5).map { sanitizeForDisplay($0, limit: 20) }.sorted().joined(separator: ", ")
        if values.count == 2 { return TaskChoice(task: .binary, metric: .auc, reason: "the target \(name) has two values (\(shown))") }
        let numeric = target.kind.isNumeric
        let fractional = numeric && values.contains { Double($0).map { $0 != $0.rounded() } ?? false }
        if numeric && (values.count > maxClasses || fractional) {
            let many = values.count > maxClasses ? "more than \(maxClasses)" : "\(values.count)"
            return TaskChoice(task: .regression, metric: .rmse,
                              reason: "the target \(name) holds \(many) distinct numbers" + (fractional ? ", not all whole" : ""))
        }
        if values.count > maxClasses {
            throw ChallengeError(file: file, "the target \(name) has more than \(maxClasses) distinct text values: too many classes for a "
                                 + "classification (give --task, or cast it to numbers)")
        }
        return TaskChoice(task: .multiclass, metric: .macroF1, reason: "the target \(name) has \(values.count) values (\(shown), …)")
    }

    static func looksLikeId(_ name: String) -> Bool {
        let n = name.lowercased()
        return n == "id" || n == "index" || n == "key" || n.hasPrefix("id_")
            || ["_id", ".id", " id", "-id"].contains { n.hasSuffix($0) }
    }

    static func isUnique(_ column: Column) -> Bool {
        guard column.missingCount == 0, column.kind != .float else { return false }
        var seen = Set<String>()
        seen.reserveCapacity(column.count)
        for r in 0..<column.count { guard let v = column.string(at: r), seen.insert(v).inserted else { return false } }
        return true
    }

    /// The first column named like an id whose values are all present and unique.
    public static func idColumn(_ frame: DataFrame, excluding: Set<String>) -> String? {
        frame.columns.first { !excluding.contains($0.name) && looksLikeId($0.name) && isUnique($0) }?.name
    }

    static func looksLikeTime(_ name: String) -> Bool {
        let n = name.lowercased()
        let words = ["date", "time", "timestamp", "datetime", "day", "week", "month", "period", "year", "ts"]
        return words.contains { n == $0 || n.hasSuffix("_" + $0) || n.hasPrefix($0 + "_") || n.hasSuffix(" " + $0) } || n.hasSuffix("date")
    }

    /// Whether a numeric or date column never decreases in file order (missing values skipped) and takes several values.
    static func isMonotone(_ column: Column) -> Bool {
        var last = -Double.infinity, changes = 0
        for r in 0..<column.count {
            guard let v = column.double(at: r) else { continue }
            if v < last { return false }
            if v > last { changes += 1 }
            last = v
        }
        return changes > 2
    }

    /// The time column: a date column in time order or named like one, or a monotone number named like one.
    public static func timeColumn(_ frame: DataFrame, excluding: Set<String>) -> (column: String, reason: String)? {
        let candidates = frame.columns.filter { !excluding.contains($0.name) }
        let dates = candidates.filter { $0.kind == .date }
        if let c = dates.first(where: isMonotone) { return (c.name, "\"\(c.name)\" holds dates in time order") }
        if let c = dates.first(where: { looksLikeTime($0.name) }) { return (c.name, "\"\(c.name)\" holds dates and is named like a time") }
        if let c = candidates.first(where: { $0.kind.isNumeric && looksLikeTime($0.name) && isMonotone($0) }) {
            return (c.name, "\"\(c.name)\" is named like a time and never decreases")
        }
        return nil
    }

    /// A kebab-case id from a file or folder name ("My Data (v2).csv" → "my-data-v2").
    public static func slug(_ name: String) -> String {
        var base = name
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { base = String(base[..<dot]) }
        var out = "", dash = false
        for ch in base.lowercased() {
            if (ch.isLetter && ch.isASCII) || ch.isNumber && ch.isASCII {
                if dash && !out.isEmpty { out.append("-") }
                out.append(ch)
                dash = false
            } else {
                dash = true
            }
        }
        return out.isEmpty ? "challenge" : String(out.prefix(60))
    }
}
