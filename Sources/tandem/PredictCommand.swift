import ArgumentParser
import Foundation
import TandemChallenge
import TandemData
import TandemRecipe
import TandemSession
import TandemStore

/// `tandem predict CHALLENGE --recipe R --data NEW.csv --out PREDS.csv`: the recipe fitted on all training rows,
/// applied to new rows (DESIGN.md section 3's submission format, `<id>,<target>`).
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Fit a recipe (a JSON file, or a session's final recipe) on all training rows and predict a CSV of new rows."
    )

    @Argument(help: "A challenge id or folder, or a CSV file with --target.") var challenge: String
    @OptionGroup var challengeOptions: ChallengeOptions
    @Option(help: "Recipe JSON file: {\"steps\": [...]} (tandem export SESSION --format recipe writes one).") var recipe: String?
    @Option(help: "Use this session's final recipe and seed instead of --recipe (id or unique prefix).") var session: String?
    @Option(help: "The new rows: a CSV with the challenge's feature columns.") var data: String
    @Option(help: "Where to write the predictions CSV.") var out: String
    @Option(help: "Seed for the models (default 42, or the session's).") var seed: UInt64?
    @Option(name: .customLong("table"), parsing: .upToNextOption,
            help: "NAME=FILE: a side table read from FILE instead of the challenge's (the whole table: training rows join it too).")
    var tables: [String] = []
    @OptionGroup var store: StoreOptions
    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        if (recipe == nil) == (session == nil) { throw ValidationError("give --recipe FILE or --session ID (one of them)") }
    }

    func run() throws {
        try reportingErrors {
            // With --session, the options the session's challenge was opened with need not be typed again.
            var overrides = challengeOptions.overrides
            if let session {
                let db = try store.open()
                let info = try store.resolve(session, in: db)
                overrides = ChallengeOverrides(arguments: DataOptions.start(of: info.id, in: db)?.openedWith ?? []).overridden(by: overrides)
            }
            var loaded = try dataOptions.loadChallenge(challenge, overrides: overrides)
            if !tables.isEmpty {
                var files: [(name: String, file: String)] = []
                for given in tables {
                    guard let eq = given.firstIndex(of: "="), eq != given.startIndex, given.index(after: eq) != given.endIndex else {
                        throw CommandFailure.userError("--table: \"\(given)\" is not NAME=FILE (for example products=new-products.csv)")
                    }
                    files.append((String(given[..<eq]), String(given[given.index(after: eq)...])))
                }
                do throws(ChallengeError) {
                    let (replaced, notes) = try loaded.replacingTables(files)
                    loaded = replaced
                    notes.forEach { printError("tandem: note: " + sanitizeForDisplay($0)) }
                } catch { throw CommandFailure.userError(error.description) }
            }
            let (chosen, sessionSeed) = try recipeAndSeed(loaded)
            let rows: DataFrame
            var dialectNotes: [String] = []
            do throws(CSVError) { rows = try CSVReader.read(path: data, dialect: challengeOptions.dialect.options, notes: &dialectNotes) } catch {
                throw CommandFailure.userError("\(data)\(error.line.map { ":\($0)" } ?? ""): \(error.message)")
            }
            dialectNotes.forEach { printError("tandem: note: \(data): " + sanitizeForDisplay($0)) }
            let result: NewRowPredictions.Result
            do throws(SessionError) {
                result = try NewRowPredictions.predict(chosen, challenge: loaded, rows: rows, file: data, seed: seed ?? sessionSeed ?? 42)
            } catch { throw CommandFailure.userError(error.description) }
            do throws(ChallengeError) { try result.file.write(to: out) } catch { throw CommandFailure.internalError(error.description) }
            for note in result.notes { printError("tandem: note: " + note) }
            let what = SubmissionFile.writesProbabilities(loaded.spec.metric, task: loaded.spec.task) ? "positive-class probabilities" : "predictions"
            print("wrote \(out): \(result.file.rows.count) rows of \(what) for \"\(loaded.spec.target)\", from a recipe of \(chosen.steps.count) "
                  + "steps fitted on the \(loaded.train.rowCount) training rows of \(loaded.spec.id)")
        }
    }

    func recipeAndSeed(_ challenge: Challenge) throws -> (Recipe, UInt64?) {
        if let recipe {
            guard let text = try? String(contentsOfFile: recipe, encoding: .utf8) else {
                throw CommandFailure.userError("\(recipe): cannot read the recipe file")
            }
            do { return (try Recipe.parse(json: text), nil) } catch { throw CommandFailure.userError("\(recipe): \(error)") }
        }
        let db = try store.open()
        let info = try store.resolve(session ?? "", in: db)
        guard info.challengeId == challenge.spec.id else {
            throw CommandFailure.userError("session \(info.id) is on \(info.challengeId), not \(challenge.spec.id)")
        }
        let state = SessionState.fold(try wrap { () throws(StoreError) in try db.decodedEvents(session: info.id) })
        return (state.recipe, state.seed)
    }
}
