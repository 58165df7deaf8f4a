import Foundation
import Synchronization
import Testing
import TestSupport
import TandemChallenge
import TandemData
import TandemRecipe
@testable import TandemAgent
@testable import TandemLLM

final class TokenLog: Sendable {
    private let tokens = Mutex<[String]>([])
    func add(_ t: String) { tokens.withLock { $0.append(t) } }
    var all: [String] { tokens.withLock { $0 } }
}

/// The LLM agent against a real HTTP server on loopback that answers from a script.
@Suite(.serialized) struct LLMAgentTests {
    static let challenge: Challenge? = try? ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/food-shelf-life")

    func context(stage: Stage = .cleaning) throws -> AgentContext {
        let c = try #require(Self.challenge)
        let profile = Profiler.profile(c.train, source: "train.csv", target: c.spec.target)
        let drop = try RecipeStep(Step(op: .dropColumn, params: ["column": .string("humidity_pct")]))
        return AgentContext(brief: c.spec, profile: profile, documents: c.documents.filter { $0.id != "02-sensor-practice" }, stage: stage,
                            recipe: Recipe(), rejected: [(drop, "humidity matters for yogurt")])
    }

    func agent(_ port: Int, mode: LLMConfig.StructuredOutput = .auto, timeout: Double = 10, stream: Bool = false,
               tokens: TokenLog? = nil) -> LLMAgent {
        var c = LLMConfig(baseURL: "http://127.0.0.1:\(port)", model: "scripted")
        c.structuredOutput = mode
        c.timeoutSeconds = timeout
        return LLMAgent(config: c, environment: [:], stream: stream, onToken: { t in tokens?.add(t) }, backoff: { _ in })
    }

    static let valid = #"{"steps": [{"op": "impute", "column": "preservative_ppm", "strategy": "median", "rationale": "fill dosing gaps", "#
        + #""documents": ["01-cold-chain-notes", "99-invented"]}]}"#

    func run(_ replies: [ScriptedOpenAIServer.Reply], mode: LLMConfig.StructuredOutput = .prompt, timeout: Double = 10, stream: Bool = false,
             tokens: TokenLog? = nil) async throws -> (Result<AgentReply, AgentError>, [String]) {
        let server = ScriptedOpenAIServer(replies)
        let port = try await server.start()
        let a = agent(port, mode: mode, timeout: timeout, stream: stream, tokens: tokens)
        let ctx = try context()
        let result: Result<AgentReply, AgentError>
        do throws(AgentError) { result = .success(try await a.propose(ctx)) } catch { result = .failure(error) }
        await server.stop()
        return (result, server.requests)
    }

