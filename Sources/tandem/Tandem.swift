import ArgumentParser
import TandemData

@main
struct Tandem: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "A terminal workbench for human–AI data science.",
        discussion: "Exit codes: 0 ok, 1 bad input, 2 internal error.",
        version: TandemVersion.string,
        subcommands: [ChallengesCommand.self, ProfileCommand.self, EvaluateCommand.self, BenchCommand.self]
    )

    static func main() {
        MemoryTuning.apply()
        main(nil)
    }
}

enum TandemVersion {
    static let string = "0.1.0"
}
