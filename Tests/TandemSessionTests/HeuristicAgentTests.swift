import Testing
import TestSupport
import TandemAgent
import TandemChallenge
import TandemData
import TandemRecipe

@Suite struct HeuristicAgentTests {
    func context(_ c: Challenge, stage: Stage, flagged: Set<String> = [], recipe: Recipe = Recipe(),
                 rejected: [(step: RecipeStep, reason: String?)] = []) -> AgentContext {
        AgentContext(brief: c.spec, profile: Profiler.profile(c.train, source: "train.csv", target: c.spec.target),
                     documents: c.documents.filter { !flagged.contains($0.id) }, stage: stage, recipe: recipe, rejected: rejected)
    }

    @Test func adoptsEveryVisibleDocumentAndCitesIt() throws {
        let c = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/machine-failure-24h")
        let agent = HeuristicAgent()
        let features = agent.proposals(context(c, stage: .features))
        let cited = Set(features.flatMap(\.documents))
        #expect(cited == ["01-condition-monitoring", "02-feature-selection", "04-line-layout"])
        #expect(features.allSatisfy { $0.step.op.stage == .features && $0.rationale != nil && $0.author == .agent })
        // Flagged: it proposes again without the document, and the default's own steps come back.
        let revised = agent.proposals(context(c, stage: .features, flagged: ["02-feature-selection"]))
        #expect(!revised.contains { $0.documents.contains("02-feature-selection") })
        #expect(revised.contains { $0.step.op == .groupStat })
        // Deterministic, and never what was rejected or already applied.
        #expect(agent.proposals(context(c, stage: .features)) == features)
        let first = try #require(features.first)
        let again = agent.proposals(context(c, stage: .features, recipe: Recipe(steps: [first]), rejected: [(features[1], "no")]))
        #expect(!again.contains { $0.step == first.step || $0.step == features[1].step })
    }
}
