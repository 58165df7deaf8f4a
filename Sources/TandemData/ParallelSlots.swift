import Foundation

/// One slot per index of a `concurrentPerform`; each index is written by
/// exactly one thread and read only after the loop has returned.
final class ParallelSlots<T>: @unchecked Sendable {
    private let base: UnsafeMutablePointer<T?>
    let count: Int

    init(count: Int) {
        self.count = count
        base = .allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: nil, count: count)
    }

    deinit {
        base.deinitialize(count: count)
        base.deallocate()
    }

    func set(_ i: Int, _ value: T) { base[i] = value }
    func get(_ i: Int) -> T? { base[i] }
    func all() -> [T] { (0..<count).compactMap { base[$0] } }
}

/// Maps `input` on every core in contiguous chunks, keeping the order.
/// Small inputs run on the calling thread.
public func parallelMap<T: Sendable, U: Sendable>(_ input: [T], minimumChunk: Int = 4096, _ transform: @Sendable (T) -> U) -> [U] {
    let cores = max(1, ProcessInfo.processInfo.activeProcessorCount)
    guard input.count >= 2 * minimumChunk, cores > 1 else { return input.map(transform) }
    let chunks = min(cores * 4, input.count / minimumChunk)
    let slots = ParallelSlots<[U]>(count: chunks)
    DispatchQueue.concurrentPerform(iterations: chunks) { c in
        let lo = input.count * c / chunks, hi = input.count * (c + 1) / chunks
        slots.set(c, input[lo..<hi].map(transform))
    }
    return slots.all().flatMap { $0 }
}
