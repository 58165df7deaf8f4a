import ArgumentParser
import Foundation
import TandemChallenge
import TandemData
import TandemModel
import TandemSession

/// Options every challenge command shares (DESIGN.md section 7).
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("data-dir"), help: "Folder of challenge folders, or one challenge folder (default: the bundled SampleData).")
    var dataDir: String?

    var resolvedDataDir: String {
        if let dataDir { return dataDir }
        if let share = ProjectRoot.share() { return share.appendingPathComponent("SampleData").path }
        return "SampleData"
    }

    /// Where `tandem open DATA.csv --target COL` makes its challenge folders: $XDG_DATA_HOME/tandem/challenges.
    static var madeChallengesRoot: String { TandemPaths.dataHome + "/challenges" }

    /// A challenge by id or folder, or a CSV file made into one (with `--target`). What was inferred, and a folder
    /// made or reused, is said on stderr.
    func loadChallenge(_ name: String, overrides: ChallengeOverrides = ChallengeOverrides()) throws -> Challenge {
        do throws(ChallengeError) {
            var folder: String
            var isDir: ObjCBool = false
            let isZipChallenge = FileManager.default.fileExists(atPath: name) && ZipChallenge.isChallengeZip(name)
            if !isZipChallenge, FileManager.default.fileExists(atPath: name, isDirectory: &isDir), !isDir.boolValue, overrides.target != nil {
                let (made, fresh) = try MadeChallenges.folder(for: name, overrides: overrides, root: Self.madeChallengesRoot)
                folder = made
                if let fresh {
                    printNote("made challenge \(fresh.id) in \(made) from \(name) (\(fresh.trainRows) training rows, \(fresh.testRows) test rows)")
                    fresh.notes.forEach { printNote($0) }
                } else {
                    printNote("using \(made), made earlier from the same \(name)")
                }
                let loaded = try ChallengeLoader.load(folder: folder)
                loaded.warnings.forEach { printWarning($0) }
                return loaded
            }
            if isZipChallenge {
                let (unpacked, fresh) = try ZipChallenge.unpack(name, root: Self.madeChallengesRoot)
                printNote(fresh ? "unpacked \(name) into \(unpacked)" : "using \(unpacked), unpacked earlier from \(name)")
                folder = unpacked
            } else {
                folder = try ChallengeResolver.resolve(name, dataDir: resolvedDataDir, also: [Self.madeChallengesRoot])
            }
            let loaded = try ChallengeLoader.load(folder: folder, overrides: overrides)
            loaded.notes.forEach { printNote("\(folder): \($0)") }
            loaded.warnings.forEach { printWarning($0) }
            return loaded
        } catch {
            throw CommandFailure.userError(error.description)
        }
    }

    /// The challenge a logged session ran on, opened as it was: from the folder it was opened from, with the options it
    /// was opened with (what is typed now wins); by id under --data-dir when one is given or the folder is gone.
    /// `first`: the session's first event when the caller has read the log already (it is not read again).
    func loadChallenge(session: SessionInfo, in db: any EventStore, first: SessionEvent? = nil, named name: String? = nil,
                       overrides given: ChallengeOverrides = ChallengeOverrides()) throws -> Challenge {
        let start: EventPayload.SessionStarted?
        if let first {
            if case .sessionStarted(let s) = first.payload { start = s } else { start = nil }
        } else {
            start = Self.start(of: session.id, in: db)
        }
        let overrides = ChallengeOverrides(arguments: start?.openedWith ?? []).overridden(by: given)
        if let name { return try loadChallenge(name, overrides: overrides) }
        if dataDir == nil, let folder = start?.openedFrom, ChallengeLoader.isChallengeFolder(folder) {
            do {
                let loaded = try ChallengeLoader.load(folder: folder, overrides: overrides)
                loaded.warnings.forEach { printWarning($0) }
                return loaded
            } catch { throw CommandFailure.userError(error.description) }
        }
        return try loadChallenge(session.challengeId, overrides: overrides)
    }

    /// A session's session_started payload (nil when its log does not begin with one).
    static func start(of session: String, in db: any EventStore) -> EventPayload.SessionStarted? {
        guard let first = try? db.decodedEvents(session: session).first, case .sessionStarted(let s) = first.payload else { return nil }
        return s
    }

    static func load(folder: String) throws -> Challenge {
        do { return try ChallengeLoader.load(folder: folder) } catch { throw CommandFailure.userError(error.description) }
    }

    func printNote(_ line: String) { printError("tandem: note: " + line) }
    /// Nothing is skipped in silence: a document whose advice is not used is named with the reason.
    func printWarning(_ line: String) { printError("tandem: warning: " + sanitizeForDisplay(line)) }
}

/// What a folder without challenge.toml, or a CSV file, leaves open: the target and the rest (DESIGN.md section 3).
struct ChallengeOptions: ParsableArguments {
    @Option(help: "The column to predict (a CSV file needs it; a folder without challenge.toml may).") var target: String?
    @Option(name: .customLong("id"), help: "The id column (default: found by name, else row_id is added).") var idColumn: String?
    @Option(help: "regression, binary or multiclass (default: inferred from the target).") var task: TaskKind?
    @Option(help: "The metric (default: rmse, auc or macro_f1 by task).") var metric: Metric?
    @Option(name: .customLong("positive-label"), help: "The positive class of a binary target.") var positiveLabel: String?
    @Option(name: .customLong("time"), help: "The time column, or none (default: a date column in time order, if any).") var time: String?
    @OptionGroup var dialect: DialectOptions

    var overrides: ChallengeOverrides {
        var o = ChallengeOverrides(target: target, idColumn: idColumn, task: task, metric: metric, positiveLabel: positiveLabel, timeColumn: time)
        o.dialect = dialect.options
        return o
    }
}

/// How CSV files are written, when detection should not decide.
struct DialectOptions: ParsableArguments {
    @Option(help: "The CSV delimiter: , ; tab or | (default: detected from the first 64 KiB).") var delimiter: Delimiter?
    @Option(help: "The decimal mark of numbers: point or comma (default: detected; a comma only with a delimiter other than ,).")
    var decimal: DecimalMark?

    var options: CSVDialectOptions { CSVDialectOptions(delimiter: delimiter?.byte, decimalComma: decimal.map { $0 == .comma }) }

    struct Delimiter: ExpressibleByArgument {
        let byte: UInt8
        init?(argument: String) {
            let names = ["comma": ",", "semicolon": ";", "pipe": "|"]
            guard let byte = CSVDialectOptions.delimiter(named: names[argument] ?? argument) else { return nil }
            self.byte = byte
        }
        static var allValueStrings: [String] { [",", ";", "tab", "|"] }
    }

    enum DecimalMark: String, ExpressibleByArgument { case point, comma }
}

extension TaskKind: ExpressibleByArgument {
    public static var allValueStrings: [String] { ["regression", "binary", "multiclass"] }
}

extension Metric: ExpressibleByArgument {}

/// $XDG_DATA_HOME/tandem (default ~/.local/share/tandem).
enum TandemPaths {
    static var dataHome: String {
        let env = ProcessInfo.processInfo.environment
        let base = env["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? (NSHomeDirectory() + "/.local/share")
        return base + "/tandem"
    }
}
