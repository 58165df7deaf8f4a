import Foundation
import Synchronization
import TestSupport
import TandemAgent
import TandemChallenge
import TandemData
import TandemRecipe
import TandemSession
import Testing
import TandemUI

/// Issue 17: the workbench and the batch run drive one actor. Keys go through `Workbench.update`, its intents to the
/// driver, the driver's updates back into `update`: the whole loop but the terminal.
@Suite struct SessionDriverTests {
    /// What the driver published and the test has not yet fed to the workbench.
    final class Collector: Sendable {
        private let box = Mutex<[DriverUpdate]>([])
        func take() -> [DriverUpdate] { box.withLock { b in defer { b.removeAll() }; return b } }
        func listen(to driver: SessionDriver) { Task { for await u in driver.updates { box.withLock { $0.append(u) } } } }
    }

    struct Harness {
        var wb: Workbench
        let driver: SessionDriver
        let store: MemoryEventStore
        let collector = Collector()

        func run(_ effects: [UIEffect]) { for case .intent(let intent) in effects { driver.send(intent) } }

        mutating func press(_ keys: Key...) { for k in keys { run(wb.update(.key(k))) } }
        mutating func type(_ text: String) { for c in text { press(.char(c)) } }

        /// Feeds the driver's updates to the workbench until `ready` holds (three minutes at most: a guard against a
        /// hang, not a timing; with every suite running at once on 2 cores one evaluation has taken over a minute).
        mutating func settle(_ what: String, _ ready: (Workbench) -> Bool) async throws {
            let deadline = Date().addingTimeInterval(180)
            while Date() < deadline {
                for update in collector.take() { run(wb.update(.driver(update))) }
                if ready(wb) { return }
                try await Task.sleep(for: .milliseconds(10))
            }
            Issue.record("timed out waiting for \(what); message: \(wb.message ?? "none"); events: \(wb.events.map(\.kind.rawValue))")
            throw StoreError("timed out")
        }
    }

    static func harness() async throws -> Harness {
        let challenge = try #require(WorkbenchFixture.challenge)
        let clock = WorkbenchFixture.Clock(), store = MemoryEventStore()
        let driver = try await SessionDriver.start(store: store, challenge: challenge, agent: HeuristicAgent(), mode: .humanAI, seed: 42,
                                                   appVersion: "test", publishing: true, clock: { clock.next() })
        var wb = Workbench(context: WorkbenchContext(challengeId: challenge.spec.id, metric: "mae", higherIsBetter: false,
                                                     documents: challenge.documents, frame: challenge.train, profile: driver.profile,
                                                     agentName: "heuristic", idColumn: challenge.spec.idColumns.first))
        wb.width = 100
        wb.height = 30
        var h = Harness(wb: wb, driver: driver, store: store)
        h.collector.listen(to: driver)
        // What OpenCommand does: the history the driver holds, then the agent's first proposals.
        h.run(h.wb.load(try store.decodedEvents(session: driver.sessionId), state: await driver.state) + [.intent(.propose)])
        return h
    }

