import Foundation
import Synchronization
import TandemData
import TandemReport
import TandemSession
import TandemStorePostgres

/// The restart of `bench study --restart-at`, on a thread of its own so the analysts never wait for it.
final class RestartThread: Sendable {
    private let result = Mutex<Result<Double, CommandFailure>?>(nil)
    private let done = DispatchSemaphore(value: 0)

    init(command: [String], dueSeconds: Double, since start: UInt64) {
        Thread.detachNewThread { [self] in
            let due = dueSeconds - Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if due > 0 { Thread.sleep(forTimeInterval: due) }
            let r: Result<Double, CommandFailure>
            do { r = .success(try PostgresRestart.run(command)) } catch let f as CommandFailure { r = .failure(f) } catch {
                r = .failure(.internalError("\(error)"))
            }
            result.withLock { $0 = r }
            done.signal()
        }
    }

    func wait() -> Result<Double, CommandFailure> {
        done.wait()
        return result.withLock { $0 } ?? .failure(.internalError("the restart did not report"))
    }
}

/// The coordinator beside the analysts: `study status` refreshed in a loop, each refresh timed. A refresh that fails
/// (the server restarting) is counted, and the next one connects again.
final class CoordinatorRefresh: Sendable {
    struct Figures {
        var times: [Double]
        var failures: Int
        var lastRows: Int
    }

    private let address: String
    private let dataDir: String
    private let running: Atomic<Bool>
    private let figures = Mutex(Figures(times: [], failures: 0, lastRows: 0))
    private let done = DispatchSemaphore(value: 0)

    init(address: String, dataDir: String) {
        self.address = address
        self.dataDir = dataDir
        running = Atomic(true)
    }

    func start() {
        Thread.detachNewThread { [self] in
            let challenges = ChallengeCache(dataDir: dataDir)
            var store: PostgresEventStore?
            while running.load(ordering: .relaxed) {
                let t0 = DispatchTime.now().uptimeNanoseconds
                do {
                    let db = try store ?? PostgresEventStore(try PostgresLocation(address), migrate: false)
                    store = db
                    let sessions = try wrap { () throws(StoreError) in try db.sessions() }
                    let status = StudyStatus.build(try sessionComparisons(sessions, in: db, challenges: challenges, attribute: false))
                    let ms = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6
                    figures.withLock { $0.times.append(ms); $0.lastRows = status.rows.count }
                } catch {
                    store = nil
                    figures.withLock { $0.failures += 1 }
                }
                Thread.sleep(forTimeInterval: 0.5)
            }
            done.signal()
        }
    }

    func finish() -> Figures {
        running.store(false, ordering: .relaxed)
        done.wait()
        return figures.withLock { $0 }
    }
}

/// What the analysts acknowledged against what the server holds, and every chain verified.
struct StudyBenchOutcome {
    var acknowledged = 0
    var held = 0
    var lost = 0
    var chainsVerified = 0
    var chainBreaks: [String] = []
    var appendMs: [Double] = []
    var queuedAppends = 0
    var queuedAtEnd = 0
    var analystErrors: [String] = []

    static func collect(folder: String, analysts: Int, address: String, tag: String) throws -> StudyBenchOutcome {
        var o = StudyBenchOutcome()
        let server = try wrap { () throws(StoreError) in try PostgresEventStore(try PostgresLocation(address), migrate: false) }
        let decoder = JSONDecoder()
        for i in 0..<analysts {
            let session = "bench-\(tag)-\(i)"
            guard let data = FileManager.default.contents(atPath: "\(folder)/analyst-\(i).json"),
                  let r = try? decoder.decode(BenchStudyAnalyst.Result.self, from: data) else {
                o.analystErrors.append("analyst \(i) reported nothing")
                continue
            }
            if let e = r.error { o.analystErrors.append("analyst \(i): \(e)") }
            o.acknowledged += r.acknowledged
            o.appendMs += r.appendMs
            o.queuedAppends += r.queuedAppends
            o.queuedAtEnd += r.queuedAtEnd
            let events = try wrap { () throws(StoreError) in try server.events(session: session) }
            let info = try wrap { () throws(StoreError) in try server.session(session) }
            o.held += events.count
            o.lost += max(0, r.acknowledged - events.count)
            if let broken = EventChain.check(events, endedAt: info?.endedAt, session: session) { o.chainBreaks.append(broken) } else {
                o.chainsVerified += 1
            }
        }
        return o
    }
}
