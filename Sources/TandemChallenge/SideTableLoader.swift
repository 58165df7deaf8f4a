import Foundation
import TandemData
import TandemRecipe

/// Finds and loads a challenge's side tables (DESIGN.md section 3): files in `tables/`, the other CSV, JSON and JSON
/// Lines files at the top level of a folder without challenge.toml, and challenge.toml's `[[table]]` entries. Keys and
/// time columns are inferred where not declared, each with its reason in `notes`.
enum SideTableLoader {
    static let mainFiles: Set<String> = ["train.csv", "test.csv"]

    struct Loaded {
        var tables: SideTables
        var notes: [String]
        /// Every file read, relative to the folder, in name order: the challenge's SHA-256 covers them.
        var files: [String]
    }

    /// The side files of a folder: (relative path, declaration if any).
    static func discover(folder: String, spec: ChallengeSpec, hasSpec: Bool) -> [(String, TableDeclaration?)] {
        let fm = FileManager.default
        var found: [(String, TableDeclaration?)] = spec.tables.map { ($0.file, $0) }
        var seen = Set(found.map { normalized($0.0) })
        func consider(_ relative: String) {
            guard isTableFile(relative), seen.insert(normalized(relative)).inserted else { return }
            found.append((relative, nil))
        }
        for name in ((try? fm.contentsOfDirectory(atPath: folder + "/tables")) ?? []).sorted() { consider("tables/" + name) }
        if !hasSpec {
            let skip = mainFiles.union(SampleSubmission.names)
            // train.csv.gz and the like are the main files too.
            func stem(_ name: String) -> String {
                CompressedInput.extensions.first { name.lowercased().hasSuffix($0) }.map { String(name.dropLast($0.count)) } ?? name
            }
            for name in ((try? fm.contentsOfDirectory(atPath: folder)) ?? []).sorted() where !skip.contains(stem(name)) {
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: folder + "/" + name, isDirectory: &isDir), !isDir.boolValue { consider(name) }
            }
        }
        return found
    }

    static func normalized(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        return p
    }

    static func isTableFile(_ name: String) -> Bool {
        let lower = name.lowercased()
        return SideTables.extensions.contains { lower.hasSuffix($0) } && !(name as NSString).lastPathComponent.hasPrefix(".")
    }

    static func tableName(_ relative: String) -> String {
        let base = (relative as NSString).lastPathComponent
        for ext in SideTables.extensions where base.lowercased().hasSuffix(ext) { return String(base.dropLast(ext.count)) }
        return base
    }

    /// One file read as side tables (a JSON file with several lists gives several), named `name`; for `predict --table`.
    static func read(file path: String, relative: String, name: String, declaration: TableDeclaration?, train: DataFrame,
                     notes: inout [String]) throws(ChallengeError) -> [SideTable] {
        var frames: [(String, DataFrame)] = []
        if [".csv", ".csv.gz", ".csv.xz"].contains(where: { relative.lowercased().hasSuffix($0) }) {
            frames = [(name, try ChallengeLoader.readCSV(path, dialect: CSVDialectOptions(), notes: &notes))]
        } else {
            let json = try JSONTable.read(file: path, display: path, name: name)
            notes += json.notes.map { "table \(name): \($0)" }
            for (tableName, rows) in json.tables {
                guard !rows.rows.isEmpty else { continue }
                do { frames.append((tableName, try CSVReader.read(bytes: rows.csv, name: path))) } catch {
                    throw ChallengeError(file: path, "\(tableName): \(error.message)")
                }
            }
        }
        var out: [SideTable] = []
        for (tableName, frame) in frames {
            let isMain = tableName == name
            let key = try self.key(frame, declared: isMain ? declaration?.key : nil, name: tableName, file: path, train: train, notes: &notes)
            let time = try timeColumn(frame, declared: isMain ? declaration?.timeColumn : nil, key: key, name: tableName, file: path, notes: &notes)
            out.append(SideTable(name: tableName, file: relative, frame: frame, key: key, timeColumn: time))
            notes.append("table \(tableName): \(frame.rowCount) rows, \(frame.columns.count) columns from \(relative)")
        }
        return out
    }

    static func load(folder: String, spec: ChallengeSpec, hasSpec: Bool, train: DataFrame) throws(ChallengeError) -> Loaded {
        var tables: [SideTable] = [], notes: [String] = [], files: [String] = []
        var origin: [String: String] = [:]
        for (relative, declaration) in discover(folder: folder, spec: spec, hasSpec: hasSpec) {
            let path = folder + "/" + normalized(relative)
            let specFile = folder + "/challenge.toml"
            guard FileManager.default.fileExists(atPath: path) else {
                throw ChallengeError(file: specFile, field: "table.file", "\"\(relative)\" does not exist")
            }
            let name = declaration?.name ?? tableName(relative)
            files.append(normalized(relative))
            for table in try read(file: path, relative: normalized(relative), name: name, declaration: declaration, train: train, notes: &notes) {
                if let earlier = origin[table.name] {
                    throw ChallengeError(file: path, "two side tables are named \"\(table.name)\": \(earlier) and \(normalized(relative)) "
                                         + "(rename one, or name it in challenge.toml [[table]])")
                }
                origin[table.name] = normalized(relative)
                tables.append(table)
            }
        }
        return Loaded(tables: SideTables(tables), notes: notes, files: files)
    }

    /// The rows of `a` then those of `b`, columns by name (a column one lacks is missing there), typed afresh.
    static func union(_ a: DataFrame, _ b: DataFrame, file: String) throws(ChallengeError) -> DataFrame {
        var rows = JSONTable.Rows()
        for frame in [a, b] {
            for r in 0..<frame.rowCount { rows.append(frame.columns.map { ($0.name, $0.string(at: r)) }) }
        }
        do { return try CSVReader.read(bytes: rows.csv, name: file) } catch { throw ChallengeError(file: file, error.message) }
    }

    /// The declared key, checked, or the inferred one: a unique column train.csv also has, a unique column named like
    /// an id, or a unique pair of columns train.csv has; none for a one-to-many table.
    static func key(_ frame: DataFrame, declared: [String]?, name: String, file: String, train: DataFrame,
                    notes: inout [String]) throws(ChallengeError) -> [String] {
        if let declared {
            for c in declared where frame[c] == nil {
                let known = frame.columnNames.prefix(12).joined(separator: ", ")
                throw ChallengeError(file: file, field: "key", "column \"\(c)\" does not exist (columns: \(known))")
            }
            if let repeated = firstRepeat(frame, declared) {
                throw ChallengeError(file: file, field: "key", "(\(declared.joined(separator: ", "))) is not unique: (\(repeated)) appears more than once")
            }
            return declared
        }
        let shared = frame.columns.filter { train[$0.name] != nil }
        if let c = shared.first(where: { firstRepeat(frame, [$0.name]) == nil && $0.missingCount == 0 }) {
            notes.append("table \(name): key \"\(c.name)\": unique, and a column of train.csv")
            return [c.name]
        }
        if let c = ChallengeInference.idColumn(frame, excluding: []) {
            notes.append("table \(name): key \"\(c)\": named like an id, every value unique")
            return [c]
        }
        if let first = frame.columns.first, first.kind != .float, first.kind != .date, ChallengeInference.isUnique(first) {
            notes.append("table \(name): key \"\(first.name)\": its first column, every value unique")
            return [first.name]
        }
        for i in shared.indices {
            for j in shared.indices where j > i {
                let pair = [shared[i].name, shared[j].name]
                if firstRepeat(frame, pair) == nil {
                    notes.append("table \(name): key (\(pair.joined(separator: ", "))): unique together, both columns of train.csv")
                    return pair
                }
            }
        }
        notes.append("table \(name): no unique key: several rows per entity, so it is read with aggregate")
        return []
    }

    /// The first repeated combination of `columns`, as text; nil when every combination is unique.
    static func firstRepeat(_ frame: DataFrame, _ columns: [String]) -> String? {
        guard let ids = ChallengeIds.values(frame, columns: columns) else { return nil }
        var seen = Set<String>()
        seen.reserveCapacity(ids.count)
        for id in ids where !seen.insert(id).inserted {
            return ChallengeIds.parts(id).map { sanitizeForDisplay($0, limit: 30) }.joined(separator: ", ")
        }
        return nil
    }

    static func timeColumn(_ frame: DataFrame, declared: String?, key: [String], name: String, file: String,
                           notes: inout [String]) throws(ChallengeError) -> String? {
        if let declared {
            guard let c = frame[declared] else { throw ChallengeError(file: file, field: "time_column", "column \"\(declared)\" does not exist") }
            guard c.kind == .date || c.kind.isNumeric else {
                throw ChallengeError(file: file, field: "time_column", "\"\(declared)\" is \(c.kind.rawValue): a time column holds dates or numbers")
            }
            return declared
        }
        if let found = ChallengeInference.timeColumn(frame, excluding: []) {
            notes.append("table \(name): time column \"\(found.column)\": \(found.reason)")
            return found.column
        }
        if let c = frame.columns.first(where: { $0.kind == .date }) {
            notes.append("table \(name): time column \"\(c.name)\": its first date column")
            return c.name
        }
        if let c = frame.columns.first(where: { $0.kind.isNumeric && ChallengeInference.looksLikeTime($0.name) }) {
            notes.append("table \(name): time column \"\(c.name)\": a number named like a time")
            return c.name
        }
        return nil
    }
}
