import Foundation
import Testing
import TandemRecipe
@testable import TandemSession

/// The payload codec on the log's fast path: one type per kind (issue 17). Each must agree with Foundation's form
/// both ways, keep every field in sorted key order (the bytes the hash covers), and name what is wrong.
@Suite struct EventJSONTests {
    static let tricky = "quote \" backslash \\ slash / tab \t ESC \u{1B}[2J emoji 🧪 ü \u{0}\u{7}\u{7F}"

    /// One payload of every kind, with every field it can carry set.
    static func fullPayloads() throws -> [EventPayload] {
        let step = try RecipeStep(Step(op: .model, params: ["kind": .string("gbm"), "params": .table(["n_estimators": .number(300), "learning_rate": .number(0.05)])]),
                                  author: .agent, documents: ["01-notes"], rationale: tricky)
        let drop = try RecipeStep(Step(op: .dropColumn, params: ["column": .string("a,b")]), author: .human)
        let call = EventPayload.ModelCall(provider: "openai", requestModel: "smollm2", responseModel: "smollm2-q8", finishReasons: ["length", "stop"],
                                          inputTokens: 120, outputTokens: 30, promptTokens: 1800, completionTokens: 240)
        return [
            // beyond Int64 and beyond a double's exact range
            .sessionStarted(.init(challengeId: "card-fraud", challengeSha256: String(repeating: "f", count: 64), mode: .humanAI, agent: "heuristic",
                                  seed: UInt64.max)),
            .dataProfiled(.init(rows: 16_000, columns: 12)),
            .agentProposed(.init(stage: .modelling, proposals: [Proposal(id: "p3-1", step: step), Proposal(id: "p3-2", step: drop)],
                                 refused: [RefusedProposal(step: drop, reason: "reads the target\nline two")], remark: tricky, durationMs: 42, call: call)),
            .agentFailed(.init(reason: "<script>alert(1)</script>", stage: .features, durationMs: 7, call: call)),
            .stepApproved(.init(proposalId: "p3-1", latencyMs: 1234)),
            .autoApproved(.init(proposalId: "p3-2")),
            .stepRejected(.init(proposalId: "p3-2", reason: tricky, latencyMs: 9)),
            .stepEdited(.init(proposalId: "p3-1", step: step, latencyMs: 10)),
            .stepAdded(.init(step: drop, index: 0, latencyMs: 11)),
            .stepRemoved(.init(index: 2, latencyMs: 12)),
            .documentFlagged(.init(document: "02-x", latencyMs: 13)),
            .documentUnflagged(.init(document: "02-x")),
            .evaluated(.init(fingerprint: String(repeating: "a", count: 64), metric: "macro_f1", cvMean: 0.6123456789012345,
                             cvFolds: [0.1, 1e-9, 3, -2.5, 123456789.125], warnings: ["w1", ""], reason: "r", durationMs: 42)),
            .submitted(.init(fingerprint: "f", metric: "auc", testScore: 0.7, submissionPath: "/tmp/s/submission.csv", submissionSha256: "ab",
                             warnings: ["unscored"], reason: "r", durationMs: 5)),
            .noteAdded(.init(text: tricky, latencyMs: 1)),
            .markerAdded(.init(text: "before model")),
            .undone(.init(latencyMs: 3)),
            .redone(.init()),
            .stageChanged(.init(stage: .features, latencyMs: 4)),
            .sessionEnded(.init(eventCount: 24, headHash: String(repeating: "9", count: 64))),
            .proposalPreviewed(.init(proposalId: "p3-1", fingerprint: "ab", metric: "mae", cvFolds: [1.5, 2, 2.25], baseFolds: [1.75, 2, 2.5],
                                     durationMs: 300)),
            .agentTrial(.init(step: step, stage: .modelling, fingerprint: "cd", metric: "auc", cvFolds: [0.7, 0.71], baseFolds: [0.69, 0.7],
                              adopted: true, reason: tricky)),
        ]
    }

