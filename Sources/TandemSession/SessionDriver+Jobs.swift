import Foundation
import TandemRecipe

extension SessionDriver {
    /// Evaluates or submits the recipe as it is now, on a thread of its own (CPU-bound work stays off the cooperative
    /// pool), publishing progress every 100 ms; the event is appended when the work is done. A cancelled job logs
    /// nothing.
    func runJob(_ kind: EventKind) async throws(StoreError) -> IntentOutcome {
        if let job { return refuse("\(job.label) is running: wait for it or cancel it") }
        let recipe = state.recipe, challenge = self.challenge, seed = state.seed, folder = submissionFolder, outbox = self.outbox, cache = foldsCache
        let evaluating = kind == .evaluated
        let label = evaluating ? "evaluating \(recipe.steps.count) steps" : "fitting and scoring test.csv"
        let monitor = JobMonitor()
        job = (label, monitor)
        outbox.yield(.job(JobStatus(label: label, progress: evaluating ? 0 : nil)))
        let ticker = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                if evaluating { self.publishProgress(of: monitor) }
            }
        }
        let payload: EventPayload = await Self.onOwnThread {
            evaluating ? .evaluated(ScoreEffects.evaluatedPayload(recipe, challenge: challenge, seed: seed, monitor: monitor, cache: cache).0)
                : .submitted(ScoreEffects.submittedPayload(recipe, challenge: challenge, seed: seed, folder: folder))
        }
        ticker.cancel()
        job = nil
        outbox.yield(.job(nil))
        let scored = switch payload {
        case .evaluated(let e): e.cvMean != nil
        case .submitted(let s): s.testScore != nil
        default: false
        }
        if monitor.isCancelled, !scored {
            outbox.yield(.message("cancelled; nothing was logged"))
            return .cancelled
        }
        // The session ended while the job ran (quit cancels it): nothing may follow the end.
        guard !state.ended else { return .cancelled }
        try record(.system, payload)
        // A cancel that came too late must not leave "cancelling…" on screen as if the work were still stopping.
        if monitor.isCancelled { outbox.yield(.message("\(evaluating ? "evaluation" : "submission") finished before the cancel; logged")) }
        if let reason = payload.reason { outbox.yield(.message("\(evaluating ? "evaluation" : "submission") failed: \(reason)")) }
        return .done
    }

    /// On the actor, so no progress can follow the job's end on the stream.
    private func publishProgress(of monitor: JobMonitor) {
        guard let job, job.monitor === monitor else { return }
        outbox.yield(.job(JobStatus(label: job.label, progress: monitor.fraction)))
    }

    /// Stops the running job and the agent call in flight.
    func cancelRunning() {
        if let job {
            job.monitor.cancel()
            outbox.yield(.message("cancelling…"))
        }
        if let agentCall {
            agentCall.cancel()
            outbox.yield(.message("agent call cancelled"))
        }
    }

    static func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread { continuation.resume(returning: work()) }
        }
    }

    // MARK: The workbench's inbox

    /// Sends an intent without waiting: intents are performed in the order sent, each to its end (an agent call
    /// included), except that an evaluation or submission runs beside them and `cancel` acts at once. Refusals and
    /// failures come back on `updates` as messages.
    public nonisolated func send(_ intent: SessionIntent) {
        if intent == .cancel || intent == .end { Task { await self.cancelRunning() } }
        if intent != .cancel { inbox.yield(intent) }
    }

    func startInbox() {
        guard inboxLoop == nil else { return }
        let queued = self.queued
        inboxLoop = Task {
            for await intent in queued {
                if intent == .evaluate || intent == .submit {
                    self.beside(Task { await self.reporting(intent) })
                } else {
                    await reporting(intent)
                }
            }
        }
    }

    private func reporting(_ intent: SessionIntent) async {
        do { _ = try await perform(intent) } catch { outbox.yield(.message("not saved: \(error.description)")) }
    }

    private func beside(_ task: Task<Void, Never>) { besideTasks.append(task) }

    /// Performs every intent sent so far, then stops taking intents and publishing. It returns only once no work of
    /// the session runs on another thread: a process that exits while XGBoost trains there crashes in its teardown.
    public func close() async {
        inbox.finish()
        await inboxLoop?.value
        storeWatch?.cancel()
        cancelRunning()
        stopPreviews()
        for task in besideTasks + stoppingPreviews { await task.value }
        besideTasks.removeAll()
        stoppingPreviews.removeAll()
        outbox.finish()
    }

    /// Publishes the store's shipping status when it changes (a study server's spool), and every 5 s while events wait
    /// tries the server again, so a session that went offline catches up without a keypress.
    public func watchStore() {
        guard storeWatch == nil else { return }
        let store = self.store, outbox = self.outbox
        storeWatch = Task.detached {
            var last: String?? = .none
            var ticks = 0
            while !Task.isCancelled {
                let status = store.shippingStatus
                if last != .some(status) {
                    outbox.yield(.store(status))
                    last = .some(status)
                }
                ticks += 1
                if status != nil, ticks % 5 == 0 { store.retryShipping() }
                try? await Task.sleep(for: .seconds(1))
            }
        }
    }
}
