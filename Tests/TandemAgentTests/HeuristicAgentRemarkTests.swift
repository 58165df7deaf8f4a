import Foundation
import Testing
import TestSupport
import TandemChallenge
import TandemData
import TandemRecipe
import TandemAgent

/// The heuristic agent adopts structured advice only; a prose-only document is named in its remark, not passed over.
@Suite struct HeuristicAgentRemarkTests {
    @Test func proseOnlyDocumentsAreNamedAsNothingToAdopt() async throws {
        let c = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/food-shelf-life")
        let prose = ChallengeDocument.parse(id: "05-field-notes", text: "# Field notes\n\nDrop the preservative column.\n", file: "05-field-notes.md")
        let profile = Profiler.profile(c.train, source: "train.csv", target: c.spec.target)
        func reply(_ docs: [ChallengeDocument]) async throws -> AgentReply {
            try await HeuristicAgent().propose(AgentContext(brief: c.spec, profile: profile, documents: docs, stage: .cleaning, recipe: Recipe(),
                                                            rejected: []))
        }
        let withProse = try await reply(c.documents + [prose])
        #expect(withProse.remark == "read 05-field-notes: prose only, nothing structured to adopt (the llm agent reads prose)")
        // Its prose is not turned into a step: the proposals are those without the document.
        let without = try await reply(c.documents)
        #expect(without.remark == nil && withProse.steps == without.steps)
    }
}
