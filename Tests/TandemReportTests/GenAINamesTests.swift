import Foundation
import Testing
import TestSupport
import TandemAgent
import TandemChallenge
@testable import TandemReport
import TandemSession
import TandemStore

/// Agent calls to a model are logged under the OpenTelemetry GenAI names (semantic conventions 1.37.0), and the
/// events logged before them, under prompt_tokens and completion_tokens, keep their bytes and still count.
@Suite struct GenAINamesTests {
    /// An agent that says it called a model: the heuristic's steps, with the call a model endpoint would report.
    struct ModelAgent: Agent {
        let name = "llm"
        var configJSON: String { #"{"model":"config-model","prompt_price_per_million":1,"completion_price_per_million":2}"# }
        func propose(_ context: AgentContext) async throws(AgentError) -> AgentReply {
            let call = LLMCall(provider: "openai", requestModel: "smollm2", responseModel: "smollm2-q8", finishReasons: ["stop"],
                               inputTokens: 120, outputTokens: 30)
            return AgentReply(steps: HeuristicAgent().proposals(context), call: call)
        }
    }

    @Test func modelCallsCarryTheGenAINamesInTheLogTheJSONLAndTheTrace() async throws {
        let challenge = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/food-shelf-life")
        let db = try SQLiteEventStore(path: try RepositoryPaths.temporaryFolder("genai") + "/s.sqlite")
        let r = try await SessionDriver.start(store: db, challenge: challenge, agent: ModelAgent(), mode: .aiOnly, seed: 42, appVersion: "test")
        try await r.runAIOnly()
        let stored = try db.events(session: r.sessionId)
        let calls = stored.filter { $0.kind == "agent_proposed" }
        #expect(calls.count == 3)
        for e in calls {
            #expect(e.payload.contains(#""gen_ai.provider.name":"openai""#) && e.payload.contains(#""gen_ai.request.model":"smollm2""#))
            #expect(e.payload.contains(#""gen_ai.response.model":"smollm2-q8""#))
            #expect(e.payload.contains(#""gen_ai.response.finish_reasons":["stop"]"#))
            #expect(e.payload.contains(#""gen_ai.usage.input_tokens":120"#) && e.payload.contains(#""gen_ai.usage.output_tokens":30"#))
            #expect(e.payload.contains(#""duration_ms":"#) && !e.payload.contains("prompt_tokens"))
        }
        let info = try #require(try db.session(r.sessionId))
        let events = try db.decodedEvents(session: r.sessionId)
        let jsonl = TranscriptExporter.export(.jsonl, info: info, events: events, stored: stored)
        let line = try #require(jsonl.split(separator: "\n").first { $0.contains("\"agent_proposed\"") })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let payload = try #require(object["payload"] as? [String: Any])
        #expect(payload["gen_ai.usage.input_tokens"] as? Int == 120 && payload["gen_ai.request.model"] as? String == "smollm2")
        // The trace takes the event's own names, not the session's config model.
        let trace = TranscriptExporter.export(.otel, info: info, events: events)
        #expect(trace.contains("smollm2-q8") && !trace.contains("config-model"))
        // Three calls of 120 + 30 tokens at 1 and 2 per million: 360 in, 90 out, 0.00054.
        let analysis = SessionAnalysis.analyze(info: info, events: events, verdicts: [:], higherIsBetter: false)
        #expect(analysis.promptTokens == 360 && analysis.completionTokens == 90)
        #expect(abs((analysis.cost ?? 0) - 0.00054) < 1e-12)
    }

    @Test func anOlderEventKeepsItsBytesAndItsTokensCount() throws {
        let legacy = #"{"completion_tokens":240,"duration_ms":900,"prompt_tokens":1800,"stage":"cleaning"}"#
        let p = try EventPayload(kind: .agentProposed, canonicalJSON: legacy)
        #expect(p.canonicalJSON == legacy)
        #expect(p.call?.inputTokens == 1800 && p.call?.outputTokens == 240 && p.call?.provider == nil)
        let fresh = EventPayload.agentProposed(.init(stage: .cleaning, proposals: nil, call: .init(inputTokens: 7, outputTokens: 3)))
        let info = SessionInfo(id: "s", challengeId: "c", challengeSha256: "", mode: "ai-only", agent: "llm", agentConfig: "{}", seed: 1,
                               appVersion: "test", participant: nil, startedAt: 0)
        let events = [SessionEvent(seq: 1, at: 0, actor: .agent, payload: p), SessionEvent(seq: 2, at: 1, actor: .agent, payload: fresh)]
        let analysis = SessionAnalysis.analyze(info: info, events: events, verdicts: [:], higherIsBetter: false)
        #expect(analysis.promptTokens == 1807 && analysis.completionTokens == 243 && analysis.cost == nil)
    }
}
