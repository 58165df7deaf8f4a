import Foundation
import TandemData
import TandemModel

/// `tandem new`: any CSV in, a valid challenge folder out (DESIGN.md section 3). Everything is checked before
/// anything is written; the folder is built beside `out` and moved into place only after it loads as a challenge.
public enum ChallengeMaker {
    public static func make(_ r: NewChallengeRequest) throws(ChallengeError) -> MadeChallenge {
        let out = (r.out as NSString).standardizingPath
        if r.test == nil, !(r.holdout > NewChallengeRequest.holdoutRange.lowerBound && r.holdout < NewChallengeRequest.holdoutRange.upperBound) {
            throw ChallengeError(file: "--holdout", "\(r.holdout) is outside (0, 0.9): give the share of rows to hold out, such as 0.2")
        }
        guard let target = r.overrides.target, !target.isEmpty else { throw ChallengeError(file: r.data, "give --target: the column to predict") }
        try checkOut(out, request: r)
        var notes: [String] = []
        let train = try CSVRecords.read(r.data, dialect: r.overrides.dialect, notes: &notes)
        let frame: DataFrame
        do { frame = try CSVReader.read(bytes: train.bytes, name: r.data) } catch {
            throw ChallengeError(file: error.line.map { "\(r.data):\($0)" } ?? r.data, error.message)
        }
        guard frame.rowCount == train.records.count else {
            throw ChallengeError(file: r.data, "holds \(train.records.count) records but reads as \(frame.rowCount) rows (a stray quote?)")
        }
        guard let targetIndex = train.header.firstIndex(of: target), let targetColumn = frame[target] else {
            let shown = train.header.prefix(8).map { "\"\(sanitizeForDisplay($0, limit: 30))\"" }.joined(separator: ", ")
            throw ChallengeError(file: r.data, field: "--target", "\"\(sanitizeForDisplay(target, limit: 40))\" is not a column (columns: \(shown)"
                                 + (train.header.count > 8 ? ", …)" : ")"))
        }
        if ChallengeInference.distinctValues(targetColumn, limit: 1).count < 2 {
            _ = try ChallengeInference.task(target: targetColumn, file: r.data)   // throws the constant-target error
        }
        let (task, metric) = try FolderLayout.taskAndMetric(r.overrides, target: targetColumn, file: r.data, notes: &notes)
        let id = try idColumn(r, frame: frame, target: target, notes: &notes)
        let time = try timeColumn(r, frame: frame, target: target, id: id.names, notes: &notes)
        let folderId = ChallengeInference.slug((out as NSString).lastPathComponent)
        let title = r.title ?? defaultTitle(r.data)
        var spec = ChallengeSpec(id: folderId, title: title, industry: "other", task: task, target: target, idColumns: id.names, metric: metric,
                                 timeColumn: time, positiveLabel: r.overrides.positiveLabel, description: "", source: "")
        spec.positiveLabel = try ChallengeLoader.resolvePositiveLabel(spec, train: frame, file: "--positive-label")
        let documents = try readDocuments(r.docs)
        let side = try sideTables(r.tables)
        spec.tables = side.compactMap { t in t.key.map { TableDeclaration(file: "tables/" + t.name, key: $0) } }
        var sources = [train.bytes]
        let tables: Tables
        if let testFile = r.test {
            let test = try CSVRecords.read(testFile, dialect: r.overrides.dialect, notes: &notes)
            sources.append(test.bytes)
            tables = try given(test: test, train: train, targetIndex: targetIndex, id: id)
            notes.append("test.csv: \(testFile)" + (tables.labels == nil ? ", which has no \"\(target)\": the challenge is unscored" : ""))
        } else {
            let strategy: HoldoutSplit.Strategy
            if let time, let column = frame[time] {
                strategy = .latest(column: time, times: (0..<frame.rowCount).map { column.double(at: $0) })
            } else if task == .regression {
                strategy = .deciles(values: (0..<frame.rowCount).map { targetColumn.double(at: $0) })
            } else {
                strategy = .stratified(labels: (0..<frame.rowCount).map { targetColumn.string(at: $0) })
            }
            let split = HoldoutSplit.split(rowCount: frame.rowCount, holdout: r.holdout, seed: r.seed, strategy: strategy)
            guard !split.testRows.isEmpty, split.testRows.count < frame.rowCount else {
                throw ChallengeError(file: r.data, "\(frame.rowCount) rows are too few for a holdout of \(r.holdout)")
            }
            tables = try heldOut(train, testRows: split.testRows, targetIndex: targetIndex, id: id)
            notes.append("test.csv: \(split.description), \(split.testRows.count) rows; their labels go to key/test_labels.csv")
        }
        sources += documents.map { Array($0.text.utf8) }
        for t in side { sources.append(Array(FileManager.default.contents(atPath: t.source) ?? Data())) }
        let fingerprint = r.fingerprint(sources: sources)
        spec.source = "tandem new \((r.data as NSString).lastPathComponent) (sha256 \(SHA256.hex(train.bytes)))"
        spec.description = "Predict \"\(target)\" for the rows of test.csv. Made by tandem new from \((r.data as NSString).lastPathComponent): "
            + "\(tables.trainRows) training rows, \(tables.testRows) test rows."
        notes += try ChallengeFolderWriter.write(ChallengeFolderWriter.Contents(spec: spec, tables: tables, documents: documents, notes: notes,
                                                                       fingerprint: fingerprint, sideTables: side), to: out, force: r.force)
        return MadeChallenge(folder: out, id: folderId, notes: notes, trainRows: tables.trainRows, testRows: tables.testRows,
                             scored: tables.labels != nil, fingerprint: fingerprint)
    }

