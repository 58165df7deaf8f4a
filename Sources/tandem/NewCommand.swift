import ArgumentParser
import Foundation
import TandemChallenge
import TandemData

/// `tandem new DATA.csv --target COL --out DIR`: any CSV made into a challenge folder (DESIGN.md section 3).
struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Make a challenge folder from a CSV: a holdout becomes test.csv and the key (or give --test).",
        discussion: "Task, metric, id and time column are inferred when not given, and each answer is printed with its reason."
    )

    @Argument(help: "The CSV with the target column.") var data: String
    @OptionGroup var challenge: ChallengeOptions
    @Option(help: "The challenge folder to write (its name is the challenge id).") var out: String
    @Option(help: "test.csv as given; its target, if present, becomes the key (else the challenge is unscored).") var test: String?
    @Option(help: "Share of rows held out as the hidden test set, in (0, 0.9).") var holdout = 0.2
    @Option(help: "Seed for the holdout split.") var seed: UInt64 = 42
    @Option(parsing: .upToNextOption, help: "Domain documents (Markdown or text; front matter optional).") var docs: [String] = []
    @Option(help: "The challenge's title (default: the CSV's name).") var title: String?
    @Option(name: .customLong("table"), parsing: .upToNextOption,
            help: "Side tables copied into tables/: FILE (.csv, .json, .jsonl), or FILE:KEY to declare its key (FILE:a,b for two columns).")
    var tables: [String] = []
    @Flag(help: "Replace --out when it is an earlier challenge folder.") var force = false

    func validate() throws {
        guard challenge.target != nil else { throw ValidationError("give --target COL: the column to predict") }
    }

    func run() throws {
        try reportingErrors {
            var request = NewChallengeRequest(data: data, out: out, test: test, overrides: challenge.overrides, holdout: holdout, seed: seed,
                                              docs: docs, title: title, force: force)
            request.tables = tables
            let made: MadeChallenge
            do throws(ChallengeError) { made = try ChallengeMaker.make(request) } catch { throw CommandFailure.userError(error.description) }
            print("wrote \(sanitizeForDisplay(made.folder)): challenge \(made.id), \(made.trainRows) training rows, \(made.testRows) test rows"
                  + (made.scored ? "" : " (unscored: no labels for the test rows)"))
            for note in made.notes { print("  " + sanitizeForDisplay(note)) }
            print("next: tandem open \(made.folder)   or   tandem run --ai-only \(made.folder)")
        }
    }
}
