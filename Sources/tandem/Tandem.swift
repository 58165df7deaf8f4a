import ArgumentParser
import Foundation
import TandemData
import TandemModel
import TandemStore
import TandemTerminal

@main
struct Tandem: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tandem",
        abstract: "A terminal workbench for human–AI data science.",
        discussion: "Exit codes: 0 ok, 1 bad input, 2 internal error.",
        version: TandemVersion.string,
        subcommands: [OpenCommand.self, NewCommand.self, ChallengesCommand.self, ProfileCommand.self, EvaluateCommand.self, PredictCommand.self, RunCommand.self, SessionsCommand.self,
                      CompareCommand.self, ReplayCommand.self, ManualCommand.self, ExportCommand.self, VerifyCommand.self, MergeCommand.self, StudyCommand.self, SampleCommand.self, BenchCommand.self],
        defaultSubcommand: OpenCommand.self
    )

    static func main() async {
        MemoryTuning.apply()
        // The full answer (commit and libraries) only for --version itself: it reads files no other command needs.
        if Array(CommandLine.arguments.dropFirst()) == ["--version"] {
            print(TandemVersion.full)
            return
        }
        do {
            var command = try parseAsRoot(GlobalOptions.reorder(Array(CommandLine.arguments.dropFirst()), root: Tandem.self))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // ArgumentParser exits 64 on a usage error; DESIGN.md section 7 says bad input is exit 1.
            if exitCode(for: error).rawValue == 64 {
                printError(fullMessage(for: error))
                Foundation.exit(1)
            }
            exit(withError: error)
        }
    }
}

enum TandemVersion {
    static let string = "0.1.0"

    /// `tandem --version`: the version and commit, then the libraries it runs on.
    static var full: String {
        "tandem \(string) (commit \(ProjectRoot.commit().map { String($0.prefix(12)) } ?? "unknown"))\n"
            + "XGBoost \(XGBoostLibrary.version), SQLite \(SQLiteLibrary.version), \(CursesLibrary.version)"
    }
}
