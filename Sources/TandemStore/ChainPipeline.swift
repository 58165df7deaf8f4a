import Foundation
import Synchronization
import TandemSession

/// Computes a batch's hash chain on another core while the writer inserts:
/// the chain is sequential, but it need not wait for SQLite, nor SQLite for
/// it. The writer takes hash i as soon as it is ready.
final class ChainPipeline: @unchecked Sendable {
    private let hashes: UnsafeMutablePointer<String>
    private let count: Int
    private let ready = Atomic<Int>(0)
    private let finished = Atomic<Bool>(false)

    /// Starts hashing `rows` after `prev`, numbering them from `firstSeq`.
    init(session: String, rows: [(at: Int64, actor: String, kind: String, payload: String)], firstSeq: Int, prev: String) {
        count = rows.count
        hashes = .allocate(capacity: max(1, rows.count))
        Thread.detachNewThread { [self] in
            var link = prev
            for (i, r) in rows.enumerated() {
                link = EventChain.hash(prev: link, sessionId: session, seq: firstSeq + i, at: r.at, actor: r.actor, kind: r.kind, payload: r.payload)
                (hashes + i).initialize(to: link)
                ready.store(i + 1, ordering: .releasing)
            }
            finished.store(true, ordering: .releasing)
        }
    }

    /// Hash `i`, waiting for it if the hashing thread is behind.
    func hash(_ i: Int) -> String {
        while ready.load(ordering: .acquiring) <= i { sched_yield() }
        return hashes[i]
    }

    /// Waits for the hashing thread (also after an insert failed), so the buffer outlives it.
    deinit {
        while !finished.load(ordering: .acquiring) { sched_yield() }
        hashes.deinitialize(count: count)
        hashes.deallocate()
    }
}
