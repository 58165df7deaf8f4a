import ArgumentParser
import Foundation
import TandemChallenge
import TandemData

struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Synthetic data: generate a challenge at any scale, measure the calibration table, or simulate a study.",
        subcommands: [SampleGenerateCommand.self, SampleCalibrateCommand.self, SampleStudyCommand.self]
    )
}

struct SampleGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic challenge folder, deterministic for a seed. The bundled SampleData folders are its output at the defaults.",
        discussion: "INDUSTRY is one of: " + SampleBlueprint.all.map { "\($0.industry) (\($0.id), \($0.defaultRows) rows)" }.joined(separator: ", ")
    )

    @Argument(help: "Industry (commerce, food-production, healthcare, insurance, manufacturing, retail-banking) or challenge id.")
    var industry: String
    @Option(help: "Training rows (test rows are a quarter as many; time-ordered challenges round to whole series). Default: the bundled size.")
    var rows: Int?
    @Option(help: "Random seed.") var seed: UInt64 = SampleBlueprint.defaultSeed
    @Option(help: "The challenge folder to write.") var out: String

    func validate() throws {
        guard SampleBlueprint.named(industry) != nil else {
            throw ValidationError("unknown industry \"\(sanitizeForDisplay(industry, limit: 40))\"; one of "
                                  + SampleBlueprint.all.map(\.industry).joined(separator: ", "))
        }
        if let rows, rows < 100 || rows > 50_000_000 { throw ValidationError("--rows must be between 100 and 50,000,000 (got \(rows))") }
    }

    func run() throws {
        try reportingErrors {
            guard let blueprint = SampleBlueprint.named(industry) else { throw CommandFailure.userError("unknown industry \(industry)") }
            let counts: (train: Int, test: Int)
            do { counts = try SampleGenerator.generate(blueprint, rows: rows, seed: seed, out: out) } catch {
                throw CommandFailure.userError("\(error)")
            }
            print("\(blueprint.id): \(counts.train) training rows, \(counts.test) test rows, \(blueprint.documents.count) documents → \(out)")
        }
    }
}

struct SampleCalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Hidden-test scores of baseline, default, default+helpful, default+adversarial, default+all advice and the oracle."
    )

    @Argument(help: "Challenge ids or folders (default: every challenge under --data-dir).") var challenges: [String] = []
    @Flag(help: "Print JSON for scripts.") var json = false
    @Flag(help: "Print the Markdown table of SampleData/README.md.") var markdown = false
    @OptionGroup var data: DataOptions

    func run() throws {
        try reportingErrors {
            let names = challenges.isEmpty ? ChallengeResolver.available(in: data.resolvedDataDir) : challenges
            guard !names.isEmpty else { throw CommandFailure.userError("\(data.resolvedDataDir): no challenge folders") }
            var rows: [CalibrationRow] = []
            for name in names {
                let challenge = try data.loadChallenge(name)
                do { rows.append(try Calibration.run(challenge)) } catch { throw CommandFailure.userError("\(error)") }
            }
            if json {
                print(try JSONOutput.string(rows))
            } else {
                print(CalibrationRow.markdown(rows), terminator: "")
                if !markdown {
                    for r in rows where !r.refused.isEmpty {
                        print("\n\(r.challenge): refused while building the advice recipes:")
                        for line in r.refused { print("  " + sanitizeForDisplay(line)) }
                    }
                }
            }
        }
    }
}
