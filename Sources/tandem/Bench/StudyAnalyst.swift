import ArgumentParser
import Foundation
import TandemData
import TandemSession
import TandemStorePostgres

/// One simulated analyst of `bench study`, a process of its own: a scripted human–AI session of M events (think times
/// compressed) written through its own spool to the study server, one durable append per event, as an analyst's
/// tandem writes them. It reports what was acknowledged and how long each append took.
struct BenchStudyAnalyst: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "study-analyst", shouldDisplay: false)

    @Option var db: String
    @Option var spool: String
    @Option var session: String
    @Option var challenge: String
    @Option var sha256: String
    @Option var participant: String
    @Option var events = 200
    @Option var thinkMs = 20
    @Option var seed: UInt64 = 1
    @Option var out: String
    /// How long to keep shipping what is queued at the end (the server may be restarting).
    @Option var drainSeconds = 120.0

    struct Result: Codable {
        var session: String
        var acknowledged: Int
        /// Milliseconds per durable append as the analyst's tandem sees it (spool, then the server when it is there).
        var appendMs: [Double]
        /// The appends after which something was still queued (the server was away).
        var queuedAppends: Int
        var queuedAtEnd: Int
        var error: String?

        enum CodingKeys: String, CodingKey {
            case session, acknowledged, error
            case appendMs = "append_ms", queuedAppends = "queued_appends", queuedAtEnd = "queued_at_end"
        }
    }

    func run() throws {
        var result = Result(session: session, acknowledged: 0, appendMs: [], queuedAppends: 0, queuedAtEnd: 0, error: nil)
        defer { try? JSONOutput.string(result, pretty: false).write(toFile: out, atomically: true, encoding: .utf8) }
        do {
            let store = try wrap { () throws(StoreError) in try SpooledStudyStore(address: try PostgresLocation(db), spoolPath: spool) }
            var rng = SeededRandom(seed: seed)
            var clock = Int64(Date().timeIntervalSince1970 * 1000)
            try wrap { () throws(StoreError) in
                try store.createSession(SessionInfo(id: session, challengeId: challenge, challengeSha256: sha256, mode: "human-ai", agent: "heuristic",
                                                    seed: 42, appVersion: TandemVersion.string, participant: participant, startedAt: clock))
            }
            var script: [NewEvent] = [
                NewEvent(at: clock, actor: .system, payload: .sessionStarted(.init(challengeId: challenge, challengeSha256: sha256, mode: .humanAI,
                                                                                   agent: "heuristic", seed: 42))),
                NewEvent(at: clock, actor: .system, payload: .dataProfiled(.init(rows: 6_000, columns: 12))),
            ]
            script += EventsWorkload.events(max(0, events - 3))
            var head = EventChain.genesis
            for e in script {
                // Think time, compressed: half to one and a half times the mean.
                let pause = thinkMs > 0 ? Double(thinkMs) * (0.5 + rng.uniform()) / 1000 : 0
                if pause > 0 { Thread.sleep(forTimeInterval: pause) }
                clock += Int64(pause * 1000) + 1
                let start = DispatchTime.now().uptimeNanoseconds
                let stored = try wrap { () throws(StoreError) in try store.append(session: session, [NewEvent(at: clock, actor: e.actor, payload: e.payload)]) }
                result.appendMs.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                result.acknowledged += 1
                head = stored.last?.hash ?? head
                if store.queued > 0 { result.queuedAppends += 1 }
            }
            let ended = NewEvent(at: clock + 1, actor: .system, payload: .sessionEnded(.init(eventCount: result.acknowledged, headHash: head)))
            _ = try wrap { () throws(StoreError) in try store.append(session: session, [ended]) }
            result.acknowledged += 1
            try wrap { () throws(StoreError) in try store.endSession(session, at: clock + 2) }
            // What is queued ships before the analyst leaves: as `tandem open` does on quit, with patience for a restart.
            let deadline = Date().addingTimeInterval(drainSeconds)
            while store.sync(force: true) > 0, Date() < deadline { Thread.sleep(forTimeInterval: 0.2) }
            result.queuedAtEnd = store.queued
        } catch let failure as CommandFailure {
            result.error = failure.message
            throw ExitCode(failure.code)
        }
    }
}
