import Foundation
import Testing
import TestSupport
import TandemAgent
import TandemChallenge
import TandemRecipe
@testable import TandemReport
import TandemSession
import TandemStore

/// A human–AI session with scripted decisions against an AI-only run of the same challenge.
@Suite struct CompareTests {
    static let challengeId = "food-shelf-life"

    struct Fixture {
        let challenge: Challenge
        let store: SQLiteEventStore
        let aiOnly: String
        let human: String
    }

    /// The human rejects the adversarial drop_column (02) with a reason, approves the impute,
    /// flags 02 in features (its bin proposal is withdrawn), approves the text flag, and leaves
    /// the rest to the auto-approve policy.
    static func fixture() async throws -> Fixture {
        let challenge = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/" + challengeId)
        let store = try SQLiteEventStore(path: try RepositoryPaths.temporaryFolder("compare") + "/s.sqlite")
        let ai = try await SessionDriver.start(store: store, challenge: challenge, agent: HeuristicAgent(), mode: .aiOnly, seed: 42, appVersion: "test",
                                          clock: { 1_700_000_000_000 })
        try await ai.runAIOnly()
        let h = try await SessionDriver.start(store: store, challenge: challenge, agent: HeuristicAgent(), mode: .humanAI, seed: 42, appVersion: "test",
                                         participant: "ana", clock: { 1_700_000_000_001 })
        for p in try await h.proposeNow() {
            if p.step.step.op == .dropColumn { try await h.perform(.reject(proposal: p.id, reason: "the dose is a real driver"), latencyMs: 3000) } else { try await h.perform(.approve(proposal: p.id), latencyMs: 1000) }
        }
        try await h.perform(.evaluate)
        try await h.perform(.changeStage(.features), by: .system)
        _ = try await h.proposeNow()
        try await h.perform(.flag(document: "02-sensor-practice"), latencyMs: 2000)
        for p in await h.state.pending {
            try await h.perform(.approve(proposal: p.id), by: p.step.step.op == .textFlag ? .human : .system, latencyMs: p.step.step.op == .textFlag ? 500 : nil)
        }
        try await h.perform(.evaluate)
        try await h.perform(.changeStage(.modelling), by: .system)
        for p in try await h.proposeNow() { try await h.perform(.approve(proposal: p.id), by: .system) }
        try await h.perform(.evaluate)
        try await h.perform(.submit)
        try await h.perform(.end)
        return Fixture(challenge: challenge, store: store, aiOnly: ai.sessionId, human: h.sessionId)
    }

    static func inputs(_ f: Fixture) throws -> [ComparisonReport.Input] {
        try f.store.sessions().map { info in ComparisonReport.Input(info: info, events: try f.store.events(session: info.id).map { try $0.decoded() }) }
    }

