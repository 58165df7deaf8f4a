import Foundation
import Synchronization
import TandemChallenge
import TandemData
import TandemRecipe
import TandemSession
import TandemStorePostgres
import TandemTerminal
import TandemUI

/// A long effect (cross-validation, submission) on another thread; the loop
/// polls it and records its event when it is done.
final class BackgroundJob: Sendable {
    let monitor = JobMonitor()
    let kind: EventKind
    private let outcome = Mutex<EventPayload?>(nil)

    init(kind: EventKind, work: @escaping @Sendable (JobMonitor) -> EventPayload) {
        self.kind = kind
        Thread.detachNewThread { [self] in
            let p = work(monitor)
            outcome.withLock { $0 = p }
        }
    }

    var result: EventPayload? { outcome.withLock { $0 } }
}

/// The interactive loop: keys → workbench update → effects performed by the
/// session runtime (each logged before it shows) → render → draw the diff.
final class WorkbenchApp {
    let runtime: SessionRuntime?
    var workbench: Workbench
    let terminal: CursesTerminal
    var job: BackgroundJob?
    var shownAt: [String: Int64] = [:]
    var running = true
    var lastSync: Int64 = 0

    let feed: TokenFeed

    init(runtime: SessionRuntime?, workbench: Workbench, terminal: CursesTerminal, feed: TokenFeed) {
        self.feed = feed
        self.runtime = runtime
        self.workbench = workbench
        self.terminal = terminal
    }

