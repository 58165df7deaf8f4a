import TandemAgent

extension EventPayload {
    /// Logs a model call under the OpenTelemetry GenAI names (agent_proposed, agent_failed); nil logs nothing.
    mutating func record(_ call: LLMCall?) {
        guard let call else { return }
        genAIProvider = call.provider
        genAIRequestModel = call.requestModel
        genAIResponseModel = call.responseModel
        genAIFinishReasons = call.finishReasons.isEmpty ? nil : call.finishReasons
        genAIInputTokens = call.inputTokens
        genAIOutputTokens = call.outputTokens
    }
}