    @Test("compare: scores, interventions, flag precision/recall, adversarial advice left, latency, and attribution by reverting each intervention")
    func compareHumanAgainstAIOnly() async throws {
        let f = try await Self.fixture()
        let inputs = try Self.inputs(f), challenge = f.challenge
        let all = try await offThePool { ComparisonReport.build(inputs, challenge: { _ in .success(challenge) }, attribute: true) }
        let c = try #require(all.first)
        #expect(all.count == 1 && c.challenge == Self.challengeId && c.metric == "mae" && c.higherIsBetter == false)
        #expect(c.aiOnly.sessions == 1 && c.humanAI.sessions == 1)
        let ai = try #require(c.sessions.first { $0.session == f.aiOnly })
        let human = try #require(c.sessions.first { $0.session == f.human })

        // Scores come from the log; the delta is human minus AI-only.
        let humanState = SessionState.fold(try f.store.events(session: f.human).map { try $0.decoded() })
        #expect(human.finalCV == humanState.evaluations.last?.score && human.finalTest == humanState.submissions.last?.score)
        #expect(human.bestCV == humanState.evaluations.map(\.score).min())
        let aiTest = try #require(ai.finalTest), humanTest = try #require(human.finalTest)
        #expect(c.delta.finalTest == humanTest - aiTest)
        #expect(c.humanAIBetter == (humanTest < aiTest))

        // Interventions: only the human's, by kind and stage; auto decisions do not count.
        #expect(ai.interventions == 0 && ai.attributions == nil)
        #expect(human.byKind == ["step_rejected": 1, "step_approved": 2, "document_flagged": 1])
        #expect(human.byStage == ["cleaning": 2, "features": 2])
        #expect(human.meanLatencyMs == Double(3000 + 1000 + 2000 + 500) / 4)

        // 02 is adversarial in the key, and so is 03: one right flag of two adversarial documents.
        #expect(human.flagged == ["02-sensor-practice"] && human.flagPrecision == 1 && human.flagRecall == 0.5)
        #expect(ai.flagged.isEmpty && ai.flagPrecision == nil && ai.flagRecall == 0)
        #expect(human.adversarialApplied.isEmpty)
        #expect(ai.adversarialApplied.map(\.step).sorted() == ["bin(column=\"storage_temp_c\", quantiles=3)", "drop_column(column=\"preservative_ppm\")"])

        // Attribution: each figure is the CV of the final recipe with just that intervention reverted.
        let final = humanState.current.recipe
        let base = try #require(human.finalCV)
        func cv(_ steps: [RecipeStep]) throws -> Double { try ScoreEffects.crossValidate(Recipe(steps: steps), challenge: f.challenge, seed: 42).cvMean }
        let items = try #require(human.attributions)
        #expect(items.map(\.kind) == ["step_rejected", "step_approved", "document_flagged", "step_approved"])
        let ai02 = SessionState.fold(try f.store.events(session: f.aiOnly).map { try $0.decoded() }).current.recipe
        let drop = try #require(ai02.first { $0.step.op == .dropColumn })
        let bin = try #require(ai02.first { $0.step.op == .bin })
        let impute = try #require(final.first { $0.step.op == .impute })
        let textFlag = try #require(final.first { $0.step.op == .textFlag })
        // Rejecting the drop: the drop goes back in after the last cleaning step.
        let withDrop = try cv([impute, drop] + final.dropFirst())
        #expect(items[0].revertedCV == withDrop && items[0].worth == withDrop - base)
        #expect(items[0].stage == "cleaning" && items[0].summary.hasPrefix("drop_column"))
        // Approving the impute: the final recipe without it.
        #expect(items[1].revertedCV == (try cv(final.filter { $0 != impute })))
        // Flagging 02: its withdrawn bin comes back after the last feature step; the rejected drop does not.
        let lastFeature = try #require(final.lastIndex { $0.step.op.stage == .features })
        var withBin = final
        withBin.insert(bin, at: lastFeature + 1)
        #expect(items[2].revertedCV == (try cv(withBin)) && items[2].stage == "features")
        #expect(items[3].revertedCV == (try cv(final.filter { $0 != textFlag })))
        // The key says both reverted pieces of advice hurt and the cold-chain flag helps; mae is lower-is-better.
        #expect(items[0].worth.map { $0 > 0 } == true && items[2].worth.map { $0 > 0 } == true && items[3].worth.map { $0 > 0 } == true)

        let text = ComparisonReport.text(all)
        #expect(text.contains("food-shelf-life (mae, lower is better)"))
        #expect(text.contains("what each decision of \(f.human.prefix(8)) was worth"))
        #expect(text.contains("\(f.aiOnly.prefix(8)) still applies adversarial advice: bin("))
        #expect(text.contains("1.0000/0.5000"))
    }

    /// Issue 16: a key written by others names documents by `docs/…` path or by id. Graded by hand from the key:
    /// the human flagged 02 (adversarial) only, of 02 and 03 adversarial → precision 1/1, recall 1/2; the AI-only run
    /// kept both steps citing 02 (drop_column and bin); the human kept none.
    @Test func aKeyNamingDocsPathsGradesFlagsAsTheAuthorMeantIt() async throws {
        let f = try await Self.fixture()
        let copy = try RepositoryPaths.temporaryFolder("compare-docs-key") + "/" + Self.challengeId
        try FileManager.default.copyItem(atPath: f.challenge.folder, toPath: copy)
        let key = """
            [[document]]
            file = "docs/01-cold-chain-notes.md"
            verdict = "helpful"
            [[document]]
            file = "docs/02-sensor-practice.md"
            verdict = "adversarial"
            [[document]]
            file = "03-weekly-planning"
            verdict = "adversarial"
            [[document]]
            file = "docs/04-plant-overview.md"
            verdict = "neutral"

            """
        try key.write(toFile: copy + "/key/documents.toml", atomically: true, encoding: .utf8)
        let challenge = try ChallengeLoader.load(folder: copy)
        let all = ComparisonReport.build(try Self.inputs(f), challenge: { _ in .success(challenge) }, attribute: false)
        let c = try #require(all.first)
        let ai = try #require(c.sessions.first { $0.session == f.aiOnly }), human = try #require(c.sessions.first { $0.session == f.human })
        #expect(human.flagged == ["02-sensor-practice"] && human.flagPrecision == 1 && human.flagRecall == 0.5)
        #expect(ai.flagRecall == 0 && human.adversarialApplied.isEmpty)
        #expect(ai.adversarialApplied.map(\.documents) == [["02-sensor-practice"], ["02-sensor-practice"]])
        #expect(ComparisonReport.text(all).contains("1.0000/0.5000"))
    }

    @Test func costIsUnknownWithoutPricesNeverZero() {
        #expect(SessionAnalysis.cost(agentConfig: "{}", prompt: 1000, completion: 500) == nil)
        #expect(SessionAnalysis.cost(agentConfig: #"{"prompt_price_per_million": 2.5}"#, prompt: 1000, completion: 500) == nil)
        let both = #"{"prompt_price_per_million": 2.0, "completion_price_per_million": 10.0}"#
        #expect(SessionAnalysis.cost(agentConfig: both, prompt: 1_000_000, completion: 100_000) == 3.0)
    }

