import Testing
import TandemRecipe
@testable import TandemSession

@Suite struct ReducerTests {
    func step(_ json: String) throws -> RecipeStep { try #require(try Recipe.parse(json: "{\"steps\": [\(json)]}").steps.first) }

    func event(_ seq: Int, _ actor: Actor, _ payload: EventPayload) -> SessionEvent {
        SessionEvent(seq: seq, at: Int64(seq) * 1000, actor: actor, payload: payload)
    }

    func event(_ seq: Int, _ payload: EventPayload) -> SessionEvent { event(seq, .human, payload) }

    func proposed(_ seq: Int) throws -> SessionEvent {
        var cited = try step("{\"op\": \"drop_column\", \"column\": \"promo\"}")
        cited.documents = ["02-bad"]
        let plain = try step("{\"op\": \"impute\", \"column\": \"age\", \"strategy\": \"median\"}")
        return event(seq, .agent, .agentProposed(.init(stage: .cleaning, proposals: [Proposal(id: "a", step: cited), Proposal(id: "b", step: plain)])))
    }

    @Test func approveRejectUndoRedoAreAFoldOfEvents() throws {
        let events = [
            event(1, .system, .sessionStarted(.init(challengeId: "c", challengeSha256: "x", mode: .humanAI, agent: "heuristic", seed: 7))),
            try proposed(2),
            event(3, .stepApproved(.init(proposalId: "a", latencyMs: 900))),
            event(4, .stepRejected(.init(proposalId: "b", reason: "age is never missing"))),
        ]
        var s = SessionState.fold(events)
        #expect(s.seed == 7 && s.recipe.steps.map(\.step.op) == [.dropColumn] && s.pending.isEmpty)
        #expect(s.rejected.first?.reason == "age is never missing")
        s.apply(event(5, .undone(.init())))
        #expect(s.pending.map(\.id) == ["b"] && s.recipe.steps.count == 1)
        s.apply(event(6, .undone(.init())))
        #expect(s.pending.map(\.id) == ["a", "b"] && s.recipe.steps.isEmpty)
        s.apply(event(7, .redone(.init())))
        #expect(s.recipe.steps.count == 1 && s.pending.map(\.id) == ["b"])
        // A new decision clears what could be redone.
        s.apply(event(8, .stepApproved(.init(proposalId: "b"))))
        s.apply(event(9, .redone(.init())))
        #expect(s.problems == ["event 9 (redone) has nothing to redo"])
        #expect(s.recipe.steps.map(\.step.op) == [.dropColumn, .impute])
        // The same events always fold to the same state.
        #expect(SessionState.fold(events) == SessionState.fold(events))
    }

    /// Issue 17: undo restored the recipe but not the rejections, so an undone rejection still reached the agent as
    /// rejected; and a decision that failed (an unknown proposal) still pushed an undo snapshot.
    @Test func undoRestoresRejectionsAndAFailedDecisionIsNotUndoable() throws {
        var s = SessionState.fold([try proposed(1), event(2, .stepRejected(.init(proposalId: "b", reason: "no")))])
        #expect(s.rejected.map(\.reason) == ["no"])
        s.apply(event(3, .undone(.init())))
        #expect(s.rejected.isEmpty && s.pending.map(\.id) == ["a", "b"])
        s.apply(event(4, .redone(.init())))
        #expect(s.rejected.map(\.step.step.op) == [.impute] && s.pending.map(\.id) == ["a"])
        // Undo and redo across several rejections, and a new rejection after an undo (its branch replaces the undone one).
        var r = SessionState.fold([try proposed(1), event(2, .stepRejected(.init(proposalId: "a", reason: "one"))),
                                   event(3, .stepRejected(.init(proposalId: "b", reason: "two"))), event(4, .undone(.init()))])
        #expect(r.rejected.map(\.reason) == ["one"] && r.pending.map(\.id) == ["b"])
        r.apply(event(5, .redone(.init())))
        #expect(r.rejected.map(\.reason) == ["one", "two"] && r.pending.isEmpty)
        r.apply(event(6, .undone(.init())))
        r.apply(event(7, .stepRejected(.init(proposalId: "b", reason: "three"))))
        #expect(r.rejected.map(\.reason) == ["one", "three"])
        r.apply(event(8, .undone(.init())))
        r.apply(event(9, .undone(.init())))
        #expect(r.rejected.isEmpty && r.pending.map(\.id) == ["a", "b"])
        r.apply(event(10, .redone(.init())))
        #expect(r.rejected.map(\.reason) == ["one"])
        // A snapshot keeps the count of rejections, not a copy of them: a long session's undo history stays small.
        #expect(r.undoStack.allSatisfy { $0.rejectedCount <= 1 } && r.redoStack.map(\.rejectedCount) == [2])
        // An approval of a proposal that is not open changes nothing, so there is nothing to undo for it.
        var t = SessionState.fold([try proposed(1)])
        t.apply(event(2, .stepApproved(.init(proposalId: "zzz"))))
        #expect(!t.canUndo && t.problems.count == 1)
        // An edit without its step cannot even be read: its type carries one, and the decoder names what is missing.
        #expect { try EventPayload(kind: .stepEdited, canonicalJSON: #"{"proposal_id":"a"}"#) } throws: { "\($0)" == "step is missing" }
        // The one that applies is.
        t.apply(event(4, .stepApproved(.init(proposalId: "a"))))
        #expect(t.canUndo)
    }

    @Test func flaggingTaintsAppliedStepsAndWithdrawsOpenProposals() throws {
        var s = SessionState.fold([try proposed(1), event(2, .stepApproved(.init(proposalId: "a"))), try proposed(3)])
        #expect(s.pending.map(\.id) == ["a", "b"])
        s.apply(event(4, .documentFlagged(.init(document: "02-bad"))))
        #expect(s.taintedSteps == [0])
        #expect(s.pending.map(\.id) == ["b"])
        s.apply(event(5, .stepRemoved(.init(index: 0))))
        #expect(s.recipe.steps.isEmpty && s.taintedSteps.isEmpty)
        s.apply(event(6, .documentUnflagged(.init(document: "02-bad"))))
        #expect(s.flagged.isEmpty)
        s.apply(event(7, .stepApproved(.init(proposalId: "zzz"))))
        #expect(s.problems == ["event 7 (step_approved) refers to proposal zzz, which is not open"])
    }

    @Test func scoresNotesAndMarkersAreKept() {
        let s = SessionState.fold([
            event(1, .system, .evaluated(.init(fingerprint: "f", metric: "auc", cvMean: 0.7))),
            event(2, .system, .submitted(.init(fingerprint: "f", metric: "auc", testScore: 0.69))),
            event(3, .noteAdded(.init(text: "looks leaky"))),
            event(4, .markerAdded(.init(text: "before model"))),
            event(5, .system, .sessionEnded(.init(eventCount: 4, headHash: nil))),
        ])
        #expect(s.evaluations.map(\.score) == [0.7] && s.submissions.map(\.score) == [0.69])
        #expect(s.notes == ["looks leaky"] && s.markerList == [SessionState.Marker(seq: 4, label: "before model")] && s.ended)
    }
}
