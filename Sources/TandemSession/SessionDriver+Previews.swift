import Foundation
import TandemRecipe

/// Previews (issue 18): every open proposal is evaluated in the background as a what-if, the current recipe with the
/// step against it without, on the same folds and seed. Each is logged as `proposal_previewed` once it is done, so
/// replay and compare see what the human saw. A change of recipe cancels the run and starts one for what is still
/// open; keys are never blocked (the work runs on a thread of its own, one preview at a time).
extension SessionDriver {
    /// Starts previewing what is not previewed against the recipe as it is, unless a run for this recipe is going.
    func schedulePreviews() {
        guard previewing, !state.ended else { return }
        let fingerprint = state.recipe.fingerprint
        let waiting = waitingPreviews(fingerprint)
        outbox.yield(.previews(waiting: waiting))
        if let run = previewRun, run.fingerprint == fingerprint { return }
        stopPreviews()
        guard waiting > 0 else { return }
        let monitor = JobMonitor()
        let task = Task { await self.previewLoop(fingerprint: fingerprint, monitor: monitor) }
        previewRun = (fingerprint, task, monitor)
    }

    /// Cancels the run; `close` waits for it to stop (its thread may be inside XGBoost until the fold ends).
    func stopPreviews() {
        guard let run = previewRun else { return }
        run.monitor.cancel()
        run.task.cancel()
        stoppingPreviews.append(run.task)
        previewRun = nil
    }

    /// Open proposals with no preview against the current recipe.
    func waitingPreviews(_ fingerprint: String) -> Int {
        state.pending.filter { state.preview(of: $0.id, against: fingerprint) == nil && !skippedPreviews.contains($0.id + "@" + fingerprint) }.count
    }

    private func previewLoop(fingerprint: String, monitor: JobMonitor) async {
        while !monitor.isCancelled, let (proposal, recipe) = nextPreview(fingerprint) {
            let challenge = self.challenge, seed = state.seed, cache = foldsCache
            let cachedBase = previewBase?.fingerprint == fingerprint ? previewBase?.folds : nil
            let start = ContinuousClock.now
            let result: (base: [Double], with: [Double])? = await Self.onOwnThread {
                do {
                    let base = try cachedBase
                        ?? ScoreEffects.crossValidate(recipe, challenge: challenge, seed: seed, monitor: monitor, cache: cache).cvFolds
                    var steps = recipe.steps
                    steps.insert(proposal.step, at: StepDependencies.insertionIndex(of: proposal.step.step, into: steps))
                    // A modelling step keeps the recipe's cleaning and features: its preview is scored on the prepared folds.
                    let with = try ScoreEffects.crossValidate(Recipe(steps: steps), challenge: challenge, seed: seed, monitor: monitor,
                                                              cache: cache).cvFolds
                    return (base, with)
                } catch {
                    return nil
                }
            }
            guard let result, !monitor.isCancelled else {
                // A step that does not evaluate gets no preview; the human sees "no preview" rather than waiting forever.
                if !monitor.isCancelled { skippedPreviews.insert(proposal.id + "@" + fingerprint) }
                continue
            }
            previewBase = (fingerprint, result.base)
            finishPreview(proposal.id, fingerprint: fingerprint, result: result, milliseconds: ScoreEffects.milliseconds(ContinuousClock.now - start))
        }
        if previewRun?.monitor === monitor { previewRun = nil }
        outbox.yield(.previews(waiting: waitingPreviews(state.recipe.fingerprint)))
    }

    /// The next open proposal to preview against the recipe `fingerprint` names; nil once the recipe changed.
    private func nextPreview(_ fingerprint: String) -> (Proposal, Recipe)? {
        guard !state.ended, state.recipe.fingerprint == fingerprint else { return nil }
        guard let next = state.pending.first(where: {
            state.preview(of: $0.id, against: fingerprint) == nil && !skippedPreviews.contains($0.id + "@" + fingerprint)
        })
        else { return nil }
        return (next, state.recipe)
    }

    private func finishPreview(_ id: String, fingerprint: String, result: (base: [Double], with: [Double]), milliseconds: Int) {
        // The recipe changed or the proposal closed while it ran: what it measured is no longer what anyone sees.
        guard state.recipe.fingerprint == fingerprint, state.pending.contains(where: { $0.id == id }), !state.ended else { return }
        do {
            try record(.system, .proposalPreviewed(.init(proposalId: id, fingerprint: fingerprint, metric: challenge.spec.metric.rawValue,
                                                         cvFolds: result.with, baseFolds: result.base, durationMs: milliseconds)))
        } catch {
            outbox.yield(.message("preview of \(id) not logged: \(error.description)"))
        }
    }
}
