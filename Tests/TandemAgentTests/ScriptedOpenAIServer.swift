import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP server on loopback that speaks the chat-completions protocol
/// from a script: each request gets the next scripted reply.
final class ScriptedOpenAIServer: Sendable {
    enum Reply: Sendable {
        case completion(content: String, finish: String = "stop", promptTokens: Int = 120, completionTokens: Int = 30)
        case status(Int, String)
        case stream([String], finish: String = "stop", usage: Bool = true)
        case raw(String)
        case slow(seconds: Double, content: String)
    }

    let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    let script: Mutex<[Reply]>
    let received = Mutex<[String]>([])
    private let channel = Mutex<Channel?>(nil)

    init(_ replies: [Reply]) { script = Mutex(replies) }

    var requests: [String] { received.withLock { $0 } }

    func start(port: Int = 0) async throws -> Int {
        let server = self
        let ch = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.pipeline.configureHTTPServerPipeline().flatMap { channel.pipeline.addHandler(Handler(server: server)) }
            }
            .bind(host: "127.0.0.1", port: port).get()
        channel.withLock { $0 = ch }
        return ch.localAddress?.port ?? 0
    }

    func stop() async {
        let ch = channel.withLock { $0 }
        try? await ch?.close()
        try? await group.shutdownGracefully()
    }

    func next() -> Reply { script.withLock { $0.isEmpty ? .status(500, "script exhausted") : $0.removeFirst() } }

    static func completion(_ content: String, finish: String, prompt: Int, completion: Int) -> String {
        let object: [String: Any] = ["id": "x", "object": "chat.completion", "model": "scripted-q4", "choices": [["index": 0, "message": ["role": "assistant", "content": content], "finish_reason": finish]],
                                     "usage": ["prompt_tokens": prompt, "completion_tokens": completion, "total_tokens": prompt + completion]]
        return String(decoding: (try? JSONSerialization.data(withJSONObject: object)) ?? Data(), as: UTF8.self)
    }

    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let server: ScriptedOpenAIServer
        var body = ""

        init(server: ScriptedOpenAIServer) { self.server = server }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head: body = ""
            case .body(let b): body += String(buffer: b)
            case .end:
                let text = body
                server.received.withLock { $0.append(text) }
                respond(context, server.next())
            }
        }

        func respond(_ context: ChannelHandlerContext, _ reply: Reply) {
            switch reply {
            case .completion(let content, let finish, let p, let c): send(context, 200, ScriptedOpenAIServer.completion(content, finish: finish, prompt: p, completion: c))
            case .status(let code, let text): send(context, code, text)
            case .raw(let text): send(context, 200, text)
            case .slow(let seconds, let content):
                let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
                    self.send(loopBound.value, 200, ScriptedOpenAIServer.completion(content, finish: "stop", prompt: 1, completion: 1))
                }
            case .stream(let tokens, let finish, let usage):
                var head = HTTPResponseHead(version: .http1_1, status: .ok)
                head.headers.add(name: "Content-Type", value: "text/event-stream")
                context.write(wrapOutboundOut(.head(head)), promise: nil)
                for t in tokens {
                    let chunk: [String: Any] = ["choices": [["index": 0, "delta": ["content": t]]]]
                    write(context, "data: " + String(decoding: (try? JSONSerialization.data(withJSONObject: chunk)) ?? Data(), as: UTF8.self) + "\n\n")
                }
                var last: [String: Any] = ["model": "scripted-q4", "choices": [["index": 0, "delta": [:] as [String: Any], "finish_reason": finish]]]
                if usage { last["usage"] = ["prompt_tokens": 200, "completion_tokens": tokens.count] }
                write(context, "data: " + String(decoding: (try? JSONSerialization.data(withJSONObject: last)) ?? Data(), as: UTF8.self) + "\n\ndata: [DONE]\n\n")
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }

        func write(_ context: ChannelHandlerContext, _ text: String) {
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: text)))), promise: nil)
        }

        func send(_ context: ChannelHandlerContext, _ code: Int, _ text: String) {
            var head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: code))
            head.headers.add(name: "Content-Type", value: "application/json")
            head.headers.add(name: "Content-Length", value: String(text.utf8.count))
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            write(context, text)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
