import TandemChallenge
import TandemRecipe
import TandemSession

/// What one human intervention was worth: the CV score of the final recipe
/// against the CV score of the final recipe with just that intervention
/// reverted. `worth` is positive when the intervention helped, whatever the
/// metric's direction.
public struct Attribution: Codable, Sendable, Equatable {
    public var seq: Int
    public var kind: String
    public var stage: String
    public var summary: String
    public var revertedCV: Double?
    public var worth: Double?
    /// Why there is no figure (the intervention no longer shows in the final recipe, the reverted recipe is invalid).
    public var note: String?

    enum CodingKeys: String, CodingKey {
        case seq, kind, stage, summary, worth, note
        case revertedCV = "reverted_cv"
    }
}

/// Builds the reverted recipe of each intervention. Pure: scoring is passed in.
enum InterventionReverter {
    /// The final recipe with the intervention undone, or a note saying why it cannot be.
    static func revert(_ e: SessionEvent, before: SessionState, history: [SessionEvent], final recipe: [RecipeStep]) -> Result<[RecipeStep], Note> {
        let p = e.payload
        let proposal = before.pending.first { $0.id == p.proposalId }?.step
        switch e.kind {
        case .stepApproved:
            guard let s = proposal else { return .failure(Note("the approved proposal is unknown")) }
            return removing(s, from: recipe, missing: "the approved step is no longer in the final recipe")
        case .stepAdded:
            guard let s = p.step else { return .failure(Note("the event carries no step")) }
            return removing(s, from: recipe, missing: "the added step is no longer in the final recipe")
        case .stepRejected:
            guard let s = proposal else { return .failure(Note("the rejected proposal is unknown")) }
            if recipe.contains(s) { return .failure(Note("the rejected step was applied later anyway")) }
            return .success(inserting([s], into: recipe))
        case .stepEdited:
            guard let original = proposal, let edited = p.step else { return .failure(Note("the edited proposal is unknown")) }
            guard let i = recipe.firstIndex(of: edited) else { return .failure(Note("the edited step is no longer in the final recipe")) }
            var r = recipe
            r[i] = original
            return .success(r)
        case .stepRemoved:
            guard case .stepRemoved(let removal) = p, before.current.recipe.indices.contains(removal.index) else {
                return .failure(Note("the removed step is unknown"))
            }
            let i = removal.index
            let s = before.current.recipe[i]
            if recipe.contains(s) { return .failure(Note("the removed step was applied again later")) }
            var r = recipe
            r.insert(s, at: min(i, r.count))
            return .success(r)
        case .documentFlagged:
            guard let d = p.document else { return .failure(Note("the event names no document")) }
            // Unflagged, the document's advice would have stayed: every step the agent proposed citing it
            // before the flag comes back, superseding a final step on the same op and column.
            var seen: [RecipeStep] = []
            for earlier in history where earlier.seq < e.seq {
                guard case .agentProposed(let offer) = earlier.payload else { continue }
                for pr in offer.offered where pr.step.documents.contains(d) && !seen.contains(pr.step) { seen.append(pr.step) }
            }
            // A step the human rejected stays out: that was its own decision, not the flag's.
            seen.removeAll { s in before.rejected.contains { $0.step == s } }
            let back = seen.filter { !recipe.contains($0) }
            if back.isEmpty { return .failure(Note("no step citing \(d) was withdrawn")) }
            let kept = recipe.filter { s in !back.contains { $0.step.op == s.step.op && $0.step.column == s.step.column } }
            return .success(inserting(back, into: kept))
        default:
            return .failure(Note("\(e.kind.rawValue) is not attributed on its own"))
        }
    }

    struct Note: Error {
        let text: String
        init(_ text: String) { self.text = text }
    }

    private static func removing(_ s: RecipeStep, from recipe: [RecipeStep], missing: String) -> Result<[RecipeStep], Note> {
        guard let i = recipe.firstIndex(of: s) else { return .failure(Note(missing)) }
        var r = recipe
        r.remove(at: i)
        return .success(r)
    }

    /// Each step goes after the last step of its stage or an earlier one, so cleaning stays before features and modelling.
    static func inserting(_ steps: [RecipeStep], into recipe: [RecipeStep]) -> [RecipeStep] {
        let order: [Stage: Int] = [.cleaning: 0, .features: 1, .modelling: 2]
        var r = recipe
        for s in steps {
            let rank = order[s.step.op.stage] ?? 2
            let at = (r.lastIndex { (order[$0.step.op.stage] ?? 2) <= rank }).map { $0 + 1 } ?? 0
            r.insert(s, at: at)
        }
        return r
    }
}

