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
    /// For a folder without challenge.toml: what was inferred and why (printed by the commands that open it).
    public let notes: [String]
    /// sample_submission.csv, when the folder ships one: the format every submission is written in.
    public let sampleSubmission: SampleSubmission?
    /// The ids of every document file under docs/, those skipped for broken front matter included.
    public let documentFileIds: Set<String>
    /// SHA-256 over challenge.toml, train.csv, test.csv, the side tables and the documents, for session logs.
    public let sha256: String
    /// The side tables (tables/, other data files of a Kaggle/AgentDS folder, `[[table]]`), which join and aggregate read.
    public let tables: SideTables
    /// The options it was opened with (--target, --id, the dialect …): a session stores them, so nothing is retyped.
    public var openedWith = ChallengeOverrides()

    /// The one place a recipe context is made: every evaluation (a session's, `evaluate`, calibration) names its seed.
    public func context(seed: UInt64) -> RecipeContext {
        RecipeContext(target: spec.target, task: spec.task, idColumns: spec.idColumns, timeColumn: spec.timeColumn, seed: seed,
                      tables: tables)
    }

    /// The challenge with side rows read from other files (`tandem predict --table NAME=FILE`): the file's rows are added
    /// to the challenge's table of that name (columns matched by name), so new rows find their products or their recent
    /// events while training rows keep what they had; a repeated lookup key is then refused by join, naming it.
    public func replacingTables(_ files: [(name: String, file: String)]) throws(ChallengeError) -> (Challenge, [String]) {
        var notes: [String] = []
        var tables = self.tables.tables
        for (name, file) in files {
            guard FileManager.default.fileExists(atPath: file) else { throw ChallengeError(file: file, "cannot be read: no such file (--table)") }
            guard SideTableLoader.isTableFile(file) else {
                throw ChallengeError(file: file, "is not a CSV, JSON or JSON Lines file (--table takes .csv, .json, .jsonl)")
            }
            let declaration = spec.tables.first { SideTableLoader.tableName($0.file) == name || $0.name == name }
            let read = try SideTableLoader.read(file: file, relative: file, name: name, declaration: declaration, train: train, notes: &notes)
            for t in read {
                guard let i = tables.firstIndex(where: { $0.name == t.name }) else { tables.append(t); continue }
                let old = tables[i]
                let union = try SideTableLoader.union(old.frame, t.frame, file: file)
                tables[i] = SideTable(name: old.name, file: old.file, frame: union, key: old.key, timeColumn: old.timeColumn)
                notes.append("table \(old.name): \(t.frame.rowCount) rows of \(file) added to its \(old.frame.rowCount)")
            }
        }
        var replaced = Challenge(folder: folder, spec: spec, train: train, test: test, documents: documents, warnings: warnings, notes: notes,
                                 sampleSubmission: sampleSubmission, documentFileIds: documentFileIds, sha256: sha256, tables: SideTables(tables))
        replaced.openedWith = openedWith
        return (replaced, notes)
    }

    /// Whether key/test_labels.csv exists: without it a submission is written and validated, not scored.
    public var scored: Bool { FileManager.default.fileExists(atPath: folder + "/key/test_labels.csv") }
}

/// Command-line answers for a folder without challenge.toml (`--target`, `--id`, ...); nil fields are inferred.
public struct ChallengeOverrides: Sendable, Equatable {
    public var target: String?
    public var idColumn: String?
    public var task: TaskKind?
    public var metric: Metric?
    public var positiveLabel: String?
    /// A column name, or "none" for no time column.
    public var timeColumn: String?
    /// How the CSV files are written, when detection should not decide (`--delimiter`, `--decimal`).
    public var dialect = CSVDialectOptions()

    public init(target: String? = nil, idColumn: String? = nil, task: TaskKind? = nil, metric: Metric? = nil,
                positiveLabel: String? = nil, timeColumn: String? = nil) {
        self.target = target
        self.idColumn = idColumn
        self.task = task
        self.metric = metric
        self.positiveLabel = positiveLabel
        self.timeColumn = timeColumn
    }

    public var isEmpty: Bool { self == ChallengeOverrides() }

