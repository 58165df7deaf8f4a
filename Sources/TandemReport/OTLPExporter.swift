import Foundation
import TandemData
import TandemSession

/// `tandem export SESSION --format otel`: the session as one OTLP/JSON trace, for Jaeger, Phoenix, Langfuse or an
/// OpenTelemetry collector (issue 21). The session is the root span; each agent call, evaluation, submission and human
/// decision is a child span ending at its event; flags, notes and markers are events on the root span, a decision's
/// verdict an event on its own span. Agent calls carry the GenAI semantic-convention names of OpenTelemetry semantic
/// conventions 1.37.0 (gen_ai.provider.name, gen_ai.request.model, gen_ai.usage.*). Ids are derived from the session
/// id and the event's seq, so an export is the same every time.
public enum OTLPExporter {
    public static let semanticConventions = "1.37.0"

    public static func export(info: SessionInfo, events: [SessionEvent]) -> String {
        let traceId = hex(info.id, length: 32)
        let rootId = hex(info.id + "/session", length: 16)
        let config = (try? JSONSerialization.jsonObject(with: Data(info.agentConfig.utf8))) as? [String: Any] ?? [:]
        let model = config["model"] as? String
        var spans: [[String: Any]] = []
        var rootEvents: [[String: Any]] = []
        for e in events {
            let p = e.payload
            let end = e.at
            func span(_ name: String, start: Int64, _ attributes: [String: Any], events: [[String: Any]] = []) {
                spans.append(["traceId": traceId, "spanId": hex(info.id + "/\(e.seq)", length: 16), "parentSpanId": rootId, "name": name,
                              "kind": 1, "startTimeUnixNano": nanos(start), "endTimeUnixNano": nanos(end),
                              "attributes": attrs(attributes.merging(["tandem.event.seq": e.seq, "tandem.event.kind": e.kind.rawValue]) { a, _ in a }),
                              "events": events, "status": ["code": attributes["error.type"] == nil ? 1 : 2]])
            }
            switch e.payload {
            case .agentProposed, .agentFailed:
                // The event's own gen_ai names when it has them; older events and agents without a model are described
                // from the session's agent config.
                let call = p.call
                let provider = call?.provider ?? (info.agent == "llm" ? "openai" : "tandem." + info.agent)
                var a: [String: Any] = ["gen_ai.operation.name": "chat", "gen_ai.provider.name": provider, "gen_ai.agent.name": info.agent]
                if let m = call?.requestModel ?? model { a["gen_ai.request.model"] = m }
                if let m = call?.responseModel ?? (call?.provider == nil ? model : nil) { a["gen_ai.response.model"] = m }
                if let t = call?.inputTokens { a["gen_ai.usage.input_tokens"] = t }
                if let t = call?.outputTokens { a["gen_ai.usage.output_tokens"] = t }
                if let s = p.stage { a["tandem.stage"] = s.rawValue }
                if let f = call?.finishReasons { a["gen_ai.response.finish_reasons"] = f }
                if case .agentProposed(let offer) = p {
                    a["tandem.proposals"] = offer.offered.count
                    if a["gen_ai.response.finish_reasons"] == nil { a["gen_ai.response.finish_reasons"] = ["stop"] }
                } else {
                    a["error.type"] = "agent_failed"
                    a["tandem.reason"] = clean(p.reason ?? "")
                }
                span("chat " + (call?.requestModel ?? model ?? info.agent), start: end - Int64(p.durationMs ?? 0), a)
            case .evaluated(let ev):
                var a: [String: Any] = ["tandem.metric": ev.metric ?? ""]
                if let cv = ev.cvMean { a["tandem.cv_mean"] = cv }
                if let r = ev.reason { a["error.type"] = "evaluation_failed"; a["tandem.reason"] = clean(r) }
                span("evaluate", start: end - Int64(ev.durationMs ?? 0), a)
            case .submitted(let sub):
                var a: [String: Any] = ["tandem.metric": sub.metric ?? ""]
                if let t = sub.testScore { a["tandem.test_score"] = t }
                if let r = sub.reason { a["error.type"] = "submission_failed"; a["tandem.reason"] = clean(r) }
                span("submit", start: end - Int64(sub.durationMs ?? 0), a)
            case .stepApproved, .stepRejected, .stepEdited, .autoApproved:
                let verdict = ["step_approved": "approved", "auto_approved": "auto_approved", "step_rejected": "rejected", "step_edited": "edited"]
                var a: [String: Any] = ["tandem.actor": e.actor.rawValue, "tandem.proposal_id": p.proposalId ?? ""]
                if let r = p.reason { a["tandem.reason"] = clean(r) }
                let ev: [String: Any] = ["timeUnixNano": nanos(end), "name": "verdict", "attributes": attrs(["tandem.verdict": verdict[e.kind.rawValue] ?? ""])]
                span("decide " + (p.proposalId ?? ""), start: end - Int64(p.latencyMs ?? 0), a, events: [ev])
            case .documentFlagged, .documentUnflagged, .noteAdded, .markerAdded:
                var a: [String: Any] = ["tandem.event.seq": e.seq, "tandem.actor": e.actor.rawValue]
                if let d = p.document { a["tandem.document"] = d }
                if let t = p.text { a["tandem.text"] = clean(t) }
                rootEvents.append(["timeUnixNano": nanos(end), "name": e.kind.rawValue, "attributes": attrs(a)])
            default:
                continue
            }
        }
        let start = events.first?.at ?? info.startedAt, end = events.last?.at ?? info.endedAt ?? info.startedAt
        let root: [String: Any] = ["traceId": traceId, "spanId": rootId, "name": "session \(info.challengeId)", "kind": 1,
                                   "startTimeUnixNano": nanos(start), "endTimeUnixNano": nanos(end), "events": rootEvents,
                                   "attributes": attrs(["tandem.session.id": info.id, "tandem.challenge.id": info.challengeId, "tandem.mode": info.mode,
                                                        "gen_ai.agent.name": info.agent, "tandem.participant": info.participant ?? ""]),
                                   "status": ["code": 1]]
        let document: [String: Any] = ["resourceSpans": [[
            "resource": ["attributes": attrs(["service.name": "tandem", "service.version": info.appVersion])],
            "scopeSpans": [["scope": ["name": "tandem", "version": info.appVersion], "schemaUrl": "https://opentelemetry.io/schemas/\(semanticConventions)",
                            "spans": [root] + spans]],
        ]]]
        let data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// OTLP/JSON attributes: [{key, value: {stringValue | intValue (a string) | doubleValue | boolValue | arrayValue}}].
    static func attrs(_ a: [String: Any]) -> [[String: Any]] {
        a.keys.sorted().compactMap { key in value(a[key]).map { ["key": key, "value": $0] } }
    }

    static func value(_ v: Any?) -> [String: Any]? {
        switch v {
        case let s as String: ["stringValue": s]
        case let i as Int: ["intValue": String(i)]
        case let d as Double: ["doubleValue": d]
        case let b as Bool: ["boolValue": b]
        case let list as [String]: ["arrayValue": ["values": list.map { ["stringValue": $0] }]]
        default: nil
        }
    }

    static func nanos(_ ms: Int64) -> String { String(ms * 1_000_000) }

    static func hex(_ s: String, length: Int) -> String { String(SHA256.hex(Array(s.utf8)).prefix(length)) }

    static func clean(_ s: String) -> String { sanitizeForDisplay(s, limit: 400) }
}
