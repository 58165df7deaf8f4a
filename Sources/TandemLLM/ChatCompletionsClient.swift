import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TandemAgent
import TandemRecipe

/// One chat-completions call: the reply text, why it stopped, and what it cost.
public struct ChatReply: Sendable {
    public var content: String
    public var finishReason: String?
    public var promptTokens: Int?
    public var completionTokens: Int?
    /// The model the endpoint says answered (its `model` field).
    public var responseModel: String?
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

    /// The shared client retries a failed connect with backoff until the request's deadline (a minute by default), so a
    /// server that is down cost a minute per call. This one fails a refused, unresolvable or TLS-broken connection at
    /// once; 429 and 5xx are retried by the agent, which knows they are worth it.
    static let http: HTTPClient = {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    func complete(messages: [[String: String]], schema: String, mode: LLMConfig.StructuredOutput, stream: Bool,
                  onToken: @Sendable (String) -> Void) async throws(ChatFailure) -> ChatReply {
        let body = Self.body(model: config.model, messages: messages, maxTokens: config.maxTokens, temperature: config.temperature,
                             schema: schema, mode: mode, stream: stream)
        var request = HTTPClientRequest(url: config.completionsURL)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        if let apiKey { request.headers.add(name: "Authorization", value: "Bearer \(apiKey)") }
        request.body = .bytes(ByteBuffer(bytes: body))
        let url = config.completionsURL
        do {
            let response = try await Self.http.execute(request, timeout: .milliseconds(Int64(config.timeoutSeconds * 1000)))
            if response.status != .ok {
                let text = String(buffer: try await response.body.collect(upTo: 64 * 1024))
                throw ChatFailure.status(Int(response.status.code), String(text.prefix(300)))
            }
            if stream { return try await readStream(response, onToken: onToken) }
            return try Self.parse(String(buffer: try await response.body.collect(upTo: 8 * 1024 * 1024)))
        } catch let f as ChatFailure {
            throw f
        } catch let e as HTTPClientError where e == .connectTimeout {
            throw .unreachable("cannot reach \(url): no connection within 10 s")
        } catch let e as HTTPClientError where e == .deadlineExceeded || e == .readTimeout {
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

    /// The request, written member by member so the schema keeps its order (op first).
    static func body(model: String, messages: [[String: String]], maxTokens: Int, temperature: Double, schema: String,
                     mode: LLMConfig.StructuredOutput, stream: Bool) -> [UInt8] {
        var w = JSONBytes()
        w.open("{")
        w.key("model"); w.string(model)
        w.key("messages")
        w.list(messages) { w, m in
            w.open("{")
            w.key("role"); w.string(m["role"] ?? "user")
            w.key("content"); w.string(m["content"] ?? "")
            w.close("}")
        }
        w.key("max_tokens"); w.raw(String(maxTokens))
        w.key("temperature"); w.number(temperature)
        switch mode {
        case .jsonSchema:
            w.key("response_format"); w.open("{")
            w.key("type"); w.string("json_schema")
            w.key("json_schema"); w.open("{"); w.key("name"); w.string("tandem_steps"); w.key("schema"); w.raw(schema); w.close("}")
            w.close("}")
        case .jsonObject:
            w.key("response_format"); w.open("{")
            w.key("type"); w.string("json_object")
            w.key("schema"); w.raw(schema)
            w.close("}")
        case .prompt, .auto: break
        }
        if stream {
            w.key("stream"); w.raw("true")
            w.key("stream_options"); w.open("{"); w.key("include_usage"); w.raw("true"); w.close("}")
        }
        w.close("}")
        return w.bytes
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
                if let m = object["model"] as? String, !m.isEmpty { reply.responseModel = m }
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
        var reply = ChatReply(content: message["content"] as? String ?? "", finishReason: choice["finish_reason"] as? String,
                              promptTokens: nil, completionTokens: nil)
        usage(object, into: &reply)
        if let m = object["model"] as? String, !m.isEmpty { reply.responseModel = m }
        return reply
    }

    static func usage(_ object: [String: Any], into reply: inout ChatReply) {
        guard let usage = object["usage"] as? [String: Any] else { return }
        if let p = (usage["prompt_tokens"] as? NSNumber)?.intValue { reply.promptTokens = p }
        if let c = (usage["completion_tokens"] as? NSNumber)?.intValue { reply.completionTokens = c }
    }
}
