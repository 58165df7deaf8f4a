import Foundation
import Testing
import TestSupport
import TandemAgent
import TandemChallenge
import TandemRecipe
@testable import TandemReport
import TandemSession
import TandemStore

/// The coordinator's view: a finished AI-only run and a human session still under way.
@Suite struct StudyStatusTests {
    @Test func sessionsUnderWayComeFirstWithTheirScoresBesideTheAIOnlyRun() async throws {
        let challenge = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/food-shelf-life")
        let store = try SQLiteEventStore(path: try RepositoryPaths.temporaryFolder("status") + "/s.sqlite")
        let ai = try await SessionDriver.start(store: store, challenge: challenge, agent: HeuristicAgent(), mode: .aiOnly, seed: 42, appVersion: "test",
                                          clock: { 1_700_000_000_000 })
        try await ai.runAIOnly()
        let bo = try await SessionDriver.start(store: store, challenge: challenge, agent: HeuristicAgent(), mode: .humanAI, seed: 42, appVersion: "test",
                                          participant: "bo", clock: { 1_700_000_000_001 })
        let proposals = try await bo.proposeNow()
        try await bo.perform(.approve(proposal: try #require(proposals.first).id), latencyMs: 900)
        for p in proposals.dropFirst() { try await bo.perform(.reject(proposal: p.id, reason: "not yet"), latencyMs: 400) }
        try await bo.perform(.evaluate)
        let inputs = try store.sessions().map { ComparisonReport.Input(info: $0, events: try store.decodedEvents(session: $0.id)) }
        let status = StudyStatus.build(ComparisonReport.build(inputs, challenge: { _ in .success(challenge) }, attribute: false))
        #expect(status.inProgress == 1 && status.ended == 1 && status.interventions == proposals.count)
        let first = try #require(status.rows.first), last = try #require(status.rows.last)
        #expect(first.session == bo.sessionId && first.participant == "bo" && first.inProgress && first.interventions == proposals.count)
        let boState = await bo.state, aiState = await ai.state
        #expect(first.cv == boState.evaluations.last?.score && first.test == nil)
        let aiBest = try #require(aiState.evaluations.map(\.score).min())
        #expect(first.aiOnlyCV == aiBest && last.session == ai.sessionId && !last.inProgress && last.beatsAIOnly == nil)
        // mae: lower is better.
        #expect(first.beatsAIOnly == ((first.cv ?? .infinity) < aiBest))
        let text = StudyStatus.text(status)
        #expect(text.hasPrefix("1 in progress, 1 ended, \(proposals.count) human interventions so far"))
        #expect(text.split(separator: "\n")[2].contains("bo") && text.contains("in progress"))
    }
}
