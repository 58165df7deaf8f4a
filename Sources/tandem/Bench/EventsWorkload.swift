import Foundation
import TandemRecipe
import TandemSession
import TandemStore

/// The event stream `tandem bench events` appends: a plausible session
/// (proposals, decisions, evaluations with fold scores, notes, removals that
/// keep the recipe at a realistic size), written once as a stream so tandem and
/// the Python peer append exactly the same events.
enum EventsWorkload {
    static func events(_ count: Int) -> [NewEvent] {
        var out: [NewEvent] = []
        out.reserveCapacity(count)
        var recipeSize = 0
        var k = 0
        while out.count < count {
            let column = "feature_\(k % 20)"
            let step = (try? Step(op: .impute, params: ["column": .string(column), "strategy": .string("median")]))
                .map { RecipeStep($0, author: .agent, documents: ["01-field-notes"],
                                  rationale: "Missing \(column) values are filled with the training median.") }
            let at = Int64(1_700_000_000_000 + out.count * 250)
            func add(_ actor: Actor, _ payload: EventPayload) { out.append(NewEvent(at: at, actor: actor, payload: payload)) }
            switch out.count % 8 {
            case 0, 3:
                let call = EventPayload.ModelCall(provider: "openai", requestModel: "bench-model", inputTokens: 1800, outputTokens: 240)
                add(.agent, .agentProposed(.init(stage: .cleaning, proposals: step.map { [Proposal(id: "p\(out.count + 1)-1", step: $0)] },
                                                 call: call)))
            case 1:
                recipeSize += 1
                add(.human, .stepApproved(.init(proposalId: "p\(out.count)-1", latencyMs: 1200 + k % 900)))
            case 2:
                let folds = (0..<5).map { 0.61 + Double(($0 * 7 + k) % 13) / 1000 }
                add(.system, .evaluated(.init(fingerprint: String(repeating: "ab", count: 32), metric: "macro_f1", cvMean: folds.reduce(0, +) / 5,
                                              cvFolds: folds, warnings: [], durationMs: 2400)))
            case 4:
                add(.human, .stepRejected(.init(proposalId: "p\(out.count)-1", reason: "the column is mostly present; imputing it again adds nothing",
                                                latencyMs: 2100)))
            case 5:
                add(.human, .noteAdded(.init(text: "checked the fold scores for \(column): stable")))
            case 6 where recipeSize > 12:
                recipeSize -= 1
                add(.human, .stepRemoved(.init(index: 0)))
            case 6:
                add(.human, .markerAdded(.init(text: "checkpoint \(k)")))
            default:
                add(.system, .submitted(.init(fingerprint: String(repeating: "cd", count: 32), metric: "macro_f1", testScore: 0.6 + Double(k % 17) / 1000)))
                k += 1
            }
        }
        return out
    }

    /// One event a line: actor, kind and the canonical payload JSON, tab-separated (JSON escapes every control character, so no tab is ambiguous).
    static func writeStream(_ events: [NewEvent], to path: String) throws {
        var text = ""
        for e in events { text += "\(e.actor.rawValue)\t\(e.kind.rawValue)\t\(EventChain.encode(e.payload))\n" }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func readStream(_ path: String) throws -> [NewEvent] {
        var out: [NewEvent] = []
        for (i, line) in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").enumerated() {
            let f = line.split(separator: "\t", maxSplits: 2).map(String.init)
            guard f.count == 3, let actor = Actor(rawValue: f[0]), let kind = EventKind(rawValue: f[1]) else {
                throw CommandFailure.userError("\(path):\(i + 1): expected actor, kind and payload")
            }
            let payload: EventPayload
            do throws(PayloadDecodingError) { payload = try EventPayload(kind: kind, canonicalJSON: f[2]) } catch {
                throw CommandFailure.userError("\(path):\(i + 1): \(error.description)")
            }
            out.append(NewEvent(at: Int64(1_700_000_000_000 + i * 250), actor: actor, payload: payload))
        }
        return out
    }
}

/// The measured side of `bench events`: batched appends (encode, hash chain,
/// insert in one transaction), durable single appends one transaction each,
/// and replay (read, verify the chain, decode, fold).
enum EventsWorker {
    static func session(_ id: String) -> SessionInfo {
        SessionInfo(id: id, challengeId: "bench", challengeSha256: String(repeating: "0", count: 64), mode: "human-ai", agent: "heuristic",
                    seed: 42, appVersion: TandemVersion.string, startedAt: 1_700_000_000_000)
    }

    /// On SQLite each run gets a fresh file in `folder`; on PostgreSQL (`database`) fresh session ids on the same server.
    static func run(eventsFile: String, folder: String, database: String?, repeat runs: Int, singles: Int) throws -> String {
        let events = try EventsWorkload.readStream(eventsFile)
        var batched = Double.infinity, replay = Double.infinity
        var latencies: [Double] = []
        var folded = 0
        let tag = UUID().uuidString.prefix(8)
        for run in 0..<max(1, runs) {
            let store: any EventStore
            if let database {
                store = try StoreOptions.open(database)
            } else {
                let path = folder + "/tandem-\(run).sqlite"
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
                store = try SQLiteEventStore(path: path)
            }
            let batch = "batched-\(tag)-\(run)", single = "single-\(tag)-\(run)"
            try store.createSession(session(batch))
            let t0 = DispatchTime.now().uptimeNanoseconds
            try store.append(session: batch, events)
            batched = min(batched, seconds(since: t0))

            let t1 = DispatchTime.now().uptimeNanoseconds
            let stored = try store.events(session: batch)
            if let broken = EventChain.firstBreak(stored) { throw CommandFailure.internalError(broken) }
            let state = SessionState.fold(try StoredEvent.decodeAll(stored))
            replay = min(replay, seconds(since: t1))
            folded = state.lastSeq

            try store.createSession(session(single))
            var these: [Double] = []
            for e in events.prefix(singles) {
                let t = DispatchTime.now().uptimeNanoseconds
                try store.append(session: single, [e])
                these.append(seconds(since: t) * 1000)
            }
            if run == 0 || percentile(these, 0.99) < percentile(latencies, 0.99) { latencies = these }
        }
        guard folded == events.count else { throw CommandFailure.internalError("replay folded \(folded) of \(events.count) events") }
        let result: [String: Double] = [
            "seconds": batched, "rows": Double(events.count), "batched_events_per_s": Double(events.count) / batched,
            "durable_append_p50_ms": percentile(latencies, 0.5), "durable_append_p99_ms": percentile(latencies, 0.99),
            "durable_appends": Double(latencies.count), "replay_s": replay,
        ]
        return String(decoding: try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]), as: UTF8.self)
    }

    static func seconds(since start: UInt64) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }

    static func percentile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return .infinity }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * q).rounded()))]
    }
}
