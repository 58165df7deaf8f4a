import Foundation
import Testing
import TestSupport
import TandemAgent
import TandemChallenge
import TandemData
import TandemRecipe
@testable import TandemReport
import TandemSession
import TandemStore

/// A simulated study of 20 scripted participants and the heuristic AI-only arm on food-shelf-life, made once for the
/// suite: the report's numbers are checked against values computed here from the store, by hand. The challenge is
/// generated at 600 training rows (its documents and key as bundled), so 20 debug-build sessions take seconds.
actor SimulatedStudyFixture {
    struct Study: Sendable {
        let store: String
        let challenge: Challenge
        let report: StudyReport
        let logs: [ComparisonReport.Input]
    }

    static let shared = SimulatedStudyFixture()
    private var made: Study?

    func study() async throws -> Study {
        if let made { return made }
        let folder = try RepositoryPaths.temporaryFolder("study-report")
        _ = try SampleGenerator.generate(try #require(SampleBlueprint.named("food-shelf-life")), rows: 600, out: folder + "/food-shelf-life")
        let challenge = try ChallengeLoader.load(folder: folder + "/food-shelf-life")
        let path = folder + "/study.sqlite"
        let store = try SQLiteEventStore(path: path)
        let verdicts = try ChallengeKey.load(challenge).verdicts
        let ai = try await SessionDriver.start(store: store, challenge: challenge, agent: HeuristicAgent(), mode: .aiOnly, seed: 42,
                                               appVersion: "test", clock: SimulatedClock(startingAt: 1_000).read)
        try await ai.runAIOnly()
        for (i, p) in SimulatedParticipant.cohort(20, seed: 42).enumerated() {
            let clock = SimulatedClock(startingAt: 10_000 + Int64(i) * 1_000_000)
            let driver = try await SessionDriver.start(store: store, challenge: challenge, agent: HeuristicAgent(), mode: .humanAI, seed: 42,
                                                       appVersion: "test", participant: p.id, agentConfig: p.marking(agentConfig: "{}"),
                                                       clock: clock.read)
            try await driver.runSimulated(p, verdicts: verdicts, seed: UInt64(i) &* 7_919, clock: clock)
        }
        let logs = try store.sessions().map { ComparisonReport.Input(info: $0, events: try store.decodedEvents(session: $0.id)) }
        let comparisons = try await offThePool { ComparisonReport.build(logs, challenge: { _ in .success(challenge) }, attribute: true) }
        let simulated = Set(logs.map(\.info).filter(SimulatedParticipant.isSimulated).map(\.id))
        let study = Study(store: path, challenge: challenge, report: StudyReport.build(comparisons, simulatedSessions: simulated), logs: logs)
        made = study
        return study
    }
}

@Suite struct StudyReportTests {
    /// The raw payload of every event of a session, as JSON objects (read without the report's code).
    func rawEvents(_ store: SQLiteEventStore, _ session: String) throws -> [(kind: String, actor: String, payload: [String: Any])] {
        try store.events(session: session).map { e in
            (e.kind, e.actor, try #require(try JSONSerialization.jsonObject(with: Data(e.payload.utf8)) as? [String: Any]))
        }
    }

    @Test func theReportsNumbersAreTheOnesComputedFromTheStoreByHand() async throws {
        let study = try await SimulatedStudyFixture.shared.study()
        let store = try SQLiteEventStore(path: study.store)
        let sessions = try store.sessions()
        let humans = sessions.filter { $0.mode == "human-ai" }, arm = try #require(sessions.first { $0.mode == "ai-only" })
        #expect(humans.count == 20 && Set(humans.compactMap(\.participant)).count == 20)
        let adversarial = Set(try ChallengeKey.load(study.challenge).verdicts.filter { $0.value == "adversarial" }.keys)
        #expect(adversarial.count == 2)
        let section = try #require(study.report.challenges.first)

        // The distribution: every human–AI session's last submitted test score; mae, so the best is the lowest.
        func lastTest(_ id: String) throws -> Double? {
            // The number as written (JSONSerialization may round the last digit differently from Swift's parser).
            let events = try store.events(session: id)
            guard let payload = events.last(where: { $0.kind == "submitted" })?.payload,
                  let r = payload.range(of: #"(?<="test_score":)[-0-9.eE+]+"#, options: .regularExpression) else { return nil }
            return Double(payload[r])
        }
        var scores: [Double] = []
        for h in humans { scores.append(try #require(try lastTest(h.id))) }
        let sorted = scores.sorted()
        #expect(section.humanAI.scores.map(\.test).sorted() == sorted && section.humanAI.unscored == 0)
        #expect(section.humanAI.best == sorted[0])
        #expect(section.humanAI.median == (sorted[9] + sorted[10]) / 2)
        // The arm's quantile rank: the share of human–AI sessions it beats (lower mae), a tie counting half.
        let armTest = try #require(try lastTest(arm.id))
        let beaten = Double(scores.filter { armTest < $0 }.count) + 0.5 * Double(scores.filter { armTest == $0 }.count)
        let placed = try #require(section.arms.first)
        #expect(placed.agent == "heuristic" && placed.test == armTest && placed.quantileRank == beaten / 20)
        #expect(placed.scores.count == 1)

        // Flags per participant: the documents flagged (and not unflagged) against the key.
        for h in humans {
            var flagged = Set<String>()
            for e in try rawEvents(store, h.id) where e.actor == "human" {
                let d = e.payload["document"] as? String
                if e.kind == "document_flagged", let d { flagged.insert(d) }
                if e.kind == "document_unflagged", let d { flagged.remove(d) }
            }
            let correct = flagged.intersection(adversarial).count
            let row = try #require(section.flags.first { $0.participant == h.participant })
            #expect(row.flagged == flagged.count && row.correct == correct && row.adversarial == 2)
            #expect(row.precision == (flagged.isEmpty ? nil : Double(correct) / Double(flagged.count)))
            #expect(row.recall == Double(correct) / 2)
        }
        #expect(section.flags.count == 20 && study.report.participants.count == 20)

        // Adoption: adversarial documents cited by a step of the final recipe, over two per session.
        func adopted(_ id: String) throws -> Int {
            let recipe = SessionState.fold(try store.decodedEvents(session: id)).current.recipe
            return Set(recipe.flatMap(\.documents)).intersection(adversarial).count
        }
        let humanAdopted = try humans.reduce(0) { $0 + (try adopted($1.id)) }
        let human = try #require(section.adoption.first { $0.group == "human-ai" })
        #expect(human.adversarial == 40 && human.adopted == humanAdopted && human.rate == Double(humanAdopted) / 40)
        let heuristic = try #require(section.adoption.first { $0.group == "heuristic" })
        let armAdopted = try adopted(arm.id)
        #expect(heuristic.adversarial == 2 && heuristic.adopted == armAdopted && armAdopted > 0)

        // Tokens: the offline agents use none, and no cost is made up.
        #expect(section.cost.allSatisfy { $0.promptTokens == 0 && $0.completionTokens == 0 })
        #expect(StudyReport.costRow(try #require(section.cost.first)).last == "-")
    }

    /// The worth of an approval: CV of the final recipe minus CV without the step (mae: the reverted one's minus
    /// the final one's, so + helped), averaged per stage, each CV computed here.
    @Test func theWorthOfApprovalsIsTheCVOfTheFinalRecipeAgainstItWithoutTheStep() async throws {
        let study = try await SimulatedStudyFixture.shared.study()
        let worths = try await offThePool { try Self.approvalWorths(study) }
        let section = try #require(study.report.challenges.first)
        #expect(!worths.isEmpty)
        for (stage, values) in worths {
            let row = try #require(section.worth.first { $0.kind == "step_approved" && $0.stage == stage })
            #expect(row.scored == values.count)
            let mean = values.reduce(0, +) / Double(values.count)
            #expect(abs((row.mean ?? .nan) - mean) < 1e-9, "\(stage): \(String(describing: row.mean)) vs \(mean)")
        }
    }

    static func approvalWorths(_ study: SimulatedStudyFixture.Study) throws -> [String: [Double]] {
        let store = try SQLiteEventStore(path: study.store)
        var known: [String: Double] = [:]
        func cv(_ steps: [RecipeStep]) throws -> Double {
            let recipe = Recipe(steps: steps)
            if let k = known[recipe.fingerprint] { return k }
            let score = try ScoreEffects.crossValidate(recipe, challenge: study.challenge, seed: 42).cvMean
            known[recipe.fingerprint] = score
            return score
        }
        var worths: [String: [Double]] = [:]
        for h in try store.sessions() where h.mode == "human-ai" {
            let events = try store.decodedEvents(session: h.id)
            let final = SessionState.fold(events).current.recipe
            let finalCV = try cv(final)
            var offered: [String: RecipeStep] = [:], stage = "cleaning"
            for e in events {
                switch e.payload {
                case .agentProposed(let p): for pr in p.offered { offered[pr.id] = pr.step }
                case .stageChanged(let s): stage = s.stage.rawValue
                case .stepApproved(let a):
                    guard let step = offered[a.proposalId] else { throw StoreError("\(h.id): approval of unknown proposal \(a.proposalId)") }
                    guard let i = final.firstIndex(of: step) else { continue }
                    var reverted = final
                    reverted.remove(at: i)
                    worths[stage, default: []].append(try cv(reverted) - finalCV)
                default: break
                }
            }
        }
        return worths
    }

    @Test func theHTMLHasAStripPlotWithAMarkPerSessionAndAChartPerSessionAndSaysItIsSimulated() async throws {
        let study = try await SimulatedStudyFixture.shared.study()
        let html = StudyReport.html(study.report, logs: study.logs)
        let rest = html[try #require(html.range(of: "<svg class=\"strip\"")).lowerBound...]
        let stripSVG = String(rest[..<(try #require(rest.range(of: "</svg>"))).upperBound])
        #expect(stripSVG.components(separatedBy: "<circle class=\"session human-ai\"").count - 1 == 20)
        #expect(stripSVG.components(separatedBy: "<path class=\"session ai-only\"").count - 1 == 1)
        #expect(stripSVG.contains("class=\"axis x\"") && stripSVG.contains("class=\"axis y\""))
        #expect(stripSVG.contains(">hidden-test mae (← lower is better)</text>"))
        #expect(stripSVG.contains(">human–AI</text>") && stripSVG.contains(">AI-only heuristic</text>"))
        #expect(stripSVG.components(separatedBy: "class=\"median\"").count - 1 == 1)
        // One score-over-time chart per human–AI session, each with both axes labelled.
        #expect(html.components(separatedBy: "<div class=\"chart\">").count - 1 == 20)
        #expect(html.components(separatedBy: ">event number</text>").count - 1 == 20)
        // Self-contained: nothing to fetch, nothing to run.
        #expect(!html.contains("<script") && !html.contains("src=") && !html.contains("href="))
        // Simulated: said before anything else, in every format.
        let body = try #require(html.range(of: "<body>")).upperBound
        #expect(html[body...].drop { $0 == "\n" }.hasPrefix("<p class=\"simulated\">SIMULATED STUDY: 20 of 20 human–AI sessions"))
        #expect(StudyReport.markdown(study.report).hasPrefix("**SIMULATED STUDY: 20 of 20 human–AI sessions are scripted participants"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = String(decoding: try encoder.encode(study.report), as: UTF8.self)
        #expect(json.split(separator: "\n").dropFirst().first?.contains("\"SIMULATED\" : \"SIMULATED STUDY") == true)
    }

    /// The same participant and seed write the same session: decisions, scores and timestamps. Durations are measured,
    /// so they and the head hash that covers them may differ.
    @Test func aSimulatedSessionIsTheSameForTheSameSeed() async throws {
        let challenge = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/machine-failure-24h")
        let verdicts = try ChallengeKey.load(challenge).verdicts
        let p = try #require(SimulatedParticipant.cohort(3, seed: 9).last)
        #expect(SimulatedParticipant.cohort(3, seed: 9) == SimulatedParticipant.cohort(3, seed: 9) && p.id == "simulated-3")
        var runs: [[String]] = []
        for _ in 0..<2 {
            let store = try SQLiteEventStore(path: try RepositoryPaths.temporaryFolder("simulated-twice") + "/s.sqlite")
            let clock = SimulatedClock(startingAt: 5_000)
            let driver = try await SessionDriver.start(store: store, challenge: challenge, agent: HeuristicAgent(), mode: .humanAI, seed: 9,
                                                       appVersion: "test", participant: p.id, agentConfig: p.marking(agentConfig: "{\"budget\":3}"),
                                                       sessionId: "s", clock: clock.read)
            try await driver.runSimulated(p, verdicts: verdicts, seed: 77, clock: clock)
            let info = try #require(try store.sessions().first)
            #expect(SimulatedParticipant.isSimulated(info) && info.agentConfig.hasPrefix("{\"budget\":3,\"simulated_participant\":{"))
            #expect(try JSONSerialization.jsonObject(with: Data(info.agentConfig.utf8)) is [String: Any])
            runs.append(try store.events(session: "s").map { e in
                let measured = #""(duration_ms":\d+|head_hash":"[0-9a-f]+")"#
                return "\(e.seq) \(e.at) \(e.actor) \(e.kind) " + e.payload.replacingOccurrences(of: measured, with: "", options: .regularExpression)
            })
        }
        #expect(runs[0] == runs[1] && runs[0].contains { $0.contains("document_flagged") || $0.contains("step_rejected") })
    }

    @Test func aRealStudyIsNotCalledSimulatedAndAnUngradedChallengeSaysSo() throws {
        var s = SessionAnalysis.analyze(info: SessionInfo(id: "a", challengeId: "c", challengeSha256: "", mode: "human-ai", agent: "heuristic",
                                                          seed: 1, appVersion: "t", participant: "ana", startedAt: 0),
                                        events: [], verdicts: [:], higherIsBetter: true)
        s.finalTest = 0.5
        let c = ChallengeComparison(challenge: "c", metric: "auc", higherIsBetter: true, aiOnly: .init([]), humanAI: .init([s]), delta: .init([]),
                                    humanAIBetter: nil, arms: [], sessions: [s], adversarialDocuments: nil, warnings: [])
        let report = StudyReport.build([c], simulatedSessions: [])
        #expect(report.simulated == nil)
        let md = StudyReport.markdown(report)
        #expect(md.hasPrefix("# Study report") && md.contains("Not graded: the challenge has no key/documents.toml."))
        #expect(report.challenges[0].flags.isEmpty && report.challenges[0].humanAI.median == 0.5)
    }

    /// Tokens add up per group; one session with tokens and no configured price makes its group's cost unknown.
    @Test func tokensAndCostAddUpPerGroupAndAnUnpricedSessionMakesTheCostUnknown() {
        func session(_ id: String, _ mode: String, _ agent: String, _ prompt: Int, _ completion: Int, _ cost: Double?) -> SessionAnalysis {
            var s = SessionAnalysis.analyze(info: SessionInfo(id: id, challengeId: "c", challengeSha256: "", mode: mode, agent: agent, seed: 1,
                                                              appVersion: "t", participant: mode == "ai-only" ? nil : "p-\(id)", startedAt: 0),
                                            events: [], verdicts: [:], higherIsBetter: true)
            (s.promptTokens, s.completionTokens, s.cost) = (prompt, completion, cost)
            return s
        }
        let humans = [session("h1", "human-ai", "llm", 1_000, 200, 0.003), session("h2", "human-ai", "llm", 500, 100, 0.0015)]
        let ai = session("a1", "ai-only", "llm", 800, 100, nil), offline = session("a2", "ai-only", "heuristic", 0, 0, nil)
        let arms = [ChallengeComparison.Arm(agent: "heuristic", aiOnly: .init([offline]), delta: .init([]), humanAIBetter: nil),
                    ChallengeComparison.Arm(agent: "llm", aiOnly: .init([ai]), delta: .init([]), humanAIBetter: nil)]
        let c = ChallengeComparison(challenge: "c", metric: "auc", higherIsBetter: true, aiOnly: .init([ai, offline]), humanAI: .init(humans),
                                    delta: .init([]), humanAIBetter: nil, arms: arms, sessions: humans + [ai, offline], adversarialDocuments: [],
                                    warnings: [])
        let cost = StudyReport.build([c], simulatedSessions: []).challenges[0].cost
        #expect(cost.map(\.group) == ["human-ai", "heuristic", "llm"])
        #expect(cost[0].promptTokens == 1_500 && cost[0].completionTokens == 300 && abs((cost[0].cost ?? 0) - 0.0045) < 1e-12)
        #expect(cost[2].promptTokens == 800 && cost[2].cost == nil)
        #expect(StudyReport.costRow(cost[2]).last == "unknown (no price configured)" && StudyReport.costRow(cost[1]).last == "-")
        #expect(StudyReport.costRow(cost[0]).last == "0.0045")
    }

    @Test func quantileRankCountsTiesAsHalfAndFollowsTheMetricsDirection() {
        #expect(StudyReport.quantileRank(0.7, among: [0.6, 0.7, 0.8, 0.9], higherIsBetter: true) == 0.375)
        #expect(StudyReport.quantileRank(0.7, among: [0.6, 0.7, 0.8, 0.9], higherIsBetter: false) == 0.625)
        #expect(StudyReport.quantileRank(0.7, among: [], higherIsBetter: true) == nil)
        #expect(StudyReport.quantileRank(0.7, among: [0.1], higherIsBetter: nil) == nil)
        #expect(StudyReport.median([3, 1, 2]) == 2 && StudyReport.median([4, 1, 3, 2]) == 2.5 && StudyReport.median([]) == nil)
    }
}