    @Test func aValidReplyBecomesStepsWithTokensAndOnlyVisibleCitations() async throws {
        let (result, requests) = try await run([.completion(content: "Here you go:\n```json\n" + Self.valid + "\n```")])
        let reply = try result.get()
        #expect(reply.steps.map(\.step.summary) == ["impute(preservative_ppm, strategy=\"median\")"])
        #expect(reply.steps.first?.documents == ["01-cold-chain-notes"] && reply.steps.first?.author == .agent)
        #expect(reply.promptTokens == 120 && reply.completionTokens == 30)
        // The call as the OpenTelemetry GenAI conventions name it: provider, asked and answering model, why it stopped.
        #expect(reply.call == LLMCall(provider: "openai", requestModel: "scripted", responseModel: "scripted-q4", finishReasons: ["stop"],
                                      inputTokens: 120, outputTokens: 30))
        // The prompt: documents as quoted data, the flagged one absent, the rejection and its reason present.
        let body = try #require(requests.first)
        #expect(body.contains("<<<DOCUMENT id=\\\"01-cold-chain-notes\\\"") && !body.contains("02-sensor-practice"))
        #expect(body.contains("humidity matters for yogurt"))
    }

    @Test func aStreamedReplyArrivesTokenByToken() async throws {
        let tokens = TokenLog()
        let pieces = stride(from: 0, to: Self.valid.count, by: 20).map { i in String(Self.valid.dropFirst(i).prefix(20)) }
        let (result, _) = try await run([.stream(pieces)], stream: true, tokens: tokens)
        #expect(try result.get().steps.count == 1 && tokens.all == pieces)
        #expect(try result.get().completionTokens == pieces.count)
        #expect(try result.get().call?.responseModel == "scripted-q4" && result.get().call?.finishReasons == ["stop"])
    }

    @Test func malformedJSONIsRetriedOnceWithTheErrorQuotedThenReported() async throws {
        let (fixed, requests) = try await run([.completion(content: "{\"steps\": [ {\"op\": } ]}"), .completion(content: Self.valid)])
        #expect(try fixed.get().steps.count == 1 && requests.count == 2)
        #expect(requests[1].contains("That reply was invalid") && requests[1].contains("not valid JSON"))
        // Tokens of both calls are counted.
        #expect(try fixed.get().promptTokens == 240)
        let (failed, _) = try await run([.completion(content: "no json here"), .completion(content: "still none")])
        guard case .failure(let e) = failed else { Issue.record("prose was accepted"); return }
        #expect(e.description.contains("invalid reply after 2 attempts") && e.description.contains("not JSON"))
        // A failed call still says what it was and cost: both attempts' tokens and finish reasons.
        #expect(e.call?.inputTokens == 240 && e.call?.outputTokens == 60 && e.call?.finishReasons == ["stop", "stop"])
    }

    @Test func anInvalidOpOrAnInjectedInstructionIsAnInvalidProposal() async throws {
        let injected = #"{"steps": [{"op": "shell", "command": "rm -rf /"}]}"#
        let extra = #"{"steps": [{"op": "drop_column", "column": "x", "exec": "import os"}]}"#
        let (r1, _) = try await run([.completion(content: injected), .completion(content: injected)])
        guard case .failure(let e1) = r1 else { Issue.record("an unknown op was accepted"); return }
        #expect(e1.description.contains("steps[0]") && e1.description.contains("shell"))
        let (r2, _) = try await run([.completion(content: extra), .completion(content: extra)])
        guard case .failure(let e2) = r2 else { Issue.record("an unknown field was accepted"); return }
        #expect(e2.description.contains("exec"))
    }

    @Test func rateLimitsAndServerErrorsBackOffAndRetry() async throws {
        let (ok, requests) = try await run([.status(429, "slow down"), .status(503, "busy"), .completion(content: Self.valid)])
        #expect(try ok.get().steps.count == 1 && requests.count == 3)
        let (failed, all) = try await run([.status(500, "boom"), .status(500, "boom"), .status(500, "boom"), .status(500, "boom")])
        guard case .failure(let e) = failed else { Issue.record("four 500s succeeded"); return }
        #expect(e.description.contains("HTTP 500") && all.count == 4)
    }

    @Test func autoModeFallsBackFromJSONSchemaAndRemembersTheEndpoint() async throws {
        let server = ScriptedOpenAIServer([.status(500, "json_schema unsupported"), .completion(content: Self.valid), .completion(content: Self.valid)])
        let port = try await server.start()
        let a = agent(port, mode: .auto)
        _ = try await a.propose(try context())
        _ = try await a.propose(try context())
        await server.stop()
        let r = server.requests
        #expect(r.count == 3 && r[0].contains("json_schema") && r[1].contains("json_object") && r[2].contains("json_object"))
    }

    @Test func theSchemaAllowsOnlyTheStagesOpsExistingColumnsAndVisibleDocuments() async throws {
        let (_, requests) = try await run([.completion(content: Self.valid)], mode: .jsonObject)
        let body = try #require(requests.first)
        // Members keep their order, op first: grammar-driven servers generate properties in schema order.
        #expect(body.contains(#""properties":{"op":{"type":"string","enum":["impute"]},"column":{"type":"string","enum":["#))
        let request = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        let format = try #require(request["response_format"] as? [String: Any])
        #expect(format["type"] as? String == "json_object")
        let steps = try #require(((format["schema"] as? [String: Any])?["properties"] as? [String: Any])?["steps"] as? [String: Any])
        #expect(steps["maxItems"] as? Int == ReplySchema.maxSteps)
        let shapes = try #require((steps["items"] as? [String: Any])?["anyOf"] as? [[String: Any]])
        let ops = shapes.compactMap { (($0["properties"] as? [String: Any])?["op"] as? [String: Any])?["enum"] as? [String] }.flatMap { $0 }
        #expect(ops == OpName.allCases.filter { $0.stage == .cleaning }.map(\.rawValue))
        let impute = try #require(shapes.first { ($0["required"] as? [String]) == ["op", "column", "strategy", "rationale", "documents"] })
        let props = try #require(impute["properties"] as? [String: Any])
        let columns = try #require((props["column"] as? [String: Any])?["enum"] as? [String])
        #expect(columns.contains("preservative_ppm") && !columns.contains("shelf_life_days") && !columns.contains("batch_id"))
        #expect((props["strategy"] as? [String: Any])?["enum"] as? [String] == ["mean", "median", "mode", "constant"])
        let cited = try #require(((props["documents"] as? [String: Any])?["items"] as? [String: Any])?["enum"] as? [String])
        #expect(cited.contains("01-cold-chain-notes") && !cited.contains("02-sensor-practice"))
        // The prompt names each field's values too, for servers that ignore the schema.
        #expect(body.contains("strategy (mean|median|mode|constant)") && body.contains("quantiles") == false)
    }

    @Test func aStreamWithoutUsageMakesLaterCallsPlainSoTheirCostIsKnown() async throws {
        let server = ScriptedOpenAIServer([.stream([Self.valid], usage: false), .completion(content: Self.valid)])
        let port = try await server.start()
        let a = agent(port, mode: .prompt, stream: true)
        let first = try await a.propose(try context())
        let second = try await a.propose(try context())
        await server.stop()
        // Unknown stays unknown (nil), never 0; the next call asks without streaming and gets its usage.
        #expect(first.promptTokens == nil && first.completionTokens == nil)
        #expect(second.promptTokens == 120 && second.completionTokens == 30)
        #expect(server.requests.count == 2 && server.requests[0].contains(#""stream":true"#) && !server.requests[1].contains(#""stream":true"#))
    }

    @Test func slowRepliesTimeOutAndLengthCutsAndRefusedConnectionsAreClear() async throws {
        let (slow, _) = try await run([.slow(seconds: 3, content: Self.valid)], timeout: 0.5)
        guard case .failure(let e1) = slow else { Issue.record("a slow reply did not time out"); return }
        #expect(e1.description.contains("within"))
        let (cut, _) = try await run([.completion(content: "{\"steps\": [", finish: "length"), .completion(content: "{\"steps\": [", finish: "length")])
        guard case .failure(let e2) = cut else { Issue.record("a cut reply was accepted"); return }
        #expect(e2.description.contains("max_tokens"))
        // A port nobody listens on.
        let probe = ScriptedOpenAIServer([])
        let port = try await probe.start()
        await probe.stop()
        let refused = agent(port, mode: .prompt, timeout: 5)
        let ctx = try context()
        do throws(AgentError) {
            _ = try await refused.propose(ctx)
            Issue.record("a refused connection succeeded")
        } catch {
            #expect(error.description.contains("127.0.0.1:\(port)") && error.description.contains("connection refused"))
        }
    }

    /// Issue 19: a server that is down is tried once, not at every stage; once it answers again it is used again (a 3 s
    /// pause here, so that a loaded machine still makes the second call within it).
    @Test func anUnreachableEndpointFailsFastAndIsTriedAgainLater() async throws {
        let probe = ScriptedOpenAIServer([])
        let port = try await probe.start()
        await probe.stop()
        var c = LLMConfig(baseURL: "http://127.0.0.1:\(port)", model: "scripted")
        c.structuredOutput = .prompt
        let a = LLMAgent(config: c, environment: [:], stream: false, backoff: { _ in }, retryUnreachableAfter: .seconds(3))
        let ctx = try context()
        func reason() async -> String? {
            do throws(AgentError) { _ = try await a.propose(ctx); return nil } catch { return error.description }
        }
        let first = try #require(await reason())
        #expect(first.contains("127.0.0.1:\(port)") && first.contains("connection refused"), "\(first)")
        let second = try #require(await reason())
        #expect(second.hasPrefix("the agent is unreachable: cannot reach http://127.0.0.1:\(port)") && second.contains("not tried again"))
        let server = ScriptedOpenAIServer([.completion(content: Self.valid, finish: "stop")])
        _ = try await server.start(port: port)
        defer { Task { await server.stop() } }
        #expect(await reason() != nil && server.requests.isEmpty)   // still within the pause: not tried
        try await Task.sleep(for: .milliseconds(3200))
        #expect(await reason() == nil && server.requests.count == 1)
    }

    @Test func configReadsTheFileThenTheEnvironmentAndNeverTheKey() throws {
        let dir = try RepositoryPaths.temporaryFolder("llm-config")
        try "[llm]\nbase_url = \"http://localhost:8080\"\nmodel = \"smollm2\"\napi_key_env = \"MY_KEY\"\ntimeout = 30\nstructured_output = \"json_object\"\n"
            .write(toFile: dir + "/c.toml", atomically: true, encoding: .utf8)
        let c = try LLMConfig.load(file: dir + "/c.toml", environment: ["TANDEM_LLM_MODEL": "other"])
        #expect(c.completionsURL == "http://localhost:8080/v1/chat/completions" && c.model == "other" && c.apiKeyEnv == "MY_KEY")
        #expect(c.timeoutSeconds == 30 && c.structuredOutput == .jsonObject && c.promptPricePerMillion == nil)
        #expect(LLMConfig(baseURL: "http://h/v1/", model: "m").completionsURL == "http://h/v1/chat/completions")
        try "[llm]\nbase_url = \"http://h\"\nmodel = \"m\"\napi_key = \"sk-secret\"\n".write(toFile: dir + "/bad.toml", atomically: true, encoding: .utf8)
        #expect(throws: AgentError.self) { try LLMConfig.load(file: dir + "/bad.toml", environment: [:]) }
        do { _ = try LLMConfig.load(file: dir + "/bad.toml", environment: [:]) } catch {
            #expect(error.description.contains("api_key_env") && !error.description.contains("sk-secret"))
        }
    }

    /// Side tables reach the prompt as schema and three sanitised sample rows; a scripted reply that joins one is a step.
    @Test func aScriptedJoinIsParsedAndTheSideTablesAreInThePrompt() async throws {
        let c = try ChallengeLoader.load(folder: RepositoryPaths.root + "/Tests/Fixtures/agentds-commerce")
        var ctx = AgentContext(brief: c.spec, profile: Profiler.profile(c.train, source: "train.csv", target: c.spec.target),
                               documents: c.documents, stage: .features, recipe: Recipe())
        ctx.tables = c.tables
        let reply = #"{"steps": [{"op": "join", "table": "products", "on": "sku_id", "rationale": "base demand", "documents": ["01-products"]}]}"#
        let server = ScriptedOpenAIServer([.completion(content: reply)])
        let port = try await server.start()
        let result: Result<AgentReply, AgentError>
        do throws(AgentError) { result = .success(try await agent(port, mode: .prompt).propose(ctx)) } catch { result = .failure(error) }
        await server.stop()
        let steps = try result.get().steps
        #expect(steps.map(\.step.summary) == ["join(on=\"sku_id\", table=\"products\")"] && steps.first?.documents == ["01-products"])
        let body = try #require(server.requests.first)
        #expect(body.contains("products: 24 rows; key sku_id; time column none"), "\(body)")
        #expect(body.contains("promotions: 144 rows; key sku_id, week; time column week"))
        #expect(body.contains("row: sku_id=1152921504606846977") && body.contains("category (category)"))
        // The reply schema names the tables; without side tables it offers no join at all.
        #expect(ReplySchema.json(for: ctx).contains(#""enum":["events","products","promotions"]"#))
        // The parts of the composite id (sku_id, week) are columns a step may name: a join reads them.
        #expect(ReplySchema.knownColumns(ctx).starts(with: ["sku_id", "week"]), "\(ReplySchema.knownColumns(ctx))")
        ctx.tables = SideTables()
        #expect(!ReplySchema.json(for: ctx).contains(#""join""#))
    }
}
