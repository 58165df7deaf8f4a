import Foundation
import TestSupport
import TandemAgent
import TandemChallenge
import TandemData
import TandemRecipe
import TandemSession
import TandemUI

/// An event store in memory (UI tests never touch the SQLite store: UI does not import it).
final class MemoryEventStore: EventStore, @unchecked Sendable {
    private let lock = NSLock()
    private var infos: [SessionInfo] = []
    private var rows: [String: [StoredEvent]] = [:]

    func createSession(_ info: SessionInfo) throws(StoreError) { lock.withLock { infos.append(info) } }

    func append(session: String, _ events: [NewEvent]) throws(StoreError) -> [StoredEvent] {
        lock.withLock {
            var list = rows[session] ?? []
            var out: [StoredEvent] = []
            for e in events {
                let seq = list.count + 1, prev = list.last?.hash ?? EventChain.genesis, payload = EventChain.encode(e.payload)
                let hash = EventChain.hash(prev: prev, sessionId: session, seq: seq, at: e.at, actor: e.actor.rawValue, kind: e.kind.rawValue, payload: payload)
                let row = StoredEvent(seq: seq, sessionId: session, at: e.at, actor: e.actor.rawValue, kind: e.kind.rawValue, payload: payload, prevHash: prev, hash: hash)
                list.append(row)
                out.append(row)
            }
            rows[session] = list
            return out
        }
    }

    func endSession(_ id: String, at: Int64) throws(StoreError) {}
    func sessions() throws(StoreError) -> [SessionInfo] { lock.withLock { infos } }
    func session(_ id: String) throws(StoreError) -> SessionInfo? { lock.withLock { infos.first { $0.id == id } } }
    func events(session: String) throws(StoreError) -> [StoredEvent] { lock.withLock { rows[session] ?? [] } }
    func summaries() throws(StoreError) -> [String: (events: Int, lastKind: String)] {
        lock.withLock { rows.mapValues { (events: $0.count, lastKind: $0.last?.kind ?? "") } }
    }
    func importEvents(_ events: ArraySlice<StoredEvent>, of info: SessionInfo, create: Bool) throws(StoreError) {
        lock.withLock {
            if create { infos.append(info) }
            rows[info.id, default: []] += events
        }
    }
    var location: String { "memory" }
}

/// A food-shelf-life session driven through the real runtime: the drop_column proposal (citing the adversarial
/// 02) approved, the impute rejected with a reason, one evaluation, the features stage proposed, then 02 flagged.
enum WorkbenchFixture {
    static let challenge: Challenge? = try? ChallengeLoader.load(folder: RepositoryPaths.sampleData + "/food-shelf-life")

    static func session() async throws -> (Workbench, SessionDriver) {
        guard let challenge else { throw StoreError("food-shelf-life does not load") }
        let clock = Clock(), store = MemoryEventStore()
        let driver = try await SessionDriver.start(store: store, challenge: challenge, agent: HeuristicAgent(), mode: .humanAI, seed: 42,
                                                   appVersion: "test", sessionId: "s-fixture", clock: { clock.next() })
        guard case .proposed(let cleaning) = try await driver.perform(.propose) else { throw StoreError("no proposals") }
        for p in cleaning {
            let decision: SessionIntent = p.step.step.op == .dropColumn ? .approve(proposal: p.id)
                : .reject(proposal: p.id, reason: "packaging is never missing")
            try await driver.perform(decision, latencyMs: 1500)
        }
        try await driver.perform(.evaluate)
        try await driver.perform(.changeStage(.features))
        try await driver.perform(.propose)
        try await driver.perform(.flag(document: "02-sensor-practice"))
        var wb = Workbench(context: WorkbenchContext(challengeId: challenge.spec.id, metric: challenge.spec.metric.rawValue,
                                                     higherIsBetter: challenge.spec.metric.higherIsBetter, documents: challenge.documents,
                                                     frame: challenge.train, profile: driver.profile, aiOnlyCV: 3.5001, aiOnlyTest: 3.6275, agentName: "heuristic",
                                                     idColumn: challenge.spec.idColumns.first))
        _ = wb.load(try store.decodedEvents(session: driver.sessionId), state: await driver.state)
        return (wb, driver)
    }

    /// Timestamps one second apart: deterministic, like everything the snapshots show.
    final class Clock: @unchecked Sendable {
        private var t: Int64 = 1_700_000_000_000
        private let lock = NSLock()
        func next() -> Int64 { lock.withLock { t += 1000; return t } }
    }
}
