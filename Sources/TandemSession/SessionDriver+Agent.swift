import TandemAgent
import TandemChallenge
import TandemRecipe

extension SessionDriver {
    /// Asks the agent for the current stage; valid proposals are logged as `agent_proposed`, refused ones with their
    /// reasons in the same event, a failure (or a cancelled call) as `agent_failed`. The session keeps running either
    /// way. While the call runs, the tokens streamed so far are published every 100 ms.
    func askAgent() async throws(StoreError) -> [Proposal] {
        var context = AgentContext(brief: challenge.spec, profile: profile, documents: visibleDocuments, stage: state.stage,
                                   recipe: state.recipe, lastCV: state.evaluations.last?.score, lastTest: state.submissions.last?.score,
                                   rejected: state.rejected.map { ($0.step, $0.reason) }, seed: state.seed, trialsSoFar: state.trials,
                                   previews: previewedSteps())
        context.tables = challenge.tables
        context.train = challenge.train
        let agent = self.agent, tokens = self.tokens, outbox = self.outbox
        let call = Task { () -> Result<AgentReply, AgentError> in
            do throws(AgentError) { return .success(try await agent.propose(context)) } catch { return .failure(error) }
        }
        agentCall = call
        let base = tokens()
        outbox.yield(.agent(.thinking(tokens: 0)))
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                self.publishThinking(call, tokens: tokens() - base)
            }
        }
        let start = ContinuousClock.now
        let result = await call.value
        ticker.cancel()
        agentCall = nil
        let reply: AgentReply
        switch result {
        case .failure(let error):
            try record(.agent, .agentFailed(.init(reason: error.description, stage: state.stage,
                                                  durationMs: ScoreEffects.milliseconds(ContinuousClock.now - start), call: .init(error.call))))
            outbox.yield(.agent(.failed(error.description)))
            outbox.yield(.message("agent: " + error.description))
            return []
        case .success(let r): reply = r
        }
        for t in reply.trials { try record(.agent, .agentTrial(.init(t, stage: state.stage))) }
        // A reply that repeats a step proposes it once (the reducer would let the repeat replace the first).
        var seen = Set<Step>()
        let (admitted, refused) = admit(reply.steps)
        let valid = admitted.filter { seen.insert($0.step).inserted }
        let seq = state.lastSeq + 1
        let proposals = valid.enumerated().map { Proposal(id: "p\(seq)-\($0.offset + 1)", step: $0.element) }
        try record(.agent, .agentProposed(.init(stage: state.stage, proposals: proposals, refused: refused, remark: reply.remark,
                                                durationMs: ScoreEffects.milliseconds(ContinuousClock.now - start), call: .init(reply.call))))
        outbox.yield(.agent(.idle))
        return proposals
    }

    /// Every proposal previewed so far with the gain the human saw (its latest preview), for the agent's next prompt.
    func previewedSteps() -> [(step: RecipeStep, gain: FoldGain)] {
        state.previews.sorted { $0.key < $1.key }.compactMap { id, p in
            guard let step = state.offered[id], let gain = p.gain else { return nil }
            return (step, gain)
        }
    }

    /// On the actor, so no "thinking" can follow the call's answer on the stream.
    private func publishThinking(_ call: Task<Result<AgentReply, AgentError>, Never>, tokens: Int) {
        guard agentCall == call else { return }
        outbox.yield(.agent(.thinking(tokens: tokens)))
    }

    /// Splits proposals into those valid after the current recipe and those tandem refuses.
    public func admit(_ steps: [RecipeStep]) -> ([RecipeStep], [RefusedProposal]) {
        let current = state.recipe.steps
        let context = ScoreEffects.context(challenge, seed: state.seed)
        do {
            let result = try RecipeAdmission.admit(current + steps, frame: WorkingFrame(challenge.train), context: context,
                                                   positiveLabel: challenge.spec.positiveLabel, applied: current.count)
            let asked = Set(steps.map(\.step)), applied = Set(current.map(\.step))
            // Only the steps asked about are refused here: an applied step that no longer validates (logged before a rule
            // tightened) is left to the evaluation to report, not pinned on the proposal. Proposals keep the admitted
            // order, in which a step that reads a column comes before one that replaces it.
            var once = Set<Step>()
            return (result.recipe.steps.filter { asked.contains($0.step) && !applied.contains($0.step) && once.insert($0.step).inserted },
                    result.refused.filter { asked.contains($0.step.step) }.map { RefusedProposal(step: $0.step, reason: $0.reason) })
        } catch {
            return ([], steps.map { RefusedProposal(step: $0, reason: error.description) })
        }
    }

    /// Why a human's step cannot be applied to the current recipe, or nil when it can.
    func refusal(of step: RecipeStep) -> String? { admit([step]).1.first?.reason }
}
