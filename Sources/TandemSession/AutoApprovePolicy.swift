import TandemRecipe

extension SessionDriver {
    /// An AI-only run (DESIGN.md section 2): the driver plus the auto-approve policy. For each stage the agent
    /// proposes, the policy approves every valid proposal (each decision logged as `auto_approved`), and the recipe is
    /// evaluated; then submit and end.
    public func runAIOnly(progress: @Sendable (String) -> Void = { _ in }) async throws(StoreError) {
        for stage in [Stage.cleaning, .features, .modelling] {
            if state.stage != stage { try await perform(.changeStage(stage), by: .system) }
            progress("\(stage.rawValue): asking the \(agentName) agent")
            let failuresBefore = state.agentFailures
            let outcome = try await perform(.propose, by: .system)
            // Only proposals still open: one approved step may not withdraw another, but the log must never name a closed one.
            if case .proposed(let proposals) = outcome {
                for proposal in proposals where state.pending.contains(where: { $0.id == proposal.id }) {
                    try await perform(.approve(proposal: proposal.id), by: .system)
                }
            }
            if state.agentFailures > failuresBefore {
                progress("\(stage.rawValue): the \(agentName) agent failed: \(state.lastAgentFailure ?? "no reason given"); going on without it")
            }
            progress("\(stage.rawValue): evaluating \(state.recipe.steps.count) steps (event \(state.lastSeq) logged)")
            try await perform(.evaluate, by: .system)
        }
        progress("submitting (event \(state.lastSeq) logged)")
        try await perform(.submit, by: .system)
        try await perform(.end, by: .system)
    }
}
