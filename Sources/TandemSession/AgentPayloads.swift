/// What the agent module reports, as the session logs it: a model call, a trial.
import TandemAgent
import TandemRecipe

extension EventPayload.AgentTrial {
    /// A validating agent's trial as logged, in the stage it was tried for.
    init(_ t: AgentReply.Trial, stage: Stage) {
        self.init(step: t.step, stage: stage, fingerprint: t.fingerprint, metric: t.metric, cvFolds: t.cvFolds, baseFolds: t.baseFolds,
                  adopted: t.adopted, reason: t.reason)
    }
}

extension EventPayload.ModelCall {
    /// A model call as logged under the OpenTelemetry GenAI names (agent_proposed, agent_failed); nil when there was none.
    init?(_ call: LLMCall?) {
        guard let call else { return nil }
        self.init(provider: call.provider, requestModel: call.requestModel, responseModel: call.responseModel,
                  finishReasons: call.finishReasons.isEmpty ? nil : call.finishReasons, inputTokens: call.inputTokens,
                  outputTokens: call.outputTokens)
    }
}
