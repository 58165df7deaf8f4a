import Foundation
import Testing
import TestSupport
import TandemAgent
import TandemChallenge
import TandemData
import TandemRecipe
@testable import TandemReport
import TandemSession
import TandemStore

@Suite struct ReplayAndExportTests {
    func store() throws -> SQLiteEventStore { try SQLiteEventStore(path: try RepositoryPaths.temporaryFolder("report") + "/s.sqlite") }

    @Test("AI-only run, then replay --verify reproduces every score", arguments: SampleBlueprint.all.map(\.id))
    func aiOnlyRunReplaysExactly(_ id: String) async throws {
        let db = try store()
        let challenge = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/" + id)
        let runtime = try await SessionDriver.start(store: db, challenge: challenge, agent: HeuristicAgent(), mode: .aiOnly, seed: 42, appVersion: "test")
        try await runtime.runAIOnly()
        let events = try db.events(session: runtime.sessionId)
        let final = await runtime.state
        #expect(final.ended && final.evaluations.count == 3 && final.submissions.count == 1)
        #expect(events.contains { $0.kind == "auto_approved" } && !events.contains { $0.kind == "step_approved" })
        let report = try ReplayVerifier.verify(session: runtime.sessionId, events: events, challenge: challenge)
        #expect(report.ok, "\(report.mismatches) \(report.problems)")
        #expect(report.evaluationsChecked == 3 && report.submissionsChecked == 1)
        // A logged score that was tampered with (the chain rebuilt to hide it) is reported as a mismatch.
        var forged = events
        if let i = forged.firstIndex(where: { $0.kind == "evaluated" }) {
            forged[i].payload = forged[i].payload.replacingOccurrences(of: "\"cv_mean\":", with: "\"cv_mean\":1")
        }
        let bad = try ReplayVerifier.verify(session: runtime.sessionId, events: forged, challenge: challenge)
        #expect(!bad.ok && bad.mismatches.count == 1 && !bad.chainOK)
        // session_started records the model library; a replay on another version says so beside its mismatches.
        let logged = ScoreEffects.modelLibrary
        #expect(logged.wholeMatch(of: /xgboost [1-9][0-9]*\.[0-9]+\.[0-9]+/) != nil)
        #expect(events.first?.payload.contains("\"model_library\":\"\(logged)\"") == true, "\(events.first?.payload ?? "")")
        let elsewhere = try ReplayVerifier.verify(session: runtime.sessionId, events: forged, challenge: challenge, modelLibrary: "xgboost 9.9.9")
        #expect(elsewhere.problems.contains { $0.hasPrefix("the scores were logged with \(logged) and replayed with xgboost 9.9.9") })
        #expect(!bad.problems.contains { $0.contains("replayed with") })
        #expect(try ReplayVerifier.verify(session: runtime.sessionId, events: events, challenge: challenge, modelLibrary: "xgboost 9.9.9")
            .problems.isEmpty)
        // A log written before the library was recorded: no claim about it.
        var older = forged
        older[0].payload = older[0].payload.replacingOccurrences(of: ",\"model_library\":\"\(logged)\"", with: "")
        #expect(!older[0].payload.contains("model_library"))
        let old = try ReplayVerifier.verify(session: runtime.sessionId, events: older, challenge: challenge, modelLibrary: "xgboost 9.9.9")
        #expect(!old.problems.contains { $0.contains("replayed with") } && old.mismatches.count == 1)
    }

    /// What SmolLM2 once answered for a regression challenge's modelling stage (five model steps, two of them repeats,
    /// one with a parameter the model does not take, two for classification), plus a valid step said twice.
    struct RepetitiveAgent: Agent {
        let name = "scripted"
        func propose(_ context: AgentContext) async throws(AgentError) -> AgentReply {
            guard context.stage == .modelling else { return AgentReply(steps: []) }
            func model(_ kind: String, _ params: [String: StepValue] = [:]) -> RecipeStep? {
                var fields: [String: StepValue] = ["kind": .string(kind)]
                if !params.isEmpty { fields["params"] = .table(params) }
                return (try? Step(op: .model, params: fields)).map { RecipeStep($0, author: .agent) }
            }
            return AgentReply(steps: [model("baseline"), model("linear", ["id_like": .number(498)]), model("logistic"),
                                      model("linear", ["id_like": .number(498)]), model("logistic"), model("gbm"), model("gbm")].compactMap { $0 })
        }
    }

    @Test func repeatedAndUnfittableModelStepsAreRefusedWhenProposedAndTheRunReplaysCleanly() async throws {
        let db = try store()
        let challenge = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/food-shelf-life")
        let runtime = try await SessionDriver.start(store: db, challenge: challenge, agent: RepetitiveAgent(), mode: .aiOnly, seed: 42, appVersion: "test")
        try await runtime.runAIOnly()
        let events = try db.events(session: runtime.sessionId).map { try $0.decoded() }
        guard case .agentProposed(let proposed)? = events.last(where: { $0.kind == .agentProposed })?.payload else {
            Issue.record("no agent_proposed")
            return
        }
        #expect(proposed.proposals?.map { $0.step.step.string("kind") } == ["baseline", "gbm"])
        let reasons = (proposed.refused ?? []).map(\.reason)
        #expect(reasons.contains { $0.contains("unknown parameter \"id_like\"") } && reasons.contains { $0.contains("logistic is for classification") })
        #expect(events.filter { $0.kind == .autoApproved }.count == 2)
        let final = await runtime.state
        #expect(final.evaluations.count == 3 && final.submissions.count == 1)
        let report = try ReplayVerifier.verify(session: runtime.sessionId, events: try db.events(session: runtime.sessionId), challenge: challenge)
        #expect(report.ok && report.problems.isEmpty, "\(report.mismatches) \(report.problems)")
    }

    /// A session logged before admission checked every model step holds one that cannot fit (logistic on a regression
    /// target); resumed, a new proposal is judged on its own and is not refused for the old step.
    @Test func aResumedSessionsOldUnfittableStepIsNotPinnedOnANewProposal() async throws {
        let db = try store()
        let challenge = try ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/food-shelf-life")
        let started = try await SessionDriver.start(store: db, challenge: challenge, agent: HeuristicAgent(), mode: .humanAI, seed: 1, appVersion: "test")
        let old = RecipeStep(try Step(op: .model, params: ["kind": .string("logistic")]), author: .human)
        try db.append(session: started.sessionId, [NewEvent(at: 1, actor: .human, payload: .stepAdded(.init(step: old)))])
        let runtime = try await SessionDriver.resume(store: db, sessionId: started.sessionId, challenge: challenge, agent: HeuristicAgent())
        #expect(await runtime.state.recipe.steps.count == 1)
        let gbm = RecipeStep(try Step(op: .model, params: ["kind": .string("gbm")]), author: .human)
        let (valid, refused) = await runtime.admit([gbm])
        #expect(valid == [gbm] && refused.isEmpty, "\(refused)")
    }

    /// A human-AI session on a challenge whose document carries escape sequences and HTML.
    func hostileSession() async throws -> (SessionInfo, [SessionEvent]) {
        let fx = try ChallengeFixture()
        try fx.write("docs/03-hostile.md", "+++\ntitle = \"Hostile <b>doc</b>\"\nstage = \"features\"\n[[advice]]\nop = \"standardize\"\ncolumn = \"spend\"\n"
                     + "rationale = \"\\u001B[2J\\u001B]0;owned\\u0007<script>alert(1)</script> =cmd|' /C calc'!A0\"\n+++\nBody.\n")
        let challenge = try ChallengeLoader.load(folder: fx.folder)
        let db = try store()
        let runtime = try await SessionDriver.start(store: db, challenge: challenge, agent: HeuristicAgent(), mode: .humanAI, seed: 1, appVersion: "test")
        try await runtime.perform(.changeStage(.features))
        let proposals = try await runtime.proposeNow()
        for proposal in proposals {
            let decision: SessionIntent = proposal.step.documents.contains("03-hostile") ? .approve(proposal: proposal.id)
                : .reject(proposal: proposal.id, reason: "=cmd|' /C calc'!A0 <i>no</i> \u{1B}[31m")
            try await runtime.perform(decision, latencyMs: 1200)
        }
        try await runtime.perform(.note("@SUM(1+1) note \u{1B}[2J <img src=x onerror=alert(1)>"))
        try await runtime.perform(.evaluate)
        try await runtime.perform(.submit)
        try await runtime.perform(.end)
        let info = try #require(try db.session(runtime.sessionId))
        return (info, try db.events(session: runtime.sessionId).map { try $0.decoded() })
    }

    @Test func everyExportFormatNeutralisesHostileText() async throws {
        let (info, events) = try await hostileSession()
        #expect(events.contains { $0.kind == .stepApproved } && events.contains { $0.kind == .stepRejected })
        for format in ExportFormat.allCases {
            let text = TranscriptExporter.export(format, info: info, events: events)
            #expect(!text.unicodeScalars.contains { ($0.value < 0x20 && $0 != "\n") || $0.value == 0x7F }, "\(format) carries a control character")
            if format == .md || format == .html { #expect(!text.contains("<script>") && !text.contains("<img") && !text.contains("<i>"), "\(format) carries raw HTML") }
        }
        let html = TranscriptExporter.export(.html, info: info, events: events)
        #expect(html.contains("&lt;script&gt;") && html.contains("<svg") && !html.contains("src=\"http"))
        let csv = TranscriptExporter.export(.csv, info: info, events: events)
        #expect(csv.split(separator: "\n").first == "seq,at,actor,kind,stage,proposal_id,op,column,documents,reason,latency_ms")
        #expect(csv.contains("\"1200\""))
        // A spreadsheet formula in untrusted text (a rejection reason, a note) is neutralised by a leading quote.
        #expect(csv.contains(",\"'=cmd|' /C calc'!A0") && !csv.contains(",\"=cmd"))
        #expect(csv.contains(",\"'@SUM(1+1) note") && !csv.contains(",\"@SUM"))
        // JSONL: one decodable event a line, escapes kept only as JSON \u escapes.
        let lines = TranscriptExporter.export(.jsonl, info: info, events: events).split(separator: "\n")
        #expect(lines.count == events.count)
        let decoded = try lines.map { line in
            let o = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let kind = try #require((o["kind"] as? String).flatMap(EventKind.init(rawValue:)))
            let payload = try JSONSerialization.data(withJSONObject: try #require(o["payload"]))
            return SessionEvent(seq: try #require(o["seq"] as? Int), at: try #require((o["at"] as? NSNumber)?.int64Value),
                                actor: try #require((o["actor"] as? String).flatMap(Actor.init(rawValue:))),
                                payload: try EventPayload(kind: kind, canonicalJSON: String(decoding: payload, as: UTF8.self)))
        }
        #expect(decoded == events)
        let md = TranscriptExporter.export(.md, info: info, events: events)
        #expect(md.contains("&lt;script&gt;") && md.contains("## Final recipe"))
    }
}