    @Test("an intervention whose effect is gone from the final recipe is listed with the reason, not scored")
    func supersededInterventionIsNotScored() throws {
        let challenge = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/" + Self.challengeId)
        let step = try RecipeStep(Step(op: .dropColumn, params: ["column": .string("packaging")]), author: .human)
        let started = EventPayload.SessionStarted(challengeId: Self.challengeId, challengeSha256: challenge.sha256, mode: .humanAI,
                                                  agent: "heuristic", seed: 42)
        let events = [SessionEvent(seq: 1, at: 0, actor: .system, payload: .sessionStarted(started)),
                      SessionEvent(seq: 2, at: 0, actor: .human, payload: .stepAdded(.init(step: step))),
                      SessionEvent(seq: 3, at: 0, actor: .human, payload: .stepRemoved(.init(index: 0)))]
        let (_, items) = InterventionAttribution.attribute(events: events, challenge: challenge)
        #expect(items.count == 2)
        #expect(items[0].worth == nil && items[0].note == "the added step is no longer in the final recipe")
        // Reverting the removal puts the drop back: a real score.
        #expect(items[1].revertedCV != nil && items[1].worth != nil && items[1].note == nil)
    }

    /// Issue 18: AI-only sessions are grouped by agent, and the human–AI delta is shown against each arm.
    @Test func aiOnlyArmsAreGroupedByAgentWithADeltaAgainstEach() async throws {
        let f = try await Self.fixture()
        let validated = try await SessionDriver.start(store: f.store, challenge: f.challenge, agent: ValidatedAgent(challenge: f.challenge, budget: 6),
                                                      mode: .aiOnly, seed: 42, appVersion: "test", clock: { 1_700_000_000_002 })
        try await validated.runAIOnly()
        let c = try #require(ComparisonReport.build(try Self.inputs(f), challenge: { _ in .success(f.challenge) }, attribute: false).first)
        #expect(c.arms.map(\.agent) == ["heuristic", "validated"] && c.arms.map(\.aiOnly.sessions) == [1, 1] && c.aiOnly.sessions == 2)
        // By hand: each arm's final test is its one session's last submission; the delta is the human's minus it.
        let human = try #require(c.sessions.first { $0.session == f.human }?.finalTest)
        for (arm, session) in [(c.arms[0], f.aiOnly), (c.arms[1], validated.sessionId)] {
            let theirs = try #require(try f.store.decodedEvents(session: session).last { $0.kind == .submitted }.flatMap { e -> Double? in
                if case .submitted(let s) = e.payload { s.testScore } else { nil }
            })
            #expect(arm.aiOnly.finalTest == theirs && arm.delta.finalTest == human - theirs && arm.humanAIBetter == (human < theirs))
        }
        let text = ComparisonReport.text([c])
        #expect(text.contains("ai-only heuristic") && text.contains("ai-only validated") && text.contains("delta vs validated"), "\(text)")
        #expect(text.contains("human–AI ") && text.contains(" validated on the hidden test"), "\(text)")
    }

    /// Issue 20, item 4: the session transcript's chart has labelled axes, the AI-only run's trajectory beside the
    /// session's, and one mark per flag and per rejection.
    @Test func theSessionChartHasAxesTheAIOnlyRunAndAMarkPerFlagAndRejection() async throws {
        let f = try await Self.fixture()
        let info = try #require(try f.store.session(f.human))
        let human = try f.store.decodedEvents(session: f.human), ai = try f.store.decodedEvents(session: f.aiOnly)
        let html = TranscriptExporter.export(.html, info: info, events: human, aiOnly: ai)
        let svg = try #require(html.range(of: "<svg").flatMap { start in html.range(of: "</svg>").map { String(html[start.lowerBound..<$0.upperBound]) } })
        func count(_ s: String) -> Int { svg.components(separatedBy: s).count - 1 }
        #expect(count(#"class="axis x""#) == 1 && count(#"class="axis y""#) == 1)
        #expect(svg.contains(">event number</text>") && svg.contains(">score (mae)</text>"))
        // By hand from the logs: the human flagged once and rejected once.
        let flags: Int = human.filter { $0.kind == .documentFlagged }.count
        let rejections: Int = human.filter { $0.kind == .stepRejected }.count
        let flagMarks: Int = count(#"class="mark flag""#), rejectMarks: Int = count(#"class="mark reject""#)
        #expect(flags == 1 && flagMarks == flags)
        #expect(rejections == 1 && rejectMarks == rejections)
        // One dot per logged score of either session; the AI-only run's two series are dashed.
        let h = SessionState.fold(human), a = SessionState.fold(ai)
        let scores: Int = h.evaluations.count + h.submissions.count + a.evaluations.count + a.submissions.count
        let dots: Int = count("<circle")
        #expect(dots == scores)
        let dashed: Int = count(#"stroke-dasharray="4 3""#)
        #expect(dashed == (a.evaluations.isEmpty ? 0 : 1) + (a.submissions.isEmpty ? 0 : 1) && dashed == 2)
    }
}
