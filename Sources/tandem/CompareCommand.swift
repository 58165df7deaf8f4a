import ArgumentParser
import Foundation
import TandemChallenge
import TandemReport
import TandemSession

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Human–AI sessions against AI-only runs, per challenge: scores and deltas, interventions, flag precision and recall, "
            + "adversarial advice left in, latency, and what each decision was worth.",
        discussion: "Attribution re-runs cross-validation once per human intervention (the final recipe with just that intervention "
            + "reverted); --no-attribution skips it."
    )

    @Argument(help: "Only this challenge (an id or folder).") var challenge: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @Flag(name: .customLong("no-attribution"), help: "Skip the per-intervention re-scoring.") var noAttribution = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var data: DataOptions

    func run() throws {
        try reportingErrors {
            let db = try store.open()
            var sessions = try wrap { () throws(StoreError) in try db.sessions() }
            if let challenge {
                // A folder path names its challenge by the id in its challenge.toml.
                let id = (try? data.loadChallenge(challenge).spec.id) ?? challenge
                sessions = sessions.filter { $0.challengeId == id }
                if sessions.isEmpty { throw CommandFailure.userError("\(store.shown): no sessions on challenge \(id)") }
            }
            let cache = ChallengeCache(dataDir: data.resolvedDataDir, explicit: data.dataDir != nil)
            let comparisons = try sessionComparisons(sessions, in: db, challenges: cache, attribute: !noAttribution)
            if json {
                print(try JSONOutput.string(comparisons))
            } else {
                print(ComparisonReport.text(comparisons), terminator: "")
            }
        }
    }
}
