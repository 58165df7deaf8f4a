import Foundation
import TandemData

/// A side table of a challenge (DESIGN.md section 3): a lookup, an event history or a flattened JSON file that
/// `join` and `aggregate` read. It learns nothing and never changes, so every fold and test see the same one.
public struct SideTable: Sendable {
    /// The file name without its extension (`weather`), or `NAME.FIELD` for a child table of nested JSON lists.
    public let name: String
    /// The file it was read from, relative to the challenge folder (`tables/weather.csv`).
    public let file: String
    public let frame: DataFrame
    /// The columns whose values identify a row (declared or inferred; empty when no set of at most two is unique).
    public let key: [String]
    /// The column that orders the rows in time (declared or inferred), if any.
    public let timeColumn: String?

    public init(name: String, file: String, frame: DataFrame, key: [String], timeColumn: String?) {
        self.name = name
        self.file = file
        self.frame = frame
        self.key = key
        self.timeColumn = timeColumn
    }

    /// One column as recipe steps read it (ints as exact text when a double would round them), converted alone: a 5M-row
    /// event table converts only what a step reads.
    public func column(_ name: String) -> WorkingColumn? {
        frame[name].map { WorkingFrame(DataFrame(columns: [$0])).columns[0] }
    }

    public var columnNames: [String] { frame.columnNames }
}

/// Every side table of a challenge, found by name with or without the file's extension (`weather` or `weather.csv`).
public struct SideTables: Sendable {
    public let tables: [SideTable]
    /// Key indexes of these tables, built on first use and shared by every step, fold and preview that reads them.
    let cache = SideIndexCache()

    public init(_ tables: [SideTable] = []) { self.tables = tables }

    public static let extensions = [".csv.gz", ".csv.xz", ".csv", ".jsonl", ".ndjson", ".json"]

    public var isEmpty: Bool { tables.isEmpty }
    public var names: [String] { tables.map(\.name) }

    /// The table a step names: its name, its file name, or its name with a known extension.
    public func named(_ raw: String) -> SideTable? {
        var name = raw.trimmingCharacters(in: .whitespaces)
        if name.hasPrefix("tables/") { name.removeFirst(7) }
        if let exact = tables.first(where: { $0.name == name || $0.file == name || $0.file == "tables/" + name }) { return exact }
        for ext in Self.extensions where name.hasSuffix(ext) {
            let stem = String(name.dropLast(ext.count))
            if let t = tables.first(where: { $0.name == stem }) { return t }
        }
        return nil
    }

    /// The table a step names, or an error listing the tables there are.
    func require(_ raw: String, op: OpName) throws(RecipeError) -> SideTable {
        guard let t = named(raw) else {
            let known = tables.isEmpty ? "this challenge has no side tables" : "tables: " + names.joined(separator: ", ")
            throw RecipeError(step: op, field: "table", "no side table \"\(sanitizeForDisplay(raw, limit: 60))\" (\(known))")
        }
        return t
    }
}
