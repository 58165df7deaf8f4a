import Foundation
import Synchronization
import TandemAgent
import TandemRecipe

/// An agent on any OpenAI-compatible chat-completions endpoint (llama.cpp,
/// vLLM, Ollama, OpenAI). Replies are parsed into the op vocabulary; an
/// invalid one is retried once with the error quoted, then reported — never
/// applied. 429 and 5xx back off and retry; the structured-output mode is
/// found by trying and remembered per endpoint.
public final class LLMAgent: Agent {
    public let name = "llm"
    public let config: LLMConfig
    let client: ChatCompletionsClient
    /// Called with each streamed token (the TUI shows them; batch mode shows progress).
    let onToken: @Sendable (String) -> Void
    let stream: Bool
    let backoff: @Sendable (Int) async -> Void
    private static let modes = Mutex<[String: LLMConfig.StructuredOutput]>([:])
    /// Endpoints whose streams end without usage (llama-cpp-python's server): their calls are not streamed
    /// after the first, because the study needs each call's cost more than the live token count.
    private static let streamsWithoutUsage = Mutex<Set<String>>([])
    /// When this agent's endpoint could not be reached: within `retryUnreachableAfter` a call fails at once instead of
    /// trying again, so a run with the server down does not wait at every stage; after it, the endpoint is tried again.
    private let unreachable = Mutex<(at: ContinuousClock.Instant, reason: String)?>(nil)
    let retryUnreachableAfter: Duration

    public init(config: LLMConfig, environment: [String: String], stream: Bool = true, onToken: @escaping @Sendable (String) -> Void = { _ in },
                backoff: @escaping @Sendable (Int) async -> Void = { attempt in try? await Task.sleep(for: .milliseconds(500 << attempt)) },
                retryUnreachableAfter: Duration = .seconds(30)) {
        self.config = config
        self.retryUnreachableAfter = retryUnreachableAfter
        client = ChatCompletionsClient(config: config, apiKey: config.apiKeyEnv.flatMap { environment[$0] })
        self.onToken = onToken
        self.stream = stream
        self.backoff = backoff
    }

    /// Endpoint, model and prices (the key's variable name at most, never the key).
    public var configJSON: String {
        var o: [String: Any] = ["base_url": config.baseURL, "model": config.model, "structured_output": config.structuredOutput.rawValue,
                                "max_tokens": config.maxTokens, "temperature": config.temperature, "timeout": config.timeoutSeconds]
        if let p = config.promptPricePerMillion { o["prompt_price_per_million"] = p }
        if let p = config.completionPricePerMillion { o["completion_price_per_million"] = p }
        if let e = config.apiKeyEnv { o["api_key_env"] = e }
        return (try? JSONSerialization.data(withJSONObject: o, options: [.sortedKeys])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
    }

    /// The structured-output mode that worked last for this endpoint.
    var mode: LLMConfig.StructuredOutput {
        get { config.structuredOutput != .auto ? config.structuredOutput : (Self.modes.withLock { $0[config.completionsURL] } ?? .jsonSchema) }
    }

    /// Stream this call unless the endpoint has shown that its streams carry no usage.
    var streaming: Bool { stream && !Self.streamsWithoutUsage.withLock { $0.contains(config.completionsURL) } }

    func remember(_ m: LLMConfig.StructuredOutput) {
        guard config.structuredOutput == .auto else { return }
        Self.modes.withLock { $0[config.completionsURL] = m }
    }

    public func propose(_ context: AgentContext) async throws(AgentError) -> AgentReply {
        var messages = [["role": "system", "content": LLMPrompt.system(stage: context.stage)], ["role": "user", "content": LLMPrompt.user(context)]]
        let visible = Set(context.documents.map(\.id))
        let schema = ReplySchema.json(for: context)
        // Tokens are summed from each response's usage; an endpoint that reports none leaves them unknown (nil), never 0.
        var record = LLMCall(provider: config.provider, requestModel: config.model)
        var lastError = ""
        for attempt in 0...config.invalidReplyRetries {
            let reply: ChatReply
            do { reply = try await call(messages, schema: schema) } catch {
                throw AgentError(error.description, call: record)
            }
            if let p = reply.promptTokens { record.inputTokens = (record.inputTokens ?? 0) + p }
            if let c = reply.completionTokens { record.outputTokens = (record.outputTokens ?? 0) + c }
            if let m = reply.responseModel { record.responseModel = m }
            if let f = reply.finishReason { record.finishReasons.append(f) }
            do throws(AgentError) {
                if reply.finishReason == "length" {
                    throw AgentError("the reply was cut off at max_tokens (\(config.maxTokens)); raise llm.max_tokens")
                }
                let steps = try LLMReplyParser.steps(reply.content, visibleDocuments: visible)
                return AgentReply(steps: steps.filter { $0.step.op.stage == context.stage }, call: record)
            } catch {
                lastError = error.description
                guard attempt < config.invalidReplyRetries else { break }
                // The bounded retry quotes the validation error back.
                messages.append(["role": "assistant", "content": String(reply.content.prefix(4000))])
                messages.append(["role": "user", "content": "That reply was invalid: \(lastError). "
                                 + "Reply again with JSON only, using only the listed ops and fields."])
            }
        }
        throw AgentError("invalid reply after \(config.invalidReplyRetries + 1) attempts: \(lastError)", call: record)
    }

    /// One call with backoff on 429/5xx and fallback between structured-output modes.
    func call(_ messages: [[String: String]], schema: String) async throws(AgentError) -> ChatReply {
        if let down = unreachable.withLock({ $0 }), ContinuousClock.now - down.at < retryUnreachableAfter {
            let ago = (ContinuousClock.now - down.at).components.seconds
            throw AgentError("the agent is unreachable: \(down.reason) \(ago) s ago; not tried again for "
                             + "\(retryUnreachableAfter.components.seconds) s")
        }
        var current = mode
        var attempt = 0
        while true {
            do {
                let streamed = streaming
                let reply = try await client.complete(messages: messages, schema: schema, mode: current, stream: streamed, onToken: onToken)
                unreachable.withLock { $0 = nil }
                remember(current)
                if streamed, reply.promptTokens == nil, reply.completionTokens == nil {
                    _ = Self.streamsWithoutUsage.withLock { $0.insert(config.completionsURL) }
                }
                return reply
            } catch {
                switch error {
                case .status(let code, _) where config.structuredOutput == .auto && (code == 400 || code == 422 || code == 500) && current != .prompt:
                    // The endpoint does not take this response_format: try the next form (llama.cpp answers 500 to json_schema).
                    current = current == .jsonSchema ? .jsonObject : .prompt
                case .status(let code, _) where (code == 429 || code >= 500) && attempt < 3:
                    await backoff(attempt)
                    attempt += 1
                case .unreachable(let reason):
                    unreachable.withLock { $0 = (ContinuousClock.now, reason) }
                    throw AgentError(reason)
                default:
                    throw AgentError(error.message)
                }
            }
        }
    }
}