    /// A side table given to `tandem new`: the file, its name in tables/, and a declared key.
    struct SideFile {
        var source: String
        var name: String
        var key: [String]?
    }

    /// `--table FILE` or `--table FILE:KEY` (KEY may list columns: `FILE:sku_id,week`), each checked before anything is written.
    static func sideTables(_ raw: [String]) throws(ChallengeError) -> [SideFile] {
        var out: [SideFile] = []
        for given in raw {
            var file = given, key: [String]?
            if !FileManager.default.fileExists(atPath: given), let colon = given.lastIndex(of: ":") {
                file = String(given[..<colon])
                key = ChallengeOverrides.idList(String(given[given.index(after: colon)...]))
                if key?.isEmpty == true { throw ChallengeError(file: "--table", "\"\(given)\" names no key after the colon") }
            }
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: file, isDirectory: &isDir), !isDir.boolValue else {
                throw ChallengeError(file: file, "cannot be read: no such file (--table)")
            }
            guard SideTableLoader.isTableFile(file) else {
                throw ChallengeError(file: file, "is not a CSV, JSON or JSON Lines file (--table takes .csv, .json, .jsonl)")
            }
            let name = (file as NSString).lastPathComponent
            if out.contains(where: { SideTableLoader.tableName($0.name) == SideTableLoader.tableName(name) }) {
                throw ChallengeError(file: file, "another --table is also named \"\(SideTableLoader.tableName(name))\"")
            }
            out.append(SideFile(source: file, name: name, key: key))
        }
        return out
    }

    /// The out folder may be new or empty; with --force also an earlier challenge folder, never any other folder.
    static func checkOut(_ out: String, request r: NewChallengeRequest) throws(ChallengeError) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: out, isDirectory: &isDir) else { return }
        guard isDir.boolValue else { throw ChallengeError(file: out, "exists and is not a folder") }
        let entries = (try? fm.contentsOfDirectory(atPath: out)) ?? []
        if entries.isEmpty { return }
        guard r.force else { throw ChallengeError(file: out, "exists and is not empty (give --force to replace an earlier challenge folder)") }
        guard fm.fileExists(atPath: out + "/challenge.toml") else {
            throw ChallengeError(file: out, "is not a challenge folder (no challenge.toml); --force replaces only those")
        }
        for input in [r.data] + (r.test.map { [$0] } ?? []) + r.docs + r.tables {
            let path = ((input as NSString).standardizingPath as NSString).resolvingSymlinksInPath
            if path.hasPrefix((out as NSString).resolvingSymlinksInPath + "/") {
                throw ChallengeError(file: input, "is inside \(out), which --force would replace; write the challenge elsewhere")
            }
        }
    }

    /// The CSV's name, or its folder's when the name says nothing ("train.csv").
    static func defaultTitle(_ data: String) -> String {
        let name = ((data as NSString).lastPathComponent as NSString).deletingPathExtension
        let folder = ((data as NSString).standardizingPath as NSString).deletingLastPathComponent
        let generic = ["train", "training", "data", "dataset", "all", "full"].contains(name.lowercased())
        return generic && !folder.isEmpty ? (folder as NSString).lastPathComponent : name
    }

    struct IdChoice {
        /// One column, or several for a composite key (`--id sku_id,week`).
        var names: [String]
        /// Whether tandem adds the column (numbering the rows from 1).
        var added: Bool
    }

    static func idColumn(_ r: NewChallengeRequest, frame: DataFrame, target: String, notes: inout [String]) throws(ChallengeError) -> IdChoice {
        if let raw = r.overrides.idColumn {
            let names = ChallengeOverrides.idList(raw)
            for given in names {
                guard given != target, frame[given] != nil else {
                    throw ChallengeError(file: r.data, field: "--id", given == target ? "the id cannot be the target" : "\"\(given)\" is not a column")
                }
            }
            if let repeated = SideTableLoader.firstRepeat(frame, names) ?? (names.compactMap { frame[$0] }.contains { $0.missingCount > 0 } ? "" : nil) {
                throw ChallengeError(file: r.data, field: "--id", "\"\(names.joined(separator: ","))\" has missing or repeated values"
                                     + (repeated.isEmpty ? "" : " (\(repeated) appears twice)") + "; an id names each row once")
            }
            return IdChoice(names: names, added: false)
        }
        if let found = ChallengeInference.idColumn(frame, excluding: [target]) {
            notes.append("id \"\(found)\": named like an id, every value unique (--id picks another)")
            return IdChoice(names: [found], added: false)
        }
        var name = "row_id", n = 1
        while frame[name] != nil { n += 1; name = "row_id_\(n)" }
        notes.append("id \"\(name)\": added, numbering the rows from 1 (no column is named like an id with unique values)")
        return IdChoice(names: [name], added: true)
    }

    static func timeColumn(_ r: NewChallengeRequest, frame: DataFrame, target: String, id: [String],
                           notes: inout [String]) throws(ChallengeError) -> String? {
        if let given = r.overrides.timeColumn {
            if given == "none" { return nil }
            guard frame[given] != nil, given != target else {
                throw ChallengeError(file: r.data, field: "--time", "\"\(given)\" is not a feature column")
            }
            return given
        }
        guard let found = ChallengeInference.timeColumn(frame, excluding: Set([target] + (id.count == 1 ? id : []))) else { return nil }
        notes.append("time column \"\(found.column)\": \(found.reason), so the test rows are the latest and validation is "
                     + "forward-chaining (--time none turns it off)")
        return found.column
    }

    struct Document {
        var fileName: String
        var text: String
    }

    /// --docs files: Markdown or plain text, front matter optional; copied as docs/NN-slug.ext.
    static func readDocuments(_ files: [String]) throws(ChallengeError) -> [Document] {
        var out: [Document] = []
        for (i, file) in files.enumerated() {
            let name = (file as NSString).lastPathComponent
            guard let ext = ChallengeDocument.extensions.first(where: { name.lowercased().hasSuffix($0) }) else {
                throw ChallengeError(file: file, "is not a document: give Markdown or plain text (.md, .markdown, .txt)")
            }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw ChallengeError(file: file, "cannot be read as UTF-8 text")
            }
            let base = String(name.dropLast(ext.count))
            let stripped = base.drop { $0.isNumber }.drop { $0 == "-" || $0 == "_" }
            let fileName = String(format: "%02d-", i + 1) + ChallengeInference.slug(String(stripped.isEmpty ? Substring(base) : stripped)
                .replacingOccurrences(of: ".", with: "-")) + ext
            _ = try ChallengeDocument.parseStrictly(id: String(fileName.dropLast(ext.count)), text: text, file: file)
            out.append(Document(fileName: fileName, text: text))
        }
        return out
    }
}
