import Foundation
import TandemData
import TandemRecipe

/// A JSON side file as rows (DESIGN.md section 3): an array of objects, one object per line (JSON Lines), or an object
/// holding one array of objects. Nested objects flatten to dotted names (`address.zip`); a list of scalars becomes
/// `|`-joined text. A record holding one list of objects becomes one row per element carrying the record's other
/// fields, as pandas' `json_normalize(record_path=...)` does; with several such lists the table keeps the other
/// fields and each list becomes a child table `NAME.FIELD`.
struct JSONTable {
    /// Column names in first-seen order, and rows of optional text (nil: missing).
    struct Rows {
        var names: [String] = []
        var index: [String: Int] = [:]
        var rows: [[String?]] = []

        mutating func append(_ cells: [(String, String?)]) {
            var row = [String?](repeating: nil, count: names.count)
            for (name, value) in cells {
                let i: Int
                if let known = index[name] { i = known } else {
                    i = names.count
                    index[name] = i
                    names.append(name)
                    row.append(nil)
                }
                if i < row.count { row[i] = value }
            }
            rows.append(row)
        }

        /// The rows as RFC 4180 CSV, for the same typed reader train.csv goes through.
        var csv: [UInt8] {
            var out: [UInt8] = []
            func field(_ s: String) {
                if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s != s.trimmingCharacters(in: .whitespaces) {
                    out += Array("\"\(s.replacingOccurrences(of: "\"", with: "\"\""))\"".utf8)
                } else {
                    out += Array(s.utf8)
                }
            }
            for (i, n) in names.enumerated() { if i > 0 { out.append(0x2C) }; field(n) }
            out.append(0x0A)
            for row in rows {
                for i in names.indices {
                    if i > 0 { out.append(0x2C) }
                    if i < row.count, let v = row[i] { field(v) }
                }
                out.append(0x0A)
            }
            return out
        }
    }

    /// The tables a file gives: its own (`name`) and, with several lists of objects per record, one per list.
    let tables: [(name: String, rows: Rows)]
    let notes: [String]

    /// Parses the file's records; errors name the file and the line, or the JSON path and byte offset.
    static func read(file: String, display: String, name: String) throws(ChallengeError) -> JSONTable {
        guard let data = FileManager.default.contents(atPath: file) else { throw ChallengeError(file: display, "cannot be read") }
        guard let text = String(data: data, encoding: .utf8) else { throw ChallengeError(file: display, "is not UTF-8 text") }
        let records = try records(text, display: display)
        guard !records.isEmpty else { throw ChallengeError(file: display, "holds no records") }
        return try flatten(records, name: name, display: display)
    }

    /// The records: one JSON value for the whole text (an array, or one object), else one object per line.
    static func records(_ text: String, display: String) throws(ChallengeError) -> [(JSONValue, String)] {
        let trimmed = text.drop { $0.isWhitespace || $0 == "\u{FEFF}" }
        if trimmed.first == "[" || !text.contains("\n") || (try? JSONReader.parse(String(trimmed))) != nil {
            let whole: JSONValue
            do { whole = try JSONReader.parse(String(trimmed)) } catch {
                throw ChallengeError(file: "\(display):\(line(of: error.offset, in: String(trimmed)))", "not valid JSON: \(error.message)")
            }
            switch whole {
            case .array(let items): return items.enumerated().map { ($1, "$[\($0)]") }
            case .object(let members):
                // {"data": [ {...}, ... ]}: the one array of objects is the table.
                let lists = members.filter { if case .array(let a) = $0.value { a.allSatisfy(isObject) && !a.isEmpty } else { false } }
                if members.count == 1, let only = lists.first, case .array(let items) = only.value {
                    return items.enumerated().map { ($1, "$.\(only.key)[\($0)]") }
                }
                return [(whole, "$")]
            default: throw ChallengeError(file: display, "holds a JSON \(kindName(whole)), not an array of objects")
            }
        }
        var out: [(JSONValue, String)] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let l = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if l.isEmpty { continue }
            do { out.append((try JSONReader.parse(l), "line \(i + 1)")) } catch {
                throw ChallengeError(file: "\(display):\(i + 1)", "not valid JSON at column \(error.offset + 1): \(error.message)")
            }
        }
        return out
    }

    static func isObject(_ v: JSONValue) -> Bool { if case .object = v { true } else { false } }

    static func kindName(_ v: JSONValue) -> String {
        switch v {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .unsigned, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    static func line(of offset: Int, in text: String) -> Int {
        1 + text.utf8.prefix(offset).lazy.filter { $0 == 0x0A }.count
    }

    /// A scalar's cell text: integers exactly (a 19-digit id stays whole), doubles shortest, null missing.
    static func cell(_ v: JSONValue) -> String? {
        switch v {
        case .null: nil
        case .bool(let b): b ? "true" : "false"
        case .integer(let i): String(i)
        case .unsigned(let u): String(u)
        case .double(let d): formatNumber(d)
        case .string(let s): s
        case .array(let items): items.compactMap(cell).joined(separator: "|")
        case .object: nil
        }
    }

    /// One record's scalar fields (dotted names) and its lists of objects, by dotted name.
    static func fields(_ v: JSONValue, prefix: String = "", into cells: inout [(String, String?)], lists: inout [(String, [JSONValue])]) {
        guard case .object(let members) = v else { return }
        for (key, value) in members {
            let name = prefix.isEmpty ? key : prefix + "." + key
            switch value {
            case .object: fields(value, prefix: name, into: &cells, lists: &lists)
            // An empty list is a list of objects where other records have objects there, else a missing cell (flatten decides).
            case .array(let items) where items.allSatisfy(isObject): lists.append((name, items))
            default: cells.append((name, cell(value)))
            }
        }
    }

    /// One element of a record's list as a row: the record's fields, then the element's (a clashing name as `LIST.name`).
    static func row(_ record: [(String, String?)], element: JSONValue, of field: String) -> [(String, String?)] {
        var cells: [(String, String?)] = [], nested: [(String, [JSONValue])] = []
        fields(element, into: &cells, lists: &nested)
        let meta = Set(record.map(\.0))
        return record + cells.map { (meta.contains($0.0) ? field + "." + $0.0 : $0.0, $0.1) }
    }

    static func flatten(_ records: [(JSONValue, String)], name: String, display: String) throws(ChallengeError) -> JSONTable {
        var listFields: [String] = []
        var parsed: [(cells: [(String, String?)], lists: [(String, [JSONValue])])] = []
        for (record, path) in records {
            guard isObject(record) else { throw ChallengeError(file: display, field: path, "is a JSON \(kindName(record)), not an object") }
            var cells: [(String, String?)] = [], lists: [(String, [JSONValue])] = []
            fields(record, into: &cells, lists: &lists)
            for (field, items) in lists where !items.isEmpty && !listFields.contains(field) { listFields.append(field) }
            parsed.append((cells, lists))
        }
        // Empty lists where no record holds objects are cells like any list of scalars: missing.
        parsed = parsed.map { record in
            (record.cells + record.lists.filter { !listFields.contains($0.0) }.map { ($0.0, nil) }, record.lists.filter { listFields.contains($0.0) })
        }
        var main = Rows()
        var notes: [String] = []
        if listFields.count == 1 {
            // One row per element, carrying the record's other fields (json_normalize's record_path and meta).
            let field = listFields[0]
            var without = 0
            for record in parsed {
                guard let items = record.lists.first(where: { $0.0 == field })?.1 else { without += 1; continue }
                for item in items { main.append(row(record.cells, element: item, of: field)) }
            }
            notes.append("one row per element of \"\(field)\", each carrying its record's other fields")
            if without > 0 { notes.append("\(without) records without \"\(field)\" give no rows") }
            return JSONTable(tables: [(name, main)], notes: notes)
        }
        var children: [String: Rows] = [:]
        for record in parsed {
            main.append(record.cells)
            for (field, items) in record.lists {
                for item in items { children[field, default: Rows()].append(row(record.cells, element: item, of: field)) }
            }
        }
        if !listFields.isEmpty {
            notes.append("lists of objects " + listFields.map { "\"\($0)\"" }.joined(separator: ", ") + " became the tables "
                         + listFields.map { "\(name).\($0)" }.joined(separator: ", "))
        }
        return JSONTable(tables: [(name, main)] + listFields.map { ("\(name).\($0)", children[$0] ?? Rows()) }, notes: notes)
    }
}