/// Scores every human intervention of a session by reverting it in the final recipe.
public enum InterventionAttribution {
    /// - Parameter scores: CV scores already known on this challenge, by seed and recipe fingerprint (the evaluations
    ///   other sessions logged, the reverted recipes scored before): a study's participants revert the same recipes.
    public static func attribute(events: [SessionEvent], challenge: Challenge,
                                 scores: KnownScores = KnownScores()) -> (finalCV: Double?, items: [Attribution]) {
        let final = SessionState.fold(events)
        let seed = final.seed
        let higher = challenge.spec.metric.higherIsBetter
        func cv(_ steps: [RecipeStep]) -> Result<Double, InterventionReverter.Note> {
            let recipe = Recipe(steps: steps)
            if let known = scores.score(seed: seed, fingerprint: recipe.fingerprint) { return .success(known) }
            do {
                let evaluation = try ScoreEffects.crossValidate(recipe, challenge: challenge, seed: seed)
                scores.record(seed: seed, fingerprint: recipe.fingerprint, evaluation.cvMean)
                return .success(evaluation.cvMean)
            } catch {
                return .failure(InterventionReverter.Note("the reverted recipe does not evaluate: \(error.description)"))
            }
        }
        let finalRecipe = final.current.recipe
        // The last logged evaluation of the final recipe is reused: same recipe, same seed, same score.
        let logged = final.evaluations.last { $0.fingerprint == final.recipe.fingerprint }?.score
        let base: Double? = logged ?? (try? cv(finalRecipe).get())
        var items: [Attribution] = []
        var before = SessionState()
        for e in events {
            defer { before.apply(e) }
            guard e.actor == .human, e.kind.isDecision || e.kind == .undone || e.kind == .redone else { continue }
            var item = Attribution(seq: e.seq, kind: e.kind.rawValue, stage: before.stage.rawValue, summary: summary(e, before),
                                   revertedCV: nil, worth: nil, note: nil)
            switch InterventionReverter.revert(e, before: before, history: events, final: finalRecipe).flatMap(cv) {
            case .success(let reverted):
                item.revertedCV = reverted
                if let base { item.worth = higher ? base - reverted : reverted - base }
            case .failure(let note):
                item.note = note.text
            }
            items.append(item)
        }
        return (base, items)
    }

    /// The intervention in a line, sanitised: parameters and document ids may come from documents.
    static func summary(_ e: SessionEvent, _ before: SessionState) -> String { TranscriptExporter.clean(rawSummary(e, before), limit: 160) }

    private static func rawSummary(_ e: SessionEvent, _ before: SessionState) -> String {
        let p = e.payload
        let proposal = before.pending.first { $0.id == p.proposalId }?.step
        switch e.kind {
        case .stepApproved, .stepRejected: return proposal.map(TranscriptExporter.describe) ?? (p.proposalId ?? "?")
        case .stepEdited:
            return (proposal.map(TranscriptExporter.describe) ?? "?") + " → " + (p.step.map(TranscriptExporter.describe) ?? "?")
        case .stepAdded: return p.step.map(TranscriptExporter.describe) ?? "?"
        case .stepRemoved:
            guard case .stepRemoved(let removal) = p, before.current.recipe.indices.contains(removal.index) else { return "?" }
            return TranscriptExporter.describe(before.current.recipe[removal.index])
        case .documentFlagged, .documentUnflagged: return p.document ?? "?"
        default: return ""
        }
    }
}

/// CV scores of one challenge by seed and recipe fingerprint: the same recipe on the same folds scores the same, so
/// each is computed once per report.
public final class KnownScores {
    private var scores: [String: Double] = [:]

    public init() {}

    /// Every evaluation the sessions logged.
    public convenience init(logged sessions: [[SessionEvent]]) {
        self.init()
        for events in sessions {
            let state = SessionState.fold(events)
            for e in state.evaluations { record(seed: state.seed, fingerprint: e.fingerprint, e.score) }
        }
    }

    func score(seed: UInt64, fingerprint: String) -> Double? { scores["\(seed)/\(fingerprint)"] }

    func record(seed: UInt64, fingerprint: String, _ score: Double) { scores["\(seed)/\(fingerprint)"] = score }
}
