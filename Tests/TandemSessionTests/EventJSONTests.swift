import Foundation
import Testing
import TandemRecipe
@testable import TandemSession

/// The payload codec on the log's fast path must agree with Foundation's
/// Codable form both ways, keep every field, and name what is wrong.
@Suite struct EventJSONTests {
    static func fullPayload() throws -> EventPayload {
        let step = try RecipeStep(Step(op: .model, params: ["kind": .string("gbm"), "params": .table(["n_estimators": .number(300), "learning_rate": .number(0.05)])]),
                                  author: .agent, documents: ["01-notes"], rationale: "quote \" backslash \\ slash / tab \t ESC \u{1B}[2J emoji 🧪 ü")
        let drop = try RecipeStep(Step(op: .dropColumn, params: ["column": .string("a,b")]), author: .human)
        var p = EventPayload()
        p.challengeId = "card-fraud"
        p.challengeSha256 = String(repeating: "f", count: 64)
        p.mode = "human-ai"
        p.agent = "heuristic"
        p.seed = UInt64.max   // beyond Int64 and beyond a double's exact range
        p.rows = 16_000
        p.columns = 12
        p.stage = "modelling"
        p.proposals = [Proposal(id: "p3-1", step: step), Proposal(id: "p3-2", step: drop)]
        p.refused = [RefusedProposal(step: drop, reason: "reads the target\nline two")]
        p.proposalId = "p3-1"
        p.step = step
        p.index = 0
        p.reason = "<script>alert(1)</script>"
        p.document = "02-x"
        p.latencyMs = 1234
        p.metric = "macro_f1"
        p.cvMean = 0.6123456789012345
        p.cvFolds = [0.1, 1e-9, 3, -2.5, 123456789.125]
        p.testScore = 0.7
        p.fingerprint = String(repeating: "a", count: 64)
        p.durationMs = 42
        p.warnings = ["w1", ""]
        p.promptTokens = 1800
        p.completionTokens = 240
        p.genAIProvider = "openai"
        p.genAIRequestModel = "smollm2"
        p.genAIResponseModel = "smollm2-q8"
        p.genAIFinishReasons = ["length", "stop"]
        p.genAIInputTokens = 120
        p.genAIOutputTokens = 30
        p.text = "\u{0}\u{7}\u{7F} control"
        return p
    }

    @Test func roundTripsEveryFieldAndAgreesWithFoundation() throws {
        let p = try Self.fullPayload()
        let text = p.canonicalJSON
        #expect(try EventPayload(canonicalJSON: text) == p)
        // Foundation reads what the fast path writes, and the fast path reads what Foundation writes.
        #expect(try JSONDecoder().decode(EventPayload.self, from: Data(text.utf8)) == p)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let foundation = String(decoding: try encoder.encode(p), as: UTF8.self)
        #expect(try EventPayload(canonicalJSON: foundation) == p)
        // Canonical: keys sorted, no raw control characters, empty payload is {}.
        #expect(text.hasPrefix("{\"agent\":\"heuristic\",\"challenge_id\":\"card-fraud\","))
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 })
        #expect(EventPayload().canonicalJSON == "{}")
        #expect(EventChain.encode(p) == text)
        // Without characters the two escape differently, the bytes are Foundation's own canonical form.
        var plain = p
        plain.text = "plain"
        plain.refused = nil
        plain.proposals = [Proposal(id: "p1", step: try RecipeStep(Step(op: .dropColumn, params: ["column": .string("x")]), documents: ["d"], rationale: "why"))]
        plain.step = nil
        plain.seed = 42
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        #expect(plain.canonicalJSON == String(decoding: try encoder.encode(plain), as: UTF8.self))
    }

    @Test func nullsAreAbsentAndErrorsNameTheField() throws {
        var expected = EventPayload()
        expected.text = "x"
        #expect(try EventPayload(canonicalJSON: #"{"text": "x", "reason": null, "unknown": [1, {"a": true}]}"#) == expected)
        let cases: [(String, String)] = [
            (#"{"latency_ms": "fast"}"#, "latency_ms: expected a whole number"),
            (#"{"cv_folds": [0.5, "x"]}"#, "cv_folds[1]: expected a number"),
            (#"{"proposals": [{"id": "p1", "step": {"op": "teleport"}}]}"#, "proposals[0].step:"),
            (#"{"seed": -1}"#, "seed: expected a whole number of at least 0"),
            (#"[1]"#, "not a JSON object"),
            (#"{"text": "x"#, "unterminated string"),
            (#"{"text": "x"} trailing"#, "trailing characters"),
        ]
        for (json, message) in cases {
            #expect(throws: PayloadDecodingError.self, "\(json)") { try EventPayload(canonicalJSON: json) }
            do { _ = try EventPayload(canonicalJSON: json) } catch { #expect(error.description.contains(message), "\(json): \(error.description)") }
        }
        // Escapes, including a surrogate pair, decode to the characters they name.
        let escaped = try EventPayload(canonicalJSON: #"{"text": "a\u00e9\ud83e\uddea\n\"\/"}"#)
        #expect(escaped.text == "aé🧪\n\"/")
    }

    @Test func chainHashIsOneSHA256OverTheFieldsAndSeparators() {
        // The same digest as Python: sha256(b"".join(part.encode() + b"\x1f" for part in fields)).hexdigest()
        let h = EventChain.hash(prev: EventChain.genesis, sessionId: "s1", seq: 1, at: 1_700_000_000_000, actor: "human", kind: "note_added", payload: #"{"text":"hi"}"#)
        #expect(h == "a590c13d39a0153e51f49f6cbdf613985e58f06c682b7df6e8440f8c3eaefc86")
    }
}