    /// `--id sku_id,week`: a composite id given on the command line.
    public static func idList(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

public enum ChallengeLoader {
    /// Whether `folder` holds a challenge: a challenge.toml, or the Kaggle layout's train.csv and test.csv.
    public static func isChallengeFolder(_ folder: String) -> Bool {
        let fm = FileManager.default
        return fm.fileExists(atPath: folder + "/challenge.toml") || (csvFile(folder, "train") != nil && csvFile(folder, "test") != nil)
    }

    /// `folder/NAME.csv`, else the same compressed (`.csv.gz`, `.csv.xz`, `.csv.zip`, `.zip`) as Kaggle ships it.
    public static func csvFile(_ folder: String, _ stem: String) -> String? {
        let names = ["\(stem).csv"] + CompressedInput.extensions.map { "\(stem).csv\($0)" } + ["\(stem).zip"]
        return names.map { folder + "/" + $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Loads and validates `folder`; every error names the file and the field or line.
    public static func load(folder: String, overrides: ChallengeOverrides = ChallengeOverrides()) throws(ChallengeError) -> Challenge {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: folder, isDirectory: &isDir), isDir.boolValue else {
            throw ChallengeError(file: folder, "is not a challenge folder")
        }
        let specFile = folder + "/challenge.toml"
        let hasSpec = fm.fileExists(atPath: specFile)
        if !hasSpec && csvFile(folder, "train") == nil {
            throw ChallengeError(file: folder, "is not a challenge folder: it has neither a challenge.toml nor a train.csv")
        }
        var notes: [String] = []
        var train = try readCSV(csvFile(folder, "train") ?? folder + "/train.csv", dialect: overrides.dialect, notes: &notes)
        let test = try readCSV(csvFile(folder, "test") ?? folder + "/test.csv", dialect: overrides.dialect, notes: &notes)
        var sample = try SampleSubmission.read(folder: folder)
        var spec: ChallengeSpec
        if hasSpec {
            spec = try parseSpec(file: specFile)
            if spec.positiveLabel == nil { spec.positiveLabel = overrides.positiveLabel }
            try check(overrides, against: spec, file: specFile)
        } else {
            let inferred = try FolderLayout.inferSpec(folder: folder, train: train, test: test, sample: sample, overrides: overrides)
            spec = inferred.spec
            notes += inferred.notes
            train = inferred.train
        }
        spec.positiveLabel = try resolvePositiveLabel(spec, train: train, file: hasSpec ? specFile : "--positive-label")
        try validate(spec, train: train, test: test, folder: folder)
        sample = try sample?.keyed(by: spec.idColumns)
        if let sample { try sample.check(test: test, spec: spec) }
        let side = try SideTableLoader.load(folder: folder, spec: spec, hasSpec: hasSpec, train: train)
        notes += side.notes
        var documents: [ChallengeDocument] = []
        var warnings: [String] = []
        let docsDir = folder + "/docs"
        let names = ((try? fm.contentsOfDirectory(atPath: docsDir)) ?? []).filter { ChallengeDocument.id(ofFile: $0) != nil }.sorted()
        var fileIds = Set<String>()
        for name in names {
            let file = "\(docsDir)/\(name)"
            guard let id = ChallengeDocument.id(ofFile: name) else { continue }
            guard fileIds.insert(id).inserted else { warnings.append("\(file): skipped: another document has the id \(id)"); continue }
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { warnings.append("\(file): skipped: not readable UTF-8 text"); continue }
            let doc = ChallengeDocument.parse(id: id, text: text, file: file)
            if let problem = doc.adviceProblem { warnings.append("\(problem) (advice not used; its prose is kept)") }
            documents.append(doc)
        }
        var hasher = SHA256()
        let files = [specFile, folder + "/train.csv", folder + "/test.csv"] + (sample.map { [$0.file] } ?? []) + names.map { "\(docsDir)/\($0)" }
        for file in files {
            if let data = fm.contents(atPath: file) { hasher.update(Array(data)) }
        }
        // Side files after the rest, each behind its name, so a folder without any hashes as it always did.
        for file in side.files.sorted() {
            hasher.update(Array("\u{1E}\(file)\u{1F}".utf8))
            if let data = fm.contents(atPath: folder + "/" + file) { hasher.update(Array(data)) }
        }
        // Without challenge.toml the inferred spec is part of what the session ran on (another --target is another challenge).
        if !hasSpec { hasher.update(Array(FolderLayout.canonicalText(spec).utf8)) }
        var challenge = Challenge(folder: folder, spec: spec, train: train, test: test, documents: documents, warnings: warnings, notes: notes,
                                  sampleSubmission: sample, documentFileIds: fileIds, sha256: hasher.finalizeHex(), tables: side.tables)
        challenge.openedWith = overrides
        return challenge
    }

    static func readCSV(_ path: String) throws(ChallengeError) -> DataFrame {
        var ignored: [String] = []
        return try readCSV(path, dialect: CSVDialectOptions(), notes: &ignored)
    }

    /// A CSV as people save them (compressed, a spreadsheet's dialect); what was detected becomes notes naming the file.
    public static func readCSV(_ path: String, dialect: CSVDialectOptions, notes: inout [String]) throws(ChallengeError) -> DataFrame {
        guard FileManager.default.fileExists(atPath: path) else { throw ChallengeError(file: path, "is missing") }
        var found: [String] = []
        defer { notes += found.map { "\((path as NSString).lastPathComponent): \($0)" } }
        do { return try CSVReader.read(path: path, dialect: dialect, notes: &found) } catch {
            throw ChallengeError(file: error.line.map { "\(path):\($0)" } ?? path, error.message)
        }
    }

    /// With a challenge.toml, a command-line answer may repeat the file but not contradict it.
    static func check(_ o: ChallengeOverrides, against spec: ChallengeSpec, file: String) throws(ChallengeError) {
        let pairs: [(String, String?, String?)] = [
            ("target", o.target, spec.target),
            ("id_column", o.idColumn.map { ChallengeOverrides.idList($0).joined(separator: ",") }, spec.idColumns.joined(separator: ",")),
            ("task", o.task?.rawValue, spec.task.rawValue),
            ("metric", o.metric?.rawValue, spec.metric.rawValue), ("time_column", o.timeColumn, spec.timeColumn ?? "none"),
            ("positive_label", o.positiveLabel, spec.positiveLabel),
        ]
        for (field, given, stated) in pairs {
            if let given, given != stated {
                throw ChallengeError(file: file, field: field, "says \"\(stated ?? "")\", and the command line says \"\(given)\"; "
                                     + "edit challenge.toml or drop the option")
            }
        }
    }
}
