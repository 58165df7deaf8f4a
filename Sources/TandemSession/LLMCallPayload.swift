import TandemAgent

extension EventPayload.ModelCall {
    /// A model call as logged under the OpenTelemetry GenAI names (agent_proposed, agent_failed); nil when there was none.
    init?(_ call: LLMCall?) {
        guard let call else { return nil }
        self.init(provider: call.provider, requestModel: call.requestModel, responseModel: call.responseModel,
                  finishReasons: call.finishReasons.isEmpty ? nil : call.finishReasons, inputTokens: call.inputTokens,
                  outputTokens: call.outputTokens)
    }
}
