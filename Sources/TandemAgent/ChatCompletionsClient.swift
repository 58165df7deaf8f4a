import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One chat-completions call: the reply text, why it stopped, and what it cost.
public struct ChatReply: Sendable {
    public var content: String
    public var finishReason: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
}

/// A failed call, classified so the agent knows whether to retry, fall back or give up.
public enum ChatFailure: Error, Sendable {
    case unreachable(String)
    case timeout(String)
    case status(Int, String)
    case malformed(String)

    var message: String {
        switch self {
        case .unreachable(let m), .timeout(let m), .malformed(let m): m
        case .status(let code, let body): "HTTP \(code): \(body)"
        }
    }
}

/// The OpenAI chat-completions protocol over async-http-client, streamed (SSE) or not.
struct ChatCompletionsClient: Sendable {
    let config: LLMConfig
    let apiKey: String?

    func complete(messages: [[String: String]], mode: LLMConfig.StructuredOutput, stream: Bool,
                  onToken: @Sendable (String) -> Void) async throws(ChatFailure) -> ChatReply {
        var body: [String: Any] = ["model": config.model, "messages": messages, "max_tokens": config.maxTokens, "temperature": config.temperature]
        switch mode {
        case .jsonSchema: body["response_format"] = ["type": "json_schema", "json_schema": ["name": "tandem_steps", "schema": LLMPrompt.schema]]
        case .jsonObject: body["response_format"] = ["type": "json_object", "schema": LLMPrompt.schema]
        case .prompt, .auto: break
        }
        if stream {
            body["stream"] = true
            body["stream_options"] = ["include_usage": true]
        }
        var request = HTTPClientRequest(url: config.completionsURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        guard let data = try? JSONSerialization.data(withJSONObject: body) else { throw .malformed("the request could not be encoded") }
        request.body = .bytes(ByteBuffer(bytes: data))
        let url = config.completionsURL
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .milliseconds(Int64(config.timeoutSeconds * 1000)))
            if response.status != .ok {
                let text = String(buffer: try await response.body.collect(upTo: 64 * 1024))
                throw ChatFailure.status(Int(response.status.code), String(text.prefix(300)))
            }
            if stream { return try await readStream(response, onToken: onToken) }
            return try Self.parse(String(buffer: try await response.body.collect(upTo: 8 * 1024 * 1024)))
        } catch let f as ChatFailure {
            throw f
        } catch let e as HTTPClientError where e == .deadlineExceeded || e == .readTimeout || e == .connectTimeout {
            throw .timeout("no reply from \(url) within \(Int(config.timeoutSeconds)) s")
        } catch is CancellationError {
            throw .timeout("cancelled")
        } catch {
            let text = "\(error)"
            if text.contains("connectionRefused") || text.contains("Connection refused") || text.contains("connect") {
                throw .unreachable("cannot reach \(url): connection refused (is the server running?)")
            }
            throw .unreachable("cannot reach \(url): \(text)")
        }
    }

    /// Server-sent events: `data: {chunk}` lines until `data: [DONE]`.
    private func readStream(_ response: HTTPClientResponse, onToken: @Sendable (String) -> Void) async throws -> ChatReply {
        var reply = ChatReply(content: "", finishReason: nil, promptTokens: nil, completionTokens: nil)
        var pending = ""
        for try await chunk in response.body {
            pending += String(buffer: chunk)
            while let newline = pending.firstIndex(of: "\n") {
                let line = pending[..<newline].trimmingCharacters(in: .whitespaces)
                pending = String(pending[pending.index(after: newline)...])
                guard line.hasPrefix("data:") else { continue }
                let payload = line.dropFirst(5).trimmingCharacters(in: .whitespaces)
                if payload == "[DONE]" { return reply }
                guard let object = try? JSONSerialization.jsonObject(with: Data(payload.utf8)) as? [String: Any] else {
                    throw ChatFailure.malformed("a streamed chunk is not JSON: \(payload.prefix(120))")
                }
                if let choice = (object["choices"] as? [[String: Any]])?.first {
                    if let delta = (choice["delta"] as? [String: Any])?["content"] as? String {
                        reply.content += delta
                        onToken(delta)
                    }
                    if let reason = choice["finish_reason"] as? String { reply.finishReason = reason }
                }
                Self.usage(object, into: &reply)
            }
        }
        return reply
    }

    static func parse(_ text: String) throws(ChatFailure) -> ChatReply {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let choice = (object["choices"] as? [[String: Any]])?.first,
              let message = choice["message"] as? [String: Any] else {
            throw .malformed("the response is not a chat completion: \(text.prefix(200))")
        }
        var reply = ChatReply(content: message["content"] as? String ?? "", finishReason: choice["finish_reason"] as? String, promptTokens: nil, completionTokens: nil)
        usage(object, into: &reply)
        return reply
    }

    static func usage(_ object: [String: Any], into reply: inout ChatReply) {
        guard let usage = object["usage"] as? [String: Any] else { return }
        if let p = (usage["prompt_tokens"] as? NSNumber)?.intValue { reply.promptTokens = p }
        if let c = (usage["completion_tokens"] as? NSNumber)?.intValue { reply.completionTokens = c }
    }
}