    @Test func aWholeHumanAISessionThroughTheWorkbenchAndTheDriver() async throws {
        var h = try await Self.harness()
        try await h.settle("the cleaning proposals") { $0.session.pending.count == 2 && !$0.agentThinking }
        #expect(h.wb.session.pending.map(\.step.step.op) == [.dropColumn, .impute])
        h.press(.char("a"))                                    // drop_column, citing 02-sensor-practice
        try await h.settle("the approval") { $0.session.recipe.steps.count == 1 }
        h.press(.char("r"))
        h.type("packaging is never missing")
        h.press(.enter)
        try await h.settle("the rejection") { $0.session.rejected.count == 1 }
        h.press(.char("u"))
        try await h.settle("the undo") { $0.session.rejected.isEmpty && $0.session.pending.count == 1 }
        h.press(.char("6"), .char("j"), .char("f"))            // flag 02: the agent revises without it
        try await h.settle("the flag and the agent's revision") {
            $0.session.flagged == ["02-sensor-practice"] && $0.events.last?.kind == .agentProposed && !$0.agentThinking
        }
        #expect(h.wb.session.taintedSteps == [0])
        h.press(.char("3"), .char("G"), .char("x"))            // remove the tainted step
        try await h.settle("the removal") { $0.session.recipe.steps.isEmpty }
        h.press(.char("v"))
        try await h.settle("the evaluation") { $0.session.evaluations.count == 1 && $0.job == nil }

        // A heavy model, so the evaluation is still running when Ctrl-C arrives: nothing is logged.
        let heavy = RecipeStep(try Step(op: .model, params: ["kind": .string("gbm"), "params": .table(["n_estimators": .number(4000),
                                                                                                       "max_depth": .number(10)])]),
                               author: .human)
        h.run([.intent(.add(step: heavy))])
        try await h.settle("the model step") { $0.session.recipe.steps.count == 1 }
        let logged = h.wb.events.count
        h.press(.char("v"))
        try await h.settle("the job on screen") { $0.job != nil }
        h.press(.ctrl("c"))
        // Under load the evaluation may finish before the cancel reaches it: then it is logged and the message says so.
        let cancelled = "cancelled; nothing was logged", tooLate = "evaluation finished before the cancel; logged"
        try await h.settle("the cancel") { $0.job == nil && [cancelled, tooLate].contains($0.message) }
        let wonRace = h.wb.message == cancelled
        #expect(h.wb.events.count == logged + (wonRace ? 0 : 1) && h.wb.session.evaluations.count == (wonRace ? 1 : 2))

        h.press(.char("5"), .char("G"), .char("x"))           // the heavy model goes again
        try await h.settle("the heavy step removed") { $0.session.recipe.steps.isEmpty }
        h.press(.char("s"))
        try await h.settle("the submission") { $0.session.submissions.count == 1 && $0.job == nil }
        h.press(.char("q"))
        #expect(h.wb.update(.key(.char("y"))) == [.quit])
        h.driver.send(.end)
        await h.driver.close()
        for update in h.collector.take() { h.run(h.wb.update(.driver(update))) }

        // The log: every event the screen showed, in order, chained and anchored; the state is the fold of it.
        let stored = try h.store.events(session: h.driver.sessionId)
        #expect(EventChain.check(stored, endedAt: nil, session: h.driver.sessionId) == nil)
        let events = try h.store.decodedEvents(session: h.driver.sessionId)
        #expect(h.wb.events == events && h.wb.session == SessionState.fold(events) && h.wb.session.ended)
        #expect(events.map(\.kind.rawValue) == [
            "session_started", "data_profiled", "agent_proposed", "step_approved", "step_rejected", "undone", "document_flagged",
            "agent_proposed", "step_removed", "evaluated", "step_added",
        ] + (wonRace ? [] : ["evaluated"]) + ["step_removed", "submitted", "session_ended"])
        // Human decisions on proposals carry their latency, measured by the driver from the moment they were shown.
        for e in events where [.stepApproved, .stepRejected].contains(e.kind) {
            #expect((e.payload.latencyMs ?? 0) > 0, "\(e.kind) carries no latency")
        }
    }

    @Test func anIntentThatDoesNotApplyIsRefusedAndLogsNothing() async throws {
        var h = try await Self.harness()
        let driver = h.driver
        try await h.settle("the cleaning proposals") { $0.session.pending.count == 2 && !$0.agentThinking }
        let before = try h.store.events(session: driver.sessionId).count
        #expect(try await driver.perform(.approve(proposal: "p99-1")) == .refused("proposal p99-1 is not open"))
        #expect(try await driver.perform(.remove(index: 0)) == .refused("there is no step 1 to remove"))
        #expect(try await driver.perform(.flag(document: "99-nowhere")) == .refused("food-shelf-life has no document 99-nowhere"))
        #expect(try await driver.perform(.unflag(document: "02-sensor-practice")) == .refused("02-sensor-practice is not flagged"))
        #expect(try await driver.perform(.undo) == .refused("nothing to undo"))
        #expect(try await driver.perform(.changeStage(.cleaning)) == .refused("the session is in cleaning already"))
        let bad = RecipeStep(try Step(op: .impute, params: ["column": .string("no_such_column"), "strategy": .string("mean")]), author: .human)
        guard case .refused(let why) = try await driver.perform(.add(step: bad)) else { Issue.record("an impute of no column applied"); return }
        #expect(why.hasPrefix("not applied: ") && why.contains("no_such_column"))
        #expect(try h.store.events(session: driver.sessionId).count == before)
        try await driver.perform(.end)
        #expect(try await driver.perform(.note("late")) == .refused("session \(driver.sessionId) has ended: its log is closed"))
        #expect(try h.store.events(session: driver.sessionId).count == before + 1)
    }

    /// Found by `tandem sample study`: a participant rejected machine-failure-24h's group_stat and approved the derive
    /// that reads its output, and every later evaluation and the submission failed. That approval is refused now.
    @Test func approvingAStepWhoseInputNoAppliedStepMakesIsRefused() async throws {
        let challenge = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/machine-failure-24h")
        let store = MemoryEventStore()
        let driver = try await SessionDriver.start(store: store, challenge: challenge, agent: HeuristicAgent(), mode: .humanAI, seed: 42,
                                                   appVersion: "test")
        try await driver.perform(.changeStage(.features))
        guard case .proposed(let proposals) = try await driver.perform(.propose) else { Issue.record("no proposals"); return }
        let maker = try #require(proposals.first { $0.step.step.op == .groupStat })
        let made = try #require(StepDependencies.creates(maker.step.step).first)
        let reader = try #require(proposals.first { StepDependencies.reads($0.step.step).contains(made) })
        try await driver.perform(.reject(proposal: maker.id, reason: "not convinced"))
        let before = try store.events(session: driver.sessionId).count
        #expect(try await driver.perform(.approve(proposal: reader.id))
                == .refused("not applied: \(reader.id) reads \(made), which no applied step makes; approve the step that makes it first"))
        #expect(try store.events(session: driver.sessionId).count == before)
        // Undone, the maker is open again: approved first, the reader then applies and the recipe evaluates.
        try await driver.perform(.undo)
        #expect(try await driver.perform(.approve(proposal: maker.id)) == .done)
        #expect(try await driver.perform(.approve(proposal: reader.id)) == .done)
        try await driver.perform(.evaluate)
        let state = await driver.state
        #expect(state.evaluations.count == 1)
        await driver.close()
    }

    /// The batch run is the same driver with the auto-approve policy: what it publishes is what it logs, and each
    /// published state is the fold of the log up to that event.
    @Test func theBatchRunPublishesEveryEventWithTheFoldedState() async throws {
        let challenge = try #require(WorkbenchFixture.challenge)
        let store = MemoryEventStore()
        let driver = try await SessionDriver.start(store: store, challenge: challenge, agent: HeuristicAgent(), mode: .aiOnly, seed: 42,
                                                   appVersion: "test", publishing: true)
        let collector = Collector()
        collector.listen(to: driver)
        try await driver.runAIOnly()
        await driver.close()
        try await Task.sleep(for: .milliseconds(50))
        let events = try store.decodedEvents(session: driver.sessionId)
        var appended: [(SessionEvent, SessionState)] = []
        for case .appended(let e, let s) in collector.take() { appended.append((e, s)) }
        // session_started and data_profiled were appended before anyone could listen; the rest arrive in order.
        #expect(appended.map(\.0) == Array(events.dropFirst(appended.isEmpty ? 0 : events.count - appended.count)))
        #expect(appended.count >= events.count - 2)
        for (i, (event, state)) in appended.enumerated() {
            let upTo = events.prefix { $0.seq <= event.seq }
            #expect(state == SessionState.fold(upTo), "the state published with event \(event.seq) (\(i)) is not the fold of the log")
        }
        #expect(events.contains { $0.kind == .autoApproved && $0.actor == .system } && events.last?.kind == .sessionEnded)
        #expect(!events.contains { $0.kind == .stepApproved })
    }
}
