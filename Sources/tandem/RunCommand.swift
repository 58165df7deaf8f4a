import ArgumentParser
import Foundation
import TandemAgent
import TandemChallenge
import TandemData
import TandemSession
import TandemStorePostgres

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "A whole AI-only session, logged: propose, auto-approve, evaluate after each stage, submit, end."
    )

    @Flag(name: .customLong("ai-only"), help: "Run without a human (the only batch mode).") var aiOnly = false
    @Argument(help: "A challenge id or folder, or a CSV file with --target.") var challenge: String
    @OptionGroup var challengeOptions: ChallengeOptions
    @OptionGroup var agentOptions: AgentOptions
    @Option(help: "Seed for folds and models (logged with the session).") var seed: UInt64 = 42
    @Option(help: "Participant id stored with the session.") var participant: String?
    @Flag(help: "Print JSON for scripts.") var json = false
    @OptionGroup var store: StoreOptions
    @OptionGroup var data: DataOptions

    func run() async throws {
        try await reportingErrorsAsync {
            guard aiOnly else { throw CommandFailure.userError("run needs --ai-only (a human-AI session is `tandem open`)") }
            let loaded = try data.loadChallenge(challenge, overrides: challengeOptions.overrides)
            let feed = TokenFeed()
            // Streaming shows progress to someone watching; unwatched runs take plain replies, which every server
            // reports usage for (llama-cpp-python's streams carry none).
            let agent = try agentOptions.make(feed: feed, stream: !json && isatty(STDERR_FILENO) == 1, challenge: loaded)
            let db = try store.openForSession()
            let driver = try await wrap { () async throws(StoreError) in
                try await SessionDriver.start(store: db, challenge: loaded, agent: agent, mode: .aiOnly, seed: seed,
                                              appVersion: TandemVersion.string, participant: participant, submissions: store.submissionsRoot)
            }
            try await wrap { () async throws(StoreError) in
                try await driver.runAIOnly { [json] line in
                    if !json { printError("tandem: " + line + (feed.count > 0 ? " (\(feed.count) tokens streamed so far)" : "")) }
                }
            }
            let s = await driver.state
            var summary = RunSummary(session: driver.sessionId, challenge: loaded.spec.id, metric: loaded.spec.metric.rawValue,
                                     steps: s.recipe.steps.count, refused: s.refused.count, cv: s.evaluations.map(\.score),
                                     test: s.submissions.last?.score, events: s.lastSeq, db: store.shown, agent: agent.name,
                                     agentFailures: s.agentFailures)
            // What stopped a score is said here, not only in the log.
            let events = try wrap { () throws(StoreError) in try db.decodedEvents(session: driver.sessionId) }
            summary.evaluationFailure = events.last { $0.kind == .evaluated && $0.payload.reason != nil }?.payload.reason
            if case .submitted(let last)? = events.last(where: { $0.kind == .submitted })?.payload {
                summary.submissionNote = last.reason ?? last.warnings?.first
            }
            print(json ? try JSONOutput.string(summary) : summary.text)
            if !json, let path = driver.submissionFolder.map({ $0 + "/submission.csv" }), FileManager.default.fileExists(atPath: path) {
                print("submission: \(path)")
            }
            if let spooled = db as? SpooledStudyStore, spooled.sync() > 0 {
                printError("tandem: \(spooled.queued) events wait in \(spooled.spool.path) (\(spooled.offlineReason ?? "the server is away")); "
                           + "the next tandem open or run on \(store.shown) ships them")
            }
        }
    }
}

struct RunSummary: Encodable {
    var session: String
    var challenge: String
    var metric: String
    var steps: Int
    var refused: Int
    var cv: [Double]
    var test: Double?
    var events: Int
    var db: String
    var agent: String
    var agentFailures: Int
    /// The last failed evaluation's reason, and why the submission has no score (a failure, or an unscored challenge).
    var evaluationFailure: String?
    var submissionNote: String?

    enum CodingKeys: String, CodingKey {
        case session, challenge, metric, steps, refused, cv, test, events, db, agent
        case agentFailures = "agent_failures", evaluationFailure = "evaluation_failure", submissionNote = "submission_note"
    }

    var text: String {
        func f(_ v: Double) -> String { String(format: "%.4f", v) }
        let failure = evaluationFailure.map { "\n  an evaluation failed: " + sanitizeForDisplay($0, limit: 300) } ?? ""
        let failures = agentFailures > 0 ? "; \(agentFailures) agent call(s) failed (see the log)" : ""
        return """
        session \(session) on \(challenge) (ai-only, \(agent) agent): \(events) events in \(db)\(failures)
        recipe: \(steps) steps applied, \(refused) proposals refused
        CV \(metric) after each stage: \(cv.isEmpty ? "none" : cv.map(f).joined(separator: " → "))\(failure)
        hidden test \(metric): \(test.map(f) ?? "not scored" + (submissionNote.map { " (\(sanitizeForDisplay($0, limit: 300)))" } ?? ""))
        """
    }
}

func reportingErrorsAsync(_ body: () async throws -> Void) async throws {
    do { try await body() } catch let error as CommandFailure {
        printError("tandem: \(error.message)")
        throw ExitCode(error.code)
    }
}