    static var now: Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }

    func run() async {
        var lastTick = Self.now
        while running {
            let size = terminal.size
            workbench.width = size.width
            workbench.height = size.height
            terminal.draw(workbench.render())
            noteShownProposals()
            let key = terminal.readKey(timeoutMs: job != nil || workbench.replay?.playing == true ? 50 : 250)
            let t = Self.now
            watchStudyServer(now: t)
            workbench.tick(elapsedMs: t - lastTick)
            lastTick = t
            pollJob()
            guard let key else { continue }
            for effect in workbench.handle(key) { await perform(effect) }
        }
    }

    /// On a PostgreSQL study the header says when events wait in the local spool; every few seconds the
    /// spool tries the server again, so a session that went offline catches up without a keypress.
    func watchStudyServer(now: Int64) {
        guard let spooled = runtime?.store as? SpooledStudyStore else { return }
        if workbench.storeStatus != nil, now - lastSync >= 5000 {
            lastSync = now
            spooled.sync(force: false)
        }
        workbench.storeStatus = spooled.status
    }

    /// Latency is measured from the moment a proposal is first on screen.
    func noteShownProposals() {
        let t = Self.now
        for p in workbench.session.pending where shownAt[p.id] == nil { shownAt[p.id] = t }
    }

    func record(_ actor: Actor, _ kind: EventKind, _ payload: EventPayload = EventPayload()) {
        guard let runtime else { return }
        do {
            let event = try runtime.record(actor, kind, payload)
            workbench.apply(event)
        } catch {
            workbench.message = "not saved: \(error.description)"
        }
    }

    func perform(_ effect: UIEffect) async {
        if case .copy(let text) = effect {
            terminal.copyToClipboard(text)
            return
        }
        guard let runtime else {
            if effect == .quit { running = false }
            return
        }
        var p = EventPayload()
        switch effect {
        case .approve(let id), .reject(let id, _), .edit(let id, _):
            p.proposalId = id
            p.latencyMs = shownAt[id].map { Int(Self.now - $0) }
            switch effect {
            case .approve: record(.human, .stepApproved, p)
            case .reject(_, let reason):
                p.reason = reason
                record(.human, .stepRejected, p)
            case .edit(_, let step):
                guard admitted(step, runtime) else { return }
                p.step = step
                record(.human, .stepEdited, p)
            default: break
            }
        case .add(let step):
            guard admitted(step, runtime) else { return }
            p.step = step
            record(.human, .stepAdded, p)
        case .remove(let index):
            p.index = index
            record(.human, .stepRemoved, p)
        case .flag(let d), .unflag(let d):
            p.document = d
            record(.human, effect == .flag(document: d) ? .documentFlagged : .documentUnflagged, p)
            // The agent revises without the flagged document (or with the unflagged one back).
            await propose(runtime)
        case .undo: record(.human, .undone)
        case .redo: record(.human, .redone)
        case .note(let text):
            p.text = text
            record(.human, .noteAdded, p)
        case .marker(let text):
            p.text = text
            record(.human, .markerAdded, p)
        case .changeStage(let stage):
            p.stage = stage.rawValue
            record(.human, .stageChanged, p)
            if !workbench.session.pending.contains(where: { $0.step.step.op.stage == stage }) { await propose(runtime) }
        case .propose: await propose(runtime)
        case .evaluate:
            let recipe = runtime.state.recipe, challenge = runtime.challenge, seed = runtime.state.seed
            job = BackgroundJob(kind: .evaluated) { monitor in SessionRuntime.evaluation(recipe, challenge: challenge, seed: seed, monitor: monitor).0 }
            workbench.job = Job(label: "evaluating \(recipe.steps.count) steps", progress: 0)
        case .submit:
            let recipe = runtime.state.recipe, challenge = runtime.challenge, seed = runtime.state.seed, folder = runtime.submissionFolder
            job = BackgroundJob(kind: .submitted) { _ in SessionRuntime.submission(recipe, challenge: challenge, seed: seed, folder: folder) }
            workbench.job = Job(label: "fitting and scoring test.csv", progress: nil)
        case .cancelJob:
            job?.monitor.cancel()
            workbench.message = "cancelling…"
        case .quit:
            job?.monitor.cancel()
            do { try runtime.end() } catch { workbench.message = "not saved: \(error.description)" }
            running = false
        case .seek, .copy: break
        }
    }

    /// A human step is checked against the data first; a refused one is explained and not applied.
    func admitted(_ step: RecipeStep, _ runtime: SessionRuntime) -> Bool {
        let (_, refused) = runtime.admit([step])
        if let r = refused.first {
            workbench.message = "not applied: \(r.reason)"
            return false
        }
        return true
    }

    /// Asks the agent while the screen keeps drawing and answering keys: streamed tokens show in the header,
    /// Ctrl-C cancels the call, panes can be browsed meanwhile, and other effects (which log events) run in
    /// order once the call has returned, so the log never interleaves with the agent's own events.
    func propose(_ runtime: SessionRuntime) async {
        feed.reset()
        let before = runtime.state.lastSeq
        let call = Task { try await runtime.askAgent() }
        let done = Mutex<Bool>(false)
        Task {
            _ = try? await call.value
            done.withLock { $0 = true }
        }
        var deferred: [UIEffect] = []
        workbench.agentThinking = true
        while !done.withLock({ $0 }) {
            let size = terminal.size
            workbench.width = size.width
            workbench.height = size.height
            workbench.agentStatus = feed.count > 0 ? "thinking · \(feed.count) tokens" : "thinking"
            terminal.draw(workbench.render())
            guard let key = terminal.readKey(timeoutMs: 50) else { continue }
            if key == .ctrl("c"), workbench.dialog == nil {
                call.cancel()
                workbench.message = "agent call cancelled"
                continue
            }
            let effects = workbench.handle(key)
            if effects.contains(.quit) { call.cancel() }
            deferred += effects
        }
        workbench.agentThinking = false
        do {
            _ = try await call.value
            for e in try runtime.store.decodedEvents(session: runtime.sessionId) where e.seq > before { workbench.apply(e) }
            let failed = workbench.events.last?.kind == .agentFailed
            workbench.agentStatus = failed ? "failed" : "idle"
            if failed { workbench.message = "agent: " + (workbench.events.last?.payload.reason ?? "failed") }
        } catch {
            workbench.agentStatus = "failed"
            workbench.message = "agent: \(error)"
        }
        for effect in deferred { await perform(effect) }
    }

    func pollJob() {
        guard let job else { return }
        workbench.job?.progress = job.monitor.fraction
        guard let payload = job.result else { return }
        self.job = nil
        workbench.job = nil
        if job.monitor.isCancelled, payload.cvMean == nil, payload.testScore == nil {
            workbench.message = "cancelled; nothing was logged"
            return
        }
        record(.system, job.kind, payload)
        if let reason = payload.reason { workbench.message = "\(job.kind == .evaluated ? "evaluation" : "submission") failed: \(reason)" }
    }
}
