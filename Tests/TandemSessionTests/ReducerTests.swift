import Testing
import TandemRecipe
@testable import TandemSession

@Suite struct ReducerTests {
    func step(_ json: String) throws -> RecipeStep { try #require(try Recipe.parse(json: "{\"steps\": [\(json)]}").steps.first) }

    func event(_ seq: Int, _ kind: EventKind, _ actor: Actor = .human, _ build: (inout EventPayload) -> Void = { _ in }) -> SessionEvent {
        var p = EventPayload()
        build(&p)
        return SessionEvent(seq: seq, at: Int64(seq) * 1000, actor: actor, kind: kind, payload: p)
    }

    func proposed(_ seq: Int) throws -> SessionEvent {
        var cited = try step("{\"op\": \"drop_column\", \"column\": \"promo\"}")
        cited.documents = ["02-bad"]
        let plain = try step("{\"op\": \"impute\", \"column\": \"age\", \"strategy\": \"median\"}")
        return event(seq, .agentProposed, .agent) { $0.proposals = [Proposal(id: "a", step: cited), Proposal(id: "b", step: plain)] }
    }

    @Test func approveRejectUndoRedoAreAFoldOfEvents() throws {
        let events = [
            event(1, .sessionStarted, .system) { $0.challengeId = "c"; $0.seed = 7; $0.mode = "human-ai" },
            try proposed(2),
            event(3, .stepApproved) { $0.proposalId = "a"; $0.latencyMs = 900 },
            event(4, .stepRejected) { $0.proposalId = "b"; $0.reason = "age is never missing" },
        ]
        var s = SessionState.fold(events)
        #expect(s.seed == 7 && s.recipe.steps.map(\.step.op) == [.dropColumn] && s.pending.isEmpty)
        #expect(s.rejected.first?.reason == "age is never missing")
        s.apply(event(5, .undone))
        #expect(s.pending.map(\.id) == ["b"] && s.recipe.steps.count == 1)
        s.apply(event(6, .undone))
        #expect(s.pending.map(\.id) == ["a", "b"] && s.recipe.steps.isEmpty)
        s.apply(event(7, .redone))
        #expect(s.recipe.steps.count == 1 && s.pending.map(\.id) == ["b"])
        // A new decision clears what could be redone.
        s.apply(event(8, .stepApproved) { $0.proposalId = "b" })
        s.apply(event(9, .redone))
        #expect(s.problems == ["event 9 (redone) has nothing to redo"])
        #expect(s.recipe.steps.map(\.step.op) == [.dropColumn, .impute])
        // The same events always fold to the same state.
        #expect(SessionState.fold(events) == SessionState.fold(events))
    }

    /// Issue 17: undo restored the recipe but not the rejections, so an undone rejection still reached the agent as
    /// rejected; and a decision that failed (an unknown proposal) still pushed an undo snapshot.
    @Test func undoRestoresRejectionsAndAFailedDecisionIsNotUndoable() throws {
        var s = SessionState.fold([try proposed(1), event(2, .stepRejected) { $0.proposalId = "b"; $0.reason = "no" }])
        #expect(s.rejected.map(\.reason) == ["no"])
        s.apply(event(3, .undone))
        #expect(s.rejected.isEmpty && s.pending.map(\.id) == ["a", "b"])
        s.apply(event(4, .redone))
        #expect(s.rejected.map(\.step.step.op) == [.impute] && s.pending.map(\.id) == ["a"])
        // An approval of a proposal that is not open changes nothing, so there is nothing to undo for it.
        var t = SessionState.fold([try proposed(1)])
        t.apply(event(2, .stepApproved) { $0.proposalId = "zzz" })
        #expect(!t.canUndo && t.problems.count == 1)
        // An edit without its step is a problem too, and not undoable.
        t.apply(event(3, .stepEdited) { $0.proposalId = "a" })
        #expect(!t.canUndo && t.pending.map(\.id) == ["a", "b"] && t.problems.last == "event 3 (step_edited) carries no step")
        // The one that applies is.
        t.apply(event(4, .stepApproved) { $0.proposalId = "a" })
        #expect(t.canUndo)
    }

    @Test func flaggingTaintsAppliedStepsAndWithdrawsOpenProposals() throws {
        var s = SessionState.fold([try proposed(1), event(2, .stepApproved) { $0.proposalId = "a" }, try proposed(3)])
        #expect(s.pending.map(\.id) == ["a", "b"])
        s.apply(event(4, .documentFlagged) { $0.document = "02-bad" })
        #expect(s.taintedSteps == [0])
        #expect(s.pending.map(\.id) == ["b"])
        s.apply(event(5, .stepRemoved) { $0.index = 0 })
        #expect(s.recipe.steps.isEmpty && s.taintedSteps.isEmpty)
        s.apply(event(6, .documentUnflagged) { $0.document = "02-bad" })
        #expect(s.flagged.isEmpty)
        s.apply(event(7, .stepApproved) { $0.proposalId = "zzz" })
        #expect(s.problems == ["event 7 (step_approved) refers to proposal zzz, which is not open"])
    }

    @Test func scoresNotesAndMarkersAreKept() {
        let s = SessionState.fold([
            event(1, .evaluated, .system) { $0.cvMean = 0.7; $0.fingerprint = "f" },
            event(2, .submitted, .system) { $0.testScore = 0.69 },
            event(3, .noteAdded) { $0.text = "looks leaky" },
            event(4, .markerAdded) { $0.text = "before model" },
            event(5, .sessionEnded, .system),
        ])
        #expect(s.evaluations.map(\.score) == [0.7] && s.submissions.map(\.score) == [0.69])
        #expect(s.notes == ["looks leaky"] && s.markerList == [SessionState.Marker(seq: 4, label: "before model")] && s.ended)
    }
}
