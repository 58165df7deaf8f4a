import Foundation
import TandemAgent
import TandemData
import TOMLKit

/// How tandem reaches an OpenAI-compatible chat-completions endpoint
/// (DESIGN.md section 6). The API key itself is never in the file or the
/// log: only the name of the environment variable that holds it.
public struct LLMConfig: Sendable, Equatable {
    public enum StructuredOutput: String, Sendable, CaseIterable {
        case auto
        case jsonSchema = "json_schema"   // OpenAI's response_format
        case jsonObject = "json_object"   // llama.cpp's response_format with a schema
        case prompt                       // plain JSON asked for in the prompt
    }

    public var baseURL: String
    public var model: String
    /// gen_ai.provider.name in the log. The conventions name an OpenAI-protocol client "openai" whatever serves it
    /// (llama.cpp, vLLM, Azure); llm.provider says otherwise.
    public var provider = "openai"
    public var apiKeyEnv: String?
    public var timeoutSeconds: Double = 60
    public var maxTokens: Int = 1024
    public var temperature: Double = 0.2
    public var structuredOutput: StructuredOutput = .auto
    /// Prices per million tokens; cost is "unknown" without them, never a made-up 0.
    public var promptPricePerMillion: Double?
    public var completionPricePerMillion: Double?
    /// Retries of an invalid reply (the validation error is quoted back).
    public var invalidReplyRetries = 1

    public init(baseURL: String, model: String) {
        self.baseURL = baseURL
        self.model = model
    }

    /// The chat-completions URL: base_url with or without a trailing /v1 both work.
    public var completionsURL: String {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        if !base.hasSuffix("/v1") { base += "/v1" }
        return base + "/chat/completions"
    }

    /// Reads `[llm]` from a TOML file, then TANDEM_LLM_* variables override it. Errors name the file and field.
    public static func load(file: String?, environment: [String: String]) throws(AgentError) -> LLMConfig {
        var table = TOMLTable()
        var source = "environment"
        if let file {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw AgentError("\(file): cannot read the LLM config") }
            if let bad = TOMLPrecheck.problem(text) { throw AgentError("\(file):\(bad.line): \(bad.message)") }
            do {
                let root = try TOMLTable(string: text)
                table = root["llm"]?.table ?? root
            } catch { throw AgentError("\(file): \(error)") }
            source = file
        }
        func string(_ key: String, _ env: String) -> String? { environment[env] ?? table[key]?.string }
        func number(_ key: String, _ env: String) throws(AgentError) -> Double? {
            if let e = environment[env] {
                guard let d = Double(e) else { throw AgentError("\(env)=\(e): expected a number") }
                return d
            }
            guard let v = table[key] else { return nil }
            if let d = v.double { return d }
            if let i = v.int { return Double(i) }
            throw AgentError("\(source): llm.\(key): expected a number")
        }
        guard let base = string("base_url", "TANDEM_LLM_BASE_URL"), !base.isEmpty else {
            throw AgentError("\(source): llm.base_url is missing (or set TANDEM_LLM_BASE_URL), e.g. http://127.0.0.1:8080/v1")
        }
        guard let model = string("model", "TANDEM_LLM_MODEL"), !model.isEmpty else {
            throw AgentError("\(source): llm.model is missing (or set TANDEM_LLM_MODEL)")
        }
        if table["api_key"] != nil { throw AgentError("\(source): llm.api_key: keys never go in the file; name the variable that holds it with api_key_env") }
        var c = LLMConfig(baseURL: base, model: model)
        c.apiKeyEnv = string("api_key_env", "TANDEM_LLM_API_KEY_ENV")
        if let provider = string("provider", "TANDEM_LLM_PROVIDER") {
            guard !provider.isEmpty else { throw AgentError("\(source): llm.provider is empty") }
            c.provider = provider
        }
        if let t = try number("timeout", "TANDEM_LLM_TIMEOUT") {
            guard t > 0 else { throw AgentError("\(source): llm.timeout must be positive") }
            c.timeoutSeconds = t
        }
        if let m = try number("max_tokens", "TANDEM_LLM_MAX_TOKENS") {
            guard m >= 16 else { throw AgentError("\(source): llm.max_tokens must be at least 16") }
            c.maxTokens = Int(m)
        }
        if let t = try number("temperature", "TANDEM_LLM_TEMPERATURE") { c.temperature = t }
        if let mode = string("structured_output", "TANDEM_LLM_STRUCTURED_OUTPUT") {
            guard let m = StructuredOutput(rawValue: mode) else {
                throw AgentError("\(source): llm.structured_output: \(mode) is not one of \(StructuredOutput.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            c.structuredOutput = m
        }
        c.promptPricePerMillion = try number("prompt_price_per_million", "TANDEM_LLM_PROMPT_PRICE")
        c.completionPricePerMillion = try number("completion_price_per_million", "TANDEM_LLM_COMPLETION_PRICE")
        return c
    }

    /// The default file: $XDG_CONFIG_HOME/tandem/config.toml, else ~/.config/tandem/config.toml.
    public static func defaultFile(environment: [String: String]) -> String {
        let base = environment["XDG_CONFIG_HOME"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.config")
        return base + "/tandem/config.toml"
    }
}
