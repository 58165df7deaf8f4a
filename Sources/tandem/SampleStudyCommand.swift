import ArgumentParser
import Foundation
import TandemAgent
import TandemChallenge
import TandemData
import TandemSession
import TandemStore

/// `tandem sample study`: a simulated study in one SQLite store (issue 20, item 2), so a report can be shown and tested
/// without real people. Every scripted participant is marked as such in the store; every report made from it says so.
struct SampleStudyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "study",
        abstract: "A simulated study: scripted participants of varying skill work every challenge, the AI-only arms beside them.",
        discussion: """
            Deterministic for the seed: the participants' skills, their decisions, the session ids and the timestamps. \
            Participant ids start with simulated- and their sessions' agent_config carries simulated_participant, so a \
            simulated study is never mistaken for a real one. Writes DIR/study.sqlite.
            """
    )

    @Option(help: "Scripted participants (1 to 500).") var participants: Int
    @Option(help: "Seed for the participants, their decisions and every session's folds.") var seed: UInt64 = 42
    @Option(help: "The folder to write study.sqlite into (created if missing).") var out: String
    @Option(parsing: .upToNextOption, help: "The AI-only arms to run beside them (offline agents: heuristic, validated).")
    var arms: [AgentKind] = [.heuristic, .validated]
    @Argument(help: "Challenge ids or folders (default: every challenge under --data-dir).") var challenges: [String] = []
    @OptionGroup var data: DataOptions

    /// 2026-01-05 09:00 UTC: simulated sessions start on the study's first morning, one challenge a day.
    static let studyStart: Int64 = 1_767_603_600_000

    func validate() throws {
        guard (1...500).contains(participants) else { throw ValidationError("--participants \(participants): between 1 and 500") }
        if arms.contains(.llm) {
            throw ValidationError("--arms llm: a simulated study runs offline; add an llm arm with "
                                  + "`tandem run --ai-only CHALLENGE --agent llm --db DIR/study.sqlite`")
        }
    }

    func run() async throws {
        try await reportingErrorsAsync {
            let names = challenges.isEmpty ? ChallengeResolver.available(in: data.resolvedDataDir) : challenges
            guard !names.isEmpty else { throw CommandFailure.userError("\(data.resolvedDataDir): no challenge folders") }
            let loaded = try names.map { try data.loadChallenge($0) }
            do { try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true) } catch {
                throw CommandFailure.userError("--out \(out): cannot create the folder (\(error.localizedDescription))")
            }
            let path = (out as NSString).appendingPathComponent("study.sqlite")
            guard !FileManager.default.fileExists(atPath: path) else {
                throw CommandFailure.userError("\(path) exists: a simulated study is written once; choose another --out")
            }
            let db = try wrap { () throws(StoreError) in try SQLiteEventStore(path: path) }
            let cohort = SimulatedParticipant.cohort(participants, seed: seed)
            var ids = SeededRandom(seed: seed ^ 0x1D5)
            var humanSessions = 0, aiSessions = 0
            for (c, challenge) in loaded.enumerated() {
                let verdicts: [String: String]
                do { verdicts = try ChallengeKey.load(challenge).verdicts } catch {
                    throw CommandFailure.userError("\(challenge.folder): the simulated participants need the key: \(error)")
                }
                if verdicts.isEmpty { data.printNote("\(challenge.spec.id): no key/documents.toml, so no participant flags anything") }
                let day = Self.studyStart + Int64(c) * 86_400_000
                for (a, arm) in arms.enumerated() {
                    let agent: any Agent = arm == .validated ? ValidatedAgent(challenge: challenge) : HeuristicAgent()
                    let clock = SimulatedClock(startingAt: day - 3_600_000 + Int64(a) * 600_000)
                    let driver = try await wrap { () async throws(StoreError) in
                        try await SessionDriver.start(store: db, challenge: challenge, agent: agent, mode: .aiOnly, seed: seed,
                                                      appVersion: TandemVersion.string, sessionId: Self.sessionId(&ids), clock: clock.read)
                    }
                    try await wrap { () async throws(StoreError) in try await driver.runAIOnly() }
                    await driver.close()
                    aiSessions += 1
                }
                for (p, participant) in cohort.enumerated() {
                    let agent = HeuristicAgent()
                    let clock = SimulatedClock(startingAt: day + Int64(p) * 600_000)
                    let driver = try await wrap { () async throws(StoreError) in
                        try await SessionDriver.start(store: db, challenge: challenge, agent: agent, mode: .humanAI, seed: seed,
                                                      appVersion: TandemVersion.string, participant: participant.id,
                                                      agentConfig: participant.marking(agentConfig: agent.configJSON),
                                                      sessionId: Self.sessionId(&ids), clock: clock.read)
                    }
                    let decisions = seed &+ UInt64(c) &* 1_000_003 &+ UInt64(p) &* 7_919
                    try await wrap { () async throws(StoreError) in
                        try await driver.runSimulated(participant, verdicts: verdicts, seed: decisions, clock: clock)
                    }
                    await driver.close()
                    humanSessions += 1
                }
                data.printNote("\(challenge.spec.id): \(cohort.count) simulated participants and \(arms.count) AI-only arm(s) done")
            }
            print("SIMULATED study (scripted participants, not people): \(cohort.count) participants × \(loaded.count) challenges, "
                  + "\(humanSessions) human–AI and \(aiSessions) AI-only sessions → \(path)")
            print("report: tandem study report --db \(path) --html -o study.html")
        }
    }

    /// A UUID-shaped id drawn from the seed, so the same seed writes the same store.
    static func sessionId(_ rng: inout SeededRandom) -> String {
        let hex = String(format: "%016llx%016llx", rng.next(), rng.next())
        let c = Array(hex)
        return [String(c[0..<8]), String(c[8..<12]), String(c[12..<16]), String(c[16..<20]), String(c[20..<32])].joined(separator: "-")
    }
}
