import Foundation
import Testing
import TestSupport
import TandemAgent
import TandemChallenge
@testable import TandemReport
import TandemSession
import TandemStore

/// Issue 21: `export --format otel` parsed back into a trace: one trace id, hex span ids, every span a child of the
/// session span, one span per agent call, evaluation, submission and decision, flags as events on the session span.
@Suite struct OTLPExportTests {
    @Test func aSessionIsOneTraceWithASpanPerCallEvaluationSubmissionAndDecision() async throws {
        let challenge = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/food-shelf-life")
        let db = try SQLiteEventStore(path: try RepositoryPaths.temporaryFolder("otel") + "/s.sqlite")
        let r = try await SessionDriver.start(store: db, challenge: challenge, agent: HeuristicAgent(), mode: .humanAI, seed: 42, appVersion: "test",
                                         participant: "ana")
        let proposals = try await r.proposeNow()
        try #require(proposals.count == 2)
        try await r.perform(.reject(proposal: proposals[0].id, reason: "the dose is real"), latencyMs: 3000)
        try await r.perform(.approve(proposal: proposals[1].id), latencyMs: 1200)
        try await r.perform(.flag(document: "02-sensor-practice"))
        try await r.perform(.evaluate)
        try await r.perform(.submit)
        try await r.perform(.end)
        let info = try #require(try db.session(r.sessionId))
        let text = TranscriptExporter.export(.otel, info: info, events: try db.decodedEvents(session: r.sessionId))
        let root = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let resource = try #require((root["resourceSpans"] as? [[String: Any]])?.first)
        let scope = try #require((resource["scopeSpans"] as? [[String: Any]])?.first)
        let spans = try #require(scope["spans"] as? [[String: Any]])
        func isHex(_ s: Any?, _ n: Int) -> Bool { (s as? String).map { $0.count == n && $0.allSatisfy(\.isHexDigit) } ?? false }
        #expect(spans.allSatisfy { isHex($0["traceId"], 32) && isHex($0["spanId"], 16) })
        #expect(Set(spans.compactMap { $0["traceId"] as? String }).count == 1 && Set(spans.compactMap { $0["spanId"] as? String }).count == spans.count)
        let session = try #require(spans.first { $0["parentSpanId"] == nil })
        let children = spans.filter { $0["parentSpanId"] != nil }
        #expect(children.allSatisfy { $0["parentSpanId"] as? String == session["spanId"] as? String })
        // By hand: one agent call, two decisions, one evaluation, one submission.
        #expect(children.compactMap { $0["name"] as? String }.map { String($0.prefix { $0 != " " }) }.sorted()
                == ["chat", "decide", "decide", "evaluate", "submit"])
        func attribute(_ span: [String: Any], _ key: String) -> [String: Any]? {
            (span["attributes"] as? [[String: Any]])?.first { $0["key"] as? String == key }?["value"] as? [String: Any]
        }
        let chat = try #require(children.first { ($0["name"] as? String)?.hasPrefix("chat") == true })
        #expect(attribute(chat, "gen_ai.operation.name")?["stringValue"] as? String == "chat")
        #expect(attribute(chat, "gen_ai.provider.name")?["stringValue"] as? String == "tandem.heuristic")
        // A decision span lasts its latency: 1.2 s from the proposal shown to the approval.
        let approve = try #require(children.first { attribute($0, "tandem.proposal_id")?["stringValue"] as? String == proposals[1].id })
        let start = Int64(approve["startTimeUnixNano"] as? String ?? "") ?? 0, end = Int64(approve["endTimeUnixNano"] as? String ?? "") ?? 0
        #expect(end - start == 1_200_000_000)
        let verdict = (approve["events"] as? [[String: Any]])?.first
        #expect(verdict?["name"] as? String == "verdict")
        // The flag is an event on the session span.
        let flags = (session["events"] as? [[String: Any]])?.filter { $0["name"] as? String == "document_flagged" } ?? []
        #expect(flags.count == 1 && text.contains("02-sensor-practice"))
    }
}