    @Test func everyKindRoundTripsAndAgreesWithFoundation() throws {
        let payloads = try Self.fullPayloads()
        #expect(Set(payloads.map(\.kind)) == Set(EventKind.allCases))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for p in payloads {
            let text = p.canonicalJSON
            #expect(try EventPayload(kind: p.kind, canonicalJSON: text) == p, "\(p.kind)")
            // Foundation reads what the fast path writes (every field there), and the fast path reads what Foundation writes.
            let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
            var w = PayloadWriter()
            p.body.write(&w)
            #expect(Set(object.keys) == Set(w.fields.map(\.key.rawValue)), "\(p.kind)")
            let foundation = String(decoding: try encoder.encode(p), as: UTF8.self)
            #expect(try EventPayload(kind: p.kind, canonicalJSON: foundation) == p, "\(p.kind)")
            // Canonical: keys in byte order, no raw control characters.
            guard case .object(let members) = try JSONReader.parse(text) else { Issue.record("\(p.kind): not an object"); continue }
            #expect(members.map(\.key) == members.map(\.key).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }, "\(p.kind)")
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 }, "\(p.kind)")
            #expect(EventChain.encode(p) == text)
        }
    }

    /// The bytes the earlier one-struct payload wrote for the kinds the fixture store does not hold (it holds the other
    /// sixteen, checked by FixturePayloadTests): written out by hand, so the writer cannot agree with itself.
    @Test func canonicalBytesAreThoseTheOldPayloadWrote() throws {
        let drop = try RecipeStep(Step(op: .dropColumn, params: ["column": .string("x")]), author: .human)
        let cases: [(EventPayload, String)] = [
            (.agentFailed(.init(reason: "timed out", stage: .cleaning, durationMs: 30_000,
                                call: .init(provider: "openai", requestModel: "m", finishReasons: nil, inputTokens: 5))),
             #"{"duration_ms":30000,"gen_ai.provider.name":"openai","gen_ai.request.model":"m","gen_ai.usage.input_tokens":5,"reason":"timed out","stage":"cleaning"}"#),
            (.stepEdited(.init(proposalId: "p3-1", step: drop, latencyMs: 800)),
             #"{"latency_ms":800,"proposal_id":"p3-1","step":{"author":"human","column":"x","op":"drop_column"}}"#),
            (.stepAdded(.init(step: drop)), #"{"step":{"author":"human","column":"x","op":"drop_column"}}"#),
            (.documentUnflagged(.init(document: "02-x", latencyMs: 5)), #"{"document":"02-x","latency_ms":5}"#),
            (.agentProposed(.init(stage: .cleaning, proposals: [], refused: [], call: .init(promptTokens: 1800, completionTokens: 240))),
             #"{"completion_tokens":240,"prompt_tokens":1800,"proposals":[],"refused":[],"stage":"cleaning"}"#),
        ]
        // The two kinds issue 18 added, pinned as they are first written.
        let cases2: [(EventPayload, String)] = [
            (.proposalPreviewed(.init(proposalId: "p3-1", fingerprint: "ab", metric: "mae", cvFolds: [1.5, 2], baseFolds: [1.75, 2])),
             #"{"base_folds":[1.75,2],"cv_folds":[1.5,2],"fingerprint":"ab","metric":"mae","proposal_id":"p3-1"}"#),
            (.agentTrial(.init(step: drop, stage: .cleaning, fingerprint: "cd", metric: "auc", cvFolds: [], baseFolds: [], adopted: false,
                               reason: "refused")),
             #"{"adopted":false,"base_folds":[],"cv_folds":[],"fingerprint":"cd","metric":"auc","reason":"refused","stage":"cleaning","step":{"author":"human","column":"x","op":"drop_column"}}"#),
        ]
        for (payload, bytes) in cases + cases2 {
            #expect(payload.canonicalJSON == bytes)
            #expect(try EventPayload(kind: payload.kind, canonicalJSON: bytes) == payload)
        }
    }

    @Test func nullsAreAbsentAndErrorsNameTheField() throws {
        #expect(try EventPayload(kind: .noteAdded, canonicalJSON: #"{"text": "x", "latency_ms": null}"#) == .noteAdded(.init(text: "x")))
        let cases: [(EventKind, String, String)] = [
            (.noteAdded, #"{"text": "x", "cv_mean": 0.5}"#, "cv_mean is not a field of note_added"),
            (.noteAdded, #"{"text": "x", "unknown": [1, {"a": true}]}"#, "unknown is not a field of note_added"),
            (.noteAdded, #"{}"#, "text is missing"),
            (.stepApproved, #"{"proposal_id": "p1", "latency_ms": "fast"}"#, "latency_ms: expected a whole number"),
            (.evaluated, #"{"cv_folds": [0.5, "x"]}"#, "cv_folds[1]: expected a number"),
            (.agentProposed, #"{"proposals": [{"id": "p1", "step": {"op": "teleport"}}]}"#, "proposals[0].step:"),
            (.sessionStarted, #"{"challenge_id": "c", "challenge_sha256": "x", "mode": "human-ai", "agent": "a", "seed": -1}"#,
             "seed: expected a whole number of at least 0"),
            (.sessionStarted, #"{"challenge_id": "c", "challenge_sha256": "x", "mode": "robot", "agent": "a", "seed": 1}"#,
             #"mode: "robot" is not one of human-ai, ai-only"#),
            (.stageChanged, #"{"stage": "deploy"}"#, #"stage: "deploy" is not one of cleaning, features, modelling"#),
            (.noteAdded, #"[1]"#, "not a JSON object"),
            (.noteAdded, #"{"text": "x"#, "unterminated string"),
            (.noteAdded, #"{"text": "x"} trailing"#, "trailing characters"),
        ]
        for (kind, json, message) in cases {
            #expect(throws: PayloadDecodingError.self, "\(json)") { try EventPayload(kind: kind, canonicalJSON: json) }
            do { _ = try EventPayload(kind: kind, canonicalJSON: json) } catch {
                #expect(error.description.contains(message), "\(json): \(error.description)")
            }
        }
        // Escapes, including a surrogate pair, decode to the characters they name.
        let escaped = try EventPayload(kind: .noteAdded, canonicalJSON: #"{"text": "a\u00e9\ud83e\uddea\n\"\/"}"#)
        #expect(escaped.text == "aé🧪\n\"/")
    }

    /// A stored row names its session, seq and kind when its payload does not fit the kind.
    @Test func aStoredRowOfTheWrongShapeNamesItself() {
        let row = StoredEvent(seq: 4, sessionId: "s1", at: 0, actor: "human", kind: "step_removed", payload: #"{"document":"02-x"}"#,
                              prevHash: "", hash: "")
        #expect { try row.decoded() } throws: { "\($0)".contains("session s1 event 4 (step_removed): payload does not decode: index is missing") }
    }

    @Test func chainHashIsOneSHA256OverTheFieldsAndSeparators() {
        // The same digest as Python: sha256(b"".join(part.encode() + b"\x1f" for part in fields)).hexdigest()
        let h = EventChain.hash(prev: EventChain.genesis, sessionId: "s1", seq: 1, at: 1_700_000_000_000, actor: "human", kind: "note_added", payload: #"{"text":"hi"}"#)
        #expect(h == "a590c13d39a0153e51f49f6cbdf613985e58f06c682b7df6e8440f8c3eaefc86")
    }
}
