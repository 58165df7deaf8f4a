import Foundation
import Synchronization
import TestSupport
import TandemAgent
import TandemChallenge
import TandemRecipe
import TandemSession
import Testing
@testable import TandemUI

/// Issue 18: every open proposal is previewed in the background, logged, shown beside the proposal, recomputed when
/// the recipe changes, and shown again in replay.
@Suite struct PreviewTests {
    static func harness() async throws -> SessionDriverTests.Harness {
        let challenge = try #require(WorkbenchFixture.challenge)
        let clock = WorkbenchFixture.Clock(), store = MemoryEventStore()
        let driver = try await SessionDriver.start(store: store, challenge: challenge, agent: HeuristicAgent(), mode: .humanAI, seed: 42,
                                                   appVersion: "test", publishing: true, previewing: true, clock: { clock.next() })
        var wb = Workbench(context: WorkbenchContext(challengeId: challenge.spec.id, metric: "mae", higherIsBetter: false,
                                                     documents: challenge.documents, frame: challenge.train, profile: driver.profile,
                                                     agentName: "heuristic", idColumn: challenge.spec.idColumns.first))
        wb.width = 100
        wb.height = 30
        var h = SessionDriverTests.Harness(wb: wb, driver: driver, store: store)
        h.collector.listen(to: driver)
        h.run(h.wb.load(try store.decodedEvents(session: driver.sessionId), state: await driver.state) + [.intent(.propose)])
        return h
    }

    /// The previews logged against the recipe `fingerprint` names, by proposal.
    static func previews(_ wb: Workbench, of fingerprint: String) -> [String: EventPayload.ProposalPreviewed] {
        var out: [String: EventPayload.ProposalPreviewed] = [:]
        for e in wb.events { if case .proposalPreviewed(let p) = e.payload, p.fingerprint == fingerprint { out[p.proposalId] = p } }
        return out
    }

    @Test func previewsAreTheFoldsWithAndWithoutTheStepAndFollowTheRecipe() async throws {
        var h = try await Self.harness()
        let challenge = h.driver.challenge
        try await h.settle("every open proposal previewed") { wb in
            !wb.session.pending.isEmpty && wb.previewsWaiting == 0 && wb.session.pending.allSatisfy { wb.session.preview(of: $0.id) != nil }
        }
        // Each preview is what tandem evaluate would say of the two recipes, fold by fold, on the session's seed.
        let empty = try ScoreEffects.crossValidate(Recipe(steps: []), challenge: challenge, seed: 42).cvFolds
        for proposal in h.wb.session.pending {
            let p = try #require(h.wb.session.preview(of: proposal.id))
            let with = try ScoreEffects.crossValidate(Recipe(steps: [proposal.step]), challenge: challenge, seed: 42).cvFolds
            #expect(p.baseFolds == empty && p.cvFolds == with && p.fingerprint == Recipe(steps: []).fingerprint)
            // mae: lower is better, so a + gain is a lower error; by hand, the mean of (without - with).
            let byHand = zip(empty, with).map { $0 - $1 }.reduce(0, +) / Double(empty.count)
            #expect(abs((p.gain?.mean ?? .nan) - byHand) < 1e-12)
        }
        // On screen, beside the proposal: its ΔCV.
        h.wb.pane = .clean
        let screen = h.wb.render().lines.joined(separator: "\n")
        let first = try #require(h.wb.session.pending.first)
        #expect(screen.contains(try #require(h.wb.session.preview(of: first.id)?.gain).text()), "\(screen)")
        // Approving one changes the recipe: what is still open is previewed again against the new one.
        let before = h.wb.session.pending.count
        h.press(.char("a"))
        try await h.settle("the rest previewed against the new recipe") { wb in
            wb.session.pending.count == before - 1 && wb.previewsWaiting == 0 && wb.session.pending.allSatisfy { wb.session.preview(of: $0.id) != nil }
        }
        let recipe = h.wb.session.recipe
        let fresh = Self.previews(h.wb, of: recipe.fingerprint)
        #expect(Set(fresh.keys) == Set(h.wb.session.pending.map(\.id)))
        let base = try ScoreEffects.crossValidate(recipe, challenge: challenge, seed: 42).cvFolds
        #expect(fresh.values.allSatisfy { $0.baseFolds == base })
        // These previews resumed from the approved recipe's fold states where they could: each is still what a fresh
        // evaluation of the recipe with the step says.
        for proposal in h.wb.session.pending {
            var steps = recipe.steps
            steps.insert(proposal.step, at: StepDependencies.insertionIndex(of: proposal.step.step, into: steps))
            let with = try ScoreEffects.crossValidate(Recipe(steps: steps), challenge: challenge, seed: 42).cvFolds
            #expect(fresh[proposal.id]?.cvFolds == with, "\(proposal.step.step.summary)")
        }
        // Replay shows what the human saw at that point.
        let replay = Workbench.replaying(context: h.wb.context, events: h.wb.events)
        var r = replay
        r.pane = .clean
        let replayed = r.render().lines.joined(separator: "\n")
        #expect(replayed.contains("ΔCV "), "\(replayed)")
        await h.driver.close()
    }
}

/// Issue 18: the agent gets the evidence the human saw. After previews and a rejection, the next call's context
/// carries each earlier proposal's gain (the logged preview's) and the reason given.
@Suite struct AgentFeedbackTests {
    /// The heuristic, recording every context it is asked with.
    final class Recorder: Agent, Sendable {
        let name = "recorder"
        private let seen = Mutex<[AgentContext]>([])
        var contexts: [AgentContext] { seen.withLock { $0 } }
        func propose(_ context: AgentContext) async throws(AgentError) -> AgentReply {
            seen.withLock { $0.append(context) }
            return try await HeuristicAgent().propose(context)
        }
    }

    @Test func theNextCallCarriesThePreviewsAndTheReasons() async throws {
        let challenge = try #require(WorkbenchFixture.challenge)
        let recorder = Recorder(), store = MemoryEventStore()
        let driver = try await SessionDriver.start(store: store, challenge: challenge, agent: recorder, mode: .humanAI, seed: 42, appVersion: "test",
                                                   previewing: true)
        guard case .proposed(let first) = try await driver.perform(.propose), let rejected = first.first else { Issue.record("no proposals"); return }
        // A hang guard, not a speed test: with every suite at once on 2 cores the previews took over a minute.
        let deadline = Date().addingTimeInterval(180)
        var state = await driver.state
        while first.contains(where: { state.preview(of: $0.id) == nil }), Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
            state = await driver.state
        }
        let logged = first.compactMap { p in state.preview(of: p.id).flatMap { v in v.gain.map { (p.step, $0) } } }
        #expect(logged.count == first.count)
        try await driver.perform(.reject(proposal: rejected.id, reason: "a real driver, keep it"))
        try await driver.perform(.propose)
        let second = try #require(recorder.contexts.last)
        #expect(second.rejected.map(\.reason) == ["a real driver, keep it"])
        #expect(second.previews.count == first.count)
        for (step, gain) in logged { #expect(second.previews.contains { $0.step == step && $0.gain == gain }) }
        await driver.close()
    }
}
