import Foundation
import Testing
import TestSupport
import TandemAgent
import TandemChallenge
import TandemModel
import TandemRecipe
@testable import TandemReport
import TandemSession
import TandemStore

/// Issue 18: the critical AI-only baseline. Each trial is logged before the proposal; its adoption follows from its
/// folds by the one-standard-error rule (recomputed here by hand); the budget holds; the run replays; and on a bundled
/// challenge it beats the uncritical heuristic on the hidden test.
@Suite struct ValidatedAgentTests {
    func run(_ agent: any Agent, _ challenge: Challenge) async throws -> (SQLiteEventStore, SessionDriver) {
        let db = try SQLiteEventStore(path: try RepositoryPaths.temporaryFolder("validated") + "/s.sqlite")
        let driver = try await SessionDriver.start(store: db, challenge: challenge, agent: agent, mode: .aiOnly, seed: 42, appVersion: "test")
        try await driver.runAIOnly()
        return (db, driver)
    }

    @Test func everyTrialIsLoggedAndAdoptedOnlyOnAClearFoldPairedGain() async throws {
        let challenge = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/food-shelf-life")
        let (db, driver) = try await run(ValidatedAgent(challenge: challenge), challenge)
        let events = try db.decodedEvents(session: driver.sessionId)
        let trials = events.compactMap { e -> EventPayload.AgentTrial? in if case .agentTrial(let t) = e.payload { t } else { nil } }
        #expect(!trials.isEmpty && trials.count <= ValidatedAgent.defaultBudget)
        // The first trial is scored against the empty recipe: its base folds are that recipe's cross-validation.
        let empty = try ScoreEffects.crossValidate(Recipe(steps: []), challenge: challenge, seed: 42).cvFolds
        #expect(trials.first?.baseFolds == empty && trials.first?.fingerprint == Recipe(steps: []).fingerprint)
        for t in trials where !t.cvFolds.isEmpty {
            // mae: lower is better. By hand: d = without - with, its mean and its standard error.
            let d = zip(t.baseFolds, t.cvFolds).map { $0 - $1 }
            let mean = d.reduce(0, +) / Double(d.count)
            let se = (d.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(d.count - 1) / Double(d.count)).squareRoot()
            #expect(t.adopted == (mean > se), "\(t.step.step.summary): mean \(mean), se \(se), adopted \(t.adopted)")
        }
        // What it adopted is exactly what it proposed, and each trial came before the proposal of its stage.
        var pendingTrials: [RecipeStep] = []
        for e in events {
            switch e.payload {
            case .agentTrial(let t) where t.adopted: pendingTrials.append(t.step)
            case .agentProposed(let p):
                #expect(p.offered.map(\.step.step) == Self.lastPerOp(pendingTrials).map(\.step), "stage \(p.stage?.rawValue ?? "?")")
                pendingTrials = []
            default: break
            }
        }
        // The run replays: every logged score comes back from the logged recipe.
        let report = try ReplayVerifier.verify(session: driver.sessionId, events: try db.events(session: driver.sessionId), challenge: challenge)
        #expect(report.ok, "\(report.mismatches) \(report.problems)")
        // And it beats the uncritical heuristic on the hidden test (mae: lower).
        let (_, heuristic) = try await run(HeuristicAgent(), challenge)
        let mine = try #require(await driver.state.submissions.last?.score), theirs = try #require(await heuristic.state.submissions.last?.score)
        #expect(mine < theirs, "validated \(mine), heuristic \(theirs)")
    }

    /// A tuned model replaces the model it tuned: the proposal holds the last adopted form of each model step.
    static func lastPerOp(_ steps: [RecipeStep]) -> [RecipeStep] {
        var out: [RecipeStep] = []
        for s in steps {
            if s.step.op == .model, let i = out.lastIndex(where: { $0.step.op == .model }) { out[i] = s } else { out.append(s) }
        }
        return out
    }

    @Test func theBudgetIsPerSessionAndRefusedStepsAreNeverScored() async throws {
        let challenge = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/food-shelf-life")
        let (db, driver) = try await run(ValidatedAgent(challenge: challenge, budget: 3), challenge)
        let trials = try db.decodedEvents(session: driver.sessionId).compactMap { e -> EventPayload.AgentTrial? in
            if case .agentTrial(let t) = e.payload { t } else { nil }
        }
        #expect(trials.filter { !$0.cvFolds.isEmpty }.count <= 3)
        #expect(trials.filter { $0.cvFolds.isEmpty }.allSatisfy { $0.reason.hasPrefix("refused by tandem") || $0.reason.contains("does not evaluate") })
        #expect(await driver.state.trials == trials.filter { !$0.cvFolds.isEmpty }.count)
    }
}
